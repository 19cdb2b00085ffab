"""Company start-up's four parallel branches (seal, bank, tax, social insurance) on the process
engine against their real simulators, each given a latency: the completion time with the branches
in parallel (4 step workers) against one after another (1 worker) and the serial sum of the
latencies.

    ./scripts/bench.sh startup_branches      (PostgreSQL; or any DATABASE_URL)

Environment: BENCH_ROUNDS (companies per run, default 5), BENCH_LATENCY_MS (four comma-separated
latencies for seal, bank, tax, social insurance; default 300,400,500,200)."""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
os.environ.setdefault("ONESTOP_DEV", "1")
os.environ.setdefault("SIM_TOKEN", "bench-" + secrets.token_hex(8))  # kept by the spawned workers

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from onestop.core.identifiers import make_uscc  # noqa: E402
from onestop.processes import services  # noqa: E402
from onestop.processes.handlers import StepContext, step_handler  # noqa: E402
from onestop.processes.models import Process, ProcessDefinition, ProcessState, StepRun  # noqa: E402
from onestop.processes.worker import new_worker_id, run_batch  # noqa: E402
from simulators.orders import today, working_day_after  # noqa: E402

BRANCHES = ("seal", "bank", "tax", "social_insurance")
SIMULATORS = {"seal": ("simulators.seal_maker.app", "ONESTOP_SEAL_MAKER_URL"),
              "bank": ("simulators.bank.app", "ONESTOP_BANK_URL"),
              "tax": ("simulators.tax.app", "ONESTOP_TAX_URL"),
              "social_insurance": ("simulators.social_insurance_registration.app",
                                   "ONESTOP_SOCIAL_INSURANCE_REGISTRATION_URL")}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
LATENCY_MS = dict(zip(BRANCHES, map(int, os.environ.get("BENCH_LATENCY_MS", "300,400,500,200").split(","))))
KEY = "bench-startup-branches"


@step_handler("bench.startup.register")
def register(ctx: StepContext) -> dict:
    return {"uscc": ctx.inputs["uscc"], "company_name": ctx.inputs["company"]["name"], "company_id": 0,
            "licence_certificate_id": 0, "registered_on": today().isoformat()}


@step_handler("bench.startup.complete")
def complete(ctx: StepContext) -> dict:
    return {"branches": sorted(ctx.upstream)}


def _definition() -> dict:
    return {"title": "基准：企业开办四个并联分支", "steps": [
        {"name": "register", "handler": "bench.startup.register"},
        *({"name": b, "handler": f"business.{b}", "depends_on": ["register"]} for b in BRANCHES),
        {"name": "complete", "handler": "bench.startup.complete", "depends_on": list(BRANCHES)}]}


def _inputs(serial: int) -> dict:
    uscc = make_uscc("91", "440403", f"MA{secrets.randbelow(10**6):06d}")
    # Spread the bank appointments over the month: a branch takes 8 a day.
    return {"uscc": uscc, "company": {"name": f"珠海市斗门区基准{serial:04d}贸易有限公司", "employees": 2},
            "contact_mobile": "13800000000",
            "bank": {"bank_code": "icbc_doumen", "appointment_date": working_day_after(today(), 1 + serial % 18).isoformat()},
            "seal": {"maker_code": "seal_jingan", "kinds": ["official", "finance", "invoice"]},
            "tax": {"taxpayer_type": "small_scale", "invoice_kinds": ["digital_ordinary"],
                    "monthly_invoice_limit_fen": 10_000_000},
            "social_insurance": {"employees": 2, "housing_fund": True}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url: str, method: str = "GET", body: dict | None = None) -> dict:
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {os.environ['SIM_TOKEN']}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())


def _start_simulators() -> list[subprocess.Popen]:
    granian = Path(sys.executable).with_name("granian")
    procs = []
    for step, (module, variable) in SIMULATORS.items():
        port = _free_port()
        procs.append(subprocess.Popen([str(granian), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
                                       "--workers", "1", "--no-ws", f"{module}:app"], cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.environ[variable] = f"http://127.0.0.1:{port}"  # read by the spawned workers' settings
        settings.ONESTOP_BRANCH_URLS[step] = os.environ[variable]
    deadline = time.monotonic() + 20
    for step in BRANCHES:
        while True:
            try:
                _call(settings.ONESTOP_BRANCH_URLS[step] + "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"the {step} simulator did not start") from None
                time.sleep(0.1)
        _call(settings.ONESTOP_BRANCH_URLS[step] + "/_sim/faults", "POST", {"delay_ms": LATENCY_MS[step]})
    return procs


def _work(ready, stop) -> None:
    """A step worker process: runs steps one at a time until told to stop (long-lived, as deployed)."""
    connection.close()
    worker = new_worker_id()
    Process.objects.exists()  # connected
    ready.release()
    while not stop.is_set():
        if not run_batch(worker, 1):
            time.sleep(0.01)


def _run_one(serial: int) -> tuple[float, float]:
    """One company: (seconds from start to done, seconds from registration done to the last branch done)."""
    process = services.start_process(KEY, f"bench:{serial}", _inputs(serial))
    began = time.perf_counter()
    while Process.objects.filter(pk=process.pk, state=ProcessState.RUNNING).exists():
        time.sleep(0.005)
    elapsed = time.perf_counter() - began
    process.refresh_from_db()
    assert process.state == ProcessState.DONE, f"{process} ended {process.state}"
    finished = dict(StepRun.objects.filter(process=process).values_list("name", "finished_at"))
    branches = (max(finished[b] for b in BRANCHES) - finished["register"]).total_seconds()
    return elapsed, branches


def _runs(workers: int, first: int) -> tuple[float, float]:
    """Median over ROUNDS companies, one after another, run by ``workers`` worker processes; the
    first company warms the workers up (imports, connections) and is not counted."""
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Semaphore(0), ctx.Event()
    procs = [ctx.Process(target=_work, args=(ready, stop)) for _ in range(workers)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    try:
        _run_one(first)
        results = [_run_one(first + 1 + i) for i in range(ROUNDS)]
    finally:
        stop.set()
        for p in procs:
            p.join()
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main() -> None:
    print(f"company start-up branches on {connection.vendor}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start")
    Process.objects.filter(key=KEY).delete()
    services.publish_definition(KEY, _definition())
    simulators = _start_simulators()
    try:
        serial_sum = sum(LATENCY_MS.values())
        one_total, one_branches = _runs(1, 0)
        four_total, four_branches = _runs(4, ROUNDS + 1)
    finally:
        for proc in simulators:
            proc.terminate()
            proc.wait(10)
    longest = max(LATENCY_MS.values())
    print(f"simulator latencies {LATENCY_MS} ms (serial sum {serial_sum} ms, longest {longest} ms), "
          f"median of {ROUNDS} companies each:")
    print("                                        register→last branch   start→done")
    print(f"  1 worker  (branches one after another): {one_branches * 1000:8.0f} ms {one_total * 1000:13.0f} ms")
    print(f"  4 workers (branches in parallel)      : {four_branches * 1000:8.0f} ms {four_total * 1000:13.0f} ms")
    print(f"  parallel vs the serial sum of latencies: {serial_sum / (four_branches * 1000):.2f}× faster; "
          f"vs 1 worker: {one_branches / four_branches:.2f}×")
    print(f"  platform's own share with 4 workers   : {four_branches * 1000 - longest:8.0f} ms above the longest branch; "
          f"1 worker: {one_branches * 1000 - serial_sum:.0f} ms above the serial sum")
    print(f"load average {os.getloadavg()[0]:.1f} at the end (figures on a loaded machine are upper bounds)")
    Process.objects.filter(key=KEY).delete()
    ProcessDefinition.objects.filter(key=KEY).delete()


if __name__ == "__main__":
    main()
