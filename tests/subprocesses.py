"""Helpers for tests that start processes of their own (the browser tests' server, task workers)."""

import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The test database as a DATABASE_URL, for the processes the tests start (server, workers)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def committed(fn, *args, **kwargs):
    """Runs ``fn`` in a new thread (its own connection, autocommit) and returns its result: what it
    writes is committed, so that other connections and processes see it."""
    box = {}

    def run():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            box["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


ROOT = Path(__file__).resolve().parents[1]


def start_worker(command: str, env: dict, log):
    """A ``manage.py`` worker command (run_worker, run_steps) as its own process group, polling fast,
    so that a test can SIGKILL it mid-step."""
    return subprocess.Popen([sys.executable, "manage.py", command, "--interval", "0.2"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
