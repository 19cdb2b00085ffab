"""The registration and login forms answer bad input in plain Chinese, as a service page writes it
(not Django's generic “确保该变量包含不超过 30 字符” or “不允许是用空字符串”)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _errors(response) -> str:
    assert response.status_code == 400
    return response.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "id_number": "", "mobile": ""}, "请输入姓名"),
        ({"name": "", "id_number": "", "mobile": ""}, "请输入身份证号码"),
        ({"name": "", "id_number": "", "mobile": ""}, "请输入手机号码"),
        ({"name": "何" * 31, "id_number": "440403193605167396", "mobile": "17700009993"}, "姓名不能超过 30 个字"),
        ({"name": "何添林", "id_number": "4" * 19, "mobile": "17700009993"}, "身份证号码应为18位"),
        ({"name": "何添林", "id_number": "4" * 17, "mobile": "17700009993"}, "身份证号码应为18位"),
        ({"name": "何添林", "id_number": "440403193605167396", "mobile": "1" * 15}, "请输入11位手机号码"),
        ({"name": "何添\x00林", "id_number": "440403193605167396", "mobile": "17700009993"}, "姓名中含有无法识别的字符"),
    ],
)
def test_the_registration_form_says_what_is_wrong(data, message):
    page = _errors(Client().post("/accounts/register/", data))
    assert message in page
    assert "该变量" not in page and "空字符串" not in page and "这个字段是必填项" not in page


def test_the_login_form_says_what_is_wrong():
    page = _errors(Client().post("/accounts/login/", {"mobile": "1" * 15}))
    assert "请输入11位手机号码" in page and "该变量" not in page
    assert "请输入手机号码" in _errors(Client().post("/accounts/login/", {"mobile": ""}))
