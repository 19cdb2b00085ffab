"""Login through an OpenID Connect provider: the provincial identity platform (广东省统一身份认证平台).

Authorization code flow with PKCE (S256). ``oidc_start`` keeps state, nonce and the PKCE verifier in
the session and sends the browser to the provider; ``oidc_callback`` checks the state, exchanges the
code, verifies the ID token against the provider's JWKS (signature, iss, aud, exp, iat, nonce,
at_hash: Authlib's claim rules over joserfc) and logs in the person whose citizen ID number the
provider returned. The real-name check is the provider's: a resident new to the platform gets a
citizen account (without a mobile number) on first login.

Settings (environment variables, README): ONESTOP_OIDC_ISSUER (empty: OIDC login is off and both
views answer 404), ONESTOP_OIDC_CLIENT_ID, ONESTOP_OIDC_CLIENT_SECRET, ONESTOP_OIDC_SCOPES,
ONESTOP_OIDC_ID_NUMBER_CLAIM (the claim carrying 证件号码), ONESTOP_OIDC_PROVIDER_NAME (shown to
citizens), ONESTOP_OIDC_REDIRECT_URI (empty: built from the request). Every failure is a page
(accounts/oidc_error.html) with a specific message: 400 for the citizen's side, 502 when the provider
cannot be reached or answers wrongly, 403 for an account that may not log in this way.
"""

from __future__ import annotations

import base64
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

import httpx
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from joserfc import jwt
from joserfc.errors import ClaimError, InvalidKeyIdError, JoseError, MissingKeyError
from joserfc.jwk import KeySet

from onestop.core import protection

from . import identity, login_policy, services
from .clients import ServiceUnavailable, population
from .models import IdentityVerification, Person, User

log = logging.getLogger(__name__)

SESSION_KEY = "oidc_pending"
PENDING_TTL = 600  # seconds a citizen may spend at the provider
MAX_PENDING = 5  # logins started in other tabs that are still honoured
METADATA_TTL = 300  # discovery document and JWKS are re-read after this (and at once on an unknown key id)
LEEWAY = 60  # seconds of clock difference allowed on exp / iat
# Asymmetric signatures only: never "none", never HS* with the client secret.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
DEFAULT_PROVIDER_NAME = "广东省统一身份认证平台"


class OidcError(Exception):
    """A login that cannot go on: ``message`` for the citizen (Chinese), ``reason`` for the log."""

    def __init__(self, message: str, status: int = 400, reason: str = "") -> None:
        super().__init__(reason or message)
        self.message, self.status, self.reason = message, status, reason or message


@dataclass(frozen=True)
class Config:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    id_number_claim: str
    provider_name: str
    redirect_uri: str
    timeout: float


def config() -> Config | None:
    """The provider's settings, or None when OIDC login is off (no issuer)."""
    issuer = (getattr(settings, "ONESTOP_OIDC_ISSUER", "") or "").strip()
    if not issuer:
        return None
    return Config(
        issuer=issuer,
        client_id=getattr(settings, "ONESTOP_OIDC_CLIENT_ID", "") or "",
        client_secret=getattr(settings, "ONESTOP_OIDC_CLIENT_SECRET", "") or "",
        scopes=getattr(settings, "ONESTOP_OIDC_SCOPES", "") or "openid profile",
        id_number_claim=getattr(settings, "ONESTOP_OIDC_ID_NUMBER_CLAIM", "") or "id_number",
        provider_name=getattr(settings, "ONESTOP_OIDC_PROVIDER_NAME", "") or DEFAULT_PROVIDER_NAME,
        redirect_uri=getattr(settings, "ONESTOP_OIDC_REDIRECT_URI", "") or "",
        timeout=float(getattr(settings, "ONESTOP_OUTSIDE_TIMEOUT_SECONDS", 3)),
    )


def enabled() -> bool:
    return config() is not None


def provider_name() -> str:
    return getattr(settings, "ONESTOP_OIDC_PROVIDER_NAME", "") or DEFAULT_PROVIDER_NAME


def _unavailable(cfg: Config, reason: str) -> OidcError:
    return OidcError(f"{cfg.provider_name}暂时无法访问，请稍后再试，或使用短信验证码登录。", 502, reason)


def _misconfigured(cfg: Config, reason: str) -> OidcError:
    return OidcError(f"本网站与{cfg.provider_name}的对接出现问题，暂时无法通过该平台登录，请使用短信验证码登录。", 502, reason)


def _untrusted(cfg: Config, reason: str) -> OidcError:
    return OidcError(f"{cfg.provider_name}返回的身份凭证未通过校验，为保护您的账号，本次登录未成功。请重新登录。", 502, reason)


# --- talking to the provider (each call bounded by ONESTOP_OUTSIDE_TIMEOUT_SECONDS) ----------------

# Per-process caches of public documents: processes need not agree, and a stale key set is re-read.
_metadata_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, KeySet]] = {}


def forget_provider() -> None:
    """Drops the cached discovery documents and key sets (tests; after a provider changes)."""
    _metadata_cache.clear()
    _jwks_cache.clear()


def _get_json(cfg: Config, url: str, what: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=cfg.timeout, headers={"Accept": "application/json", **(headers or {})})
    except httpx.HTTPError as exc:
        raise _unavailable(cfg, f"{what}: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise _unavailable(cfg, f"{what}: HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise _unavailable(cfg, f"{what}: not a JSON object")
    return body


def provider_metadata(cfg: Config) -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0), checked and cached."""
    cached = _metadata_cache.get(cfg.issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    metadata = _get_json(cfg, cfg.issuer.rstrip("/") + "/.well-known/openid-configuration", "discovery")
    if metadata.get("issuer") != cfg.issuer:
        raise _misconfigured(cfg, f"discovery names issuer {metadata.get('issuer')!r}, configured {cfg.issuer!r}")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = metadata.get(name)
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            raise _misconfigured(cfg, f"discovery has no usable {name}")
    _metadata_cache[cfg.issuer] = (time.monotonic() + METADATA_TTL, metadata)
    return metadata


def _key_set(cfg: Config, metadata: dict[str, Any], refresh: bool = False) -> KeySet:
    uri = metadata["jwks_uri"]
    cached = _jwks_cache.get(uri)
    if cached and cached[0] > time.monotonic() and not refresh:
        return cached[1]
    try:
        keys = KeySet.import_key_set(_get_json(cfg, uri, "jwks"))
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise _untrusted(cfg, f"jwks: {type(exc).__name__}: {exc}") from None
    _jwks_cache[uri] = (time.monotonic() + METADATA_TTL, keys)
    return keys


def _token_auth(cfg: Config, metadata: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Client authentication: client_secret_basic unless the provider offers only client_secret_post."""
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in methods and "client_secret_post" in methods:
        return {}, {"client_id": cfg.client_id, "client_secret": cfg.client_secret}
    # RFC 6749 §2.3.1: form-encode id and secret before joining them.
    pair = f"{quote_plus(cfg.client_id)}:{quote_plus(cfg.client_secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}, {}


def exchange_code(cfg: Config, metadata: dict[str, Any], code: str, redirect_uri: str, code_verifier: str) -> dict[str, Any]:
    headers, credentials = _token_auth(cfg, metadata)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": code_verifier}
    try:
        response = httpx.post(
            metadata["token_endpoint"], data={**data, **credentials}, timeout=cfg.timeout,
            headers={"Accept": "application/json", **headers},
        )
    except httpx.HTTPError as exc:
        raise _unavailable(cfg, f"token: {type(exc).__name__}") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    if response.status_code == 200 and isinstance(body.get("id_token"), str) and isinstance(body.get("access_token"), str):
        return body
    error = body.get("error") if isinstance(body.get("error"), str) else ""
    reason = f"token: HTTP {response.status_code} {error}".strip()
    if error == "invalid_grant":
        raise OidcError("登录凭证已失效（可能已经使用过或已超时），请重新登录。", 400, reason)
    if error in ("invalid_client", "unauthorized_client") or response.status_code == 401:
        raise _misconfigured(cfg, reason)
    if response.status_code == 200:
        raise _untrusted(cfg, "token: answer has no id_token or access_token")
    if 400 <= response.status_code < 500 and error:
        raise _misconfigured(cfg, reason)
    raise _unavailable(cfg, reason)


def verify_id_token(cfg: Config, metadata: dict[str, Any], id_token: str, nonce: str, access_token: str | None) -> dict[str, Any]:
    """The ID token's claims, once its signature (provider's JWKS), iss, aud, exp, iat, nonce and
    at_hash are checked."""
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [a for a in offered if a in SIGNING_ALGORITHMS]
    if not algorithms:
        raise _misconfigured(cfg, f"no acceptable ID token algorithm among {offered!r}")
    try:
        try:
            token = jwt.decode(id_token, _key_set(cfg, metadata), algorithms=algorithms)
        except (InvalidKeyIdError, MissingKeyError):  # the provider rolled its keys: read them again once
            token = jwt.decode(id_token, _key_set(cfg, metadata, refresh=True), algorithms=algorithms)
    except JoseError as exc:
        raise _untrusted(cfg, f"id_token signature: {type(exc).__name__}: {exc}") from None
    except ValueError as exc:  # not a compact JWS at all
        raise _untrusted(cfg, f"id_token: {exc}") from None
    claims = CodeIDToken(
        token.claims,
        token.header,
        options={"iss": {"essential": True, "value": cfg.issuer}, "aud": {"essential": True, "value": cfg.client_id}},
        params={"nonce": nonce, "client_id": cfg.client_id, "access_token": access_token},
    )
    try:
        claims.validate(leeway=LEEWAY)
    except ClaimError as exc:
        if exc.claim == "nonce":
            raise OidcError("登录请求与本次会话不匹配，请重新登录。", 400, "id_token nonce mismatch") from None
        raise _untrusted(cfg, f"id_token claims: {exc}") from None
    return dict(claims)


def userinfo(cfg: Config, metadata: dict[str, Any], access_token: str, subject: str) -> dict[str, Any]:
    """Claims from the UserInfo endpoint, for providers that keep 证件号码 out of the ID token."""
    endpoint = metadata.get("userinfo_endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return {}
    claims = _get_json(cfg, endpoint, "userinfo", headers={"Authorization": f"Bearer {access_token}"})
    if claims.get("sub") != subject:  # OpenID Connect Core §5.3.2
        raise _untrusted(cfg, "userinfo sub differs from the ID token's")
    return claims


# --- the account -------------------------------------------------------------------------------------

def identity_from_claims(cfg: Config, claims: dict[str, Any]) -> tuple[str, str]:
    """(name, ID number) from the provider's claims, checked like every ID number that enters."""
    name, id_number = claims.get("name"), claims.get(cfg.id_number_claim)
    if not isinstance(name, str) or not isinstance(id_number, str) or not name.strip() or not id_number.strip():
        raise OidcError(
            f"{cfg.provider_name}没有提供您的姓名和证件号码，无法确认您的身份，请使用短信验证码登录。", 502,
            f"claims lack name or {cfg.id_number_claim}",
        )
    try:
        return services.validate_identity(name, id_number)
    except services.AccountError as error:
        raise OidcError(
            f"{cfg.provider_name}提供的身份信息无法用于本网站登录（{error.message}）。目前仅支持居民身份证，请使用短信验证码登录。",
            400, f"provider identity rejected: {error.code}",
        ) from None


def _check_may_log_in(user: User) -> User:
    if not user.is_active:
        raise OidcError("该账号已停用，如有疑问请拨打 12345 政务服务便民热线。", 403, "account inactive")
    if user.kind != User.Kind.CITIZEN:
        raise OidcError("工作人员账号请从“工作人员登录”入口登录。", 403, "not a citizen account")
    return user


def _create_citizen(person: Person, name: str, id_number: str, record: dict[str, Any]) -> User:
    """A new account for a person vouched for by the provider: no mobile number (the citizen can
    add one later), a random username, no usable password."""
    user = User.objects.create_user(username=f"oidc-{secrets.token_hex(8)}", kind=User.Kind.CITIZEN, mobile=None)
    identity.bind(user, person, name, id_number, record)
    identity.record(user, person, IdentityVerification.Method.OIDC, f"{provider_name()}登录核验")
    return user


def account_for_identity(name: str, id_number: str) -> User:
    """The citizen account of the person with this ID number; created if the person has none."""
    if not Person.objects.with_id_number(id_number).filter(user__isnull=False).exists():
        # Outside systems are asked before the transaction; the profile details can wait if it is down.
        try:
            record = population.resident(id_number) or {}
        except (ServiceUnavailable, ValueError):
            record = {}
    else:
        record = {}
    for attempt in range(2):
        try:
            with transaction.atomic():
                person = Person.objects.with_id_number(id_number).select_for_update(of=("self",)).select_related("user").first()
                if person is not None and person.user_id:
                    return _check_may_log_in(person.user)
                return _create_citizen(person or Person(), name, id_number, record)
        except IntegrityError:
            if attempt:  # a second login of the same person created the account meanwhile: use it
                raise OidcError("登录时发生冲突，请重新登录。", 400, "account creation conflict") from None
    raise AssertionError("unreachable")


# --- views ---------------------------------------------------------------------------------------------

def _config_or_404() -> Config:
    cfg = config()
    if cfg is None:
        raise Http404("OIDC login is off")
    return cfg


def _error_page(request, cfg: Config, error: OidcError):
    log.warning("OIDC login failed (%s): %s", error.status, error.reason)
    context = {"message": error.message, "provider_name": cfg.provider_name, "retry_url": reverse("accounts:oidc-start")}
    return render(request, "accounts/oidc_error.html", context, status=error.status)


def _pending(request) -> dict[str, dict[str, Any]]:
    now = time.time()
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict):
        return {}
    return {s: p for s, p in pending.items() if isinstance(p, dict) and now - p.get("started", 0) < PENDING_TTL}


def _next_url(request) -> str:
    target = request.GET.get("next") or "/my/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()) else "/my/"


@require_GET
def oidc_start(request):
    cfg = _config_or_404()
    try:
        metadata = provider_metadata(cfg)
    except OidcError as error:
        return _error_page(request, cfg, error)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    redirect_uri = cfg.redirect_uri or request.build_absolute_uri(reverse("accounts:oidc-callback"))
    pending = _pending(request)
    pending[state] = {
        "nonce": nonce, "verifier": verifier, "redirect_uri": redirect_uri, "issuer": cfg.issuer,
        "next": _next_url(request), "started": time.time(),
    }
    newest = sorted(pending.items(), key=lambda item: item[1]["started"])[-MAX_PENDING:]
    request.session[SESSION_KEY] = dict(newest)
    url = add_params_to_uri(metadata["authorization_endpoint"], [
        ("response_type", "code"),
        ("client_id", cfg.client_id),
        ("redirect_uri", redirect_uri),
        ("scope", cfg.scopes),
        ("state", state),
        ("nonce", nonce),
        ("code_challenge", create_s256_code_challenge(verifier)),
        ("code_challenge_method", "S256"),
    ])
    return HttpResponseRedirect(url)


def _finish(request, cfg: Config) -> tuple[User, str]:
    pending_all = _pending(request)
    state = request.GET.get("state", "")
    pending = pending_all.pop(state, None) if state else None
    request.session[SESSION_KEY] = pending_all  # a state is good for one callback only
    if pending is None or pending.get("issuer") != cfg.issuer:
        raise OidcError("登录请求已失效或不是从本网站发起的，请重新登录。", 400, "unknown or reused state")
    if request.GET.get("iss") not in (None, cfg.issuer):  # RFC 9207: answer from another provider
        raise OidcError("登录应答不是来自预期的身份认证平台，请重新登录。", 400, "iss parameter mismatch")
    if error := request.GET.get("error"):
        if error == "access_denied":
            raise OidcError(f"您已取消在{cfg.provider_name}的登录。", 400, "access_denied")
        raise OidcError(f"{cfg.provider_name}未完成登录（{error[:40]}），请重新登录。", 400, f"provider error {error[:40]}")
    code = request.GET.get("code", "")
    if not code:
        raise OidcError("登录应答缺少授权码，请重新登录。", 400, "no code")
    metadata = provider_metadata(cfg)
    tokens = exchange_code(cfg, metadata, code, pending["redirect_uri"], pending["verifier"])
    claims = verify_id_token(cfg, metadata, tokens["id_token"], pending["nonce"], tokens["access_token"])
    if not (isinstance(claims.get("name"), str) and isinstance(claims.get(cfg.id_number_claim), str)):
        claims = {**userinfo(cfg, metadata, tokens["access_token"], claims["sub"]), **claims}
    name, id_number = identity_from_claims(cfg, claims)
    claim = identity.pending_claim(request.user)
    if claim is not None and claim.id_hash == protection.lookup_hash(id_number):
        # The logged-in account waits for exactly this identity: the platform has now proven it.
        return _verify_pending(request.user, name, id_number, cfg), pending["next"]
    return account_for_identity(name, id_number), pending["next"]


def _verify_pending(user: User, name: str, id_number: str, cfg: Config) -> User:
    try:
        record = population.resident(id_number) or {}
    except (ServiceUnavailable, ValueError):
        record = {}
    try:
        identity.verify_by_provider(user, id_number, cfg.provider_name, record)
    except identity.IdentityError as error:
        raise OidcError(error.message, 409, error.code) from None
    return user


@require_GET
def oidc_callback(request):
    cfg = _config_or_404()
    try:
        user, target = _finish(request, cfg)
    except OidcError as error:
        return _error_page(request, cfg, error)
    login(request, user, backend=login_policy.BACKEND)
    return HttpResponseRedirect(target)
