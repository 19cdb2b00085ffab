"""Private pages are never kept by browsers or proxies (Cache-Control: no-store), every page carries
a Content-Security-Policy that allows no inline script, and sessions end after 30 idle minutes and a
fixed time after sign-in (onestop/core/headers.py, onestop/core/session_lifetime.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from onestop.accounts.models import User
from onestop.certs.models import Certificate
from onestop.core.session_lifetime import SEEN, STARTED

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def holder_client():
    certificate = Certificate.objects.filter(holder_person__user__isnull=False, cert_type__name="居民身份证").first()
    client = Client()
    client.force_login(certificate.holder_person.user)
    return client, certificate


def test_citizen_pages_and_qr_fragments_are_not_stored(holder_client):
    client, certificate = holder_client
    for url in ["/my/", "/my/cases/", f"/my/certificates/{certificate.pk}/", f"/my/certificates/{certificate.pk}/qr/",
                f"/my/certificates/{certificate.pk}/offline-qr/", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


@pytest.mark.parametrize("username, url", [("d009-window", "/console/"), ("d009-window", "/console/scan/"),
                                           ("admin", "/admin/"), ("admin", "/admin/exchange/datasource/")])
def test_staff_and_admin_pages_are_not_stored(username, url):
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_login_page_is_not_stored_and_public_guides_may_be():
    assert Client().get("/accounts/login/")["Cache-Control"] == "private, no-store"
    assert "no-store" not in Client().get("/items/").get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/items/", "/accounts/login/", "/stats/", "/api/docs"])
def test_every_page_has_a_policy_without_inline_scripts(url):
    policy = Client().get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler():
    # An inline <script> or onclick= would be blocked by the policy above.
    found = []
    for template in (ROOT / "onestop").rglob("templates/**/*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+=\"", text):
            found.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    assert found == []


def _signed_in(username: str, **stamps) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session.update(stamps)
    session.save()
    return client


def test_a_staff_session_idle_for_more_than_30_minutes_ends():
    client = _signed_in("d009-window", **{SEEN: int(time.time()) - 31 * 60})
    response = client.get("/console/", follow=True)
    assert response.redirect_chain[0][1] == 302 and "/accounts/" in response.redirect_chain[0][0]
    assert "您已长时间未操作" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_staff_session_used_within_30_minutes_lasts():
    client = _signed_in("d009-window", **{SEEN: int(time.time()) - 29 * 60})
    assert client.get("/console/").status_code == 200


def test_an_active_session_still_ends_at_its_absolute_lifetime():
    now = int(time.time())
    client = _signed_in("d009-window", **{STARTED: now - settings.ONESTOP_STAFF_MAX_SECONDS - 1, SEEN: now})
    response = client.get("/console/", follow=True)
    assert "登录已超过有效时长" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_citizen_sessions_have_their_own_limits_and_the_cookie_no_longer_lasts_14_days():
    user = User.objects.filter(kind="citizen").first()
    client = Client()
    client.force_login(user)
    session = client.session
    session[STARTED] = int(time.time()) - settings.ONESTOP_CITIZEN_MAX_SECONDS - 1
    session.save()
    assert client.get("/my/").status_code == 302
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
