"""Key-authenticated endpoints answer a call without a key, or with a wrong one, with 401
problem+json and a WWW-Authenticate challenge (RFC 6750) — never 403 "CSRF check failed", which is
what a browser-less client saw when the staff session was tried after the key. A call on a staff
session still needs its CSRF token."""

import json

import pytest
from django.test import Client

from onestop.accounts.models import User
from onestop.certs.models import Certificate
from onestop.certs.services import create_online_presentation

pytestmark = pytest.mark.django_db

KEY_ENDPOINTS = ["/api/certs/verify", "/api/certs/query", "/api/certs"]


def _post(client, url, **headers):
    return client.post(url, json.dumps({"code": "OSQ:0"}), content_type="application/json", headers=headers)


@pytest.mark.parametrize("url", KEY_ENDPOINTS)
def test_a_call_without_a_key_is_answered_401_with_a_challenge(url):
    response = _post(Client(enforce_csrf_checks=True), url)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == 'Bearer realm="onestop"'


@pytest.mark.parametrize("url", KEY_ENDPOINTS)
def test_a_call_with_a_wrong_key_is_answered_401_invalid_token(url):
    response = _post(Client(enforce_csrf_checks=True), url, Authorization="Bearer osk_wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "密钥不正确" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="onestop", error="invalid_token"'


def _signed_in_staff() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="d009-window"))
    client.get("/console/scan/")  # sets the CSRF cookie, as the page does for its script
    return client


def test_a_staff_session_without_its_csrf_token_is_refused_with_a_specific_code():
    response = _post(_signed_in_staff(), "/api/certs/verify")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "CSRF" in response.json()["detail"]


def test_a_staff_session_with_its_csrf_token_verifies():
    client = _signed_in_staff()
    certificate = Certificate.objects.filter(cert_type__name="居民身份证", revoked_at__isnull=True).first()
    code = create_online_presentation(certificate)[0]
    response = client.post("/api/certs/verify", json.dumps({"code": code}), content_type="application/json",
                           headers={"X-CSRFToken": client.cookies["csrftoken"].value})
    assert response.status_code == 200 and response.json()["verdict"] == "valid"
