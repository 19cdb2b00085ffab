"""``make name-eval CASES=cases.jsonl``: checks each JSON line's proposed name against that line's
register alone and prints one JSON line per case. Lines that carry ``expected`` (a verdict) are
scored, and the accuracy goes to stderr. A bad line gets a JSON line with an error, never a
traceback; the exit status is 0.

Input line: {"proposed": "…", "register": [{"name": "…", "status": "registered|reserved|
cancelled|changed|revoked", "date": "YYYY-MM-DD"}], "today": "YYYY-MM-DD"}  (date, today optional)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import IO, Iterator
from zoneinfo import ZoneInfo

from .checker import MemoryRegister, check, make_entry
from .rules import STATUSES


class CaseError(ValueError):
    pass


def _date(value, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise CaseError(f"{what} must be a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{what} is not a date written YYYY-MM-DD: {value!r}") from None


def run_case(case, default_today: dt.date) -> dict:
    if not isinstance(case, dict):
        raise CaseError("each line must be a JSON object")
    proposed = case.get("proposed")
    if not isinstance(proposed, str):  # an empty name is checked: it is blocked, with its reasons
        raise CaseError("proposed must be a string")
    register = case.get("register") or []
    if not isinstance(register, list):
        raise CaseError("register must be a list")
    entries = []
    for i, row in enumerate(register):
        if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not row["name"]:
            raise CaseError(f"register[{i}] must be an object with a name")
        status = row.get("status") or "registered"
        if status not in STATUSES:
            raise CaseError(f"register[{i}].status must be one of {'|'.join(STATUSES)}")
        entries.append(make_entry(row["name"], status, _date(row.get("date"), f"register[{i}].date")))
    today = _date(case.get("today"), "today") or default_today
    return check(proposed, MemoryRegister(entries), today).as_json()


def evaluate(lines: Iterator[str], out: IO[str], err: IO[str]) -> tuple[int, int]:
    default_today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    scored = correct = 0
    misses = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            result = run_case(case, default_today)
        except (json.JSONDecodeError, CaseError) as exc:
            result, case = {"error": f"line {number}: {exc}"}, None
        except Exception as exc:  # noqa: BLE001 - one bad case never stops the run
            result, case = {"error": f"line {number}: cannot check this case ({exc})"}, None
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        if isinstance(case, dict) and case.get("expected"):
            scored += 1
            if result.get("verdict") == case["expected"]:
                correct += 1
            else:
                misses.append(f"  line {number}: {case['proposed']} expected {case['expected']}, "
                              f"got {result.get('verdict')}")
    if scored:
        err.write(f"name-eval: {correct}/{scored} verdicts as expected "
                  f"({100 * correct / scored:.1f}%)\n")
        err.write("".join(m + "\n" for m in misses))
    return correct, scored


def main(argv: list[str]) -> int:
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    sys.stdout.reconfigure(encoding="utf-8")
    path = argv[0] if argv else "-"
    try:
        stream = (open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
                  if path != "-" else sys.stdin)
    except OSError as exc:
        sys.stdout.write(json.dumps({"error": f"cannot read {path}: {exc.strerror}"}) + "\n")
        return 0
    try:
        with stream:
            evaluate(iter(stream), sys.stdout, sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): not an error of the cases
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
