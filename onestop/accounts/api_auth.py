"""API authentication: department systems with bearer keys, staff with their session."""

from __future__ import annotations

import hashlib
import secrets

from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from .models import ApiClient


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_client(department, name: str) -> tuple[ApiClient, str]:
    """A new client and its key; the key is shown once and only its hash is kept."""
    key = "osk_" + secrets.token_urlsafe(32)
    return ApiClient.objects.create(department=department, name=name, key_hash=hash_key(key)), key


class DepartmentKey(HttpBearer):
    def authenticate(self, request, token: str):
        client = ApiClient.objects.select_related("department").filter(key_hash=hash_key(token), revoked_at__isnull=True).first()
        if client:
            request.api_client = client
        return client


class CsrfFailed(Exception):
    """A call on a signed-in session without the session's CSRF token (answered 403 csrf_failed)."""


class StaffSession(SessionAuth):
    """The signed-in user's session. CSRF is checked only when there is a session to protect: a
    call with no session and no key is unauthenticated (401), not a failed CSRF check (403)."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if key is not None else None
