"""The 秒批 rule engine: evaluate a parsed rule set for one applicant. Pure: no Django, no I/O, no clock.

    rule_set = parse_rule_set(data, known_sources={"population": "户籍人口库（公安）", ...})
    snap = snapshot(rule_set, today="2026-11-27", applicant={...}, form={...},
                    sources={"population": SourceValue.ok(record), "social_insurance": SourceValue.unavailable("超时")})
    decision = replay(rule_set, snap)          # == evaluate(rule_set, **from_snapshot(snap))
    store(decision.to_dict(), snap)            # both JSON; replay(rule_set, snap) gives the same dict again

Decision logic (docs/data-exchange.md): a declared source that is unavailable, or any fact or check that
cannot be evaluated (missing field, null, type error, division by zero, a check that is not true/false)
→ refer, naming the reason; otherwise any failed `reject` check → reject; else any failed `refer` check →
refer; else approve — and only then the result (notice or certificate fields) is computed; if that
fails too, refer. Nothing unknown ever approves. `evaluate` does not raise for any content of its
inputs; it raises TypeError only when called with the wrong kinds of arguments.

Source names in reasons come from the `known_sources` mapping given to `parse_rule_set`.
Limits on expressions and inputs, and why: `onestop/rules/expressions.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import cel

from . import expressions as ex
from . import functions as fn
from .explain import error_reason, fill, render
from .ruleset import RuleSet, RuleSetError, parse_rule_set

__all__ = [
    "ENGINE_VERSION", "Decision", "RuleSet", "RuleSetError", "SourceValue", "evaluate", "from_snapshot",
    "parse_rule_set", "replay", "snapshot",
]

ENGINE_VERSION = "onestop-rules/1"
BUILTIN_LABELS = {"today": ("决定日期", "系统"), "applicant": ("申请人", "申请人信息"), "form": ("表单", "表单"),
                  "earlier": ("本平台同一事项办件", "本平台办件记录")}


@dataclass(frozen=True, slots=True)
class SourceValue:
    """What the exchange layer got from one source: a record (found or not) or a failure."""

    status: str  # "ok" | "unavailable"
    record: dict | None = None
    reason: str = ""

    @classmethod
    def ok(cls, record: dict) -> SourceValue:
        """A record; `found: true` is added unless the record says otherwise."""
        return cls("ok", record if "found" in record else {"found": True, **record})

    @classmethod
    def not_found(cls) -> SourceValue:
        return cls("ok", {"found": False})

    @classmethod
    def unavailable(cls, reason: str) -> SourceValue:
        return cls("unavailable", None, reason)

    def to_dict(self) -> dict:
        if self.status == "ok":
            return {"status": "ok", "record": self.record}
        return {"status": "unavailable", "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict) -> SourceValue:
        if data.get("status") == "ok":
            return cls("ok", data.get("record"))
        return cls("unavailable", None, str(data.get("reason", "")))


@dataclass(frozen=True)
class Decision:
    outcome: str  # approve | reject | refer
    reasons: list
    trace: list
    facts: dict
    params: dict
    sources: dict
    result: dict | None
    today: str
    rule_set: dict  # item, title, digest

    def to_dict(self) -> dict:
        return {
            "engine": ENGINE_VERSION, "rule_set": self.rule_set, "today": self.today, "outcome": self.outcome,
            "reasons": self.reasons, "trace": self.trace, "facts": self.facts, "params": self.params,
            "sources": self.sources, "result": self.result,
        }


def _add(reasons: list, new) -> None:
    for reason in new:
        if reason not in reasons:
            reasons.append(reason)


def _run(expression, context, subject: str, values: dict, not_found: dict):
    """(value, None) or (None, reason). Every exception from the library becomes a reason."""
    analysis = expression.analysis
    if analysis.list_paths:
        problem = ex.list_problem(values, analysis.list_paths)
        if problem:
            return None, f"无法计算{subject}：{problem}"
    failure = fn._failure
    failure.message = None
    try:
        value = expression.program.execute(context)
    except Exception as error:  # KeyError, TypeError, RuntimeError, ZeroDivisionError, OverflowError, ValueError
        message = fn.take_function_error()
        missing = [not_found[r] for r in analysis.roots if r in not_found]
        if isinstance(error, KeyError) and missing and message is None:
            key = error.args[0] if error.args else "?"
            return None, f"缺少数据：{'、'.join(missing)}无此记录（计算{subject}需要 {key}）"
        return None, error_reason(error, subject, message)
    if failure.message is not None:  # an added function failed (and returned null): never use the result
        return None, error_reason(None, subject, fn.take_function_error())
    kind = type(value)
    return (ex.canonical(value) if kind is dict or kind is list else value), None


def evaluate(rule_set: RuleSet, *, today: str, applicant: dict, form: dict, sources: dict,
             earlier: dict | None = None, reviewer_approved: bool = False) -> Decision:
    """Decide one application. `sources` maps source codes to SourceValue; undeclared codes are ignored.
    `earlier`: the platform's own record of the applicant's other cases of the same item (see
    docs/data-exchange.md, "earlier"); a rule set that reads it and is not given it refers.
    `reviewer_approved`: a reviewer approved a case these rules referred; the checks are only traced
    and the result (such as a licence's fields) is computed, unless a field cannot be."""
    if not isinstance(rule_set, RuleSet):
        raise TypeError("rule_set must come from parse_rule_set")
    if not isinstance(sources, dict) or not all(isinstance(v, SourceValue) for v in sources.values()):
        raise TypeError("sources must map source codes to SourceValue")
    env: dict = {}
    unknown: dict[str, list[str]] = {}  # variable -> reasons it has no value
    reasons: list[str] = []
    projections = rule_set.input_fields
    project, check_value = ex.project, ex.check_value

    valid_today = isinstance(today, str) and fn.DATE.match(today) is not None and _real_date(today)
    if valid_today:
        env["today"] = today
    else:
        unknown["today"] = reasons[:] = ["决定日期无效"]
    for name, value in (("applicant", applicant), ("form", form), ("earlier", earlier)):
        if name not in projections:
            continue
        label = BUILTIN_LABELS[name][0]
        if value is None and name == "earlier":
            unknown[name] = [f"缺少数据：未查询{label}"]
            continue
        if type(value) is not dict:
            unknown[name] = [f"缺少数据：{label}不是对象"]
            continue
        value = project(value, projections[name])
        problem = check_value(value)
        if problem:
            unknown[name] = [f"数据异常：{label}{problem}"]
        else:
            env[name] = value

    source_out: dict = {}
    not_found: dict[str, str] = {}
    for code in rule_set.sources:
        label = rule_set.source_labels[code]
        given = sources.get(code)
        if given is None or given.status != "ok" or type(given.record) is not dict:
            detail = "未查询" if given is None else (given.reason or "未返回记录")
            source_out[code] = {"label": label, "status": "unavailable", "reason": detail}
            unknown[code] = [f"数据源不可用：{label}"]
            _add(reasons, unknown[code])
            continue
        value = project(given.record, projections[code]) if code in projections else {}
        problem = check_value(value)
        if problem:
            source_out[code] = {"label": label, "status": "invalid", "reason": problem}
            unknown[code] = [f"数据源返回的数据异常：{label}（{problem}）"]
            _add(reasons, unknown[code])
            continue
        found = given.record.get("found") is not False
        source_out[code] = {"label": label, "status": "ok" if found else "not_found", "reason": ""}
        if not found:
            not_found[code] = label
        if code in projections:
            env[code] = value

    params_out: dict = {}
    texts: dict[str, str] = {}  # name -> rendered value, for {name} placeholders
    inputs: dict[str, dict] = {}  # name -> its entry in the trace's inputs, shared by the checks using it
    for name, entries in rule_set.params.items():
        param = rule_set.param_for(name, today) if valid_today else None
        if param is None:
            first = entries[0]
            why = f"规则参数「{first.label}」在 {today} 尚未生效" if valid_today else "决定日期无效"
            unknown[name] = [why]
            params_out[name] = {"label": first.label, "value": None, "text": "未知", "unit": first.unit,
                                "effective_from": None, "basis": first.basis, "status": "unknown", "reasons": [why]}
            inputs[name] = {"name": name, "label": first.label, "value": None, "text": "未知", "unit": first.unit,
                            "source": "规则参数", "effective_from": None, "known": False}
            continue
        env[name] = value = param.value
        texts[name] = text = render(value, param.display)
        params_out[name] = {"label": param.label, "value": value, "text": text, "unit": param.unit,
                            "effective_from": param.effective_from, "basis": param.basis, "status": "ok", "reasons": []}
        inputs[name] = {"name": name, "label": param.label, "value": value, "text": text, "unit": param.unit,
                        "source": "规则参数", "effective_from": param.effective_from, "known": True}

    facts_out: dict = {fact.name: None for fact in rule_set.facts}  # declaration order
    for wave in rule_set.waves:
        context = _context(env, wave.roots)
        if context is None:
            return _broken(rule_set, today, "输入数据无法转换", source_out, params_out)
        if unknown:
            blocked_by = {f.name: [r for root in f.expr.analysis.roots if root in unknown for r in unknown[root]]
                          for f in wave.facts}
            runnable = tuple((f.name, f.expr) for f in wave.facts
                             if not blocked_by[f.name] and not f.expr.analysis.list_paths)
        else:
            blocked_by, runnable = None, wave.plain
        batched = _run_batch(rule_set.batch("facts", runnable), context)
        for fact in wave.facts:
            blocked = blocked_by[fact.name] if blocked_by else []
            if not blocked:
                if fact.name in batched:
                    value, why = batched[fact.name], None
                else:
                    value, why = _run(fact.expr, context, f"「{fact.label}」", env, not_found)
                if why is None and (problem := check_value(value)):
                    why = f"无法计算「{fact.label}」：结果{problem}"
                if why:
                    blocked = [why]
            if blocked:
                blocked = list(dict.fromkeys(blocked))
                unknown[fact.name] = blocked
                _add(reasons, blocked)
                value, text, status = None, "未知", "unknown"
            else:
                env[fact.name] = value
                texts[fact.name] = text = render(value, fact.display)
                status = "ok"
            facts_out[fact.name] = {"label": fact.label, "value": value, "text": text, "unit": fact.unit,
                                    "source": fact.origin, "status": status, "reasons": blocked}
            inputs[fact.name] = {"name": fact.name, "label": fact.label, "value": value, "text": text,
                                 "unit": fact.unit, "source": fact.origin, "known": not blocked}

    context = _context(env, rule_set.final_roots)
    if context is None:
        return _broken(rule_set, today, "输入数据无法转换", source_out, params_out)
    if unknown:
        blocked_by = {c.id: [r for root in c.expr.analysis.roots if root in unknown for r in unknown[root]]
                      for c in rule_set.checks}
        runnable = tuple((c.id, c.expr) for c in rule_set.checks if not blocked_by[c.id] and not c.expr.analysis.list_paths)
    else:
        blocked_by, runnable = None, rule_set.plain_checks
    batched = _run_batch(rule_set.batch("checks", runnable), context)
    trace: list = []
    failed_reject: list = []
    failed_refer: list = []
    for check in rule_set.checks:
        roots = check.expr.analysis.roots
        blocked = blocked_by[check.id] if blocked_by else []
        if not blocked:
            if check.id in batched:
                value, why = batched[check.id], None
            else:
                value, why = _run(check.expr, context, f"检查项「{check.indicator}」", env, not_found)
            if why is None and type(value) is not bool:
                why = f"无法判断检查项「{check.indicator}」：结果不是“是/否”（得到 {type(value).__name__}）"
            if why:
                blocked = [why]
        if blocked:
            blocked = list(dict.fromkeys(blocked))
            _add(reasons, blocked)
            outcome, text = "unknown", "无法判断：" + "；".join(blocked)
        elif value:
            outcome, text = "pass", fill(check.pass_text, texts)
        else:
            outcome, text = "fail", fill(check.fail_text, texts)
            (failed_reject if check.on_fail == "reject" else failed_refer).append(text)
        trace.append({
            "check": check.id, "indicator": check.indicator, "expression": check.expr.source,
            "inputs": [inputs[n] for n in roots] if check.reads_facts_only
            else [inputs[n] if n in inputs else _builtin_input(n, env, check) for n in roots],
            "outcome": outcome, "text": text, "basis": check.basis, "on_fail": check.on_fail, "reasons": blocked,
        })

    result = None
    if reviewer_approved:
        result, why = _result(rule_set, context, texts, env)
        outcome, reasons = ("approve", []) if why is None else ("refer", [why])
    elif reasons:
        outcome = "refer"
        _add(reasons, failed_reject + failed_refer)
    elif failed_reject:
        outcome, reasons = "reject", failed_reject
    elif failed_refer:
        outcome, reasons = "refer", failed_refer
    else:
        outcome = "approve"
        result, why = _result(rule_set, context, texts, env)
        if why:
            outcome, reasons = "refer", [why]
    return Decision(outcome, reasons, trace, facts_out, params_out, source_out, result,
                    today if isinstance(today, str) else repr(today), _rule_set_ref(rule_set))


def _run_batch(batch, context) -> dict:
    """name -> value of every expression of the batch, or {} if one of them fails (then each runs
    alone, to find which and why: expressions are pure, so the values are the same)."""
    if batch is None:
        return {}
    failure = fn._failure
    failure.message = None
    try:
        values = batch.program.execute(context)
    except Exception:
        return {}
    if failure.message is not None:
        failure.message = None
        return {}
    return {name: ex.canonical(v) if type(v) is dict or type(v) is list else v for name, v in zip(batch.names, values)}


def _context(env: dict, names):
    """A CEL Context with the known values of `names`, or None if the library refuses one (inputs were
    checked before, so this would be a library surprise: the caller refers, never approves)."""
    try:
        return cel.Context({n: env[n] for n in names if n in env}, fn.FUNCTIONS)
    except Exception:
        return None


def _builtin_input(name: str, env: dict, check) -> dict:
    label, source = BUILTIN_LABELS[name]
    known = name in env
    value = ex.project(env[name], check.expr.analysis.fields.get(name)) if known else None
    return {"name": name, "label": label, "value": value, "text": render(value) if known else "未知",
            "unit": "", "source": source, "known": known}


def _result(rule_set: RuleSet, context, texts: dict, env: dict):
    spec = rule_set.result
    result = {"kind": spec.kind, "title": fill(spec.title, texts), "text": fill(spec.text, texts)}
    if spec.kind == "certificate":
        result["certificate_type"] = spec.certificate_type
        result["fields"] = {}
        for name, expression in spec.fields:
            value, why = _run(expression, context, f"证照字段「{name}」", env, {})
            if why is None and (problem := ex.check_value(value)):
                why = f"无法计算证照字段「{name}」：结果{problem}"
            if why:
                return None, why
            result["fields"][name] = value
    return result, None


def _broken(rule_set, today, reason, source_out, params_out) -> Decision:
    return Decision("refer", [reason], [], {}, params_out, source_out, None,
                    today if isinstance(today, str) else repr(today), _rule_set_ref(rule_set))


def _rule_set_ref(rule_set: RuleSet) -> dict:
    return {"item": rule_set.item, "title": rule_set.title, "digest": rule_set.digest}


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------------------
# Replay: store the snapshot next to the decision; evaluating it again gives the same decision.

def snapshot(rule_set: RuleSet, *, today: str, applicant: dict, form: dict, sources: dict,
             earlier: dict | None = None) -> dict:
    """The inputs of one decision as a detached JSON-compatible dict; only the declared sources are kept
    (purpose limitation), and `earlier` only when the rule set reads it. This is the one format that
    production stores with each decision and replays. Raises ValueError if an input is not JSON (it
    could not be replayed)."""
    data = {
        "today": today, "applicant": applicant, "form": form,
        "sources": {code: sources[code].to_dict() for code in rule_set.sources if code in sources},
    }
    if "earlier" in rule_set.input_fields and earlier is not None:
        data["earlier"] = earlier
    try:
        return json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as error:
        raise ValueError(f"inputs are not JSON and could not be replayed: {error}") from None


def from_snapshot(data: dict) -> dict:
    """Keyword arguments for `evaluate` from a stored snapshot."""
    return {
        "today": data["today"], "applicant": data["applicant"], "form": data["form"],
        "sources": {code: SourceValue.from_dict(value) for code, value in data["sources"].items()},
        "earlier": data.get("earlier"),
    }


def replay(rule_set: RuleSet, data: dict, *, reviewer_approved: bool = False) -> Decision:
    return evaluate(rule_set, **from_snapshot(data), reviewer_approved=reviewer_approved)
