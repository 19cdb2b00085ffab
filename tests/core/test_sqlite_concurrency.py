"""The default database of `make run` is SQLite: concurrent requests to a real server (granian with two
workers, as in Procfile.dev) must wait for each other's writes instead of answering 500
"database is locked". Runs on its own SQLite file whatever database the rest of the suite uses."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANS = 48

# Runs inside `manage.py shell` on the SQLite file: a department key and fresh online codes.
SETUP = f"""
import json
from onestop.accounts.api_auth import create_api_client
from onestop.accounts.models import Person
from onestop.catalog.models import Department
from onestop.certs import services
from onestop.certs.models import Certificate
person = Person.objects.with_id_number("440403199408248952").get()
certificate = Certificate.objects.filter(holder_person=person, cert_type__name="居民身份证").first()
_, key = create_api_client(Department.objects.get(code="D009"), "并发测试")
codes = [services.create_online_presentation(certificate)[0] for _ in range({SCANS})]
print(json.dumps({{"key": key, "codes": codes}}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def sqlite_server(tmp_path):
    # The settings of `make run` (scripts/test.sh makes the test process itself DEFERRED).
    env = {**os.environ, "ONESTOP_DEV": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "SQLITE_TRANSACTION_MODE": "IMMEDIATE"}
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo", "-v0")
    data = json.loads(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    port = _free_port()
    log = open(tmp_path / "granian.log", "wb")  # noqa: SIM115 - open for the server's lifetime
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2", "--no-ws", "onestop.wsgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            assert server.poll() is None, (tmp_path / "granian.log").read_text(errors="replace")[-2000:]
            time.sleep(0.3)
    yield base, data
    server.terminate()
    server.wait(timeout=10)
    log.close()


def _verify(base: str, key: str, code: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + "/api/certs/verify", data=json.dumps({"code": code}).encode(), method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, {"body": error.read().decode(errors="replace")[:300]}


def test_concurrent_scans_on_sqlite_all_succeed_and_each_code_is_used_once(sqlite_server):
    base, data = sqlite_server
    with ThreadPoolExecutor(max_workers=16) as pool:
        replies = list(pool.map(lambda code: _verify(base, data["key"], code), data["codes"]))
    failures = [reply for reply in replies if reply[0] != 200]
    assert failures == []
    assert [body["verdict"] for _, body in replies] == ["valid"] * SCANS
    # Each code was used by its own scan: a second scan of any of them is a replay.
    assert _verify(base, data["key"], data["codes"][0])[1]["verdict"] == "replayed"
