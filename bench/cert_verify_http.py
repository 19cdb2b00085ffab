"""HTTP benchmark of 扫码查验: POST /api/certs/verify with fresh single-use 亮证 codes.

Runs against DATABASE_URL (scripts/bench.sh: PostgreSQL with the demo data), serves the app with
granian with 1 and 4 workers, and drives it with wrk at 50 connections. Each request verifies a
never-used code: token lookup, status-list bit, SM2 signature check of the certificate, an SM2-signed
minimised view, an access-log append (SM3 chain) and a notification for the holder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import catalog_http  # noqa: E402  (sets up Django; server and wrk helpers)
from django.utils import timezone  # noqa: E402

from onestop.accounts.api_auth import create_api_client  # noqa: E402
from onestop.catalog.models import Department  # noqa: E402
from onestop.certs.models import Certificate, Presentation  # noqa: E402

CONNECTIONS = catalog_http.CONNECTIONS
DURATION = os.environ.get("BENCH_DURATION", "15s")


def make_codes(count: int) -> list[str]:
    """Fresh online codes, made in bulk the way create_online_presentation makes them one by one."""
    certificates = list(Certificate.objects.filter(revoked_at__isnull=True, holder_person__isnull=False).values_list("pk", flat=True))
    expires = timezone.now() + dt.timedelta(hours=1)
    codes, rows = [], []
    for i in range(count):
        token = secrets.token_hex(16).upper()
        codes.append("OSQ:" + token)
        rows.append(Presentation(certificate_id=certificates[i % len(certificates)], kind="online",
                                 token_hash=hashlib.sha256(token.encode()).hexdigest(), expires_at=expires))
    Presentation.objects.bulk_create(rows, batch_size=2000)
    return codes


def run(codes_file: str, key: str, duration: str) -> dict:
    return catalog_http.run_wrk([codes_file, "2", key], duration, script="wrk_verify.lua")


def main() -> None:
    _, key = create_api_client(Department.objects.get(code="D002"), "压力测试")
    results = {}
    for workers in (1, 4):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("\n".join(make_codes(int(os.environ.get("BENCH_CODES", 25_000)))))
        server = catalog_http.start_server(workers)
        try:
            run(handle.name, key, "3s")  # warm up (uses the first codes; the measured run uses the rest)
            results[workers] = run(handle.name, key, DURATION)
        finally:
            server.terminate()
            server.wait(timeout=20)
    valid = Presentation.objects.filter(used_at__isnull=False).count()
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL, "
          f"wrk {CONNECTIONS} connections for {DURATION}; {valid} codes verified in all")
    print(f"{'workers':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for workers, r in results.items():
        print(f"{workers:>7} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors'] + r['non_2xx']:>7}")
    print(f"throughput 4 workers / 1 worker = {results[4]['rps'] / results[1]['rps']:.2f}x; target p95 <= 50 ms: "
          f"{'met' if results[4]['p95_ms'] <= 50 else 'missed'}")


if __name__ == "__main__":
    main()
