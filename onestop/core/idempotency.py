"""Idempotency-Key handling for POSTs that create something (DESIGN §5)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction

from .models import IdempotencyRecord


class IdempotencyConflict(Exception):
    """The key was used before with a different request."""


def run_once(scope: str, key: str | None, request_data: dict, create: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """Runs ``create`` once per (scope, key) and returns its (status, body) to every retry."""
    if not key:
        return create()
    request_hash = hashlib.sha256(json.dumps(request_data, sort_keys=True, default=str).encode()).hexdigest()
    existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if existing:
        if existing.request_hash != request_hash:
            raise IdempotencyConflict
        return existing.status, existing.body
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyRecord.objects.create(scope=scope, key=key, request_hash=request_hash, status=status, body=body)
    except IntegrityError:
        # A concurrent request with the same key won: answer with its result.
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is None:
            raise
        if existing.request_hash != request_hash:
            raise IdempotencyConflict from None
        return existing.status, existing.body
    return status, body
