"""ID numbers at rest and in logs (DESIGN §4 "Personal data")."""

import base64
import io
import json
import logging

import pytest
from django.conf import settings
from django.db import connection

from onestop.accounts import services
from onestop.accounts.models import IdentityClaim, Person
from onestop.core import protection
from onestop.core.logging import MaskIdNumbers

from .helpers import UNREGISTERED_CARRIER_MOBILE, UNREGISTERED_ID, UNREGISTERED_NAME

pytestmark = pytest.mark.usefixtures("db")
RESIDENTS = json.loads((settings.BASE_DIR / "simulators/population_register/residents.json").read_text())["residents"]


def test_no_column_of_the_person_table_holds_a_clear_id_number():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Person._meta.db_table}")
        table = repr(cursor.fetchall())
    assert len(RESIDENTS) == 73
    assert [r["id_number"] for r in RESIDENTS if r["id_number"] in table] == []


def test_a_registered_id_number_is_stored_encrypted(outside_systems):
    mobile = UNREGISTERED_CARRIER_MOBILE
    services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile)
    services.finish_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile, outside_systems.last_otp(mobile))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Person._meta.db_table} WHERE mobile = %s", [mobile])
        [row] = cursor.fetchall()
    assert UNREGISTERED_ID not in repr(row) and "440403********4250" in row


def test_an_unverified_claim_stores_the_id_number_encrypted(outside_systems, mobile):
    services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile)
    user = services.finish_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile, outside_systems.last_otp(mobile))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {IdentityClaim._meta.db_table} WHERE user_id = %s", [user.pk])
        [row] = cursor.fetchall()
    assert UNREGISTERED_ID not in repr(row) and "440403********4250" in row


def test_the_stored_id_number_decrypts_and_is_found_by_its_hash():
    person = Person.objects.with_id_number("44040319521113948x").get()
    assert (person.name, person.id_number(), person.id_masked) == ("周金妹", "44040319521113948X", "440403********948X")


def test_the_same_id_number_encrypts_differently_each_time():
    assert protection.encrypt(UNREGISTERED_ID) != protection.encrypt(UNREGISTERED_ID)


def test_a_tampered_ciphertext_raises_protected_value_error():
    token = Person.objects.with_id_number(UNREGISTERED_ID).get().id_number_encrypted
    version, payload = token.split(":")
    raw = bytearray(base64.b64decode(payload))
    raw[14] ^= 1
    with pytest.raises(protection.ProtectedValueError):
        protection.decrypt(f"{version}:{base64.b64encode(raw).decode()}")


@pytest.mark.parametrize("bad", ["s1:", "s1:not base64!!", "s1:" + base64.b64encode(b"short").decode()])
def test_a_truncated_or_malformed_ciphertext_raises_protected_value_error(bad):
    with pytest.raises(protection.ProtectedValueError):
        protection.decrypt(bad)


def masked_output(message, *args, **kwargs) -> str:
    """What a handler with the masking filter writes for one record."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskIdNumbers())
    logger = logging.getLogger("tests.masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error(message, *args, **kwargs)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_the_log_filter_masks_an_id_number_in_a_message():
    output = masked_output("resident %s not found", UNREGISTERED_ID)
    assert UNREGISTERED_ID not in output and "440403********4250" in output


def test_a_ciphertext_of_another_version_raises_protected_value_error():
    with pytest.raises(protection.ProtectedValueError):
        protection.decrypt(protection.encrypt(UNREGISTERED_ID).replace("s1:", "s2:"))


def test_the_log_filter_masks_an_id_number_in_a_logged_exception():
    try:
        raise LookupError(f"no resident {UNREGISTERED_ID}")
    except LookupError:
        output = masked_output("lookup failed", exc_info=True)
    assert UNREGISTERED_ID not in output


def test_registration_logs_no_clear_id_number(outside_systems, mobile, caplog):
    # finish_registration GETs /v1/residents/<id>, which httpx logs at INFO; the masking filter on
    # the configured root handler must have rewritten that record before any other handler sees it.
    caplog.set_level(logging.DEBUG)
    services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile)
    services.finish_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile, outside_systems.last_otp(mobile))
    assert [r.getMessage() for r in caplog.records if UNREGISTERED_ID in r.getMessage()] == []
    assert UNREGISTERED_ID not in caplog.text

