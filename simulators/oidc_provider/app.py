"""OpenID Connect provider simulator (广东省统一身份认证平台（模拟）): authorization code flow with PKCE.

Serve with: granian --interface asgi --workers 1 simulators.oidc_provider.app:app
Endpoints: /.well-known/openid-configuration, /authorize (a page listing the demo residents; a form
post issues the code), /token (client_secret_basic or client_secret_post), /jwks, /userinfo, plus
/healthz and /_sim/faults as in the other simulators. Codes, tokens and faults live in the process:
run one worker. The ID token carries ``sub`` (an HMAC of the ID number, stable per person),
``name``, ``id_number`` (证件号码, as provincial platforms give relying parties) and ``nonce``.

Simulator only: ``GET /authorize?…&auto=1&login_hint=<ID number>`` issues the code at once, without
the page, so that tests and scripts need no click. Environment: see docs/simulators.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode

from jwcrypto import jwt
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from simulators.common import (
    DEFAULT_TOKEN,
    MAX_BODY_BYTES,
    Faults,
    Problem,
    SimulatorMiddleware,
    _faults,
    _healthz,
    _on_error,
    _on_http_error,
    _on_problem,
)

from . import pages
from .keys import SigningKey

NAME = "oidc-provider"
DEFAULT_CLIENT_ID = "onestop-dev"
DEFAULT_CLIENT_SECRET = "dev-oidc-secret"  # noqa: S105 - a development default, like SIM_TOKEN's
DEFAULT_REDIRECT_URIS = "http://127.0.0.1:*/accounts/oidc/callback/,http://localhost:*/accounts/oidc/callback/"
DEFAULT_SUBJECT_KEY = "dev-oidc-subject-key"
DEFAULT_RESIDENTS_FILE = Path(__file__).resolve().parents[1] / "population_register" / "residents.json"
CLIENT_NAME = "斗门区政务服务网"
CODE_TTL = 60  # seconds
TOKEN_TTL = 600
SCOPES_SUPPORTED = ("openid", "profile")
CLAIMS_SUPPORTED = ("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "name", "id_number", "gender", "birthdate")
AUTHORIZATION_PARAMS = (
    "response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
    "code_challenge_method", "prompt", "login_hint",
)
PKCE_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
PKCE_CHALLENGE = re.compile(r"[A-Za-z0-9\-_]{43}")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthError(Exception):
    """An OAuth 2.0 error answered as JSON by /token and /userinfo (RFC 6749 §5.2, RFC 6750 §3)."""

    def __init__(self, error: str, description: str, status: int = 400, www_authenticate: str | None = None) -> None:
        super().__init__(description)
        self.error, self.description, self.status, self.www_authenticate = error, description, status, www_authenticate


class AuthorizationError(Exception):
    """An error sent back to the client's redirect URI (RFC 6749 §4.1.2.1)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error, self.description = error, description


# --- configuration ---------------------------------------------------------------------------------

def _redirect_pattern(pattern: str) -> re.Pattern[str]:
    # "*" stands for a port (digits only); everything else must match exactly.
    return re.compile("".join(r"\d{1,5}" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern)))


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    secret: str
    redirect_uris: tuple[re.Pattern[str], ...]

    def allows(self, redirect_uri: str) -> bool:
        return any(p.fullmatch(redirect_uri) for p in self.redirect_uris)

    @classmethod
    def from_env(cls) -> RegisteredClient:
        uris = os.environ.get("OIDC_SIM_REDIRECT_URIS") or DEFAULT_REDIRECT_URIS
        return cls(
            os.environ.get("OIDC_SIM_CLIENT_ID") or DEFAULT_CLIENT_ID,
            os.environ.get("OIDC_SIM_CLIENT_SECRET") or DEFAULT_CLIENT_SECRET,
            tuple(_redirect_pattern(u.strip()) for u in uris.split(",") if u.strip()),
        )


def load_residents(path: Path, subject_key: bytes) -> list[dict[str, Any]]:
    residents = json.loads(path.read_text(encoding="utf-8"))["residents"]
    for r in residents:
        r["sub"] = subject(subject_key, r["id_number"])
    return residents


def subject(key: bytes, id_number: str) -> str:
    """The same person always gets the same ``sub``; the number cannot be read back from it."""
    return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()[:32]


# --- codes and tokens ------------------------------------------------------------------------------

@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str
    resident: dict[str, Any]
    auth_time: int
    expires_at: float


@dataclass
class AccessToken:
    client_id: str
    scope: str
    resident: dict[str, Any]
    expires_at: float


@dataclass
class Store:
    """Codes are single-use: a code presented a second time is refused and the tokens issued for it
    are revoked (RFC 6749 §4.1.2)."""

    clock: Callable[[], float] = time.time
    codes: dict[str, Grant] = field(default_factory=dict)
    used_codes: dict[str, tuple[float, list[str]]] = field(default_factory=dict)
    tokens: dict[str, AccessToken] = field(default_factory=dict)

    def prune(self) -> None:
        now = self.clock()
        self.codes = {c: g for c, g in self.codes.items() if g.expires_at > now}
        self.used_codes = {c: u for c, u in self.used_codes.items() if u[0] > now}
        self.tokens = {t: a for t, a in self.tokens.items() if a.expires_at > now}

    def issue_code(self, grant: Grant) -> str:
        self.prune()
        code = secrets.token_urlsafe(32)
        self.codes[code] = grant
        return code

    def redeem(self, code: str) -> Grant | None:
        """Takes the code out of circulation, whatever happens next. None: unknown, used or expired."""
        grant = self.codes.pop(code, None)
        if grant is None:
            if code in self.used_codes:
                for token in self.used_codes[code][1]:
                    self.tokens.pop(token, None)
            return None
        self.used_codes[code] = (self.clock() + TOKEN_TTL, [])
        return grant if grant.expires_at > self.clock() else None

    def issue_token(self, code: str, grant: Grant) -> str:
        token = secrets.token_urlsafe(32)
        self.tokens[token] = AccessToken(grant.client_id, grant.scope, grant.resident, self.clock() + TOKEN_TTL)
        self.used_codes[code][1].append(token)
        return token


@dataclass
class Provider:
    client: RegisteredClient
    key: SigningKey
    residents: list[dict[str, Any]]
    store: Store
    issuer_override: str = ""

    def __post_init__(self) -> None:
        self.by_id = {r["id_number"]: r for r in self.residents}
        self.by_sub = {r["sub"]: r for r in self.residents}

    def issuer(self, request: Request) -> str:
        return self.issuer_override or str(request.base_url).rstrip("/")


def _provider(request: Request) -> Provider:
    return request.app.state.provider


# --- helpers ---------------------------------------------------------------------------------------

async def _read_form(request: Request) -> dict[str, str]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise OAuthError("invalid_request", "请求体应为 application/x-www-form-urlencoded")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise OAuthError("invalid_request", f"请求体过大（最多 {MAX_BODY_BYTES} 字节）", status=413)
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise OAuthError("invalid_request", "请求体不是有效的 UTF-8") from None
    return _single_values(pairs)


def _single_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in pairs:
        if key in values:  # RFC 6749 §3.1: parameters must not be repeated
            raise OAuthError("invalid_request", f"参数 {key} 重复")
        values[key] = value
    return values


def _redirect(uri: str, params: Mapping[str, str | None]) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return RedirectResponse(f"{uri}{'&' if '?' in uri else '?'}{query}", status_code=302)


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def _at_hash(access_token: str) -> str:
    # Left half of SHA-256 (RS256 and ES256 both hash with SHA-256), base64url (OIDC Core §3.1.3.6).
    return base64.urlsafe_b64encode(hashlib.sha256(access_token.encode()).digest()[:16]).rstrip(b"=").decode()


def _profile_claims(resident: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "sub": resident["sub"],
        "name": resident["name"],
        "id_number": resident["id_number"],
        "gender": "male" if resident["gender"] == "男" else "female",
        "birthdate": resident["birth_date"],
    }


# --- endpoints -------------------------------------------------------------------------------------

async def discovery(request: Request) -> JSONResponse:
    provider = _provider(request)
    issuer = provider.issuer(request)
    return JSONResponse({
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "jwks_uri": f"{issuer}/jwks",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [provider.key.alg],
        "scopes_supported": list(SCOPES_SUPPORTED),
        "claims_supported": list(CLAIMS_SUPPORTED),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": True,
        "ui_locales_supported": ["zh-CN"],
        "simulated": True,
    })


async def jwks(request: Request) -> JSONResponse:
    return JSONResponse(_provider(request).key.jwks())


def _check_authorization_request(params: Mapping[str, str]) -> None:
    if params.get("response_type") != "code":
        raise AuthorizationError("unsupported_response_type", "仅支持授权码模式（response_type=code）")
    if "openid" not in params.get("scope", "").split():
        raise AuthorizationError("invalid_scope", "scope 必须包含 openid")
    if params.get("code_challenge_method") != "S256":
        raise AuthorizationError("invalid_request", "必须使用 PKCE，code_challenge_method=S256")
    if not PKCE_CHALLENGE.fullmatch(params.get("code_challenge", "")):
        raise AuthorizationError("invalid_request", "code_challenge 应为43个字符的 base64url 值")


async def authorize(request: Request) -> Response:
    provider = _provider(request)
    try:
        if request.method == "POST":
            params = await _read_form(request)
        else:
            params = _single_values(list(request.query_params.multi_items()))
    except OAuthError as error:
        return HTMLResponse(pages.error_page(error.description, error.error), status_code=400)
    # Until the client and its redirect URI are known good, errors are shown here, never redirected.
    if params.get("client_id") != provider.client.client_id:
        return HTMLResponse(pages.error_page("未登记的应用（client_id）", "invalid_client"), status_code=400)
    redirect_uri = params.get("redirect_uri", "")
    if not provider.client.allows(redirect_uri):
        return HTMLResponse(pages.error_page("回调地址（redirect_uri）未登记", "invalid_redirect_uri"), status_code=400)
    state, issuer = params.get("state"), provider.issuer(request)
    try:
        _check_authorization_request(params)
        if request.method == "POST":
            if params.get("action") == "deny":
                raise AuthorizationError("access_denied", "用户取消了登录")
            resident = provider.by_sub.get(params.get("subject", ""))
            if resident is None:
                raise AuthorizationError("invalid_request", "未选择登录的居民")
        elif params.get("auto") == "1":  # simulator only: log in as login_hint without the page
            resident = provider.by_id.get(params.get("login_hint", "").strip().upper())
            if resident is None:
                raise AuthorizationError("login_required", "login_hint 不是演示居民的证件号码")
        elif params.get("prompt") == "none":
            raise AuthorizationError("login_required", "需要用户登录")
        else:
            shown = {k: params[k] for k in AUTHORIZATION_PARAMS if k in params}
            return HTMLResponse(pages.login_page(shown, provider.residents, CLIENT_NAME))
    except AuthorizationError as error:
        return _redirect(redirect_uri, {"error": error.error, "error_description": error.description, "state": state, "iss": issuer})
    now = provider.store.clock()
    code = provider.store.issue_code(Grant(
        client_id=provider.client.client_id, redirect_uri=redirect_uri, scope=params["scope"],
        nonce=params.get("nonce") or None, code_challenge=params["code_challenge"], resident=resident,
        auth_time=int(now), expires_at=now + CODE_TTL,
    ))
    return _redirect(redirect_uri, {"code": code, "state": state, "iss": issuer})


def _authenticate_client(provider: Provider, request: Request, form: Mapping[str, str]) -> RegisteredClient:
    header = request.headers.get("authorization", "")
    basic_challenge = 'Basic realm="oidc-simulator"'
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            raise OAuthError("invalid_client", "客户端认证应使用 HTTP Basic", 401, basic_challenge)
        if "client_secret" in form:
            raise OAuthError("invalid_request", "只能使用一种客户端认证方式")
        try:
            client_id, sep, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            raise OAuthError("invalid_client", "Authorization 头无法解析", 401, basic_challenge) from None
        if not sep:
            raise OAuthError("invalid_client", "Authorization 头无法解析", 401, basic_challenge)
        client_id, secret = unquote_plus(client_id), unquote_plus(secret)  # RFC 6749 §2.3.1
        if form.get("client_id", client_id) != client_id:
            raise OAuthError("invalid_request", "client_id 与 Authorization 头不一致")
        challenge: str | None = basic_challenge
    elif "client_secret" in form:
        client_id, secret, challenge = form.get("client_id", ""), form["client_secret"], None
    else:
        raise OAuthError("invalid_client", "缺少客户端认证", 401, basic_challenge)
    registered = provider.client
    if not (
        hmac.compare_digest(client_id.encode(), registered.client_id.encode())
        and hmac.compare_digest(secret.encode(), registered.secret.encode())
    ):
        raise OAuthError("invalid_client", "客户端认证失败", 401, challenge)
    return registered


def _id_token(provider: Provider, issuer: str, grant: Grant, access_token: str) -> str:
    now = int(provider.store.clock())
    claims = {
        "iss": issuer, "aud": grant.client_id, "iat": now, "exp": now + TOKEN_TTL, "auth_time": grant.auth_time,
        "at_hash": _at_hash(access_token), **_profile_claims(grant.resident),
    }
    if grant.nonce is not None:
        claims["nonce"] = grant.nonce
    token = jwt.JWT(header={"alg": provider.key.alg, "kid": provider.key.kid, "typ": "JWT"}, claims=claims)
    token.make_signed_token(provider.key.key)
    return token.serialize()


async def token(request: Request) -> JSONResponse:
    provider = _provider(request)
    form = await _read_form(request)
    client = _authenticate_client(provider, request, form)
    if form.get("grant_type") != "authorization_code":
        raise OAuthError("unsupported_grant_type", "仅支持 grant_type=authorization_code")
    code = form.get("code", "")
    if not code:
        raise OAuthError("invalid_request", "缺少 code")
    grant = provider.store.redeem(code)
    if grant is None:
        raise OAuthError("invalid_grant", "授权码无效、已使用或已过期")
    if grant.client_id != client.client_id:
        raise OAuthError("invalid_grant", "授权码不是签发给该客户端的")
    if form.get("redirect_uri") != grant.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri 与授权请求不一致")
    verifier = form.get("code_verifier", "")
    if not PKCE_VERIFIER.fullmatch(verifier) or not hmac.compare_digest(_s256(verifier), grant.code_challenge):
        raise OAuthError("invalid_grant", "PKCE 校验失败（code_verifier）")
    access_token = provider.store.issue_token(code, grant)
    return JSONResponse({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_TTL,
        "scope": grant.scope,
        "id_token": _id_token(provider, provider.issuer(request), grant, access_token),
    }, headers=NO_STORE)


async def userinfo(request: Request) -> JSONResponse:
    provider = _provider(request)
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise OAuthError("invalid_request", "缺少访问令牌", 401, 'Bearer realm="oidc-simulator"')
    grant = provider.store.tokens.get(value.strip())
    if grant is None or grant.expires_at <= provider.store.clock():
        raise OAuthError("invalid_token", "访问令牌无效或已过期", 401, 'Bearer realm="oidc-simulator", error="invalid_token"')
    return JSONResponse(_profile_claims(grant.resident), headers=NO_STORE)


# --- the app ---------------------------------------------------------------------------------------

class ProviderMiddleware(SimulatorMiddleware):
    """The other simulators' middleware, except that the OIDC endpoints authenticate in OAuth's own
    ways: only ``/_sim/*`` needs the simulator token, and faults apply to every OIDC endpoint."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_labelled(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-simulator", self.name.encode())]
            await send(message)

        path: str = scope["path"]
        response = None
        if path.startswith("/_sim/"):
            response = self._check_token(Headers(scope=scope))
        elif path != "/healthz":
            response = await self._apply_faults(scope["app"].state.faults)
        if response is not None:
            await response(scope, receive, send_labelled)
        else:
            await self.app(scope, receive, send_labelled)


async def _on_oauth_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OAuthError)
    headers = dict(NO_STORE)
    if exc.www_authenticate:
        headers["WWW-Authenticate"] = exc.www_authenticate
    return JSONResponse({"error": exc.error, "error_description": exc.description}, status_code=exc.status, headers=headers)


def create_app(residents_file: Path | None = None, clock: Callable[[], float] = time.time) -> Starlette:
    app = Starlette(
        routes=[
            Route("/healthz", _healthz, methods=["GET"]),
            Route("/_sim/faults", _faults, methods=["GET", "POST", "DELETE"]),
            Route("/.well-known/openid-configuration", discovery, methods=["GET"]),
            Route("/authorize", authorize, methods=["GET", "POST"]),
            Route("/token", token, methods=["POST"]),
            Route("/jwks", jwks, methods=["GET"]),
            Route("/userinfo", userinfo, methods=["GET", "POST"]),
        ],
        middleware=[Middleware(ProviderMiddleware, name=NAME, token=os.environ.get("SIM_TOKEN") or DEFAULT_TOKEN)],
        exception_handlers={
            OAuthError: _on_oauth_error, Problem: _on_problem, HTTPException: _on_http_error, Exception: _on_error,
        },
    )
    path = residents_file or Path(
        os.environ.get("OIDC_SIM_RESIDENTS_FILE") or os.environ.get("POPULATION_RESIDENTS_FILE") or DEFAULT_RESIDENTS_FILE
    )
    subject_key = (os.environ.get("OIDC_SIM_SUBJECT_KEY") or DEFAULT_SUBJECT_KEY).encode()
    app.state.name = NAME
    app.state.faults = Faults()
    app.state.provider = Provider(
        client=RegisteredClient.from_env(),
        key=SigningKey.from_env(),
        residents=load_residents(path, subject_key),
        store=Store(clock=clock),
        issuer_override=(os.environ.get("OIDC_SIM_ISSUER") or "").rstrip("/"),
    )
    return app


app = create_app()
