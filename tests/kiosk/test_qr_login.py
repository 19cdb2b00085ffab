"""扫码登录: a one-time token shown as a QR, confirmed on a logged-in phone, used once by the kiosk
that asked, within its two minutes; the kiosk then shows whose account it is."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from onestop.kiosk import login
from onestop.kiosk.models import QrLoginToken
from onestop.kiosk.sessions import ACKNOWLEDGED

from .conftest import enrolled_client, phone_of, qr_login, show_qr

STATUS = "/kiosk/login/qr/status/"


def test_the_confirming_citizen_is_logged_in_on_the_kiosk(kiosk_client, holder):
    response = qr_login(kiosk_client, holder)
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/kiosk/welcome/")
    assert int(kiosk_client.session["_auth_user_id"]) == holder.user.pk
    assert kiosk_client.session["_onestop_channel"] == "kiosk"


def test_the_phone_sees_which_kiosk_asks_before_confirming(kiosk_client, kiosk, holder):
    page = phone_of(holder).get(show_qr(kiosk_client)).content.decode()
    assert kiosk.hall.name in page and kiosk.code in page and kiosk.location in page
    assert "在自助终端登录" in page and login.mask_name(holder.name) in page


def test_until_confirmed_the_kiosk_keeps_waiting(kiosk_client):
    show_qr(kiosk_client)
    response = kiosk_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert "正在等待手机确认" in response.content.decode() and "_auth_user_id" not in kiosk_client.session


def test_the_token_is_stored_hashed(kiosk_client):
    path = show_qr(kiosk_client)
    token = path.rstrip("/").rsplit("/", 1)[1]
    row = QrLoginToken.objects.get(kiosk__code="DM-T01")
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_a_token_logs_in_once(kiosk_client, holder):
    path = show_qr(kiosk_client)
    phone = phone_of(holder)
    assert phone.post(path).status_code == 200
    assert phone.post(path).status_code == 409  # confirmed already
    assert kiosk_client.get(STATUS, HTTP_HX_REQUEST="true").status_code == 204
    kiosk_client.post("/kiosk/logout/")
    # The same kiosk browser (its session now empty) cannot pick the token up again.
    again = kiosk_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert "二维码已失效" in again.content.decode() and "_auth_user_id" not in kiosk_client.session


def test_an_expired_token_cannot_be_confirmed_or_used(kiosk_client, holder):
    path = show_qr(kiosk_client)
    QrLoginToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    phone = phone_of(holder)
    assert phone.get(path).status_code == 404
    assert phone.post(path).status_code == 409
    response = kiosk_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert "二维码已过期" in response.content.decode() and "_auth_user_id" not in kiosk_client.session


def test_a_token_confirmed_late_is_not_picked_up_after_the_grace(kiosk_client, holder):
    path = show_qr(kiosk_client)
    assert phone_of(holder).post(path).status_code == 200
    QrLoginToken.objects.update(expires_at=timezone.now() - login.PICKUP_GRACE - dt.timedelta(seconds=1))
    response = kiosk_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert "二维码已过期" in response.content.decode() and "_auth_user_id" not in kiosk_client.session


def test_another_kiosk_cannot_use_the_token(kiosk_client, other_kiosk, holder):
    path = show_qr(kiosk_client)
    thief = enrolled_client(other_kiosk)
    # Even with the first kiosk's session cookie, the device is the other kiosk's.
    thief.cookies["sessionid"] = kiosk_client.cookies["sessionid"].value
    assert phone_of(holder).post(path).status_code == 200
    response = thief.get(STATUS, HTTP_HX_REQUEST="true")
    assert "二维码已失效" in response.content.decode() and "_auth_user_id" not in thief.session


def test_a_confirmation_by_another_account_logs_in_that_account_and_says_so(kiosk_client, holder, other):
    # Someone who saw the QR over the shoulder confirms on their own phone: the kiosk is theirs,
    # and the account check names them, not the person standing at the kiosk.
    qr_login(kiosk_client, other)
    assert int(kiosk_client.session["_auth_user_id"]) == other.user.pk
    page = kiosk_client.get("/kiosk/print/", follow=True).content.decode()
    assert "请核对登录账号" in page and login.mask_name(other.name) in page and other.id_masked in page
    assert holder.name not in page and "不是我本人，退出" in page


def test_nothing_is_shown_before_the_account_is_acknowledged(kiosk_client, holder):
    qr_login(kiosk_client, holder)
    response = kiosk_client.get("/kiosk/print/")
    assert response.status_code == 302 and response["Location"].startswith("/kiosk/welcome/")
    kiosk_client.post("/kiosk/welcome/", {"next": "/kiosk/print/"})
    assert kiosk_client.session[ACKNOWLEDGED] is True
    assert kiosk_client.get("/kiosk/print/").status_code == 200


def test_two_confirmations_make_one_login(kiosk_client, holder, other):
    path = show_qr(kiosk_client)
    answers = [phone_of(holder).post(path).status_code, phone_of(other).post(path).status_code]
    assert answers == [200, 409]
    assert QrLoginToken.objects.get(kiosk__code="DM-T01").confirmed_by == holder.user
    assert qr_status_user(kiosk_client) == holder.user.pk


def qr_status_user(kiosk_client: Client) -> int:
    kiosk_client.get(STATUS, HTTP_HX_REQUEST="true")
    return int(kiosk_client.session["_auth_user_id"])


def test_the_session_key_changes_at_login(kiosk_client, holder):
    path = show_qr(kiosk_client)
    before = kiosk_client.cookies["sessionid"].value
    phone_of(holder).post(path)
    kiosk_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert kiosk_client.cookies["sessionid"].value != before


def test_an_account_not_bound_to_a_person_cannot_confirm(kiosk_client, django_user_model):
    unbound = django_user_model.objects.create_user(username="m13712345678", mobile="13712345678")
    phone = Client()
    phone.force_login(unbound)
    assert phone.post(show_qr(kiosk_client)).status_code == 403
    assert QrLoginToken.objects.get(kiosk__code="DM-T01").confirmed_at is None


def test_the_phone_must_log_in_first(kiosk_client):
    response = Client().get(show_qr(kiosk_client))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/kiosk/confirm/")
