"""The citizen's 一件事 pages: the list and the home-page section, the guide and the one form (login
and real-name gates, each field's message, CSRF), and the combined status, which only the applicant
sees."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from onestop.accounts.models import User
from onestop.bundles import services
from onestop.bundles.models import BundleApplication
from onestop.catalog.models import ItemStatus, LifeEventBundle
from tests.cases.conftest import citizen, other_citizen  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
APPLY = "/bundles/newborn/apply/"


def _png() -> bytes:
    """A real, decodable scan-sized PNG (uploads are decoded before they are accepted)."""
    out = io.BytesIO()
    Image.new("L", (240, 320), 255).save(out, format="PNG")
    return out.getvalue()


PNG = _png()
FORM = {"child_name": "陈小禾", "gender": "女", "birth_date": "2026-11-28", "hospital": "珠海市斗门区妇幼保健院",
        "mother_name": "李敏", "father_name": "陈立", "follow": "随父", "household_number": "440403001234",
        "applicant_name": "陈立", "mobile": "13800138000", "insurance_year": "2026", "card_bank": "中国工商银行",
        "card_delivery": "银行网点领取"}


def _uploads(user) -> dict:
    bundle = LifeEventBundle.objects.get(code="newborn")
    return {f"material:{m.name}": SimpleUploadedFile("photo.png", PNG, "image/png")
            for m in services.shared_materials(bundle, services.cases.applicant_for(user))
            if not m.certificate and not m.from_step}


def test_the_list_shows_every_published_bundle_with_its_time_limit(client):
    LifeEventBundle.objects.filter(code="disability").update(status=ItemStatus.DRAFT)
    html = client.get("/bundles/").content.decode()
    assert "出生一件事" in html and "开办餐饮店一件事" in html and "残疾人服务一件事" not in html
    assert f'href="{APPLY}"' in html and "办理时限：出生医学证明即办" in html


def test_the_home_page_links_each_bundle(client):
    html = client.get("/").content.decode()
    section = re.search(r'<section aria-labelledby="bundles-title".*?</section>', html, re.S).group(0)
    for bundle in LifeEventBundle.objects.filter(status=ItemStatus.PUBLISHED):
        assert f'href="/bundles/{bundle.code}/apply/">{bundle.title}</a>' in section


def test_the_form_needs_a_login(client):
    response = client.get(APPLY)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_the_form_needs_a_real_name_verified_account(client):
    client.force_login(User.objects.create(username="not-yet-verified", kind=User.Kind.CITIZEN))
    response = client.get(APPLY)
    assert (response.status_code, response["Location"]) == (302, "/accounts/unverified/")


def test_staff_cannot_apply_for_a_bundle(client):
    client.force_login(User.objects.get(username="d008-window"))
    assert client.get(APPLY).status_code == 403


def test_an_unknown_or_unpublished_bundle_is_not_found(client, citizen):  # noqa: F811
    client.force_login(citizen)
    LifeEventBundle.objects.filter(code="restaurant").update(status=ItemStatus.DRAFT)
    assert client.get("/bundles/restaurant/apply/").status_code == 404
    assert client.get("/bundles/no-such-thing/apply/").status_code == 404


def test_the_guide_names_the_parts_their_departments_and_the_prefilled_answers(client, citizen):  # noqa: F811
    client.force_login(citizen)
    html = client.get(APPLY).content.decode()
    assert "《出生医学证明》首次签发（区卫生健康局）" in html
    assert "户口登记（区公安分局）：前序事项办结后自动提交" in html
    assert f'value="{citizen.person.name}"' in html and "已自动填写 · 来源：实名信息" in html
    assert 'name="idempotency_key"' in html


def test_an_empty_form_gets_a_message_for_every_required_field_and_creates_nothing(client, citizen):  # noqa: F811
    client.force_login(citizen)
    response = client.post(APPLY, {"idempotency_key": "bundle-page-0001"})
    assert response.status_code == 400
    html = response.content.decode()
    schema = LifeEventBundle.objects.get(code="newborn").spec["fields"]
    for name in schema["required"]:
        assert f"{schema['properties'][name]['title']}：此项为必填项" in html, name
    assert "新生儿近期免冠彩色照片" in html and "：请上传" in html
    assert not BundleApplication.objects.filter(applicant_user=citizen).exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("mobile", "123", "联系电话：格式不正确"),
    ("child_name", "陈" * 51, "新生儿姓名：内容过长"),
    ("gender", "未知", "新生儿性别：请从列表中选择"),
    ("birth_date", "2026-02-30", "出生日期：请填写有效日期（年-月-日）"),
    ("insurance_year", "2019", "医保参保年度：数值过小"),
    ("insurance_year", "明年", "医保参保年度：类型不正确"),
])
def test_a_bad_answer_gets_its_field_message_and_keeps_the_other_answers(client, citizen, field, value, message):  # noqa: F811
    client.force_login(citizen)
    response = client.post(APPLY, {**FORM, field: value, "idempotency_key": "bundle-page-0002", **_uploads(citizen)})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "已选择的文件须重新选择" in html
    assert 'value="李敏"' in html
    assert not BundleApplication.objects.filter(applicant_user=citizen).exists()


def test_a_post_without_the_csrf_token_is_refused(citizen):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(APPLY, {**FORM, "idempotency_key": "bundle-page-0003", **_uploads(citizen)})
    assert response.status_code == 403
    assert not BundleApplication.objects.filter(applicant_user=citizen).exists()


def test_a_good_form_goes_to_the_status_page_and_the_same_post_twice_makes_one(client, citizen):  # noqa: F811
    client.force_login(citizen)
    data = {**FORM, "idempotency_key": "bundle-page-0004"}
    first = client.post(APPLY, {**data, **_uploads(citizen)})
    second = client.post(APPLY, {**data, **_uploads(citizen)})
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    application = BundleApplication.objects.get(applicant_user=citizen)
    assert first["Location"] == f"/my/bundles/{application.number}/"
    html = client.get(first["Location"]).content.decode()
    assert "出生一件事" in html and application.number in html and "办理中" in html
    assert "待前序事项办结后自动申请" in html
    mine = client.get("/my/bundles/").content.decode()
    assert f'href="/my/bundles/{application.number}/"' in mine


def test_only_the_applicant_sees_the_status_page(client, citizen, other_citizen):  # noqa: F811
    client.force_login(citizen)
    client.post(APPLY, {**FORM, "idempotency_key": "bundle-page-0005", **_uploads(citizen)})
    number = BundleApplication.objects.get(applicant_user=citizen).number
    client.force_login(other_citizen)
    assert client.get(f"/my/bundles/{number}/").status_code == 404
    assert client.get("/my/bundles/YJS-NO-SUCH-NUMBER/").status_code == 404
    assert number not in client.get("/my/bundles/").content.decode()
    client.logout()
    assert client.get(f"/my/bundles/{number}/").status_code == 302
