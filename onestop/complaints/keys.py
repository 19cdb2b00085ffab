"""Open311 api_keys: random, shown once when made, stored as a keyed hash."""

from __future__ import annotations

import secrets

from django.utils import timezone

from onestop.core import protection

from .models import Open311Key

PREFIX = "o311_"


def make_key(name: str) -> tuple[Open311Key, str]:
    key = PREFIX + secrets.token_urlsafe(24)
    row = Open311Key.objects.create(name=name, key_hash=protection.lookup_hash(f"open311:{key}"), prefix=key[:8])
    return row, key


def check(key: str) -> Open311Key | None:
    key = (key or "").strip()
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    row = Open311Key.objects.filter(key_hash=protection.lookup_hash(f"open311:{key}"), active=True).first()
    if row is not None:
        Open311Key.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row
