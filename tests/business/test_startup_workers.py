"""A step worker SIGKILLed in the middle of a branch, after the outside system made the order and
before its answer arrived: another worker takes the step over when the lease expires, the process
completes, and every simulator saw exactly one order (PostgreSQL, real processes)."""

from __future__ import annotations

import os
import secrets
import signal

import pytest
from django.conf import settings

from onestop.processes import services
from onestop.processes.models import Process, ProcessDefinition, ProcessState, StepRun, StepState
from tests.business.startup import BRANCHES, ORDER_PATHS, new_company, startup_definition, startup_inputs
from tests.simulator_fixtures import TOKEN
from tests.subprocesses import committed, database_url, start_worker, wait_for

pytestmark = [
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                       reason="needs a database with concurrent writers (PostgreSQL)"),
    pytest.mark.django_db,
]
URL_VARIABLES = {"seal": "ONESTOP_SEAL_MAKER_URL", "bank": "ONESTOP_BANK_URL", "tax": "ONESTOP_TAX_URL",
                 "social_insurance": "ONESTOP_SOCIAL_INSURANCE_REGISTRATION_URL"}


@pytest.fixture
def committed_startup():
    keys = []

    def start(company):
        key = f"test-startup-{secrets.token_hex(4)}"
        keys.append(key)
        no_wait = {"retry": {"max_attempts": 3, "base_delay_seconds": 0, "max_delay_seconds": 0}}
        spec = startup_definition(**{b: no_wait for b in BRANCHES} | {"seal": {**no_wait, "timeout_seconds": 3}})
        committed(services.publish_definition, key, spec)
        return committed(services.start_process, key, "case:1", startup_inputs(company))

    yield start

    def remove():
        Process.objects.filter(key__in=keys).delete()
        ProcessDefinition.objects.filter(key__in=keys).delete()

    committed(remove)


def _orders(systems, step, uscc):
    return systems[step].get(f"{ORDER_PATHS[step]}?uscc={uscc}").body["orders"]


def test_a_worker_killed_mid_branch_leaves_it_to_another_and_nothing_is_ordered_twice(
        branch_systems, committed_startup, tmp_path):
    company = new_company()
    # The seal maker files the seals, then holds its answer back: the worker dies waiting for it.
    branch_systems["seal"].post("/_sim/faults", {"hold_response_ms": 30_000})
    process = committed_startup(company)
    env = {**os.environ, "DATABASE_URL": database_url(), "ONESTOP_DEV": "1", "SIM_TOKEN": TOKEN,
           "ONESTOP_PROCESS_HANDLER_MODULES": "tests.business.startup", "ONESTOP_BRANCH_TIMEOUT_SECONDS": "20",
           **{URL_VARIABLES[step]: client.base_url for step, client in branch_systems.items()}}
    with open(tmp_path / "worker1.log", "wb") as log:
        worker = start_worker("run_steps", env, log)
        try:
            wait_for(lambda: _orders(branch_systems, "seal", company["uscc"]), 30,
                     "the first worker to order the seals:\n" + (tmp_path / "worker1.log").read_text(errors="replace"))
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
    seal = StepRun.objects.get(process=process, name="seal")
    assert (seal.state, seal.attempts) == (StepState.RUNNING, 1)  # held by a dead worker
    branch_systems["seal"].request("DELETE", "/_sim/faults")
    with open(tmp_path / "worker2.log", "wb") as log:
        worker = start_worker("run_steps", env, log)
        try:
            wait_for(lambda: Process.objects.get(pk=process.pk).state == ProcessState.DONE, 60,
                     "the second worker to finish:\n" + (tmp_path / "worker2.log").read_text(errors="replace"))
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(10)
    seal.refresh_from_db()
    [order] = _orders(branch_systems, "seal", company["uscc"])
    assert (seal.state, seal.attempts, seal.outputs["order_id"]) == (StepState.DONE, 2, order["order_id"])
    assert [len(_orders(branch_systems, b, company["uscc"])) for b in BRANCHES] == [1, 1, 1, 1]
    assert "租约已到期" in process.events.get(step="seal", attempt=2, to_state=StepState.RUNNING).detail
