"""Notices benchmark (onestop/notifications): what notify() adds to a state change's transaction,
and deliveries sent per second by one worker through the SMS-gateway simulator (started here).

    ./scripts/bench.sh notify      (PostgreSQL; or any migrated DATABASE_URL)

Environment: BENCH_NOTICES (default 500)."""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
os.environ.setdefault("ONESTOP_DEV", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from onestop.accounts.models import User  # noqa: E402
from onestop.notifications import delivery, services  # noqa: E402
from tests.simulator_fixtures import TOKEN, _serve  # noqa: E402

COUNT = int(os.environ.get("BENCH_NOTICES", "500"))
CONTEXT = {"item": "居民身份证换领", "number": "44040320261203000001"}


def main() -> None:
    tag = secrets.token_hex(3)
    user = User.objects.create(username=f"bench-notify-{tag}", mobile=f"136{secrets.randbelow(10**8):08d}", kind="citizen")
    settings.ONESTOP_NOTIFY_RATE_LIMITS = {"sms": COUNT * 2, "email": COUNT * 2}
    timings = []
    ids = []
    for n in range(COUNT):
        start = time.perf_counter()
        with transaction.atomic():
            notice = services.notify(user, "case.submitted", CONTEXT, dedupe_key=f"bench:{tag}:{n}")
        timings.append(time.perf_counter() - start)
        ids.append(notice.deliveries.get(channel="sms").pk)
    timings.sort()
    print(f"notify() in its own transaction ({connection.vendor}, {COUNT} notices, inbox + SMS rows): "
          f"median {statistics.median(timings) * 1000:.2f} ms, p95 {timings[int(len(timings) * .95)] * 1000:.2f} ms")

    sim = _serve("simulators.sms_gateway.app", Path("/tmp") / f"bench-sms-{tag}.log")
    gateway = next(sim)
    settings.ONESTOP_SMS_URL, settings.ONESTOP_SIMULATOR_TOKEN = gateway.base_url, TOKEN
    start = time.perf_counter()
    outcomes = [delivery.deliver(pk) for pk in ids]
    elapsed = time.perf_counter() - start
    print(f"SMS deliveries by one worker through the simulator: {COUNT / elapsed:.0f}/s "
          f"({outcomes.count('delivered')} delivered of {COUNT})")
    again = [delivery.deliver(pk) for pk in ids]
    print(f"delivering all {COUNT} again: {again.count(None)} refused by the claim")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    User.objects.filter(pk=user.pk).delete()
    sim.close()


if __name__ == "__main__":
    main()
