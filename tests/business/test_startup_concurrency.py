"""The same start-up form sent twice at the same moment (a double click on two connections): real
threads, each with its own database connection, on committed data. One case, one process."""

import threading

import pytest
from django.db import connection

from onestop.accounts.models import Person
from onestop.business.models import StartupApplication
from onestop.business.startup.form import bind_forms
from onestop.business.startup.process import PROCESS_KEY
from onestop.business.startup.services import submit_startup
from onestop.cases.models import Case
from onestop.notifications.models import Notice
from onestop.processes import services as processes
from onestop.processes.models import Process, ProcessDefinition
from tests.subprocesses import committed

from .conftest import make_reservation, valid_post
from .startup_standins import standin_definition

pytestmark = pytest.mark.django_db
SENDERS = 2
KEY = "startup-concurrent-0001"


def _setup(founder_pk):
    founder = Person.objects.get(pk=founder_pk)
    before = set(ProcessDefinition.objects.filter(key=PROCESS_KEY).values_list("pk", flat=True))
    definition = processes.publish_definition(PROCESS_KEY, standin_definition())
    return make_reservation(founder.user), None if definition.pk in before else definition.pk


def _counts(user_pk):
    cases = list(Case.objects.filter(applicant_user_id=user_pk, idempotency_key=KEY).values_list("pk", flat=True))
    processes_ = Process.objects.filter(key=PROCESS_KEY, subject__in=[f"case:{pk}" for pk in cases]).count()
    return cases, processes_, StartupApplication.objects.filter(case_id__in=cases).count()


def _cleanup(reservation, definition_pk, user_pk):
    for case in Case.objects.filter(applicant_user_id=user_pk, idempotency_key=KEY):
        Process.objects.filter(key=PROCESS_KEY, subject=f"case:{case.pk}").delete()
        Notice.objects.filter(body__contains=case.number).delete()
        StartupApplication.objects.filter(case=case).delete()
        case.delete()
    entry = reservation.entry
    reservation.delete()
    entry.delete()
    if definition_pk:
        ProcessDefinition.objects.filter(pk=definition_pk).delete()


@pytest.fixture
def committed_reservation(founder):
    reservation, definition_pk = committed(_setup, founder.pk)
    yield reservation
    committed(_cleanup, reservation, definition_pk, founder.user_id)


def test_two_identical_submissions_at_once_make_one_case_and_one_process(committed_reservation, founder,
                                                                       supervisor):
    post = valid_post(founder, supervisor, committed_reservation)
    # Bound and validated on a connection of its own, which sees the committed reservation.
    form, members = committed(bind_forms, post, user=founder.user, founder=founder)
    assert committed(lambda: (form.is_valid(), members.is_valid())) == (True, True)
    data = form.startup_data(members.members())
    barrier = threading.Barrier(SENDERS)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            results.append(submit_startup(founder.user, data, KEY).pk)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    cases, process_count, applications = committed(_counts, founder.user_id)
    assert len(cases) == 1 and results == cases * SENDERS
    assert process_count == 1 and applications == 1
