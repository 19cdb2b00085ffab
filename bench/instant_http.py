"""End-to-end HTTP benchmark of 秒批: a logged-in applicant POSTs the application form of an instant
item and gets the redirect to the decided case. Each request: form validation, the case and its
timeline rows, reads of the rule set's data sources from the simulators over HTTP (audited), CEL
evaluation, the decision with its input snapshot, and on approval an SM2-signed result certificate.

Also measures the background path: cases queued undecided, drained by 1 and by 4 process-engine
worker processes (manage.py run_steps), as sustained decisions per second.

Runs against DATABASE_URL (scripts/bench.sh: PostgreSQL with the demo data). Environment:
BENCH_ITEM (item name, default 生育登记: population and marriage registers over HTTP, and the certificate library), BENCH_DURATION (seconds per run, default 15),
BENCH_QUEUE (cases per worker run, default 400).
"""

from __future__ import annotations

import asyncio
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import catalog_http  # noqa: E402  (sets up Django; server helpers)
from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from onestop.accounts.models import Person  # noqa: E402
from onestop.cases import forms, services  # noqa: E402
from onestop.cases.models import Case  # noqa: E402
from onestop.catalog.models import ServiceItem  # noqa: E402
from onestop.exchange.models import SourceHealth  # noqa: E402
from onestop.rules import services as rules  # noqa: E402

ITEM = os.environ.get("BENCH_ITEM", "生育登记")
DURATION = float(os.environ.get("BENCH_DURATION", 15))
QUEUE = int(os.environ.get("BENCH_QUEUE", 400))
TOKEN = "bench-" + secrets.token_hex(6)
SIMULATORS = {
    "population": ("simulators.population_register.app", 8301),
    "marriage": ("simulators.registers.marriage", 8304),
    "social_insurance": ("simulators.registers.social_insurance", 8305),
    "disability": ("simulators.registers.disability", 8306),
    "company_register": ("simulators.registers.company_register", 8307),
    "credit": ("simulators.registers.credit", 8308),
    "education": ("simulators.registers.education", 8309),
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSRF = secrets.token_hex(16)  # an unmasked 32-character secret: Django accepts it in cookie and form


def source_env() -> dict[str, str]:
    urls = {code: f"http://127.0.0.1:{port}" for code, (_, port) in SIMULATORS.items()}
    env = {f"ONESTOP_{code.upper()}_URL": url for code, url in urls.items()}
    env.update({"ONESTOP_POPULATION_URL": urls["population"], "ONESTOP_HOUSEHOLD_URL": urls["population"], "SIM_TOKEN": TOKEN})
    return env


def start_simulators() -> list[subprocess.Popen]:
    procs = [subprocess.Popen([sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", "1", "--no-ws", "--log-level", "warning", f"{module}:app"],
                              cwd=ROOT, env={**os.environ, "SIM_TOKEN": TOKEN}) for module, port in SIMULATORS.values()]
    for _, port in SIMULATORS.values():
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    return procs


def form_for(item, applicant) -> dict:
    """Posted fields: pre-filled values, and a plausible answer to every other required field."""
    schema = forms.schema_for(item)
    values = dict(services.prefill_for(item, applicant).values)
    for f in forms.fields(schema):
        if f.name in values or not f.required:
            continue
        spec = f.spec
        if f.enum:
            values[f.name] = f.enum[0]
        elif spec.get("format") == "date":
            values[f.name] = "2027-01-20"
        elif spec.get("type") in ("integer", "number"):
            values[f.name] = str(spec.get("minimum", 1))
        elif spec.get("type") == "boolean":
            values[f.name] = "on"
        elif "pattern" in spec and "1[3-9]" in spec["pattern"]:
            values[f.name] = "13800138000"
        else:
            values[f.name] = "珠海市斗门区井岸镇新青路1号"[: max(spec.get("minLength", 2), min(spec.get("maxLength", 20), 20))]
    return {k: str(v) for k, v in values.items()}


def _fields_and_files(item, applicant) -> tuple[dict, list[str]]:
    fields = form_for(item, applicant)
    files = []
    for option in services.material_options(item, applicant):
        if option.certificate:
            fields[f"use_cert_{option.material.pk}"] = "on"
        elif option.material.required and not option.online_form:
            files.append(f"material_{option.material.pk}")
    return fields, files


def approved_people(item) -> list[Person]:
    """Demo residents whom the item's rules approve (tried once each, in-process)."""
    people = []
    for person in Person.objects.filter(user__isnull=False).order_by("pk"):
        applicant = services.Applicant(person.user, person)
        fields, files = _fields_and_files(item, applicant)
        uploads = {int(name.split("_")[1]): SimpleUploadedFile("材料.pdf", PDF) for name in files}
        use = {int(k.split("_")[2]) for k in fields if k.startswith("use_cert_")}
        try:
            case = services.submit_application(services.Submission(
                item=item, applicant=applicant, idempotency_key="probe-" + secrets.token_hex(8), form=fields,
                uploads=uploads, use_certificates=use))
        except services.CaseError:
            continue
        if case.status == "completed":
            people.append(person)
    return people


def sessions(item, people) -> list[tuple[str, dict, list[str]]]:
    out = []
    for person in people:
        client = Client()
        client.force_login(person.user)
        fields, files = _fields_and_files(item, services.Applicant(person.user, person))
        out.append((client.cookies[settings.SESSION_COOKIE_NAME].value, fields, files))
    return out


async def load(base: str, item, people, concurrency: int, seconds: float) -> dict:
    latencies, outcomes, errors = [], {}, 0
    stop = time.monotonic() + seconds

    async def user(i: int):
        nonlocal errors
        cookie, fields, files = people[i % len(people)]
        async with httpx.AsyncClient(base_url=base, cookies={settings.SESSION_COOKIE_NAME: cookie, "csrftoken": CSRF},
                                     timeout=30, headers={"Referer": base}) as http:
            while time.monotonic() < stop:
                data = {**fields, "csrfmiddlewaretoken": CSRF, "idempotency_key": secrets.token_urlsafe(12)}
                upload = {name: ("材料.pdf", PDF, "application/pdf") for name in files}
                started = time.perf_counter()
                response = await http.post(f"/items/{item.code}/apply/", data=data, files=upload or None)
                elapsed = time.perf_counter() - started
                if response.status_code != 302:
                    errors += 1
                    continue
                latencies.append(elapsed)
                number = response.headers["location"].rstrip("/").rsplit("/", 1)[-1]
                outcomes[number] = True

    started = time.monotonic()
    await asyncio.gather(*(user(i) for i in range(concurrency)))
    wall = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {"requests": len(latencies), "errors": errors, "per_second": len(latencies) / wall, "p50_ms": q[49] * 1000,
            "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000, "numbers": list(outcomes)}


def drain_queue(item, people: list[Person], workers: int) -> dict:
    """Queues QUEUE undecided cases, then times ``workers`` process-engine workers deciding them all."""
    numbers = []
    for i in range(QUEUE):
        person = people[i % len(people)]
        applicant = services.Applicant(person.user, person)
        fields, files = _fields_and_files(item, applicant)
        case = services.submit_application(services.Submission(
            item=item, applicant=applicant, idempotency_key="queue-" + secrets.token_hex(8), form=fields,
            uploads={int(name.split("_")[1]): SimpleUploadedFile("材料.pdf", PDF) for name in files},
            use_certificates={int(k.split("_")[2]) for k in fields if k.startswith("use_cert_")},
        ), decide_now=False)
        numbers.append(case.number)
    env = {**os.environ, **source_env()}
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "manage.py", "run_steps", "--interval", "0.05"], cwd=ROOT, env=env)
             for _ in range(workers)]
    try:
        while Case.objects.filter(number__in=numbers, instant_pending=True).exists():
            time.sleep(0.1)
        wall = time.monotonic() - started
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    return {"cases": len(numbers), "seconds": wall, "per_second": len(numbers) / wall}


def main() -> None:
    item = ServiceItem.objects.filter(name=ITEM, instant_approval=True).first()
    if item is None or rules.published_for(item) is None:
        raise SystemExit(f"no published 秒批 rule set for {ITEM!r}")
    sims = start_simulators()
    settings.ONESTOP_DATA_SOURCE_URLS = {code: f"http://127.0.0.1:{port}" for code, (_, port) in SIMULATORS.items()}
    settings.ONESTOP_DATA_SOURCE_URLS["household"] = settings.ONESTOP_DATA_SOURCE_URLS["population"]
    settings.ONESTOP_SIMULATOR_TOKEN = TOKEN
    os.environ.update(source_env())
    try:
        people = approved_people(item)
        if not people:
            raise SystemExit(f"no demo resident is approved for {ITEM!r}")
        print(f"item: {item.name} ({item.code}); approved demo applicants: {len(people)}; machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
        logged_in = sessions(item, people)
        results = {}
        for workers in (1, 4):
            server = catalog_http.start_server(workers)
            try:
                for concurrency in (20, 50):
                    SourceHealth.objects.update(consecutive_failures=0, open_until=None)
                    r = asyncio.run(load(f"http://127.0.0.1:{catalog_http.PORT}", item, logged_in, concurrency, DURATION))
                    r["statuses"] = dict(Case.objects.filter(number__in=r.pop("numbers")).values_list("status")
                                         .annotate(n=Count("id")).order_by())
                    results[(workers, concurrency)] = r
                    print(f"web workers {workers}, {concurrency} concurrent applicants: {r['per_second']:.1f} decisions/s, "
                          f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, "
                          f"{r['requests']} decided, {r['errors']} errors, outcomes {r['statuses']}")
            finally:
                server.terminate()
                server.wait(10)
        ratio = results[(4, 50)]["per_second"] / results[(1, 50)]["per_second"]
        print(f"4 / 1 web workers at 50 concurrent: {ratio:.2f}x; p95 target 300 ms: "
              f"{'met' if results[(4, 50)]['p95_ms'] <= 300 else 'missed'} at 50, {'met' if results[(4, 20)]['p95_ms'] <= 300 else 'missed'} at 20")
        for workers in (1, 4):
            r = drain_queue(item, people, workers)
            print(f"task workers {workers}: {r['cases']} queued cases decided in {r['seconds']:.1f} s = {r['per_second']:.1f} decisions/s")
    finally:
        for p in sims:
            p.terminate()
        for p in sims:
            p.wait(10)


if __name__ == "__main__":
    main()
