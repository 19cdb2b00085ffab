"""The evaluation set (onestop/business/eval/cases.jsonl) and the command behind make name-eval."""

import io
import json
import subprocess
import sys
from pathlib import Path

from onestop.business.names.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "onestop" / "business" / "eval" / "cases.jsonl"


def test_the_evaluation_set_has_at_least_sixty_cases_each_with_its_basis():
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
    assert len(cases) >= 60
    assert all(c["expected"] in {"blocked", "warning", "allowed"} and c["basis"] for c in cases)


def test_every_case_gets_its_expected_verdict_and_rule():
    lines = CASES.read_text(encoding="utf-8").splitlines()
    out, err = io.StringIO(), io.StringIO()
    correct, scored = evaluate(iter(lines), out, err)
    assert (correct, scored) == (len(lines), len(lines)), err.getvalue()
    for line, result in zip(lines, out.getvalue().splitlines()):
        case, result = json.loads(line), json.loads(result)
        if case.get("expected_rule"):
            assert case["expected_rule"] in [r["rule"] for r in result["reasons"]], case["proposed"]


def test_the_command_prints_one_line_per_case_and_an_error_line_for_bad_input():
    lines = ['{"proposed": "珠海市新禾科技有限公司", "today": "2026-12-02"}', "not json",
             '{"proposed": "珠海华发科技有限公司", "register": [{"name": "x", "status": "gone"}]}',
             '{"proposed": "珠海华发科技有限公司", "today": "2026-13-01"}', "[1]", ""]
    done = subprocess.run([sys.executable, "-m", "onestop.business.names.evaluate"], cwd=ROOT,
                          input="\n".join(lines), capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[0] == {"verdict": "allowed", "reasons": []}
    assert [set(o) for o in out[1:]] == [{"error"}] * 4
    assert "status must be one of" in out[2]["error"]


def test_a_reader_that_stops_early_gets_no_traceback():
    lines = "\n".join(['{"proposed": "珠海市新禾科技有限公司"}'] * 20000)
    done = subprocess.run(f"{sys.executable} -m onestop.business.names.evaluate | head -1",
                          shell=True, cwd=ROOT, input=lines, capture_output=True, text=True)
    assert done.stdout.count("\n") == 1 and "Traceback" not in done.stderr


def test_an_empty_name_gets_a_verdict_and_only_bad_lines_get_an_error():
    lines = ['{"proposed": ""}', '{"proposed": "   "}', '{"register": []}', '{"proposed": 5}']
    out, err = io.StringIO(), io.StringIO()
    evaluate(iter(lines), out, err)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    for result in results[:2]:
        assert result["verdict"] == "blocked"
        assert {"trade_name_missing", "missing_form"} <= {r["rule"] for r in result["reasons"]}
    assert [set(r) for r in results[2:]] == [{"error"}, {"error"}]
