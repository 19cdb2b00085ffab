"""Login with a mobile number and an SMS code."""

import pytest

from onestop.accounts import services
from onestop.accounts.models import OtpChallenge, User
from onestop.accounts.services import AccountError

from .helpers import REGISTERED_MOBILE

pytestmark = pytest.mark.usefixtures("db")


def test_a_registered_citizen_logs_in_with_the_code(outside_systems):
    services.start_login(REGISTERED_MOBILE, "198.51.100.2")
    user = services.finish_login(REGISTERED_MOBILE, outside_systems.last_otp(REGISTERED_MOBILE))
    assert user == User.objects.get(mobile=REGISTERED_MOBILE) and user.person.name == "麦家荣"


def test_the_mobile_may_be_written_with_plus_86_and_spaces(outside_systems):
    services.start_login("+86 186-0000-8803")
    assert services.finish_login("186 0000 8803", outside_systems.last_otp(REGISTERED_MOBILE)).mobile == REGISTERED_MOBILE


def test_an_unknown_mobile_is_answered_like_a_known_one_but_gets_no_code(outside_systems, mobile):
    services.start_login(mobile)
    assert outside_systems.last_otp(mobile) is None
    assert OtpChallenge.objects.filter(mobile=mobile, purpose="login").count() == 1  # same rate limits
    with pytest.raises(AccountError) as err:
        services.finish_login(mobile, "123456")
    assert err.value.code == "otp_wrong"


def test_a_deactivated_account_gets_no_code(outside_systems):
    User.objects.filter(mobile=REGISTERED_MOBILE).update(is_active=False)
    before = outside_systems.last_otp(REGISTERED_MOBILE)
    services.start_login(REGISTERED_MOBILE)
    assert outside_systems.last_otp(REGISTERED_MOBILE) == before


def test_a_registration_code_does_not_log_in(outside_systems, mobile):
    User.objects.create_user(username="m" + mobile, mobile=mobile)
    services.request_otp(mobile, "register")
    with pytest.raises(AccountError) as err:
        services.finish_login(mobile, outside_systems.last_otp(mobile))
    assert err.value.code == "otp_expired"
