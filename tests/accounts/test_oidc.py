"""Login through the provincial identity platform (OpenID Connect), against the OIDC provider
simulator running as a real granian process (simulators/oidc_provider)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import get_user
from django.test import Client as Browser
from jwcrypto import jwk
from jwcrypto import jwt as jwcrypto_jwt

from onestop.accounts import identity, oidc
from onestop.accounts.models import IdentityClaim, IdentityVerification, Person, User
from onestop.accounts.permissions import verified_person
from onestop.core.identifiers import citizen_id_check_char
from tests.accounts.helpers import (
    NO_MOBILE_ID,
    NO_MOBILE_NAME,
    REGISTERED_ID,
    REGISTERED_NAME,
    UNREGISTERED_ID,
    UNREGISTERED_NAME,
    row_counts,
)
from tests.simulator_fixtures import Client, _serve

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.oidc_test_urls")]

RESIDENTS_FILE = Path(__file__).resolve().parents[2] / "simulators" / "population_register" / "residents.json"
HOST = "127.0.0.1:8000"  # the simulator's default redirect URIs allow http://127.0.0.1:<any port>/accounts/oidc/callback/
CALLBACK = f"http://{HOST}/accounts/oidc/callback/"
CLIENT_ID = "onestop-test"  # not the simulator's defaults, so the tests also show its settings are read
CLIENT_SECRET = "test-" + secrets.token_hex(8)
# An EC P-256 key handed to the simulator (ES256), so that tests can also sign tokens with bad claims.
SIGNING_KEY_PEM = ec.generate_private_key(ec.SECP256R1()).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)


# Known to the provincial platform, but neither to the population register nor to this platform.
NEWCOMER_NAME = "欧振华"
NEWCOMER_ID = "44040319880512661" + citizen_id_check_char("44040319880512661")
NEWCOMER = {
    "id_number": NEWCOMER_ID, "name": NEWCOMER_NAME, "gender": "男", "birth_date": "1988-05-12",
    "division_name": "井岸镇", "mobile": "",
}


@pytest.fixture(scope="session")
def oidc_provider_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    folder = tmp_path_factory.mktemp("sim")
    residents = json.loads(RESIDENTS_FILE.read_text(encoding="utf-8"))
    residents["residents"].append(NEWCOMER)
    (folder / "residents.json").write_text(json.dumps(residents, ensure_ascii=False), encoding="utf-8")
    servers = _serve("simulators.oidc_provider.app", folder / "oidc-provider.log")
    env = {
        "OIDC_SIM_CLIENT_ID": CLIENT_ID, "OIDC_SIM_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_SIM_SIGNING_KEY": SIGNING_KEY_PEM.decode(), "OIDC_SIM_RESIDENTS_FILE": str(folder / "residents.json"),
    }
    with mock.patch.dict(os.environ, env):  # read by the process as it starts
        server = next(servers)
    yield server
    servers.close()


@pytest.fixture
def provider(settings, oidc_provider_server: Client) -> Iterator[Client]:
    settings.ONESTOP_OIDC_ISSUER = oidc_provider_server.base_url
    settings.ONESTOP_OIDC_CLIENT_ID = CLIENT_ID
    settings.ONESTOP_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.ONESTOP_OIDC_SCOPES = "openid profile"
    oidc.forget_provider()
    yield oidc_provider_server
    oidc_provider_server.request("DELETE", "/_sim/faults")
    oidc.forget_provider()


@pytest.fixture
def browser() -> Browser:
    return Browser(headers={"host": HOST})


def start(browser: Browser, next_url: str | None = None) -> str:
    """Starts the login on the platform; answers the provider's authorization URL."""
    response = browser.get("/accounts/oidc/start/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def at_provider(authorization_url: str, id_number: str) -> str:
    """The citizen logs in at the provider (simulator: auto=1 with login_hint); answers the callback path."""
    reply = httpx.get(f"{authorization_url}&auto=1&login_hint={id_number}", timeout=10)
    assert reply.status_code == 302, reply.text
    location = reply.headers["location"]
    assert location.startswith(CALLBACK + "?")
    return location.removeprefix(f"http://{HOST}")


def log_in(browser: Browser, id_number: str, next_url: str | None = None):
    return browser.get(at_provider(start(browser, next_url), id_number))


def logged_in_user(browser: Browser) -> User | None:
    user = get_user(browser)
    return user if user.is_authenticated else None


def assert_error_page(response, status: int, text: str) -> None:
    assert response.status_code == status
    assert "accounts/oidc_error.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert text in page, page
    assert "使用短信验证码登录" in page


# --- logging in ---------------------------------------------------------------------------------------

def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(provider, browser):
    url = urlsplit(start(browser))
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{provider.base_url}/authorize"
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == CALLBACK
    assert query["scope"] == "openid profile"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    pending = browser.session[oidc.SESSION_KEY][query["state"]]
    assert pending["nonce"] == query["nonce"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(pending["verifier"].encode()).digest()).rstrip(b"=").decode()
    assert challenge == query["code_challenge"]  # the verifier stays in the session, only its hash travels


def test_demo_citizen_logs_in_as_themself(provider, browser):
    person = Person.objects.with_id_number(REGISTERED_ID).get()
    before = row_counts()
    response = log_in(browser, REGISTERED_ID, next_url="/my/messages/")
    assert response.status_code == 302 and response["Location"] == "/my/messages/"
    assert logged_in_user(browser) == person.user
    assert row_counts() == before  # nobody new
    assert browser.get("/my/messages/").status_code == 200


def test_next_pointing_off_the_site_is_ignored(provider, browser):
    response = log_in(browser, REGISTERED_ID, next_url="https://evil.example/steal")
    assert response.status_code == 302 and response["Location"] == "/my/"


def test_resident_without_an_account_gets_one_on_first_login(provider, browser, outside_systems):
    person = Person.objects.with_id_number(UNREGISTERED_ID).get()
    assert person.user is None
    users, persons, _ = row_counts()
    response = log_in(browser, UNREGISTERED_ID)
    assert response.status_code == 302 and response["Location"] == "/my/"
    person.refresh_from_db()
    user = person.user
    assert user is not None and logged_in_user(browser) == user
    assert (User.objects.count(), Person.objects.count()) == (users + 1, persons)
    assert user.kind == User.Kind.CITIZEN and user.mobile is None and not user.has_usable_password()
    assert person.name == UNREGISTERED_NAME and person.real_name_verified_at is not None
    assert person.id_number() == UNREGISTERED_ID and UNREGISTERED_ID not in person.id_number_encrypted
    assert person.id_masked == UNREGISTERED_ID[:6] + "********" + UNREGISTERED_ID[-4:]
    register = outside_systems.population.get(f"/v1/residents/{UNREGISTERED_ID}").body
    assert (person.address, person.division_code) == (register["address"], register["division_code"])

    # The next login finds the same account.
    other = Browser(headers={"host": HOST})
    assert log_in(other, UNREGISTERED_ID).status_code == 302
    assert logged_in_user(other) == user and User.objects.count() == users + 1


def test_person_new_to_the_platform_gets_a_person_and_an_account(provider, browser, outside_systems):
    assert not Person.objects.with_id_number(NEWCOMER_ID).exists()
    users, persons, _ = row_counts()
    assert log_in(browser, NEWCOMER_ID).status_code == 302
    person = Person.objects.with_id_number(NEWCOMER_ID).get()
    assert logged_in_user(browser) == person.user and person.user.mobile is None
    assert (User.objects.count(), Person.objects.count()) == (users + 1, persons + 1)
    assert (person.name, person.gender, person.birth_date.isoformat()) == (NEWCOMER_NAME, "M", "1988-05-12")
    assert person.id_number() == NEWCOMER_ID and person.real_name_verified_at is not None
    assert person.address == ""  # the population register does not know them: the details can wait


def test_inactive_account_cannot_log_in(provider, browser):
    User.objects.filter(person__in=Person.objects.with_id_number(REGISTERED_ID)).update(is_active=False)
    assert_error_page(log_in(browser, REGISTERED_ID), 403, "该账号已停用")
    assert logged_in_user(browser) is None


# --- refusals -----------------------------------------------------------------------------------------

def test_tampered_state_is_refused(provider, browser):
    callback = at_provider(start(browser), REGISTERED_ID)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    response = browser.get(callback.replace(f"state={state}", f"state={state[:-2]}xy"))
    assert_error_page(response, 400, "登录请求已失效或不是从本网站发起的")
    assert logged_in_user(browser) is None


def test_callback_in_another_browser_is_refused(provider, browser):
    callback = at_provider(start(browser), REGISTERED_ID)
    attacker = Browser(headers={"host": HOST})
    assert_error_page(attacker.get(callback), 400, "登录请求已失效")
    assert logged_in_user(attacker) is None


def test_callback_cannot_be_replayed(provider, browser):
    callback = at_provider(start(browser), REGISTERED_ID)
    assert browser.get(callback).status_code == 302
    browser.post("/accounts/logout/")
    assert_error_page(browser.get(callback), 400, "登录请求已失效")
    assert logged_in_user(browser) is None


def test_nonce_must_match_the_id_token(provider, browser):
    callback = at_provider(start(browser), REGISTERED_ID)
    session = browser.session
    pending = session[oidc.SESSION_KEY]
    for value in pending.values():
        value["nonce"] = "not-the-nonce-sent"
    session[oidc.SESSION_KEY] = pending
    session.save()
    assert_error_page(browser.get(callback), 400, "登录请求与本次会话不匹配")
    assert logged_in_user(browser) is None


def test_citizen_cancels_at_the_provider(provider, browser):
    query = {k: v[0] for k, v in parse_qs(urlsplit(start(browser)).query).items()}
    reply = httpx.post(f"{provider.base_url}/authorize", data={**query, "action": "deny"}, timeout=10)
    assert reply.status_code == 302
    callback = reply.headers["location"].removeprefix(f"http://{HOST}")
    assert "error=access_denied" in callback
    assert_error_page(browser.get(callback), 400, "您已取消在广东省统一身份认证平台的登录")


def test_wrong_client_secret_is_a_configuration_problem(provider, browser, settings):
    callback = at_provider(start(browser), REGISTERED_ID)
    settings.ONESTOP_OIDC_CLIENT_SECRET = "not-the-secret"
    assert_error_page(browser.get(callback), 502, "对接出现问题")
    assert logged_in_user(browser) is None


def test_missing_id_number_claim_is_refused(provider, browser, settings):
    settings.ONESTOP_OIDC_ID_NUMBER_CLAIM = "cert_no"  # neither the ID token nor UserInfo carry it
    assert_error_page(log_in(browser, REGISTERED_ID), 502, "没有提供您的姓名和证件号码")
    assert logged_in_user(browser) is None


def test_oidc_off_answers_404(settings, browser):
    settings.ONESTOP_OIDC_ISSUER = ""
    assert browser.get("/accounts/oidc/start/").status_code == 404
    assert browser.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404


# --- the provider down, slow or unreachable: a page saying so, never a 500 -----------------------------

def test_provider_down_at_the_token_exchange(provider, browser):
    callback = at_provider(start(browser), REGISTERED_ID)
    provider.post("/_sim/faults", {"fail_rate": 1, "status": 503})
    assert_error_page(browser.get(callback), 502, "暂时无法访问")
    assert logged_in_user(browser) is None


def test_provider_down_when_starting(provider, browser):
    provider.post("/_sim/faults", {"fail_rate": 1, "status": 500})
    assert_error_page(browser.get("/accounts/oidc/start/"), 502, "暂时无法访问")


def test_provider_too_slow(provider, browser, settings):
    callback = at_provider(start(browser), REGISTERED_ID)
    settings.ONESTOP_OUTSIDE_TIMEOUT_SECONDS = 0.3
    provider.post("/_sim/faults", {"delay_ms": 1500})
    began = time.monotonic()
    assert_error_page(browser.get(callback), 502, "暂时无法访问")
    assert time.monotonic() - began < 1.4


def test_provider_unreachable(settings, browser):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    settings.ONESTOP_OIDC_ISSUER = f"http://127.0.0.1:{port}"
    oidc.forget_provider()
    assert_error_page(browser.get("/accounts/oidc/start/"), 502, "暂时无法访问")


def test_discovery_naming_another_issuer_is_refused(provider, browser, settings):
    settings.ONESTOP_OIDC_ISSUER = provider.base_url + "/"  # the provider calls itself without the slash
    assert_error_page(browser.get("/accounts/oidc/start/"), 502, "对接出现问题")


# --- the ID token's checks ------------------------------------------------------------------------------

def _signed(claims: dict, key: jwk.JWK, alg: str = "ES256") -> str:
    token = jwcrypto_jwt.JWT(header={"alg": alg, "kid": key.thumbprint()}, claims=claims)
    token.make_signed_token(key)
    return token.serialize()


def _at_hash(access_token: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(access_token.encode()).digest()[:16]).rstrip(b"=").decode()


CLAIM_CHANGES = {
    "valid": (lambda c: None, None),
    "iss": (lambda c: c.update(iss="https://another.example"), 502),
    "aud": (lambda c: c.update(aud="another-client"), 502),
    "expired": (lambda c: c.update(exp=c["iat"] - 3600), 502),
    "iat": (lambda c: c.update(iat="yesterday"), 502),
    "nonce": (lambda c: c.update(nonce="another-nonce"), 400),
    "at_hash": (lambda c: c.update(at_hash="AAAAAAAAAAAAAAAAAAAAAA"), 502),
    "no-sub": (lambda c: c.pop("sub"), 502),
}


def _claims(cfg: oidc.Config) -> dict:
    now = int(time.time())
    return {
        "iss": cfg.issuer, "aud": CLIENT_ID, "sub": "s-1", "iat": now, "exp": now + 600, "nonce": "n-1",
        "at_hash": _at_hash("at-1"), "name": REGISTERED_NAME, "id_number": REGISTERED_ID,
    }


@pytest.mark.parametrize("case", CLAIM_CHANGES)
def test_id_token_claims_are_checked(provider, case):
    change, status = CLAIM_CHANGES[case]
    cfg = oidc.config()
    metadata = oidc.provider_metadata(cfg)
    assert metadata["id_token_signing_alg_values_supported"] == ["ES256"]
    claims = _claims(cfg)
    change(claims)
    token = _signed(claims, jwk.JWK.from_pem(SIGNING_KEY_PEM))
    if status is None:
        assert oidc.verify_id_token(cfg, metadata, token, "n-1", "at-1")["id_number"] == REGISTERED_ID
        return
    with pytest.raises(oidc.OidcError) as raised:
        oidc.verify_id_token(cfg, metadata, token, "n-1", "at-1")
    assert raised.value.status == status


def _unsigned(claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part(claims)}."


@pytest.mark.parametrize(
    "make",
    [
        # Signed by another key that claims the provider's key id.
        lambda claims: _signed(claims, jwk.JWK.generate(kty="EC", crv="P-256", kid=jwk.JWK.from_pem(SIGNING_KEY_PEM).thumbprint())),
        _unsigned,
        lambda claims: "not.a.jwt",
    ],
    ids=["foreign-key", "alg-none", "garbage"],
)
def test_id_token_signature_is_checked(provider, make):
    cfg = oidc.config()
    metadata = oidc.provider_metadata(cfg)
    with pytest.raises(oidc.OidcError) as raised:
        oidc.verify_id_token(cfg, metadata, make(_claims(cfg)), "n-1", "at-1")
    assert raised.value.status == 502


# --- verifying an account that registered without the carrier's confirmation ---------------------

def pending_account(mobile: str, name: str, id_number: str) -> User:
    user = User.objects.create_user(username=f"m{mobile}", kind=User.Kind.CITIZEN, mobile=mobile)
    identity.claim(user, name, id_number, "no_record")
    return user


def test_the_provincial_login_verifies_the_identity_an_account_waits_for(provider, browser, outside_systems):
    user = pending_account("13700000123", NO_MOBILE_NAME, NO_MOBILE_ID)
    browser.force_login(user)
    assert log_in(browser, NO_MOBILE_ID).status_code == 302
    assert logged_in_user(browser) == user  # the same account, now bound
    person = verified_person(User.objects.get(pk=user.pk))
    assert person is not None and person.id_number() == NO_MOBILE_ID
    audit = IdentityVerification.objects.get(user=user)
    assert (audit.method, audit.person, audit.clerk) == ("oidc", person, None)
    assert not IdentityClaim.objects.filter(user=user).exists()


def test_the_provincial_login_of_another_person_does_not_verify_the_waiting_account(provider, browser):
    user = pending_account("13700000124", NO_MOBILE_NAME, NO_MOBILE_ID)
    browser.force_login(user)
    assert log_in(browser, REGISTERED_ID).status_code == 302
    assert logged_in_user(browser) == Person.objects.with_id_number(REGISTERED_ID).get().user
    assert verified_person(User.objects.get(pk=user.pk)) is None


def test_an_account_made_by_the_provincial_login_records_how(provider, browser, outside_systems):
    log_in(browser, UNREGISTERED_ID)
    assert IdentityVerification.objects.get(user=logged_in_user(browser)).method == "oidc"
