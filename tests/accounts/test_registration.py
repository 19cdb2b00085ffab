"""Registration with a real name (population-register simulator) and an SMS code (SMS simulator)."""

import time

import pytest

from onestop.accounts import services
from onestop.accounts.models import OtpChallenge, Person, User
from onestop.accounts.services import AccountError
from onestop.core.identifiers import citizen_id_check_char

from .helpers import (
    REGISTERED_ID,
    REGISTERED_MOBILE,
    UNREGISTERED_CARRIER_MOBILE,
    UNREGISTERED_ID,
    UNREGISTERED_NAME,
    row_counts,
)

OWN = UNREGISTERED_CARRIER_MOBILE  # the carrier has this number in 陈根生's name

pytestmark = pytest.mark.usefixtures("db")


def register(sims, mobile=OWN, name=UNREGISTERED_NAME, id_number=UNREGISTERED_ID):
    services.start_registration(name, id_number, mobile, "198.51.100.1")
    return services.finish_registration(name, id_number, mobile, sims.last_otp(mobile))


def refused(code, *args):
    with pytest.raises(AccountError) as err:
        services.start_registration(*args)
    assert err.value.code == code
    return err.value


def test_it_registers_with_the_code_sent_by_sms(outside_systems):
    user = register(outside_systems)
    assert (user.kind, user.mobile, user.has_usable_password()) == (User.Kind.CITIZEN, OWN, False)
    person = Person.objects.with_id_number(UNREGISTERED_ID).get()
    assert person.user == user and person.name == UNREGISTERED_NAME and person.mobile == OWN


def test_the_registered_person_is_real_name_verified_with_an_encrypted_masked_id(outside_systems):
    person = register(outside_systems).person
    assert person.real_name_verified_at is not None
    assert person.id_masked == "440403********4250"
    assert UNREGISTERED_ID not in person.id_number_encrypted
    assert person.id_number() == UNREGISTERED_ID
    assert (person.gender, person.birth_date.isoformat(), person.division_code) == ("M", "1940-04-03", "440403103")


def test_the_second_step_still_registers_when_the_register_is_down(outside_systems):
    services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, OWN)
    outside_systems.population.post("/_sim/faults", {"fail_rate": 1, "status": 503})
    user = services.finish_registration(UNREGISTERED_NAME, UNREGISTERED_ID, OWN, outside_systems.last_otp(OWN))
    assert user.person.real_name_verified_at is not None


def test_a_wrong_name_for_the_id_number_is_an_identity_mismatch(outside_systems, mobile):
    before = row_counts()
    refused("identity_mismatch", "陈根先", UNREGISTERED_ID, mobile)
    assert row_counts() == before and outside_systems.last_otp(mobile) is None


def test_an_id_number_not_in_the_register_is_an_identity_mismatch(outside_systems, mobile):
    body = "44040319800101123"
    refused("identity_mismatch", "张三", body + citizen_id_check_char(body), mobile)


UNKNOWN_AREA = "99999919400403425"


@pytest.mark.parametrize(
    ("name", "id_number", "code", "field", "message"),
    [
        (UNREGISTERED_NAME, UNREGISTERED_ID[:-1] + "1", "invalid_id_number", "id_number", "校验位"),
        (UNREGISTERED_NAME, UNKNOWN_AREA + citizen_id_check_char(UNKNOWN_AREA), "invalid_id_number", "id_number", "地区代码"),
        (UNREGISTERED_NAME, "440403194002304251", "invalid_id_number", "id_number", "出生日期"),
        ("陈3", UNREGISTERED_ID, "invalid_name", "name", "姓名"),
    ],
)
def test_an_invalid_identity_is_refused_before_anything_is_sent(outside_systems, mobile, name, id_number, code, field, message):
    before = row_counts()
    error = refused(code, name, id_number, mobile)
    assert error.field == field and message in error.message
    assert row_counts() == before and outside_systems.last_otp(mobile) is None


@pytest.mark.parametrize("bad_mobile", ["1370000123", "23700001234", "1370000123a", ""])
def test_a_bad_mobile_is_refused(outside_systems, bad_mobile):
    before = row_counts()
    assert refused("invalid_mobile", UNREGISTERED_NAME, UNREGISTERED_ID, bad_mobile).field == "mobile"
    assert row_counts() == before


@pytest.mark.parametrize("written", ["１３７００００１２３４", "1３７００００１２３４", "137 0000 1234", "+86 137-0000-1234"])
def test_a_mobile_in_full_width_digits_is_the_same_number_not_a_look_alike(written):
    assert services.normalise_mobile(written) == "13700001234"


@pytest.mark.parametrize("look_alike", ["1٣٧00001234", "1३700001234", "13700001234\u200b"])
def test_a_mobile_with_digits_of_another_script_is_refused(outside_systems, look_alike):
    before = row_counts()
    assert refused("invalid_mobile", UNREGISTERED_NAME, UNREGISTERED_ID, look_alike).field == "mobile"
    assert row_counts() == before


def test_the_first_step_does_not_tell_that_an_id_number_has_an_account(outside_systems, mobile):
    assert services.start_registration("麦家荣", REGISTERED_ID, mobile) == "no_record"
    assert outside_systems.last_otp(mobile) is not None


def test_a_mobile_with_an_account_is_told_only_after_its_code(outside_systems):
    services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, REGISTERED_MOBILE)
    with pytest.raises(AccountError) as err:
        services.finish_registration(UNREGISTERED_NAME, UNREGISTERED_ID, REGISTERED_MOBILE,
                                     outside_systems.last_otp(REGISTERED_MOBILE))
    assert err.value.code == "already_registered"


def test_registering_twice_is_refused(outside_systems):
    register(outside_systems)
    OtpChallenge.objects.update(created_at="2000-01-01T00:00Z")  # past the resend interval
    with pytest.raises(AccountError) as err:
        register(outside_systems)
    assert err.value.code == "already_registered"


def test_a_failing_register_is_register_unavailable_and_creates_nothing(outside_systems, mobile):
    outside_systems.population.post("/_sim/faults", {"fail_rate": 1, "status": 503})
    before = row_counts()
    refused("register_unavailable", UNREGISTERED_NAME, UNREGISTERED_ID, mobile)
    assert row_counts() == before and outside_systems.last_otp(mobile) is None


def test_a_register_slower_than_the_timeout_is_register_unavailable(outside_systems, settings, mobile):
    settings.ONESTOP_OUTSIDE_TIMEOUT_SECONDS = 0.5
    outside_systems.population.post("/_sim/faults", {"delay_ms": 2000})
    start = time.monotonic()
    refused("register_unavailable", UNREGISTERED_NAME, UNREGISTERED_ID, mobile)
    assert time.monotonic() - start < 1.5
    assert not OtpChallenge.objects.filter(mobile=mobile).exists()


def test_a_failing_sms_gateway_is_sms_unavailable_and_stores_no_code(outside_systems, mobile):
    outside_systems.sms.post("/_sim/faults", {"fail_rate": 1, "status": 503})
    before = row_counts()
    refused("sms_unavailable", UNREGISTERED_NAME, UNREGISTERED_ID, mobile)
    assert row_counts() == before


def test_the_code_only_finishes_the_identity_that_was_verified(outside_systems):
    services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, OWN)
    with pytest.raises(AccountError):
        services.finish_registration("何添林", "440403193605167396", OWN, outside_systems.last_otp(OWN))
