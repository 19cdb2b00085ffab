import datetime as dt
import secrets

import pytest
from django.utils import timezone

from onestop.accounts.models import Person
from onestop.business.models import NameReservation, NameStatus
from onestop.business.names.rules import RESERVATION_MONTHS, add_months
from onestop.business.services import register_row
from onestop.business.startup import choices
from onestop.business.startup.process import PROCESS_KEY
from onestop.core import workdays
from onestop.processes import services as processes

from .startup_standins import standin_definition

TRADE_CHARS = "澜汐岚珂瑾琪璟瑜珩琰"


@pytest.fixture
def founder(db):
    """A demo resident with an account and a mobile (the first by primary key)."""
    return Person.objects.filter(user__isnull=False).exclude(mobile="").order_by("pk").first()


@pytest.fixture
def supervisor(db, founder):
    return Person.objects.exclude(pk=founder.pk).order_by("pk").first()


def make_reservation(user, today=None, trade=None):
    today = today or timezone.localdate()
    trade = trade or "".join(secrets.choice(TRADE_CHARS) for _ in range(3))
    entry = register_row(f"珠海市斗门区{trade}餐饮有限公司", NameStatus.RESERVED, today)
    entry.save()
    return NameReservation.objects.create(entry=entry, applicant=user, reserved_at=timezone.now(),
                                          expires_on=add_months(today, RESERVATION_MONTHS))


@pytest.fixture
def reservation(founder):
    return make_reservation(founder.user)


@pytest.fixture
def standin_process(db):
    """company_startup with stand-in branches as its latest version (rolled back with the test)."""
    return processes.publish_definition(PROCESS_KEY, standin_definition())


def next_working_day(today=None) -> dt.date:
    return workdays.add_working_days(today or timezone.localdate(), 1).date


@pytest.fixture
def post(founder, supervisor, reservation):
    return valid_post(founder, supervisor, reservation)


def valid_post(founder, supervisor, reservation) -> dict:
    """A valid form post: a one-shareholder LLC with a supervisor, every branch chosen."""
    return {
        "reservation": str(reservation.pk), "company_type": choices.SOLE_PERSON_LLC,
        "registered_capital_yuan": "100000", "town": "井岸镇", "address_detail": "井湾路 123 号 2 栋 301 房",
        "scope": ["餐饮服务", "食品销售"], "employees": "3", "contact_mobile": founder.mobile,
        "bank": "icbc_doumen", "bank_appointment": next_working_day().isoformat(), "seal_maker": "seal_jingan",
        "seal_kinds": ["official", "finance", "invoice"], "taxpayer_type": "small_scale",
        "invoice_kinds": ["digital_ordinary"], "monthly_invoice_limit_fen": "10000000", "housing_fund": "on",
        "m-TOTAL_FORMS": "3", "m-INITIAL_FORMS": "1", "m-MIN_NUM_FORMS": "1", "m-MAX_NUM_FORMS": "10",
        "m-0-name": founder.name, "m-0-id_number": founder.id_number(), "m-0-contribution_yuan": "100000",
        "m-0-roles": ["执行董事", "经理"],
        "m-1-name": supervisor.name, "m-1-id_number": supervisor.id_number(), "m-1-contribution_yuan": "0",
        "m-1-roles": ["监事"],
        "m-2-name": "", "m-2-id_number": "", "m-2-contribution_yuan": "",
    }
