"""Two people booking the last place at the same moment: real threads with their own connections
on committed rows. Exactly one gets it, on PostgreSQL (row lock of the conditional UPDATE) and on
SQLite (serialised writes)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from onestop.accounts.models import Person, User
from onestop.appointments import queue, services
from onestop.appointments.models import Appointment, ServiceWindow, Slot, Ticket, TicketCounter
from onestop.catalog.models import Department, ServiceItem
from onestop.notifications.models import Notice
from tests.subprocesses import committed

from .helpers import at, make_citizen, make_hall, make_item, make_window

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 12, 7)
NOW = at(dt.date(2026, 12, 3), 10)
PEOPLE = 4


def _setup():
    hall = make_hall()
    item = make_item(hall)
    make_window(hall, places=1)
    return hall, item, [make_citizen() for _ in range(PEOPLE)]


def _teardown(hall, item, users):
    Ticket.objects.filter(hall=hall).delete()
    TicketCounter.objects.filter(hall=hall).delete()
    Appointment.objects.filter(hall=hall).delete()
    Slot.objects.filter(hall=hall).delete()
    ServiceWindow.objects.filter(hall=hall).delete()
    Notice.objects.filter(user__in=users).delete()
    Person.objects.filter(user__in=users).delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    ServiceItem.objects.filter(pk=item.pk).delete()
    hall.delete()


@pytest.fixture
def committed_hall():
    rows = committed(_setup)
    yield rows
    committed(_teardown, *rows)


def _at_once(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    results = [None] * len(args_list)

    def run(i, args):
        try:
            barrier.wait()
            results[i] = fn(*args)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_of_people_booking_the_last_place_at_once_exactly_one_gets_it(committed_hall):
    hall, item, users = committed_hall
    results = _at_once(lambda user: services.book(user, item, hall, at(MONDAY, 9), now=NOW), [(u,) for u in users])
    booked = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if isinstance(r, services.BookingError)]
    assert len(booked) == 1 and len(refused) == PEOPLE - 1, results
    assert {r.code for r in refused} == {"slot_full"}
    assert committed(lambda: Slot.objects.get(hall=hall, starts_at=at(MONDAY, 9)).booked) == 1


def test_tickets_taken_at_once_get_different_numbers(committed_hall):
    hall, _, _ = committed_hall
    civil = committed(Department.objects.get, code="D008")
    results = _at_once(lambda: queue.take_ticket(hall, civil, now=at(MONDAY, 9)), [() for _ in range(PEOPLE)])
    assert sorted(t.number for t in results) == [f"B00{i}" for i in range(1, PEOPLE + 1)], results
