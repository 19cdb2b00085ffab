"""预约取号 in process (no HTTP): booking against one hot slot from many threads, the slot list a
citizen sees, calling the next ticket, and the hall screen's query. Runs against DATABASE_URL
(scripts/bench.sh: PostgreSQL with the demo data). Environment: BENCH_PEOPLE (default 200),
BENCH_THREADS (default 8). Creates its own hall, item, windows and people, and removes them."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from onestop.accounts.models import Notification, Person, User  # noqa: E402
from onestop.appointments import queue, services  # noqa: E402
from onestop.appointments.models import Appointment, ServiceWindow, Slot, Ticket, TicketCounter  # noqa: E402
from onestop.catalog.models import Department, Hall, ItemStatus, ServiceItem  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", 200))
THREADS = int(os.environ.get("BENCH_THREADS", 8))
PLACES = 50  # one window with 50 places in the hot slot: 200 people race for 50


def setup():
    hall = Hall.objects.create(code=f"HB{secrets.token_hex(4)}", name="基准测试大厅", level=Hall.Level.TOWN,
                               division_code="440403", address="基准测试", opening_hours="")
    item = ServiceItem.objects.create(code=f"BENCHA{secrets.token_hex(4)}", name="基准测试预约事项",
                                      department=Department.objects.get(code="D008"), item_type="行政确认",
                                      for_person=True, handling="window", status=ItemStatus.PUBLISHED)
    item.halls.add(hall)
    window = ServiceWindow.objects.create(hall=hall, number="1号窗口", name="基准", prefix="B", slot_capacity=PLACES)
    window.departments.set([item.department])
    users = []
    for i in range(PEOPLE):
        user = User.objects.create(username=f"bench{secrets.token_hex(6)}", kind=User.Kind.CITIZEN)
        person = Person(user=user, name="基准", gender="F", birth_date=dt.date(1990, 1, 1),
                        real_name_verified_at=timezone.now())
        person.set_id_number(f"9{secrets.randbelow(10**16):016d}{i % 10}")
        person.save()
        users.append(user)
    return hall, item, window, users


def teardown(hall, item, users):
    Ticket.objects.filter(hall=hall).delete()
    TicketCounter.objects.filter(hall=hall).delete()
    Appointment.objects.filter(hall=hall).delete()
    Slot.objects.filter(hall=hall).delete()
    ServiceWindow.objects.filter(hall=hall).delete()
    Notification.objects.filter(user__in=users).delete()
    Person.objects.filter(user__in=users).delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    item.delete()
    hall.delete()


def race(hall, item, users, start, now):
    chunks = [users[i::THREADS] for i in range(THREADS)]
    outcomes = {"booked": 0, "slot_full": 0, "other": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def run(chunk):
        barrier.wait()
        for user in chunk:
            try:
                services.book(user, item, hall, start, now=now)
                key = "booked"
            except services.BookingError as refused:
                key = refused.code if refused.code in outcomes else "other"
            with lock:
                outcomes[key] += 1
        connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes, time.perf_counter() - began


def timed(fn, n):
    times = []
    for _ in range(n):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]


def main():
    hall, item, window, users = setup()
    try:
        day = services.open_days()[2]
        now = timezone.now()
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        outcomes, seconds = race(hall, item, users, start, now)
        booked = Slot.objects.get(hall=hall, item=item, starts_at=start).booked
        print(f"{PEOPLE} people, {THREADS} threads, one slot of {PLACES} places: {outcomes}, slot.booked={booked}, "
              f"{PEOPLE / seconds:.0f} booking attempts/s")
        assert outcomes["booked"] == booked == min(PLACES, PEOPLE), "oversold or undersold"
        p50, p95 = timed(lambda: services.day_slots(hall, item, day), 200)
        print(f"slot list of one day (13 slots): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        for _ in range(100):
            queue.take_ticket(hall, item.department)
        p50, p95 = timed(lambda: (queue.call_next(window), queue.finish(window, True)), 100)
        print(f"call next + 办结 at a window (100 waiting): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        p50, p95 = timed(lambda: queue.screen(hall, timezone.localdate()), 200)
        print(f"hall screen data: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    finally:
        teardown(hall, item, users)


if __name__ == "__main__":
    main()
