"""Workers in parallel on PostgreSQL, with real concurrent connections and real processes: two
workers never run the same attempt, branches finishing at once release their join once, and a
worker SIGKILLed in the middle of a step leaves it to another, with no second side effect.

What these tests create is committed (other connections and processes must see it) and removed
afterwards (see ``tests.subprocesses.committed``)."""

from __future__ import annotations

import os
import secrets
import signal
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from onestop.processes import services
from onestop.processes.models import Process, ProcessDefinition, ProcessState, StepRun, StepState
from onestop.processes.transitions import claim_steps, complete_step
from onestop.processes.worker import run_until_idle
from tests.subprocesses import committed, database_url, start_worker, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                       reason="needs a database with concurrent writers (PostgreSQL)"),
    pytest.mark.django_db,
]


@pytest.fixture
def committed_process():
    """Publishes ``steps`` and starts a process, both committed; removed after the test."""
    keys = []

    def start(steps, inputs=None):
        key = f"test-{secrets.token_hex(4)}"
        keys.append(key)
        committed(services.publish_definition, key, {"title": "并发测试", "steps": steps})
        return committed(services.start_process, key, "case:1", inputs or {})

    yield start

    def remove():
        Process.objects.filter(key__in=keys).delete()
        ProcessDefinition.objects.filter(key__in=keys).delete()

    committed(remove)


def _in_threads(count, fn):
    barrier, errors = threading.Barrier(count), []

    def run(index):
        try:
            barrier.wait()
            fn(index)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_two_workers_racing_run_each_step_once(committed_process, tmp_path):
    steps = [{"name": f"s{i}", "handler": "tests.effect"} for i in range(60)]
    process = committed_process(steps, {"effects_dir": str(tmp_path)})
    _in_threads(2, lambda i: run_until_idle(f"worker-{i}", limit=3))
    process.refresh_from_db()
    assert process.state == ProcessState.DONE
    assert set(StepRun.objects.filter(process=process).values_list("attempts", flat=True)) == {1}
    claims = list(process.events.exclude(step="").filter(to_state=StepState.RUNNING).values_list("step", "actor"))
    assert len(claims) == 60 and len({step for step, _ in claims}) == 60
    assert {actor for _, actor in claims} == {"worker-0", "worker-1"}  # both took part
    assert len(list(tmp_path.glob("effect-*"))) == 60 and len(list(tmp_path.glob("attempt-*"))) == 60


def test_claims_racing_on_the_same_rows_never_hand_a_step_out_twice(committed_process):
    process = committed_process([{"name": f"s{i}", "handler": "tests.record"} for i in range(40)])
    taken: dict[int, list] = {0: [], 1: [], 2: [], 3: []}

    def claim_all(index):
        while batch := claim_steps(f"worker-{index}", limit=2):
            taken[index].extend(c.step.name for c in batch)

    _in_threads(4, claim_all)
    names = [name for batch in taken.values() for name in batch]
    assert sorted(names) == sorted(f"s{i}" for i in range(40))
    assert set(StepRun.objects.filter(process=process).values_list("attempts", flat=True)) == {1}


def test_branches_finishing_at_once_release_their_join_once(committed_process):
    branches = [{"name": f"b{i}", "handler": "tests.record"} for i in range(4)]
    process = committed_process([*branches, {"name": "join", "handler": "tests.record",
                                             "depends_on": [b["name"] for b in branches]}])
    claims = committed(claim_steps, "claimer", 4)
    assert len(claims) == 4
    _in_threads(4, lambda i: complete_step(claims[i], {"branch": i}))
    join = StepRun.objects.get(process=process, name="join")
    assert join.state == StepState.READY
    assert process.events.filter(step="join", to_state=StepState.READY).count() == 1


def test_a_worker_killed_mid_step_leaves_it_to_another_without_a_second_side_effect(committed_process, tmp_path):
    effects = tmp_path / "effects"
    effects.mkdir()
    branches = [{"name": n, "handler": "tests.effect", "timeout_seconds": 2} for n in ("seal", "tax", "bank")]
    process = committed_process([*branches, {"name": "finish", "handler": "tests.effect",
                                             "depends_on": ["seal", "tax", "bank"]}],
                                {"effects_dir": str(effects), "hang": "seal"})
    env = {**os.environ, "DATABASE_URL": database_url(), "ONESTOP_DEV": "1",
           "ONESTOP_PROCESS_HANDLER_MODULES": "tests.processes.handlers"}
    with open(tmp_path / "worker1.log", "wb") as log:
        worker = start_worker("run_steps", env, log)
        try:
            # The first worker has made the seal's side effect and hangs before recording it.
            wait_for(lambda: (effects / "attempt-seal-1").exists(), 30,
                  "the first worker to start the seal:\n" + (tmp_path / "worker1.log").read_text(errors="replace"))
            time.sleep(0.3)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
    seal = StepRun.objects.get(process=process, name="seal")
    assert (seal.state, seal.attempts) == (StepState.RUNNING, 1)  # held by a dead worker
    with open(tmp_path / "worker2.log", "wb") as log:
        worker = start_worker("run_steps", env, log)
        try:
            wait_for(lambda: Process.objects.get(pk=process.pk).state == ProcessState.DONE, 60,
                  "the second worker to finish:\n" + (tmp_path / "worker2.log").read_text(errors="replace"))
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(10)
    seal.refresh_from_db()
    assert (seal.state, seal.attempts, seal.outputs) == (StepState.DONE, 2, {"made_effect": False})
    made = sorted(p.name for p in effects.glob("effect-*"))
    assert made == sorted(f"effect-process-{process.pk}-{n}" for n in ("seal", "tax", "bank", "finish"))
    takeover = process.events.get(step="seal", attempt=2, to_state=StepState.RUNNING)
    assert "租约已到期" in takeover.detail
