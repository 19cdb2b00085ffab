"""Expressions cannot run code or reach Python, and nothing an administrator or an applicant can write
crashes the process, runs for long or approves: it is refused when parsing, or it is "unknown" and
refers. See the limits and the measurements behind them in onestop/rules/expressions.py."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import cel
import pytest

from onestop.rules.engine import RuleSetError, SourceValue, evaluate
from onestop.rules.expressions import MAX_LIST_LENGTH, MAX_NESTING, MAX_TOKENS, MAX_VALUE_NODES

from .engine_support import TODAY, minimal, parse

ROOT = Path(__file__).resolve().parents[2]


def one_check(expr: str, **extra) -> dict:
    return minimal(facts=[], params=[], checks=[{"id": "c", "indicator": "检查", "expr": expr}], **extra)


def decide_form(expr: str, form: dict, facts=()):
    rule_set = parse(minimal(facts=list(facts), params=[], checks=[{"id": "c", "indicator": "检查", "expr": expr}]))
    return evaluate(rule_set, today=TODAY, applicant={"kind": "person"}, form=form, sources={})


@pytest.mark.parametrize(
    "expr",
    [
        "__import__('os').system('touch /tmp/pwned') == 0",
        "eval('1') == 1",
        "exec('x') == null",
        "open('/etc/passwd') != null",
        "getattr(form, '__class__') != null",
        "form.__class__.__subclasses__() != null",
        "os.system('id') == 0",
        "globals() != null",
    ],
)
def test_code_execution_is_refused_when_parsing(expr):
    with pytest.raises(RuleSetError) as caught:
        parse(one_check(expr))
    assert any("不支持的函数" in m or "未知变量" in m for m in caught.value.messages)


def test_the_library_itself_has_no_way_to_python():
    """Even without the engine's checks, CEL cannot call Python builtins or read Python attributes."""
    with pytest.raises(RuntimeError, match="Undefined variable or function"):
        cel.evaluate("__import__('os')")
    with pytest.raises(KeyError):
        cel.evaluate("m.__class__", {"m": {"a": 1}})
    with pytest.raises(ValueError):  # a Python object cannot even be put into a context
        cel.Context({"m": object()})
    assert cel.evaluate("type(m)", {"m": {"a": 1}}) == "map"  # a CEL type name, not a Python class


@pytest.mark.parametrize(
    "expr",
    [
        "form.__class__ != null",
        "form.__dict__ != null",
        "form.__init__.__globals__ != null",
        "has(form.__class__.__name__) || form.x.__class__ == 'str'",
        "'ab' * 1000000 != ''",  # no string repetition in CEL
        "form.x + form.n == form.x",  # type error: string + int
        "size(form) > 0 && form.n / 0 == 1",
    ],
)
def test_reaching_into_values_is_unknown_and_refers(expr):
    decision = decide_form(expr, {"x": "a", "n": 1})
    assert decision.outcome == "refer"
    assert decision.trace[0]["outcome"] == "unknown"


def test_limits_are_checked_before_the_library_sees_the_expression():
    too_long = "form.a == 1 || " * 70 + "true"
    chain = "+".join(["1"] * (MAX_TOKENS // 2 + 5)) + " > 0"
    brackets = "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1) + " == []"
    for expr in (too_long, chain, brackets, "(" * 5000 + "true" + ")" * 5000, "+".join(["1"] * 50000) + " > 0"):
        with pytest.raises(RuleSetError):
            parse(one_check(expr))


def test_the_deepest_accepted_expressions_run_on_a_small_thread_stack():
    """The library recurses on the native stack without a guard: 14,000 chained additions, or about 40
    nested brackets on a 256 KiB stack, kill the process (SIGSEGV). Whatever passes the limits must run
    in a thread with a 256 KiB stack (web servers' threads have 2–8 MiB). Run in a child process so a
    crash fails this test instead of killing pytest."""
    script = textwrap.dedent(
        """
        import sys, threading
        import cel
        from onestop.rules.expressions import MAX_NESTING, MAX_TOKENS, check_limits, tokenize
        from onestop.rules.functions import FUNCTIONS

        def chain(tokens):
            return "+".join(["1"] * ((tokens + 1) // 2))

        def nested(open_, close, per_level):
            return open_ * MAX_NESTING + chain(MAX_TOKENS - MAX_NESTING * per_level - 1) + close * MAX_NESTING

        cases = [
            chain(MAX_TOKENS - 1), nested("[", "]", 2), nested("(", ")", 2), nested("int(", ")", 3),
            nested("{1:", "}", 4), "a" + ".b" * ((MAX_TOKENS - 1) // 2), "-" * (MAX_TOKENS - 1) + "1",
            "!" * (MAX_TOKENS - 1) + "true", "true ? 1 : " * ((MAX_TOKENS - 1) // 4) + "1",
            "[1].exists(x, [1].exists(y, " + chain(MAX_TOKENS - 22) + " > 0))",
            " && ".join(["true"] * ((MAX_TOKENS + 1) // 2)), "a" + "[0]" * ((MAX_TOKENS - 1) // 3),
        ]
        done = []

        def run():
            for expr in cases:
                check_limits(expr, tokenize(expr))  # accepted by the engine's limits
                try:
                    cel.compile(expr).execute(cel.Context({"a": {"b": 1}}, FUNCTIONS))
                except Exception:
                    pass
                done.append(expr)

        threading.stack_size(256 * 1024)
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        print(len(done), len(cases))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    done, total = result.stdout.split()
    assert done == total == "12"


def test_deep_or_large_inputs_are_refused_without_reaching_the_library():
    """Inputs nested ~900 deep crash the library's conversion on a small stack; large ones are slow."""
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    cases = [
        ({"a": deep}, "嵌套过深"),
        ({"a": list(range(MAX_LIST_LENGTH + 1))}, "列表过长"),
        ({"a": [[1] * 50 for _ in range(MAX_VALUE_NODES // 50 + 1)][:MAX_LIST_LENGTH]}, "过大"),
        ({"a": "字" * 10_001}, "文字过长"),
        ({"a": 2**64}, "整数超出范围"),
        ({"a": float("nan")}, "非有限数值"),
        ({"a": {1, 2}}, "不支持的值类型 set"),
        ({"a": object()}, "不支持的值类型 object"),
        ({"a": {1: "x"}}, "非文字的键"),
    ]
    for form, words in cases:
        decision = decide_form("size(form.a) > 0", form)
        assert decision.outcome == "refer", words
        assert words in decision.reasons[0], decision.reasons
        assert decision.reasons[0].startswith("数据异常：表单字段 a ")


def test_fields_the_rules_do_not_read_are_not_checked_nor_converted():
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    decision = decide_form("form.agree", {"agree": True, "notes": deep, "long": "字" * 50_000})
    assert decision.outcome == "approve"


def test_huge_computed_values_are_unknown():
    decision = decide_form("size(big) > 0", {"a": list(range(100))},
                           facts=[{"name": "big", "label": "大列表", "expr": "form.a.map(x, form.a)"}])
    assert decision.outcome == "refer"
    assert decision.reasons == [f"无法计算「大列表」：结果数据过大（超过 {MAX_VALUE_NODES} 个值）"]


def test_the_slowest_allowed_shapes_stay_fast_on_the_largest_inputs():
    """Two nested macros over two lists of the maximum length, calling an added function each step."""
    form = {"a": [f"2026-{m:02d}-01" for m in range(1, 13)] * 8 + ["2026-01-01"] * 4, "b": list(range(MAX_LIST_LENGTH))}
    started = time.perf_counter()
    decision = decide_form("form.a.all(x, form.b.all(y, months_between(x, '2026-11-27') + y >= 0))", form)  # 10,000 steps
    quadratic_exists = time.perf_counter() - started
    started = time.perf_counter()
    built = decide_form("form.b.map(x, x * 2).filter(y, y > 10).size() > 0", form)
    single_map = time.perf_counter() - started
    assert decision.outcome == built.outcome == "approve"
    assert quadratic_exists < 2.0 and single_map < 0.5, (quadratic_exists, single_map)


def test_catastrophic_regex_is_linear():
    """CEL's matches() uses Rust's regex crate (no backtracking); an applicant-supplied pattern
    and text cannot stall the process."""
    form = {"text": "a" * 9_000 + "!", "pattern": "^(a+)+$"}
    started = time.perf_counter()
    decision = decide_form("form.text.matches(form.pattern)", form)
    assert time.perf_counter() - started < 1.0
    assert decision.outcome == "refer"  # false: a refer check failed
    assert decision.trace[0]["outcome"] == "fail"


def test_an_unavailable_source_never_approves_even_if_no_rule_reads_it():
    rule_set = parse(one_check("true", sources=["credit"]))
    decision = evaluate(rule_set, today=TODAY, applicant={}, form={}, sources={"credit": SourceValue.unavailable("超时")})
    assert decision.outcome == "refer"
    assert decision.reasons == ["数据源不可用：失信被执行人名单"]


def test_what_the_library_raises():
    """The exception types of common-expression-language 0.10.0, all caught by the engine (which catches
    Exception around every evaluation): a new version that changes them still refers, never approves."""
    cases = [
        ("m.missing", {"m": {}}, KeyError),
        ("m.a.b", {"m": {"a": None}}, TypeError),
        ("1 + 'a'", {}, TypeError),
        ("1 / 0", {}, ZeroDivisionError),
        ("9223372036854775807 + 1", {}, OverflowError),
        ("int('x')", {}, RuntimeError),
        ("nope", {}, RuntimeError),
        ("'a'.startsWith(1)", {}, (TypeError, RuntimeError)),
    ]
    for expr, variables, expected in cases:
        with pytest.raises(expected):
            cel.compile(expr).execute(cel.Context(variables))
    with pytest.raises(ValueError):
        cel.compile("1 +")
