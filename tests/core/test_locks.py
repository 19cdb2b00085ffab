"""Counted attempts (count so far, then record one) taken by concurrent requests, each thread with
its own PostgreSQL connection: a limit of N lets exactly N through. SQLite serialises every writer
by itself (IMMEDIATE transactions), so the race needs PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from onestop.accounts import identity
from onestop.accounts.models import IdentityCheck
from onestop.certs import public_check
from onestop.certs.models import PublicCheck
from onestop.core import locks, protection

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 15


def _race(attempt) -> list[str]:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent writers need PostgreSQL (SQLite serialises every writer)")
    start, outcomes = threading.Barrier(ATTEMPTS), []

    def run(i):
        try:
            start.wait()
            attempt(i)
            outcomes.append("passed")
        except (identity.IdentityError, public_check.TooManyChecks):
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - asserted below
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_concurrent_real_name_checks_of_one_id_number_stop_at_the_daily_limit():
    id_number = "440403193605167396"
    outcomes = _race(lambda i: identity.count_check(id_number, f"10.0.0.{i}"))
    assert outcomes.count("passed") == identity.CHECKS_PER_ID_PER_DAY, outcomes
    assert outcomes.count("refused") == ATTEMPTS - identity.CHECKS_PER_ID_PER_DAY, outcomes
    assert IdentityCheck.objects.filter(id_hash=protection.lookup_hash(id_number)).count() == identity.CHECKS_PER_ID_PER_DAY


def test_concurrent_public_checks_from_one_address_stop_at_the_limit(monkeypatch):
    monkeypatch.setattr(public_check, "CHECKS_PER_WINDOW", 5)
    outcomes = _race(lambda i: public_check.verify_publicly("OSP:not-a-real-code", "198.51.100.7"))
    assert outcomes.count("passed") == 5, outcomes
    assert outcomes.count("refused") == ATTEMPTS - 5, outcomes
    assert PublicCheck.objects.count() == 5


def test_holding_a_lock_needs_a_transaction():
    with pytest.raises(RuntimeError):
        locks.hold("anything")
    with transaction.atomic():
        locks.hold("anything", "anything")  # the same key twice is taken once
