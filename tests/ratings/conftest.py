import secrets

import pytest
from django.utils import timezone

from onestop.accounts.models import Person, User
from onestop.cases import services as cases
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem


@pytest.fixture
def citizen(db) -> User:
    return Person.objects.filter(user__isnull=False).select_related("user").order_by("pk").first().user


@pytest.fixture
def other_citizen(db, citizen) -> User:
    return Person.objects.filter(user__isnull=False).exclude(user=citizen).select_related("user").order_by("pk").first().user


@pytest.fixture
def finished_case(citizen) -> Case:
    department = Department.objects.get(code="D008")
    item = ServiceItem.objects.create(code=f"TEST{secrets.token_hex(4)}", name="测试事项：临时救助申请", department=department,
                                      item_type="公共服务", for_person=True, handling="online", statutory_days=10, promised_days=5,
                                      status=ItemStatus.PUBLISHED)
    applicant = cases.applicant_for(citizen)
    case = cases.submit_application(cases.Submission(
        item=item, applicant=applicant, idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": applicant.person.name, "contact_phone": "13800138000", "description": "申请临时救助"}, uploads={}))
    Case.objects.filter(pk=case.pk).update(status=Status.COMPLETED, finished_at=timezone.now())  # the case's own path is tested in cases
    case.refresh_from_db()
    return case
