import secrets

import pytest

from onestop.accounts.models import User
from onestop.notifications.models import Delivery


def new_user(**extra) -> User:
    """A fresh citizen account with its own mobile (137…, which no demo person has) and e-mail."""
    tag = secrets.token_hex(4)
    fields = {"mobile": f"137{secrets.randbelow(10**8):08d}", "email": f"resident-{tag}@example.cn", **extra}
    return User.objects.create(username=f"notify-{tag}", kind=User.Kind.CITIZEN, **fields)


@pytest.fixture
def user(db) -> User:
    return new_user()


@pytest.fixture
def gateway(settings, sms):
    """The platform's SMS client talks to the running simulator."""
    settings.ONESTOP_SMS_URL = sms.base_url
    settings.ONESTOP_SIMULATOR_TOKEN = sms.token
    return sms


def sent_to(sms, mobile: str) -> list[dict]:
    return sms.get(f"/v1/messages?to={mobile}&limit=100").body["messages"]


def only(notice, channel: str) -> Delivery:
    return notice.deliveries.get(channel=channel)
