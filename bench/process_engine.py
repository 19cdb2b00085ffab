"""Process engine benchmark (onestop/processes): steps per second run by 1 and by 2 worker
processes, and the completion time of a 4-branch process run in parallel against the serial sum of
its branches' simulated latencies.

    ./scripts/bench.sh process_engine      (PostgreSQL; or any DATABASE_URL)

Environment: BENCH_PROCESSES (processes of 5 steps each for the throughput runs, default 200),
BENCH_ROUNDS (runs of the 4-branch process, default 5)."""

from __future__ import annotations

import multiprocessing
import os
import platform
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

from django.db import connection  # noqa: E402

from onestop.processes import services  # noqa: E402
from onestop.processes.handlers import StepContext, step_handler  # noqa: E402
from onestop.processes.models import Process, ProcessDefinition, ProcessState, StepRun  # noqa: E402
from onestop.processes.worker import new_worker_id, run_batch  # noqa: E402

PROCESSES = int(os.environ.get("BENCH_PROCESSES", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
# 企业开办's branches after registration, with latencies like outside systems' (ms).
BRANCH_LATENCY_MS = {"seal": 300, "tax": 500, "bank": 400, "insurance": 200}


@step_handler("bench.noop")
def noop(ctx: StepContext) -> dict:
    return {"step": ctx.step}


@step_handler("bench.sleep")
def sleep(ctx: StepContext) -> dict:
    time.sleep(ctx.inputs["latency_ms"].get(ctx.step, 0) / 1000)
    return {"step": ctx.step}


def _diamond(handler: str) -> dict:
    branches = list(BRANCH_LATENCY_MS)
    return {"title": "基准：设立登记 → 四个并行分支 → 办结", "steps": [
        {"name": "register", "handler": handler},
        *({"name": b, "handler": handler, "depends_on": ["register"]} for b in branches),
        {"name": "finish", "handler": handler, "depends_on": branches}]}


def _work(key: str, limit: int, ready, start) -> None:
    """A worker process: runs batches until every process of ``key`` has ended."""
    connection.close()
    worker = new_worker_id()
    Process.objects.exists()  # connected
    ready.release()
    start.wait()
    while True:
        if not run_batch(worker, limit):
            if not Process.objects.filter(key=key, state=ProcessState.RUNNING).exists():
                return
            time.sleep(0.02)


def _run(key: str, workers: int, limit: int) -> float:
    """Seconds from releasing ``workers`` worker processes until every process of ``key`` is done."""
    ctx = multiprocessing.get_context("spawn")
    ready, start = ctx.Semaphore(0), ctx.Event()
    procs = [ctx.Process(target=_work, args=(key, limit, ready, start)) for _ in range(workers)]
    for p in procs:
        p.start()
    for _ in procs:  # every worker has imported Django and connected
        ready.acquire()
    began = time.perf_counter()
    start.set()
    # Timed until the database says done, not until the workers have exited.
    while Process.objects.filter(key=key).exclude(state=ProcessState.DONE).exists():
        time.sleep(0.005)
    elapsed = time.perf_counter() - began
    for p in procs:
        p.join()
    assert not Process.objects.filter(key=key).exclude(state=ProcessState.DONE).exists(), "a process did not finish"
    return elapsed


def _reset(key: str) -> None:
    Process.objects.filter(key=key).delete()


def throughput(workers: int) -> float:
    key = "bench-throughput"
    _reset(key)
    services.publish_definition(key, _diamond("bench.noop"))
    for i in range(PROCESSES):
        services.start_process(key, f"bench:{i}")
    steps = StepRun.objects.filter(process__key=key).count()
    seconds = _run(key, workers, 10)
    _reset(key)
    return steps / seconds


def branches(workers: int) -> float:
    key = "bench-branches"
    services.publish_definition(key, _diamond("bench.sleep"))
    times = []
    for i in range(ROUNDS):
        _reset(key)
        services.start_process(key, f"bench:{i}", {"latency_ms": BRANCH_LATENCY_MS})
        times.append(_run(key, workers, 1))  # one at a time: a claimed step waits for no other
    _reset(key)
    return statistics.median(times)


def main() -> None:
    print(f"process engine on {connection.vendor}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start")
    one, two = throughput(1), throughput(2)
    print(f"steps/s, {PROCESSES} processes × 6 steps (a no-op handler; claim + event + complete + join):")
    print(f"  1 worker : {one:7.0f} steps/s  ({1000 / one:.2f} ms per step)")
    print(f"  2 workers: {two:7.0f} steps/s  ({two / one:.2f}× one worker)")
    serial = sum(BRANCH_LATENCY_MS.values())
    print(f"4-branch process (branch latencies {BRANCH_LATENCY_MS} ms), median of {ROUNDS}:")
    seq = branches(1)
    par = branches(4)
    print(f"  serial sum of the branch latencies : {serial:5d} ms")
    print(f"  1 worker (branches one after another): {seq * 1000:5.0f} ms")
    print(f"  4 workers (branches in parallel)     : {par * 1000:5.0f} ms  "
          f"({serial / (par * 1000):.2f}× faster than the serial sum; the longest branch is "
          f"{max(BRANCH_LATENCY_MS.values())} ms)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end (figures on a loaded machine are upper bounds)")
    ProcessDefinition.objects.filter(key__startswith="bench-").delete()


if __name__ == "__main__":
    main()
