"""Demo residents (simulators/population_register/residents.json) and helpers for the account tests."""

from onestop.accounts.models import OtpChallenge, Person, User

# An adult in the register without a mobile: a Person from the demo data, but no account yet.
UNREGISTERED_NAME, UNREGISTERED_ID = "陈根生", "440403194004034250"
# The mobile the carrier simulator has in 陈根生's name (simulators/carrier/make_subscribers.py).
UNREGISTERED_CARRIER_MOBILE = "17700001001"
# An adult without an account and without any mobile in his name: registers only unverified.
NO_MOBILE_NAME, NO_MOBILE_ID = "何添林", "440403193605167396"
# An adult with a demo account.
REGISTERED_NAME, REGISTERED_ID, REGISTERED_MOBILE = "麦家荣", "440403199408248952", "18600008803"


def row_counts() -> tuple[int, int, int]:
    return User.objects.count(), Person.objects.count(), OtpChallenge.objects.count()
