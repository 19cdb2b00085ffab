"""Serialising a read-then-write across processes: count the attempts so far, then record one.

Two requests that both count before either records would both pass a limit (seen: 6 real-name checks
let through where the limit is 5). ``hold`` makes such a pair take turns."""

from __future__ import annotations

import hashlib

from django.db import connection


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def hold(*keys: str) -> None:
    """Inside a transaction: waits until no other transaction holds any of ``keys`` and holds them
    until this one ends. On PostgreSQL, transaction-level advisory locks, taken in one order so two
    holders never wait for each other. On SQLite nothing more is needed: a write transaction
    (IMMEDIATE, as the settings make it) already keeps every other writer out."""
    if not connection.in_atomic_block:
        raise RuntimeError("locks.hold() needs a transaction (transaction.atomic)")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for lock_id in sorted({_lock_id(k) for k in keys}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
