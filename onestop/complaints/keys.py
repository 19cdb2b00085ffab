"""Open311 api_keys: random, shown once when made, stored as a keyed hash."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
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


WINDOW = dt.timedelta(hours=1)


def retry_after(key: Open311Key, now=None) -> int:
    """Seconds until ``key`` may POST another report (0: now). Counts the reports the key made in
    the last hour, so the limit holds across every app process."""
    now = now or timezone.now()
    recent = key.reports.filter(created_at__gt=now - WINDOW)
    limit = settings.ONESTOP_OPEN311_POSTS_PER_KEY_PER_HOUR
    if recent.count() < limit:
        return 0
    # The oldest reports leave the window first; the one that brings the count below the limit decides.
    freed_at = recent.order_by("-created_at").values_list("created_at", flat=True)[limit - 1] + WINDOW
    return max(1, int((freed_at - now).total_seconds()) + 1)
