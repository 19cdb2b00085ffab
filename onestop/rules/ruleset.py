"""Parsing and validating 秒批 rule sets (docs/data-exchange.md, "Rule set format"). Pure, no Django.

`parse_rule_set(data, known_sources=...)` checks the whole structure, compiles every expression once
and returns a `RuleSet` ready for `engine.evaluate`, or raises `RuleSetError` with every problem found,
each a specific Chinese message for the administrator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import cel

from . import explain
from .expressions import (
    ALLOWED_FUNCTIONS,
    IDENTIFIER,
    RESERVED,
    Analysis,
    ExpressionError,
    analyse,
    check_limits,
    check_value,
    merge,
    tokenize,
)
from .functions import DATE

BUILTINS = ("today", "applicant", "form", "earlier")
ON_FAIL = ("refer", "reject")
RESULT_KINDS = ("notice", "certificate")


class RuleSetError(ValueError):
    """A rule set that cannot be published; `messages` lists every problem in Chinese."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("规则集有误：" + "；".join(self.messages))


@dataclass(frozen=True)
class Expression:
    source: str
    program: object  # cel.Program
    analysis: Analysis

    @property
    def roots(self) -> tuple[str, ...]:
        return self.analysis.roots


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    value: object
    effective_from: str
    unit: str = ""
    basis: str = ""
    display: dict | None = None


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    expr: Expression
    unit: str = ""
    display: dict | None = None
    sources: tuple[str, ...] = ()  # source codes it derives from, directly or through earlier facts
    origin: str = ""  # what the trace shows as its source: source names, 表单, 申请人信息 or 规则计算


@dataclass(frozen=True)
class Check:
    id: str
    indicator: str
    expr: Expression
    pass_text: tuple
    fail_text: tuple
    on_fail: str = "refer"
    basis: str = ""

    @cached_property
    def reads_facts_only(self) -> bool:
        """True when every name it reads is a fact or a parameter (no today, applicant or form)."""
        return not any(r in BUILTINS for r in self.expr.analysis.roots)


@dataclass(frozen=True)
class ResultSpec:
    kind: str
    title: tuple = ()
    text: tuple = ()
    certificate_type: str = ""
    fields: tuple[tuple[str, Expression], ...] = ()


@dataclass(frozen=True)
class Batch:
    program: object  # cel.Program of the list of the expressions
    names: tuple[str, ...]  # fact names or check ids, in the list's order


@dataclass(frozen=True)
class Wave:
    facts: tuple[Fact, ...]
    roots: tuple[str, ...]

    @cached_property
    def plain(self) -> tuple:
        """(name, Expression) of the facts that need no check before running: the usual batch."""
        return tuple((f.name, f.expr) for f in self.facts if not f.expr.analysis.list_paths)


@dataclass(frozen=True)
class RuleSet:
    item: str
    title: str
    sources: tuple[str, ...]
    source_labels: dict[str, str]
    params: dict[str, tuple[Param, ...]]  # name -> entries, latest effective_from first
    facts: tuple[Fact, ...]
    checks: tuple[Check, ...]
    result: ResultSpec
    digest: str  # SHA-256 of the canonical JSON of the rule set as given
    data: dict = field(repr=False)  # a private copy of the input
    input_fields: dict = field(repr=False)  # builtin or source read by an expression -> projection (expressions.project)
    # Facts in waves: a wave reads only inputs and facts of earlier waves. Each wave, and then the checks
    # with the result, is evaluated in one CEL Context holding just the names it reads (`roots`): after
    # `add_variable` the library converts every variable of a Context again at the next `execute`, so
    # adding facts one by one to one Context cost a full conversion of all inputs per fact.
    waves: tuple[Wave, ...] = field(default=(), repr=False)
    final_roots: tuple[str, ...] = field(default=(), repr=False)
    # The facts of one wave that can run, and the checks that can run, also run as one program
    # `[e1, e2, …]` (`Batch`): one call into the library instead of one per expression. Compiled per
    # set of runnable expressions and kept (the all-runnable sets when parsing, others on first use).
    _batches: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def plain_checks(self) -> tuple:
        return tuple((c.id, c.expr) for c in self.checks if not c.expr.analysis.list_paths)

    def batch(self, kind: str, named: tuple) -> Batch | None:
        """The batch program of `named` ((name, Expression) pairs) of `kind` (facts or checks)."""
        key = (kind, tuple(name for name, _ in named))
        found = self._batches.get(key, False)
        if found is False:
            found = _batch(list(named))
            if len(self._batches) < 256:  # bounded: one entry per pattern of unavailable data
                self._batches[key] = found
        return found

    def param_for(self, name: str, on: str) -> Param | None:
        """The entry of `name` with the latest effective_from not after `on` (YYYY-MM-DD)."""
        return next((p for p in self.params[name] if p.effective_from <= on), None)


def parse_rule_set(data: dict, *, known_sources: Mapping[str, str] | Iterable[str]) -> RuleSet:
    """Validate and compile a rule set. `known_sources`: the exchange registry's source codes, as a
    mapping code -> display name (used in reasons: 数据源不可用：社会保险参保缴费) or a list of codes."""
    labels = dict(known_sources) if isinstance(known_sources, Mapping) else {c: c for c in known_sources}
    return _Parser(labels).parse(data)


class _Parser:
    def __init__(self, known: dict[str, str]):
        self.known = known
        self.errors: list[str] = []

    # -- helpers ------------------------------------------------------------------------------------
    def text(self, obj: dict, key: str, subject: str, required: bool = True) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.errors.append(f"{subject}：缺少{key}" if value is None else f"{subject}：{key} 须为非空文字")
            return ""
        return value

    def items(self, data: dict, key: str, required: bool) -> list:
        value = data.get(key)
        if value is None:
            if required:
                self.errors.append(f"规则集：缺少 {key}")
            return []
        if not isinstance(value, list):
            self.errors.append(f"规则集：{key} 须为列表")
            return []
        good = [x for x in value if isinstance(x, dict)]
        if len(good) != len(value):
            self.errors.append(f"规则集：{key} 的每一项须为对象")
        return good

    def display(self, obj: dict, subject: str) -> dict | None:
        value = obj.get("display")
        if value is None:
            return None
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            self.errors.append(f"{subject}：display 须为“值 → 文字”的对象")
            return None
        return dict(value)

    def name(self, value, subject: str) -> bool:
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self.errors.append(f"{subject}：名称须为英文字母、数字和下划线组成、不以数字开头")
            return False
        if value in RESERVED or value in BUILTINS or value in self.known:
            self.errors.append(f"{subject}：名称 {value} 与保留字、内置变量或数据源代码重名")
            return False
        return True

    def expression(self, source, subject: str, allowed: dict[str, str]) -> Expression | None:
        """Compile; `allowed` maps each name the expression may read to its kind (for messages)."""
        if not isinstance(source, str) or not source.strip():
            self.errors.append(f"{subject}：表达式须为非空文字")
            return None
        tokens = tokenize(source)
        try:
            check_limits(source, tokens)
        except ExpressionError as error:
            self.errors.append(f"{subject}：{error}")
            return None
        try:
            program = cel.compile(source)
            references = program.references()
        except Exception as error:  # the library raises ValueError; anything else is as bad
            self.errors.append(f"{subject}：表达式无法解析：{explain.compile_message(error)}")
            return None
        analysis = analyse(tokens, references["variables"], references["functions"])
        ok = True
        for name in dict.fromkeys(analysis.unordered):
            self.errors.append(f"{subject}：{name} 只能用于列表：数据中的列表字段、列表常量或另一个 map/filter 的结果"
                               "（对映射逐项处理的顺序不确定，判定将无法复现）")
            ok = False
        for name in analysis.functions:
            if name not in ALLOWED_FUNCTIONS:
                hint = "（规则不得依赖工作日历）" if name == "working_days_until" else ""
                self.errors.append(f"{subject} 调用了不支持的函数 {name}{hint}")
                ok = False
        for name in analysis.roots:
            if name in allowed:
                continue
            ok = False
            if name in self.known or name in self.declared:
                kind = "直接引用了数据源" if name in self.declared else "引用了未声明的数据源"
                hint = "，请先定义为事实" if name in self.declared else ""
                self.errors.append(f"{subject} {kind} {name}{hint}")
            elif name in self.fact_names:
                self.errors.append(f"{subject} 引用了尚未计算的事实 {name}（事实按顺序计算，只能引用前面的事实）")
            else:
                self.errors.append(f"{subject} 引用了未知变量 {name}")
        return Expression(source, program, analysis) if ok else None

    def template(self, text: str, subject: str, names: set[str]) -> tuple:
        parts = explain.split_template(text)
        for _, name in parts:
            if name is not None and name not in names:
                self.errors.append(f"{subject}：文字中的占位符 {{{name}}} 不是已定义的事实或参数")
        return parts

    # -- the rule set -------------------------------------------------------------------------------
    def parse(self, data) -> RuleSet:
        if not isinstance(data, dict):
            raise RuleSetError(["规则集须为 JSON 对象"])
        try:
            canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError, RecursionError) as error:
            raise RuleSetError([f"规则集不是合法的 JSON 数据：{error}"]) from None
        data = json.loads(json.dumps(data, ensure_ascii=False))  # a private copy, keys in the given order
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        item = self.text(data, "item", "规则集")
        title = self.text(data, "title", "规则集")

        self.declared: dict[str, str] = {}
        raw_sources = data.get("sources", [])
        if not isinstance(raw_sources, list) or not all(isinstance(s, str) for s in raw_sources):
            self.errors.append("规则集：sources 须为数据源代码的列表")
            raw_sources = []
        for code in raw_sources:
            if code in self.declared:
                self.errors.append(f"规则集：数据源 {code} 重复声明")
            elif code not in self.known:
                self.errors.append(f"规则集：数据源 {code} 不在数据共享目录中")
            else:
                self.declared[code] = self.known[code]

        raw_params = self.items(data, "params", required=False)
        raw_facts = self.items(data, "facts", required=False)
        raw_checks = self.items(data, "checks", required=True)
        if "checks" in data and not raw_checks and isinstance(data.get("checks"), list):
            self.errors.append("规则集：至少要有一项检查")
        self.fact_names = {f.get("name") for f in raw_facts if isinstance(f.get("name"), str)}

        params = self.parse_params(raw_params)
        facts = self.parse_facts(raw_facts, params)
        names = set(params) | {n for n in self.fact_names if IDENTIFIER.match(n)}
        checks = self.parse_checks(raw_checks, params, facts, names)
        result = self.parse_result(data.get("result"), params, facts, names)
        if self.errors:
            raise RuleSetError(list(dict.fromkeys(self.errors)))

        expressions = [f.expr for f in facts] + [c.expr for c in checks] + [e for _, e in result.fields]
        input_fields: dict = {}  # only inputs some expression reads; the others are never converted
        for expression in expressions:
            for name, node in expression.analysis.fields.items():
                if name in BUILTINS or name in self.declared:
                    input_fields[name] = merge(input_fields[name], node) if name in input_fields else node
        rule_set = RuleSet(
            item=item,
            title=title,
            sources=tuple(self.declared),
            source_labels=dict(self.declared),
            params={n: tuple(sorted(e, key=lambda p: p.effective_from, reverse=True)) for n, e in params.items()},
            facts=tuple(facts),
            checks=tuple(checks),
            result=result,
            digest=digest,
            data=data,
            input_fields=input_fields,
            waves=_waves(facts),
            final_roots=tuple(dict.fromkeys(r for e in [c.expr for c in checks] + [e for _, e in result.fields]
                                            for r in e.roots)),
        )
        for wave in rule_set.waves:  # compile the batches of the usual case now, not in a decision
            rule_set.batch("facts", wave.plain)
        rule_set.batch("checks", rule_set.plain_checks)
        return rule_set

    def parse_params(self, raw: list[dict]) -> dict[str, list[Param]]:
        params: dict[str, list[Param]] = {}
        for position, entry in enumerate(raw, 1):
            name = entry.get("name")
            subject = f"规则参数 {name}" if isinstance(name, str) else f"第 {position} 个规则参数"
            if not self.name(name, subject):
                continue
            if name in self.fact_names:
                self.errors.append(f"{subject}：与事实重名")
            label = self.text(entry, "label", subject)
            if "value" not in entry:
                self.errors.append(f"{subject}：缺少 value")
            elif (problem := check_value(entry["value"])) is not None:
                self.errors.append(f"{subject}：value 不可用（{problem}）")
            start = entry.get("effective_from")
            if not isinstance(start, str) or not DATE.match(start) or not _real_date(start):
                self.errors.append(f"{subject}：effective_from 须为有效日期（YYYY-MM-DD），得到 {start!r}")
                continue
            if any(p.effective_from == start for p in params.get(name, [])):
                self.errors.append(f"{subject}：生效日期 {start} 重复")
                continue
            params.setdefault(name, []).append(
                Param(name, label, entry.get("value"), start, self.text(entry, "unit", subject, False),
                      self.text(entry, "basis", subject, False), self.display(entry, subject))
            )
        return params

    def parse_facts(self, raw: list[dict], params: dict) -> list[Fact]:
        facts: list[Fact] = []
        allowed = {n: "builtin" for n in BUILTINS} | {c: "source" for c in self.declared} | {p: "param" for p in params}
        seen: set[str] = set()
        by_name: dict[str, Fact] = {}
        for position, entry in enumerate(raw, 1):
            name = entry.get("name")
            subject = f"事实 {name}" if isinstance(name, str) else f"第 {position} 个事实"
            if not self.name(name, subject):
                continue
            if name in seen:
                self.errors.append(f"{subject}：名称重复")
                continue
            seen.add(name)
            label = self.text(entry, "label", subject)
            expr = self.expression(entry.get("expr"), subject, allowed)
            allowed[name] = "fact"
            if expr is None:
                continue
            sources: list[str] = []
            other = set()
            for root in expr.roots:
                if root in self.declared:
                    sources.append(root)
                elif root in by_name:
                    sources.extend(by_name[root].sources)
                    other.add(by_name[root].origin)
                else:
                    other.add(root)
            sources = list(dict.fromkeys(sources))
            origin = (
                "、".join(self.declared[c] for c in sources) if sources
                else "表单" if "form" in other or "表单" in other
                else "申请人信息" if "applicant" in other or "申请人信息" in other
                else "本平台办件记录" if "earlier" in other or "本平台办件记录" in other
                else "规则计算"
            )
            fact = Fact(name, label, expr, self.text(entry, "unit", subject, False), self.display(entry, subject),
                        tuple(sources), origin)
            facts.append(fact)
            by_name[name] = fact
        return facts

    def parse_checks(self, raw: list[dict], params: dict, facts: list[Fact], names: set[str]) -> list[Check]:
        checks: list[Check] = []
        allowed = {n: "builtin" for n in BUILTINS} | {p: "param" for p in params} | {n: "fact" for n in names}
        seen: set[str] = set()
        for position, entry in enumerate(raw, 1):
            ident = entry.get("id")
            if not isinstance(ident, str) or not ident.strip():
                self.errors.append(f"第 {position} 个检查项：缺少 id")
                continue
            subject = f"检查项 {ident}"
            if ident in seen:
                self.errors.append(f"{subject}：id 重复")
                continue
            seen.add(ident)
            indicator = self.text(entry, "indicator", subject)
            on_fail = entry.get("on_fail", "refer")
            if on_fail not in ON_FAIL:
                self.errors.append(f"{subject}：on_fail 须为 refer 或 reject，得到 {on_fail!r}")
            texts = []
            for key, default in (("pass_text", "{0}：符合"), ("fail_text", "{0}：不符合")):
                text = entry.get(key)
                if text is None:
                    texts.append(((default.format(indicator), None),))
                elif not isinstance(text, str):
                    self.errors.append(f"{subject}：{key} 须为文字")
                else:
                    texts.append(self.template(text, subject, names))
            expr = self.expression(entry.get("expr"), subject, allowed)
            if expr is not None and len(texts) == 2 and on_fail in ON_FAIL:
                checks.append(Check(ident, indicator, expr, texts[0], texts[1], on_fail,
                                    self.text(entry, "basis", subject, False)))
        return checks

    def parse_result(self, raw, params: dict, facts: list[Fact], names: set[str]) -> ResultSpec:
        if not isinstance(raw, dict):
            self.errors.append("规则集：缺少 result（批准后出具的通知书或证照）" if raw is None else "规则集：result 须为对象")
            return ResultSpec("notice")
        kind = raw.get("kind")
        if kind not in RESULT_KINDS:
            self.errors.append(f"结果：kind 须为 notice 或 certificate，得到 {kind!r}")
            return ResultSpec("notice")
        required = kind == "notice"
        title = self.template(self.text(raw, "title", "结果", required), "结果", names)
        text = self.template(self.text(raw, "text", "结果", required), "结果", names)
        if kind == "notice":
            return ResultSpec(kind, title, text)
        certificate_type = self.text(raw, "certificate_type", "结果")
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, dict) or not raw_fields:
            self.errors.append("结果：证照须有 fields（证照字段 → 表达式）")
            return ResultSpec(kind, title, text, certificate_type)
        allowed = ({n: "builtin" for n in BUILTINS} | {c: "source" for c in self.declared}
                   | {p: "param" for p in params} | {n: "fact" for n in names})
        fields = []
        for name, source in raw_fields.items():
            expr = self.expression(source, f"证照字段 {name}", allowed)
            if expr is not None:
                fields.append((name, expr))
        return ResultSpec(kind, title, text, certificate_type, tuple(fields))


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _waves(facts: list[Fact]) -> tuple:
    wave_of: dict[str, int] = {}
    for fact in facts:
        wave_of[fact.name] = max((wave_of[r] + 1 for r in fact.expr.roots if r in wave_of), default=0)
    waves = []
    for number in range(max(wave_of.values(), default=-1) + 1):
        members = tuple(f for f in facts if wave_of[f.name] == number)
        waves.append(Wave(members, tuple(dict.fromkeys(r for f in members for r in f.expr.roots))))
    return tuple(waves)


def _batch(named: list[tuple[str, Expression]]) -> Batch | None:
    """One program for expressions that need no check before running (no map/filter over a path).
    Each expression sits on its own lines, so a `//` comment in it ends there; the list adds two levels
    of nesting to expressions that passed the limits, well within the stack measured as safe."""
    plain = [(name, e) for name, e in named if not e.analysis.list_paths]
    if len(plain) < 2:
        return None
    try:
        program = cel.compile("[\n" + ",\n".join(f"(\n{e.source}\n)" for _, e in plain) + "\n]")
    except Exception:
        return None
    return Batch(program, tuple(name for name, _ in plain))
