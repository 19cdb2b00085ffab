"""Two phones confirming one QR at the same moment, and two polls picking it up at the same
moment: real threads, each with its own database connection, on committed data. One wins each."""

from __future__ import annotations

import secrets
import threading

import pytest
from django.db import connection

from onestop.accounts.models import Person
from onestop.catalog.models import Hall
from onestop.kiosk import login
from onestop.kiosk.models import Kiosk, QrLoginToken
from tests.subprocesses import committed

from .conftest import HOLDER_ID, OTHER_ID

pytestmark = pytest.mark.django_db


def _kiosk_and_token():
    kiosk = Kiosk.objects.create(code=f"DM-C{secrets.token_hex(3)}", hall=Hall.objects.get(code="H440403000"))
    token, row = login.create_qr_token(kiosk)
    return kiosk, token, row.pk


@pytest.fixture
def pending():
    kiosk, token, token_id = committed(_kiosk_and_token)
    yield kiosk, token, token_id
    committed(lambda: Kiosk.objects.filter(pk=kiosk.pk).delete())


def race(calls) -> tuple[list, list]:
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except login.KioskLoginError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_phones_confirming_at_once_make_one_confirmation_and_one_login(pending):
    kiosk, token, token_id = pending
    users = [Person.objects.with_id_number(number).get().user for number in (HOLDER_ID, OTHER_ID)]
    confirmed, refused = race([lambda u=u: login.confirm_qr_token(token, u) for u in users])
    assert len(confirmed) == 1 and [e.code for e in refused] == ["qr_invalid"]
    winner = confirmed[0].confirmed_by
    picked, too_late = race([lambda: login.pick_up_qr_login(kiosk, token_id)] * 2)
    assert picked == [winner] and [e.code for e in too_late] == ["qr_invalid"]
    assert committed(lambda: QrLoginToken.objects.get(pk=token_id).used_at) is not None
