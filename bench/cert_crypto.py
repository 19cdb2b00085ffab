"""In-process certificate benchmarks (issue 3): signature verifications per second per core for SM2
and Ed25519, QR image decode + verify latency, and status-list lookups for 1,000,000 certificates.

    .venv/bin/python bench/cert_crypto.py      (no database needed)
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from onestop.certs import jws, offline, qr, status_list  # noqa: E402
from onestop.certs.identifiers import make_certificate_id  # noqa: E402
from onestop.certs.signing import generate_signer  # noqa: E402

# Library limits measured on these machines (shared/DESIGN.md §2, §6): verifications/s per core.
REFERENCE = {"SM2": 2000, "EdDSA": 6000}
CID = make_certificate_id("11100000000000019F001", "11440403007000091Y", "00000001")


def rate(fn, seconds: float = 2.0) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            fn()
        count += 50
    return count / (time.perf_counter() - start)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; one process, one core")
    print(f"{'algorithm':<8} {'raw verify/s':>13} {'JWS verify/s':>13} {'reference/s':>12} {'JWS / half of reference':>24}")
    for alg in ("SM2", "EdDSA"):
        signer = generate_signer(alg, "bench")
        verifier = signer.verifier()
        data = b"x" * 200
        signature = signer.sign(data)
        raw = rate(lambda v=verifier, s=signature, d=data: v.verify(d, s))
        token = jws.sign({"id": CID, "holder": "陈某某", "type": "居民身份证"}, signer, "cert+jwt")
        full = rate(lambda t=token, v=verifier: jws.verify(t, lambda kid, a, v=v: v, "cert+jwt"))
        print(f"{alg:<8} {raw:>13.0f} {full:>13.0f} {REFERENCE[alg]:>12} {full / (REFERENCE[alg] / 2):>23.2f}x")

    print("\nQR image (PNG, scale 6) decode with zxing-cpp + offline token verification, 300 runs each:")
    for alg in ("SM2", "EdDSA"):
        signer = generate_signer(alg, "bench")
        verifier = signer.verifier()
        images = [qr.make_png(offline.issue(signer, CID, i), max_version=13) for i in range(30)]
        qr.read(images[0])
        times = []
        for i in range(300):
            start = time.perf_counter()
            [text] = qr.read(images[i % 30])
            offline.verify(text, lambda kid, a, v=verifier: v)
            times.append((time.perf_counter() - start) * 1000)
        print(f"  {alg:<6} p50 {statistics.median(times):.2f} ms  p95 {percentile(times, 95):.2f} ms  (target p95 <= 20 ms)")

    print("\nStatus list at 1,000,000 certificates (8 lists of 131,072 entries, 1% revoked):")
    lists = [status_list.StatusList() for _ in range(8)]
    rng = random.Random(1)
    for _ in range(10_000):
        index = rng.randrange(1_000_000)
        lists[index // 131_072].revoke(index % 131_072)
    signer = generate_signer("SM2", "status")
    start = time.perf_counter()
    tokens = [status_list.sign_list(sl, "issuer", f"https://example/status/{i}", signer) for i, sl in enumerate(lists)]
    sign_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    decoded = [status_list.verify_list(t, lambda kid, a: signer.verifier()) for t in tokens]
    fetch_ms = (time.perf_counter() - start) * 1000
    probes = [rng.randrange(1_000_000) for _ in range(100_000)]
    lookups = rate(lambda: [decoded[i // 131_072].is_revoked(i % 131_072) for i in probes[:100]]) * 100
    sizes = [len(t) for t in tokens]
    print(f"  signed size per list {min(sizes)}-{max(sizes)} bytes ({sum(sizes) / 1024:.0f} KiB for all 8); "
          f"sign all {sign_ms:.0f} ms; verify + decompress all {fetch_ms:.0f} ms; lookups {lookups:,.0f}/s")


if __name__ == "__main__":
    main()
