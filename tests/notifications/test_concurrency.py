"""Two workers given the same delivery at the same moment: one sends, the other finds it taken
(PostgreSQL: real concurrent connections; the rows are committed and removed afterwards)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from onestop.accounts.models import User
from onestop.notifications import delivery, services
from tests.subprocesses import committed

from .conftest import new_user, only, sent_to

pytestmark = [
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                       reason="needs a database with concurrent writers (PostgreSQL)"),
    pytest.mark.django_db,
]


def _make():
    user = new_user()
    return user, only(services.notify(user, "case.submitted", {"item": "居民身份证换领", "number": "DM-TEST-4"}), "sms").pk


def test_two_workers_never_both_send(gateway):
    gateway.post("/_sim/faults", {"delay_ms": 300})  # the first sender is still at the gateway when the second tries
    user, pk = committed(_make)
    outcomes, barrier = [], threading.Barrier(2)

    def work():
        try:
            barrier.wait()
            outcomes.append(delivery.deliver(pk))
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes, key=str) == [None, "delivered"]
        assert len(sent_to(gateway, user.mobile)) == 1
    finally:
        committed(lambda: User.objects.filter(pk=user.pk).delete())
