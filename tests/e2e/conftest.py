"""Browser tests: a real server process (granian, as in `make run`) on the test database, driven by
Playwright in Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from onestop.accounts.models import Person
from onestop.business.startup.process import DEFINITION, PROCESS_KEY
from onestop.core import protection
from onestop.processes import services as processes
from tests.simulator_fixtures import TOKEN
from tests.subprocesses import committed, database_url, start_worker

ROOT = Path(__file__).resolve().parents[2]
# Playwright's sync API runs an event loop in this thread; the test database work done around the
# tests is still synchronous, so Django's async-safety check would refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker, population_server, sms_server, carrier_server, register_servers,
             tmp_path_factory):
    """Base URL of a server started like `make run` does, on the test database with the demo data,
    talking to the population-register and SMS-gateway simulators (tests/simulator_fixtures.py)."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        url = database_url()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ONESTOP_DEV": "1",
        "PORT": str(port),
        "ONESTOP_POPULATION_URL": population_server.base_url,
        "ONESTOP_SMS_URL": sms_server.base_url,
        "ONESTOP_CARRIER_URL": carrier_server.base_url,
        "SIM_TOKEN": sms_server.token,
        # Every browser test comes from 127.0.0.1 to one server for the whole session; the per-address
        # limits themselves are tested in tests/accounts.
        "ONESTOP_OTP_PER_ADDRESS_PER_HOUR": "1000",
        "ONESTOP_IDENTITY_CHECKS_PER_ADDRESS_PER_HOUR": "1000",
        "ONESTOP_ASSISTANT_QUESTIONS_PER_MINUTE": "1000",
        # Notices are sent right after their commit, as a running worker would (no worker process here).
        "ONESTOP_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        **{f"ONESTOP_{code.upper()}_URL": client.base_url for code, client in register_servers.items()},
    }
    # The server's log goes to a file, not a pipe nobody reads (a full pipe would block the server).
    log_path = tmp_path_factory.mktemp("server") / "granian.log"
    log = open(log_path, "wb")  # noqa: SIM115 - open for the server's lifetime
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", "--no-ws", "onestop.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                server.wait()
                log.close()
                raise RuntimeError("server did not start: " + log_path.read_text(errors="replace")[-2000:]) from None
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=10)
    log.close()
    with django_db_blocker.unblock():
        _wait_for_server_connections_to_close()


def _wait_for_server_connections_to_close(timeout: float = 10) -> None:
    # granian's workers exit just after the main process; until they do, PostgreSQL refuses to
    # drop the test database.
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.2)


@pytest.fixture
def browser(live_url):
    # One Playwright per test, started after the server and the test's database transaction and
    # stopped before that transaction ends: while Playwright's event loop runs, Django would open a
    # second connection (connections are kept per async context) that outlives the test database.
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=[{"width": 1280, "height": 900}, {"width": 375, "height": 740}], ids=["desktop", "phone"])
def page(request, browser):
    context = browser.new_context(viewport=request.param, locale="zh-CN")
    page = context.new_page()
    page.viewport_name = request.node.callspec.id
    violations = _csp_violations(page)
    yield page
    context.close()
    assert violations == [], "the Content-Security-Policy blocked something on these pages"


@pytest.fixture
def staff_page(browser, page):
    """A second browser (own cookies) of the same size as ``page``, for a staff member."""
    context = browser.new_context(viewport=page.viewport_size, locale="zh-CN")
    staff = context.new_page()
    staff.viewport_name = page.viewport_name
    violations = _csp_violations(staff)
    yield staff
    context.close()
    assert violations == [], "the Content-Security-Policy blocked something on these pages"


def _csp_violations(page) -> list[str]:
    """Console messages of the Content-Security-Policy blocking a script, style or connection."""
    found: list[str] = []
    page.on("console", lambda m: found.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None)
    return found


def check_accessibility(page) -> list[dict]:
    """Runs axe-core (from npm) in the page; returns serious and critical violations."""
    # Evaluated through the DevTools protocol, not as a <script> the page's CSP would refuse.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.viewport_name}.png"), full_page=True)


BRANCH_URL_VARIABLES = {"seal": "ONESTOP_SEAL_MAKER_URL", "bank": "ONESTOP_BANK_URL", "tax": "ONESTOP_TAX_URL",
                        "social_insurance": "ONESTOP_SOCIAL_INSURANCE_REGISTRATION_URL"}


@pytest.fixture
def step_worker(live_url, tmp_path, branch_servers):
    """company_startup as published by load_demo, and a step worker of its own that talks to the
    four branch simulators."""
    committed(processes.publish_definition, PROCESS_KEY, DEFINITION)
    env = {**os.environ, "DATABASE_URL": database_url(), "ONESTOP_DEV": "1", "SIM_TOKEN": TOKEN,
           **{BRANCH_URL_VARIABLES[step]: client.base_url for step, client in branch_servers.items()}}
    log_path = tmp_path / "steps.log"
    with open(log_path, "wb") as log:
        worker = start_worker("run_steps", env, log)
        yield log_path
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)


def unnamed_resident(slot: int) -> Person:
    """A demo resident with a verified account whose ID number no browser test names (each test file
    takes its own slots, so their rows never meet)."""
    named = set()
    for path in (ROOT / "tests" / "e2e").glob("*.py"):
        named |= set(re.findall(r"\b\d{17}[\dX]\b", path.read_text(encoding="utf-8")))
    taken = {protection.lookup_hash(n) for n in named}
    people = (Person.objects.filter(user__isnull=False, user__kind="citizen", real_name_verified_at__isnull=False)
              .exclude(id_hash__in=taken).select_related("user").order_by("-pk"))
    return people[slot]
