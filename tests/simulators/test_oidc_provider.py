"""The OpenID Connect provider simulator (广东省统一身份认证平台（模拟）), run as a real granian process
with its default client, redirect URIs and a signing key generated at start-up."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from joserfc import jwt
from joserfc.jwk import KeySet

from simulators.oidc_provider.app import CODE_TTL, Grant, Store, _redirect_pattern
from simulators.oidc_provider.keys import SigningKey
from tests.simulator_fixtures import TOKEN, Client, _serve

ROOT = Path(__file__).resolve().parents[2]
RESIDENTS = json.loads((ROOT / "simulators" / "population_register" / "residents.json").read_text(encoding="utf-8"))["residents"]
ADULT, OTHER = RESIDENTS[0], RESIDENTS[1]  # 麦家荣 and his wife
CLIENT = ("onestop-dev", "dev-oidc-secret")  # the simulator's defaults
REDIRECT = "http://127.0.0.1:8000/accounts/oidc/callback/"


@pytest.fixture(scope="session")
def oidc_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    yield from _serve("simulators.oidc_provider.app", tmp_path_factory.mktemp("sim") / "oidc-provider.log")


@pytest.fixture
def sim(oidc_sim: Client) -> Iterator[Client]:
    yield oidc_sim
    oidc_sim.request("DELETE", "/_sim/faults")


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def new_verifier() -> str:
    return secrets.token_urlsafe(48)


def authorization(verifier: str, **extra: str) -> dict[str, str]:
    return {
        "response_type": "code", "client_id": CLIENT[0], "redirect_uri": REDIRECT, "scope": "openid profile",
        "state": "st-1", "nonce": "no-1", "code_challenge": s256(verifier), "code_challenge_method": "S256", **extra,
    }


def answer(response: httpx.Response) -> dict[str, str]:
    """The query the provider sent back to the client's redirect URI."""
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def get_code(sim: Client, verifier: str, id_number: str = ADULT["id_number"]) -> str:
    params = {**authorization(verifier), "auto": "1", "login_hint": id_number}
    query = answer(httpx.get(f"{sim.base_url}/authorize", params=params))
    assert query["state"] == "st-1" and query["iss"] == sim.base_url
    return query["code"]


def redeem(sim: Client, code: str, verifier: str | None, auth: tuple[str, str] | None = CLIENT, **form: str) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **form}
    if verifier is not None:
        data["code_verifier"] = verifier
    return httpx.post(f"{sim.base_url}/token", data=data, auth=auth)


def oauth_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["error"] == error


# --- discovery and keys -------------------------------------------------------------------------------

def test_health_check_needs_no_token_and_says_simulated(sim):
    reply = sim.get("/healthz", token="")
    assert reply.status == 200 and reply.body == {"status": "ok", "simulator": "oidc-provider", "simulated": True}
    assert reply.headers["X-Simulator"] == "oidc-provider"


def test_discovery_document(sim):
    meta = httpx.get(f"{sim.base_url}/.well-known/openid-configuration").json()
    assert meta["issuer"] == sim.base_url
    for name, path in (("authorization_endpoint", "/authorize"), ("token_endpoint", "/token"), ("jwks_uri", "/jwks"), ("userinfo_endpoint", "/userinfo")):
        assert meta[name] == sim.base_url + path
    assert meta["response_types_supported"] == ["code"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert set(meta["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
    assert meta["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"openid", "profile"} <= set(meta["scopes_supported"])
    assert "id_number" in meta["claims_supported"]


def test_jwks_publishes_the_public_signing_key_only(sim):
    (key,) = httpx.get(f"{sim.base_url}/jwks").json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert "d" not in key and "p" not in key


# --- the authorization endpoint -----------------------------------------------------------------------

def test_login_page_lists_the_demo_residents_in_chinese(sim):
    page = httpx.get(f"{sim.base_url}/authorize", params=authorization(new_verifier()))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "广东省统一身份认证平台（模拟）" in text and 'lang="zh-Hans"' in text
    assert text.count('name="subject"') == len(RESIDENTS)
    assert ADULT["name"] in text and ADULT["id_number"][:6] + "********" + ADULT["id_number"][-4:] in text
    assert not any(r["id_number"] in text for r in RESIDENTS)  # numbers only masked, even in the form
    assert "取消登录" in text


def test_choosing_a_resident_on_the_page_issues_a_code(sim):
    verifier = new_verifier()
    page = httpx.get(f"{sim.base_url}/authorize", params=authorization(verifier)).text
    subject = re.search(r'name="subject" value="([0-9a-f]+)" aria-label="以' + ADULT["name"], page).group(1)
    form = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page))
    query = answer(httpx.post(f"{sim.base_url}/authorize", data={**form, "subject": subject}))
    claims = tokens_for(sim, redeem(sim, query["code"], verifier))
    assert claims["id_number"] == ADULT["id_number"] and claims["sub"] == subject


def test_cancelling_on_the_page_answers_access_denied(sim):
    form = authorization(new_verifier())
    query = answer(httpx.post(f"{sim.base_url}/authorize", data={**form, "action": "deny"}))
    assert query["error"] == "access_denied" and query["state"] == "st-1" and "code" not in query


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"client_id": "someone-else"}, "invalid_client"),
        ({"redirect_uri": "https://evil.example/accounts/oidc/callback/"}, "invalid_redirect_uri"),
        ({"redirect_uri": "http://127.0.0.1:8000.evil.example/accounts/oidc/callback/"}, "invalid_redirect_uri"),
        ({"redirect_uri": REDIRECT + "extra"}, "invalid_redirect_uri"),
    ],
)
def test_unknown_client_or_redirect_uri_is_shown_never_redirected(sim, change, error):
    page = httpx.get(f"{sim.base_url}/authorize", params={**authorization(new_verifier()), **change})
    assert page.status_code == 400 and "location" not in page.headers
    assert error in page.text


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "short"}, "invalid_request"),
        ({"prompt": "none"}, "login_required"),
        ({"auto": "1", "login_hint": "110101199001011234"}, "login_required"),
    ],
)
def test_bad_authorization_requests_are_answered_to_the_client(sim, change, error):
    query = answer(httpx.get(f"{sim.base_url}/authorize", params={**authorization(new_verifier()), **change}))
    assert query["error"] == error and query["state"] == "st-1" and "code" not in query


def test_any_port_of_the_default_redirect_uris(sim):
    verifier = new_verifier()
    other = "http://localhost:39999/accounts/oidc/callback/"
    reply = httpx.get(f"{sim.base_url}/authorize", params={**authorization(verifier, redirect_uri=other), "auto": "1", "login_hint": ADULT["id_number"]})
    assert reply.status_code == 302 and reply.headers["location"].startswith(other + "?code=")


# --- the token endpoint and the ID token --------------------------------------------------------------

def tokens_for(sim: Client, response: httpx.Response, nonce: str = "no-1") -> dict:
    """Checks a token answer and its ID token (signature against /jwks); answers the ID token's claims."""
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0 and body["access_token"]
    keys = KeySet.import_key_set(httpx.get(f"{sim.base_url}/jwks").json())
    token = jwt.decode(body["id_token"], keys, algorithms=["RS256"])
    claims = token.claims
    assert claims["iss"] == sim.base_url and claims["aud"] == CLIENT[0] and claims["nonce"] == nonce
    assert claims["exp"] > claims["iat"]
    at_hash = base64.urlsafe_b64encode(hashlib.sha256(body["access_token"].encode()).digest()[:16]).rstrip(b"=").decode()
    assert claims["at_hash"] == at_hash
    info = httpx.get(f"{sim.base_url}/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert info["sub"] == claims["sub"] and info["id_number"] == claims["id_number"] and info["name"] == claims["name"]
    return claims


def test_full_code_flow_with_pkce_and_client_secret_basic(sim):
    verifier = new_verifier()
    claims = tokens_for(sim, redeem(sim, get_code(sim, verifier), verifier))
    assert (claims["name"], claims["id_number"]) == (ADULT["name"], ADULT["id_number"])
    assert re.fullmatch(r"[0-9a-f]{32}", claims["sub"]) and ADULT["id_number"] not in claims["sub"]


def test_client_secret_post(sim):
    verifier = new_verifier()
    response = redeem(sim, get_code(sim, verifier), verifier, auth=None, client_id=CLIENT[0], client_secret=CLIENT[1])
    assert tokens_for(sim, response)["id_number"] == ADULT["id_number"]


def test_sub_is_stable_per_person(sim):
    subjects = []
    for id_number in (ADULT["id_number"], ADULT["id_number"], OTHER["id_number"]):
        verifier = new_verifier()
        subjects.append(tokens_for(sim, redeem(sim, get_code(sim, verifier, id_number), verifier))["sub"])
    assert subjects[0] == subjects[1] != subjects[2]


def test_wrong_verifier_is_invalid_grant_and_burns_the_code(sim):
    verifier = new_verifier()
    code = get_code(sim, verifier)
    oauth_error(redeem(sim, code, new_verifier()), 400, "invalid_grant")
    oauth_error(redeem(sim, code, verifier), 400, "invalid_grant")


def test_missing_verifier_is_invalid_grant(sim):
    verifier = new_verifier()
    oauth_error(redeem(sim, get_code(sim, verifier), None), 400, "invalid_grant")


def test_code_reuse_is_invalid_grant_and_revokes_the_tokens(sim):
    verifier = new_verifier()
    code = get_code(sim, verifier)
    first = redeem(sim, code, verifier)
    tokens_for(sim, first)
    oauth_error(redeem(sim, code, verifier), 400, "invalid_grant")
    revoked = httpx.get(f"{sim.base_url}/userinfo", headers={"Authorization": f"Bearer {first.json()['access_token']}"})
    assert revoked.status_code == 401 and revoked.json()["error"] == "invalid_token"
    assert 'error="invalid_token"' in revoked.headers["www-authenticate"]


@pytest.mark.parametrize("method", ["basic", "post"])
def test_wrong_client_secret_is_invalid_client(sim, method):
    verifier = new_verifier()
    code = get_code(sim, verifier)
    if method == "basic":
        response = redeem(sim, code, verifier, auth=(CLIENT[0], "wrong"))
        assert response.headers["www-authenticate"].startswith("Basic")
    else:
        response = redeem(sim, code, verifier, auth=None, client_id=CLIENT[0], client_secret="wrong")
    oauth_error(response, 401, "invalid_client")
    # The client was not authenticated, so the code is still good for the real client.
    assert tokens_for(sim, redeem(sim, code, verifier))["id_number"] == ADULT["id_number"]


def test_no_client_authentication_is_invalid_client(sim):
    verifier = new_verifier()
    oauth_error(redeem(sim, get_code(sim, verifier), verifier, auth=None), 401, "invalid_client")


def test_redirect_uri_must_match_the_authorization_request(sim):
    verifier = new_verifier()
    response = redeem(sim, get_code(sim, verifier), verifier, redirect_uri="http://127.0.0.1:8001/accounts/oidc/callback/")
    oauth_error(response, 400, "invalid_grant")


def test_other_grant_types_and_bodies_are_refused(sim):
    oauth_error(httpx.post(f"{sim.base_url}/token", data={"grant_type": "password"}, auth=CLIENT), 400, "unsupported_grant_type")
    oauth_error(httpx.post(f"{sim.base_url}/token", json={"grant_type": "authorization_code"}, auth=CLIENT), 400, "invalid_request")
    oauth_error(httpx.post(f"{sim.base_url}/token", data={"grant_type": "authorization_code"}, auth=CLIENT), 400, "invalid_request")


def test_userinfo_needs_a_token(sim):
    response = httpx.get(f"{sim.base_url}/userinfo")
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")


# --- fault injection ------------------------------------------------------------------------------------

def test_faults_need_the_simulator_token_and_hit_every_oidc_endpoint(sim):
    assert sim.post("/_sim/faults", {"fail_rate": 1}, token="").status == 401
    assert sim.post("/_sim/faults", {"fail_rate": 1}, token="wrong").status == 401
    assert sim.post("/_sim/faults", {"fail_rate": 1, "status": 503}).body == {"delay_ms": 0, "fail_rate": 1.0, "status": 503, "fail_next": 0, "hold_response_ms": 0}
    for path in ("/.well-known/openid-configuration", "/jwks", "/authorize"):
        reply = httpx.get(sim.base_url + path)
        assert reply.status_code == 503 and reply.json()["code"] == "simulated_fault"
    assert httpx.post(f"{sim.base_url}/token", data={}, auth=CLIENT).status_code == 503
    assert sim.get("/healthz", token="").status == 200
    assert sim.request("DELETE", "/_sim/faults", token=TOKEN).body["fail_rate"] == 0
    assert httpx.get(f"{sim.base_url}/jwks").status_code == 200


# --- pieces, without the server -------------------------------------------------------------------------

def test_codes_expire_after_sixty_seconds():
    now = [1_000_000.0]
    store = Store(clock=lambda: now[0])

    def issue() -> str:
        return store.issue_code(Grant("c", REDIRECT, "openid", None, "x" * 43, ADULT, int(now[0]), now[0] + CODE_TTL))

    fresh, stale = issue(), issue()
    now[0] += CODE_TTL - 1
    assert store.redeem(fresh) is not None
    now[0] += 2
    assert store.redeem(stale) is None


def test_redirect_uri_patterns_allow_only_a_port_in_place_of_the_star():
    pattern = _redirect_pattern("http://127.0.0.1:*/accounts/oidc/callback/")
    assert pattern.fullmatch("http://127.0.0.1:8000/accounts/oidc/callback/")
    for uri in ("http://127.0.0.1:80.evil.example/accounts/oidc/callback/", "http://127.0.0.1:8000/accounts/oidc/callback/x", "http://127.0.0.1/accounts/oidc/callback/"):
        assert not pattern.fullmatch(uri)


def test_signing_key_from_pem():
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key = SigningKey.from_pem(pem)
    assert key.alg == "ES256" and key.jwks()["keys"][0]["kid"] == key.kid and "d" not in key.jwks()["keys"][0]
    other = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ValueError):
        SigningKey.from_pem(other)
