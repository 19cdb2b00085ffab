"""The same counter request sent twice at the same moment (a double click, a retried request): real
threads, each with its own connection, on committed data. One case, one reception, both answers
the same reception."""

from __future__ import annotations

import secrets
import threading

import pytest
from django.db import connection

from onestop.accounts.models import User
from onestop.cases.models import Case, CaseEvent, CaseMaterial
from onestop.catalog.models import Department, Hall, ItemStatus, Material, ServiceItem
from onestop.certs.models import Consent
from onestop.notifications.models import Notice
from onestop.window import services
from onestop.window.models import Reception
from tests.subprocesses import committed

from .conftest import FORM, states

pytestmark = pytest.mark.django_db


def _create_item():
    item = ServiceItem.objects.create(
        code=f"TESTK{secrets.token_hex(4)}", name="测试事项：窗口并发", department=Department.objects.get(code="D008"),
        item_type="公共服务", for_person=True, handling="online", statutory_days=10, promised_days=5,
        status=ItemStatus.PUBLISHED)
    Material.objects.create(item=item, position=1, name="家庭收入情况说明", form=Material.Form.ORIGINAL)
    return item


def _remove(item):
    cases = list(Case.objects.filter(item=item))
    Reception.objects.filter(case__in=cases).delete()
    for case in cases:
        Notice.objects.filter(body__contains=case.number).delete()
    CaseEvent.objects.filter(case__in=cases).delete()
    CaseMaterial.objects.filter(case__in=cases).delete()
    Consent.objects.filter(case_number__in=[c.number for c in cases]).delete()
    Case.objects.filter(item=item).delete()
    item.delete()


@pytest.fixture
def committed_item():
    item = committed(_create_item)
    yield item
    committed(_remove, item)


def test_the_same_acceptance_twice_at_once_gives_one_case(committed_item, visitor):
    clerk = User.objects.get(username="d009-window")
    request = services.CounterRequest(
        item=committed_item, person=visitor, clerk=clerk, form={**FORM, "contact_name": visitor.name},
        idempotency_key="together-" + secrets.token_hex(6), materials=states(committed_item),
        hall=Hall.objects.order_by("pk").first(), window_label="综合窗口 5 号")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            results.append(services.accept(request).pk)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = committed(lambda: (Case.objects.filter(item=committed_item).count(),
                                Reception.objects.filter(case__item=committed_item).count(),
                                CaseEvent.objects.filter(case__item=committed_item, action="accept").count()))
    assert counts == (1, 1, 1)
    assert len(set(results)) == 1
