"""API authentication: department systems with bearer keys, staff with their session."""

from __future__ import annotations

import hashlib
import secrets

from ninja.security import HttpBearer

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
