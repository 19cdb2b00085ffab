"""The end of a kiosk session: 退出 at once, the server's idle limit (a kiosk whose page was closed
cannot be resumed), and a kiosk session never travelling to another browser or terminal."""

import time

from django.test import Client

from onestop.core.session_lifetime import SEEN, STARTED

from .conftest import enrolled_client, qr_login


def logged_in(kiosk_client, person):
    qr_login(kiosk_client, person)
    kiosk_client.post("/kiosk/welcome/", {"next": "/kiosk/print/"})
    assert kiosk_client.get("/kiosk/print/").status_code == 200
    return kiosk_client


def age_session(client: Client, seconds: int) -> None:
    session = client.session
    session[SEEN] = int(time.time()) - seconds
    session.save()


def test_exit_logs_out_and_clears_the_session(kiosk_client, holder):
    logged_in(kiosk_client, holder)
    response = kiosk_client.post("/kiosk/logout/")
    assert response.status_code == 302 and response["Location"] == "/kiosk/?bye=1"
    assert dict(kiosk_client.session) == {}
    home = kiosk_client.get("/kiosk/?bye=1").content.decode()
    assert "您已安全退出" in home and holder.name[0] + "*" not in home
    assert kiosk_client.get("/kiosk/print/")["Location"].startswith("/kiosk/login/")


def test_pages_of_a_kiosk_session_are_not_stored(kiosk_client, holder):
    logged_in(kiosk_client, holder)
    assert kiosk_client.get("/kiosk/print/")["Cache-Control"] == "private, no-store"


def test_the_server_ends_a_kiosk_session_idle_longer_than_the_setting(kiosk_client, holder, settings):
    settings.ONESTOP_KIOSK_IDLE_SECONDS = 120
    logged_in(kiosk_client, holder)
    age_session(kiosk_client, 121)
    response = kiosk_client.get("/kiosk/print/", follow=True)
    assert response.redirect_chain[0][0].startswith("/kiosk/login/")
    assert "您已长时间未操作" in response.content.decode()
    assert "_auth_user_id" not in kiosk_client.session


def test_a_kiosk_session_idle_a_little_goes_on(kiosk_client, holder, settings):
    settings.ONESTOP_KIOSK_IDLE_SECONDS = 120
    logged_in(kiosk_client, holder)
    age_session(kiosk_client, 100)
    assert kiosk_client.get("/kiosk/print/").status_code == 200


def test_a_kiosk_session_is_shorter_than_a_portal_session(kiosk_client, holder, settings):
    settings.ONESTOP_KIOSK_IDLE_SECONDS, settings.ONESTOP_CITIZEN_IDLE_SECONDS = 180, 1800
    logged_in(kiosk_client, holder)
    age_session(kiosk_client, 600)  # ten minutes: fine on the portal, over on a kiosk
    assert kiosk_client.get("/kiosk/print/").status_code == 302
    portal = Client()
    portal.force_login(holder.user)
    age_session(portal, 600)
    assert portal.get("/my/").status_code == 200


def test_the_kiosk_session_has_an_absolute_limit(kiosk_client, holder, settings):
    settings.ONESTOP_KIOSK_MAX_SECONDS = 1800
    logged_in(kiosk_client, holder)
    session = kiosk_client.session
    session[STARTED] = int(time.time()) - 1801
    session.save()
    assert kiosk_client.get("/kiosk/print/").status_code == 302


def test_keepalive_restarts_the_servers_idle_clock(kiosk_client, holder, settings):
    settings.ONESTOP_KIOSK_IDLE_SECONDS = 120
    logged_in(kiosk_client, holder)
    age_session(kiosk_client, 100)
    assert kiosk_client.post("/kiosk/keepalive/").status_code == 204
    assert int(time.time()) - kiosk_client.session[SEEN] < 5


def test_a_kiosk_session_cookie_is_useless_in_another_browser(kiosk_client, holder):
    logged_in(kiosk_client, holder)
    stolen = Client()
    stolen.cookies["sessionid"] = kiosk_client.cookies["sessionid"].value
    assert stolen.get("/kiosk/print/").status_code == 403


def test_a_kiosk_session_is_ended_on_another_terminal(kiosk_client, other_kiosk, holder):
    logged_in(kiosk_client, holder)
    other = enrolled_client(other_kiosk)
    other.cookies["sessionid"] = kiosk_client.cookies["sessionid"].value
    response = other.get("/kiosk/print/")
    assert response.status_code == 302 and response["Location"].startswith("/kiosk/login/")


def test_a_portal_login_in_the_kiosk_browser_is_ended_on_kiosk_pages(kiosk_client, holder):
    kiosk_client.force_login(holder.user)  # logged in on the portal, not through the kiosk
    assert kiosk_client.get("/kiosk/print/")["Location"].startswith("/kiosk/login/")
    assert "_auth_user_id" not in kiosk_client.session
