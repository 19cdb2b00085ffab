"""Fixtures that run each simulator as a real granian subprocess on a free port, for every test
package (loaded from tests/conftest.py through ``pytest_plugins``).

``population`` / ``sms`` / ``carrier`` are the running simulators (faults cleared after each test);
``outside_systems`` also points the platform's settings at them, and ``last_otp`` reads the
newest one-time code the SMS simulator recorded for a mobile. ``registers`` gives the six outside
registers (marriage, social insurance, disability, company register, credit, education) plus the
population register by data-source code, and sets ``ONESTOP_DATA_SOURCE_URLS`` to them."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRANIAN = Path(sys.executable).with_name("granian")
# Not the default token, so the tests also show that SIM_TOKEN is read.
TOKEN = "test-" + secrets.token_hex(8)


@dataclass
class Reply:
    status: int
    headers: Message
    body: Any


class Client:
    def __init__(self, base_url: str, token: str = TOKEN) -> None:
        self.base_url, self.token = base_url, token

    def request(self, method: str, path: str, body: Any = None, token: str | None = None, headers: dict[str, str] | None = None) -> Reply:
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
        if (token := self.token if token is None else token) != "":
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return Reply(resp.status, resp.headers, json.loads(resp.read()))
        except urllib.error.HTTPError as err:
            with err:
                return Reply(err.code, err.headers, json.loads(err.read()))

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.request("POST", path, body, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawn(module: str, log_path: Path) -> tuple[subprocess.Popen, Client]:
    port = _free_port()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(GRANIAN), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", f"{module}:app"],
            cwd=ROOT, env={**os.environ, "SIM_TOKEN": TOKEN}, stdout=log, stderr=subprocess.STDOUT,
        )
    return proc, Client(f"http://127.0.0.1:{port}")


def _wait_healthy(module: str, log_path: Path, proc: subprocess.Popen, client: Client, deadline: float) -> None:
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{module} exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            if client.get("/healthz", token="").status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{module} did not answer /healthz:\n{log_path.read_text()}")
        time.sleep(0.1)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _serve_many(modules: dict[str, str], log_dir: Path) -> Iterator[dict[str, Client]]:
    """Start every module at once, then wait for each to be healthy: the suite waits once, not per simulator."""
    started: dict[str, tuple[subprocess.Popen, Client]] = {}
    try:
        for key, module in modules.items():
            started[key] = _spawn(module, log_dir / f"{key}.log")
        deadline = time.monotonic() + 20
        for key, (proc, client) in started.items():
            _wait_healthy(modules[key], log_dir / f"{key}.log", proc, client, deadline)
        yield {key: client for key, (_, client) in started.items()}
    finally:
        for proc, _ in started.values():
            _stop(proc)


def _serve(module: str, log_path: Path) -> Iterator[Client]:
    proc, client = _spawn(module, log_path)
    try:
        _wait_healthy(module, log_path, proc, client, time.monotonic() + 20)
        yield client
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def population_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    yield from _serve("simulators.population_register.app", tmp_path_factory.mktemp("sim") / "population.log")


@pytest.fixture(scope="session")
def carrier_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    yield from _serve("simulators.carrier.app", tmp_path_factory.mktemp("sim") / "carrier.log")


@pytest.fixture(scope="session")
def sms_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    yield from _serve("simulators.sms_gateway.app", tmp_path_factory.mktemp("sim") / "sms.log")


# Function-scoped wrappers clear injected faults, so one test's faults never reach the next.
@pytest.fixture
def population(population_server: Client) -> Iterator[Client]:
    yield population_server
    population_server.request("DELETE", "/_sim/faults")


@pytest.fixture
def sms(sms_server: Client) -> Iterator[Client]:
    yield sms_server
    sms_server.request("DELETE", "/_sim/faults")


@pytest.fixture
def carrier(carrier_server: Client) -> Iterator[Client]:
    yield carrier_server
    carrier_server.request("DELETE", "/_sim/faults")


@dataclass
class OutsideSystems:
    population: Client
    sms: Client
    carrier: Client

    def last_otp(self, mobile: str) -> str | None:
        return last_otp(self.sms, mobile)


@pytest.fixture
def outside_systems(settings, population: Client, sms: Client, carrier: Client) -> OutsideSystems:
    """The platform's clients talk to the running simulators (settings restored after the test)."""
    settings.ONESTOP_POPULATION_URL = population.base_url
    settings.ONESTOP_SMS_URL = sms.base_url
    settings.ONESTOP_CARRIER_URL = carrier.base_url
    settings.ONESTOP_SIMULATOR_TOKEN = TOKEN
    return OutsideSystems(population, sms, carrier)


def last_otp(sms: Client, mobile: str) -> str | None:
    """The code in the newest message the SMS simulator recorded for ``mobile``, or None."""
    messages = sms.get(f"/v1/messages?to={mobile}&limit=1").body["messages"]
    return messages[0]["params"]["code"] if messages else None


# The outside registers of docs/data-exchange.md (simulators/registers), by data-source code.
REGISTER_MODULES = {
    "marriage": "simulators.registers.marriage",
    "social_insurance": "simulators.registers.social_insurance",
    "disability": "simulators.registers.disability",
    "company_register": "simulators.registers.company_register",
    "credit": "simulators.registers.credit",
    "education": "simulators.registers.education",
    "subsidy_payments": "simulators.registers.subsidy_payments",
}


@pytest.fixture(scope="session")
def register_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Client]]:
    """The six register simulators, started together once per test session."""
    yield from _serve_many(REGISTER_MODULES, tmp_path_factory.mktemp("registers"))


@pytest.fixture
def registers(settings, population: Client, register_servers: dict[str, Client]) -> Iterator[dict[str, Client]]:
    """Every data source of the exchange layer by its code (population and household are one process),
    with ``ONESTOP_DATA_SOURCE_URLS`` and the simulator token pointing the platform at them.
    Injected faults are cleared after the test; settings are restored."""
    clients = {"population": population, "household": population, **register_servers}
    settings.ONESTOP_DATA_SOURCE_URLS = {code: client.base_url for code, client in clients.items()}
    settings.ONESTOP_SIMULATOR_TOKEN = TOKEN
    yield clients
    for client in register_servers.values():
        client.request("DELETE", "/_sim/faults")


# The outside systems of company start-up's parallel branches (onestop/business/branches), by step name.
BRANCH_MODULES = {
    "seal": "simulators.seal_maker.app",
    "bank": "simulators.bank.app",
    "tax": "simulators.tax.app",
    "social_insurance": "simulators.social_insurance_registration.app",
}


@pytest.fixture(scope="session")
def branch_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Client]]:
    """The four branch simulators, started together once per test session."""
    yield from _serve_many(BRANCH_MODULES, tmp_path_factory.mktemp("branches"))


@pytest.fixture
def branch_systems(settings, branch_servers: dict[str, Client]) -> Iterator[dict[str, Client]]:
    """The branch simulators by step name, with ``ONESTOP_BRANCH_URLS`` and ``_TOKENS`` pointing the
    platform at them. Injected faults are cleared after the test; settings are restored."""
    settings.ONESTOP_BRANCH_URLS = {step: client.base_url for step, client in branch_servers.items()}
    settings.ONESTOP_BRANCH_TOKENS = {step: TOKEN for step in branch_servers}
    yield branch_servers
    for client in branch_servers.values():
        client.request("DELETE", "/_sim/faults")
