"""Enrolment of a kiosk's browser, and that kiosk pages run only there."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from onestop.kiosk import devices
from onestop.kiosk.models import Kiosk

from .conftest import enrolled_client


def test_it_refuses_a_browser_without_a_device_cookie(db):
    response = Client().get("/kiosk/")
    assert response.status_code == 403
    assert "本页面供政务服务大厅自助服务终端使用" in response.content.decode()


def test_an_enrolled_browser_sees_the_home_screen_with_its_hall_and_code(kiosk_client, kiosk):
    page = kiosk_client.get("/kiosk/").content.decode()
    assert "企业开办" in page and "证照打印" in page and "办件进度查询" in page and "办事指南" in page
    assert kiosk.hall.name in page and kiosk.code in page


def test_the_device_cookie_is_signed_and_http_only(kiosk):
    client = Client()
    response = client.post(f"/kiosk/enrol/{devices.issue_enrolment_code(kiosk)}/")
    cookie = response.cookies[devices.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert f"{kiosk.pk}:" in cookie.value and cookie.value.count(":") >= 2  # value:timestamp:signature


def test_opening_the_link_does_not_use_it_up_only_the_tap_does(kiosk):
    code = devices.issue_enrolment_code(kiosk)
    assert "确认登记本机" in Client().get(f"/kiosk/enrol/{code}/").content.decode()
    assert Client().get(f"/kiosk/enrol/{code}/").status_code == 200
    assert Client().post(f"/kiosk/enrol/{code}/").status_code == 302


def test_an_enrolment_code_works_once(kiosk):
    code = devices.issue_enrolment_code(kiosk)
    assert Client().post(f"/kiosk/enrol/{code}/").status_code == 302
    second = Client().post(f"/kiosk/enrol/{code}/")
    assert second.status_code == 404 and devices.COOKIE not in second.cookies


def test_an_expired_enrolment_code_is_refused(kiosk):
    code = devices.issue_enrolment_code(kiosk)
    Kiosk.objects.filter(pk=kiosk.pk).update(enrolment_expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post(f"/kiosk/enrol/{code}/")
    assert response.status_code == 404 and "已过期" in response.content.decode()


def test_a_forged_cookie_is_refused(kiosk_client, kiosk):
    forged = Client()
    forged.cookies[devices.COOKIE] = f"{kiosk.pk}:guessed-secret"
    assert forged.get("/kiosk/").status_code == 403


def test_enrolling_again_retires_the_browser_enrolled_before(kiosk_client, kiosk):
    enrolled_client(kiosk)
    assert kiosk_client.get("/kiosk/").status_code == 403


def test_a_disabled_kiosk_stops_at_once(kiosk_client, kiosk):
    Kiosk.objects.filter(pk=kiosk.pk).update(is_active=False)
    assert kiosk_client.get("/kiosk/").status_code == 403


def test_the_admin_action_makes_a_working_link(admin_client, kiosk):
    response = admin_client.post("/admin/kiosk/kiosk/", {"action": "make_enrolment_link", "_selected_action": [kiosk.pk]},
                                 follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    path = message[message.index("/kiosk/enrol/"):]
    assert Client().post(path).status_code == 302


def test_kiosk_pages_are_never_stored_by_the_browser(kiosk_client):
    assert kiosk_client.get("/kiosk/").headers["Cache-Control"] == "private, no-store"
