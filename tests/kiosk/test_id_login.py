"""身份证 + 短信验证码 at the kiosk: the code goes to the real-name account's mobile through the SMS
gateway simulator, with the OTP rate limits and lockout of onestop.accounts.services."""

import pytest

from onestop.accounts.models import Lockout, OtpChallenge
from onestop.kiosk import login

from .conftest import HOLDER_ID, HOLDER_MOBILE

ID_LOGIN, CODE = "/kiosk/login/id/", "/kiosk/login/id/code/"
# (A resident in the register without an account cannot be used here: the browser tests' registration
# journey commits accounts for those residents to the same test database.)
WELL_FORMED_UNKNOWN_ID = "440403200001011238"  # a valid number nobody in the register has


@pytest.fixture
def sms_sent(outside_systems):
    return outside_systems


def test_id_number_and_sms_code_log_in(kiosk_client, holder, sms_sent):
    response = kiosk_client.post(ID_LOGIN, {"id_number": HOLDER_ID})
    assert response.status_code == 302 and response["Location"] == CODE
    page = kiosk_client.get(CODE).content.decode()
    assert "186****8803" in page
    response = kiosk_client.post(CODE, {"code": sms_sent.last_otp(HOLDER_MOBILE)})
    assert response.status_code == 302 and response["Location"].startswith("/kiosk/welcome/")
    assert int(kiosk_client.session["_auth_user_id"]) == holder.user.pk
    assert kiosk_client.session["_onestop_channel"] == "kiosk"


def test_the_mobile_is_not_shown_before_the_code_is_sent(kiosk_client, sms_sent):
    page = kiosk_client.get(ID_LOGIN).content.decode()
    assert "8803" not in page
    assert kiosk_client.get(CODE).status_code == 302  # nothing pending: back to the ID step


def test_the_typed_id_number_waits_encrypted(kiosk_client, sms_sent):
    kiosk_client.post(ID_LOGIN, {"id_number": HOLDER_ID})
    assert HOLDER_ID not in str(dict(kiosk_client.session))


def test_a_wrong_code_is_refused_and_counted(kiosk_client, sms_sent):
    kiosk_client.post(ID_LOGIN, {"id_number": HOLDER_ID})
    response = kiosk_client.post(CODE, {"code": "000000" if sms_sent.last_otp(HOLDER_MOBILE) != "000000" else "111111"})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert "_auth_user_id" not in kiosk_client.session
    assert OtpChallenge.objects.get(mobile=HOLDER_MOBILE).failed_attempts == 1


def test_five_wrong_codes_lock_the_mobile_and_the_right_code_then_fails(kiosk_client, sms_sent):
    kiosk_client.post(ID_LOGIN, {"id_number": HOLDER_ID})
    right = sms_sent.last_otp(HOLDER_MOBILE)
    wrong = "000000" if right != "000000" else "111111"
    statuses = [kiosk_client.post(CODE, {"code": wrong}).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert Lockout.objects.filter(mobile=HOLDER_MOBILE).exists()
    response = kiosk_client.post(CODE, {"code": right})
    assert response.status_code == 429 and "分钟后再试" in response.content.decode()
    assert "_auth_user_id" not in kiosk_client.session


def test_a_code_sent_for_one_kiosk_does_not_log_in_another(kiosk_client, other_kiosk, sms_sent):
    kiosk_client.post(ID_LOGIN, {"id_number": HOLDER_ID})
    code = sms_sent.last_otp(HOLDER_MOBILE)
    with pytest.raises(login.KioskLoginError):
        login.finish_id_login(other_kiosk, HOLDER_ID, HOLDER_MOBILE, code)


@pytest.mark.parametrize("id_number", [WELL_FORMED_UNKNOWN_ID])
def test_an_id_without_an_account_gets_the_same_answer_and_no_sms(kiosk_client, sms_sent, id_number):
    response = kiosk_client.post(ID_LOGIN, {"id_number": id_number})
    assert response.status_code == 302 and response["Location"] == CODE
    page = kiosk_client.get(CODE).content.decode()
    stand_in = login._stand_in_mobile(id_number)
    assert f"{stand_in[:3]}****{stand_in[-4:]}" in page and "验证码已发送至" in page
    assert sms_sent.last_otp(stand_in) is None  # nothing was sent anywhere
    # Asking again, and a wrong code, answer as they do for a real account.
    resend = kiosk_client.post(CODE, {"action": "resend"})
    assert resend.status_code == 429 and "秒后再获取" in resend.content.decode()
    response = kiosk_client.post(CODE, {"code": "123456"})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()


def test_a_malformed_id_number_gets_a_specific_reason(kiosk_client, sms_sent):
    before = OtpChallenge.objects.count()
    response = kiosk_client.post(ID_LOGIN, {"id_number": "44040319940824895X"})
    assert response.status_code == 400 and "校验" in response.content.decode()
    assert OtpChallenge.objects.count() == before


def test_a_second_code_within_a_minute_is_refused(kiosk_client, sms_sent):
    kiosk_client.post(ID_LOGIN, {"id_number": HOLDER_ID})
    response = kiosk_client.post(CODE, {"action": "resend"})
    assert response.status_code == 429 and "秒后再获取" in response.content.decode()
