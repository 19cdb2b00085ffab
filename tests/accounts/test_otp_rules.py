"""One-time codes: resend interval, hourly limits per mobile and per IP, wrong codes, lockout,
expiry, single use. Time is moved by ageing rows (created_at, expires_at), not by sleeping."""

import datetime as dt

import pytest
from django.utils import timezone

from onestop.accounts import services
from onestop.accounts.models import Lockout, OtpChallenge
from onestop.accounts.services import AccountError

pytestmark = pytest.mark.usefixtures("db")
LOGIN = OtpChallenge.Purpose.LOGIN


def age(minutes, **filters):
    """Moves the matching codes ``minutes`` into the past."""
    for challenge in OtpChallenge.objects.filter(**filters):
        OtpChallenge.objects.filter(pk=challenge.pk).update(created_at=challenge.created_at - dt.timedelta(minutes=minutes))


def error_code(call, *args):
    with pytest.raises(AccountError) as err:
        call(*args)
    return err.value


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_second_code_within_60_seconds_is_too_soon(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    error = error_code(services.request_otp, mobile, LOGIN)
    assert error.code == "otp_too_soon" and 0 < error.retry_after <= 60
    assert OtpChallenge.objects.filter(mobile=mobile).count() == 1


def test_a_new_code_may_be_sent_after_60_seconds(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    age(1.1, mobile=mobile)
    services.request_otp(mobile, LOGIN)
    assert OtpChallenge.objects.filter(mobile=mobile).count() == 2


def test_a_sixth_code_within_an_hour_is_rate_limited(outside_systems, mobile):
    for _ in range(5):
        services.request_otp(mobile, LOGIN)
        age(2, mobile=mobile)
    error = error_code(services.request_otp, mobile, LOGIN)
    assert (error.code, error.retry_after) == ("otp_rate_limited", 3600)
    assert OtpChallenge.objects.filter(mobile=mobile).count() == 5


def test_codes_older_than_an_hour_do_not_count(outside_systems, mobile):
    for _ in range(5):
        services.request_otp(mobile, LOGIN)
        age(2, mobile=mobile)
    age(60, mobile=mobile)
    services.request_otp(mobile, LOGIN)


def test_one_ip_gets_at_most_20_codes_an_hour(outside_systems, mobile):
    expires = timezone.now() + dt.timedelta(minutes=5)
    OtpChallenge.objects.bulk_create(
        OtpChallenge(mobile=f"1350000{i:04d}", purpose=LOGIN, code_hash="x", client_ip="203.0.113.9", expires_at=expires)
        for i in range(20)
    )
    age(30, client_ip="203.0.113.9")
    assert error_code(services.request_otp, mobile, LOGIN, "203.0.113.9").code == "otp_rate_limited"
    assert outside_systems.last_otp(mobile) is None
    services.request_otp(mobile, LOGIN, "203.0.113.10")


def test_the_right_code_is_accepted(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    services.check_otp(mobile, LOGIN, outside_systems.last_otp(mobile))
    assert OtpChallenge.objects.get(mobile=mobile).consumed_at is not None


def test_a_wrong_code_is_refused_and_counted(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    error = error_code(services.check_otp, mobile, LOGIN, wrong(outside_systems.last_otp(mobile)))
    assert (error.code, error.field) == ("otp_wrong", "code") and "还可尝试 4 次" in error.message
    assert OtpChallenge.objects.get(mobile=mobile).failed_attempts == 1


def test_it_locks_after_five_wrong_codes(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    code = outside_systems.last_otp(mobile)
    codes = [error_code(services.check_otp, mobile, LOGIN, wrong(code)).code for _ in range(5)]
    assert codes == ["otp_wrong"] * 4 + ["locked"]
    assert Lockout.objects.get(mobile=mobile).locked_until > timezone.now() + dt.timedelta(minutes=14)


def test_a_locked_mobile_is_refused_even_with_the_right_code(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    code = outside_systems.last_otp(mobile)
    for _ in range(5):
        error_code(services.check_otp, mobile, LOGIN, wrong(code))
    error = error_code(services.check_otp, mobile, LOGIN, code)
    assert error.code == "locked" and 800 < error.retry_after <= 900
    assert OtpChallenge.objects.get(mobile=mobile).consumed_at is None
    assert error_code(services.request_otp, mobile, LOGIN).code == "locked"


def test_wrong_codes_count_across_new_codes(outside_systems, mobile):
    for _ in range(5):
        services.request_otp(mobile, LOGIN)
        error = error_code(services.check_otp, mobile, LOGIN, wrong(outside_systems.last_otp(mobile)))
        age(1.1, mobile=mobile)
    assert error.code == "locked"


def test_an_expired_code_is_refused(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    OtpChallenge.objects.filter(mobile=mobile).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert error_code(services.check_otp, mobile, LOGIN, outside_systems.last_otp(mobile)).code == "otp_expired"


def test_a_code_cannot_be_used_twice(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    code = outside_systems.last_otp(mobile)
    services.check_otp(mobile, LOGIN, code)
    assert error_code(services.check_otp, mobile, LOGIN, code).code == "otp_expired"


def test_only_the_newest_code_counts(outside_systems, mobile):
    services.request_otp(mobile, LOGIN)
    first = outside_systems.last_otp(mobile)
    age(1.1, mobile=mobile)
    services.request_otp(mobile, LOGIN)
    # A new code was sent (two random 6-digit codes are equal once in a million), and the first one,
    # no longer the newest, is refused.
    assert outside_systems.last_otp(mobile) != first
    assert error_code(services.check_otp, mobile, LOGIN, first).code == "otp_wrong"
