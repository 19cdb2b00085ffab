"""Login with a mobile number and an SMS code."""

import pytest

from onestop.accounts import services
from onestop.accounts.models import User
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


def test_an_unknown_mobile_is_not_registered(outside_systems, mobile):
    with pytest.raises(AccountError) as err:
        services.start_login(mobile)
    assert (err.value.code, err.value.field) == ("not_registered", "mobile")
    assert outside_systems.last_otp(mobile) is None


def test_a_deactivated_account_is_not_registered(outside_systems):
    User.objects.filter(mobile=REGISTERED_MOBILE).update(is_active=False)
    with pytest.raises(AccountError, match="尚未注册"):
        services.start_login(REGISTERED_MOBILE)


def test_a_registration_code_does_not_log_in(outside_systems, mobile):
    User.objects.create_user(username="m" + mobile, mobile=mobile)
    services.request_otp(mobile, "register")
    with pytest.raises(AccountError) as err:
        services.finish_login(mobile, outside_systems.last_otp(mobile))
    assert err.value.code == "otp_expired"
