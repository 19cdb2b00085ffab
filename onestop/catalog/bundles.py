"""一件事 definitions as data, checked without a database. A bundle's ``spec``:

    {"fields": {JSON Schema of the one shared form: properties, required},
     "members": [
        {"step": "birth_certificate", "item": "《出生医学证明》首次签发",
         "form": {"child_name": "shared:child_name", "hospital": "value:珠海市斗门区妇幼保健院"}},
        {"step": "household", "item": "户口登记", "depends_on": ["birth_certificate"],
         "form": {"birth_certificate_number": "upstream:birth_certificate.certificate_number"}}]}

Each member's form field is filled from a shared field (``shared:``), a fixed value (``value:``) or
the result of a member it depends on (``upstream:<step>.<key>``, keys of cases.workflow.case_outcome).
``parse_bundle`` raises ``BundleError`` with a stable ``code`` and a Chinese message naming the fault."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import Any

STEP = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
OUTCOME_KEYS = {"case_number", "status", "result_text", "certificate_number", "certificate_type"}


class BundleError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Member:
    step: str
    item: str
    depends_on: tuple[str, ...]
    form: dict[str, str]  # member field → source
    company_from: str = ""  # applies as the company that this upstream member registered


@dataclass(frozen=True)
class Bundle:
    fields: dict
    members: tuple[Member, ...]  # in a topological order

    def member(self, step: str) -> Member:
        return next(m for m in self.members if m.step == step)


def _check_source(member: str, field: str, source: Any, shared: set[str], depends_on: tuple[str, ...]) -> None:
    if not isinstance(source, str) or ":" not in source:
        raise BundleError("bad_source", f"事项 {member} 的字段 {field} 的来源应为 shared:、value: 或 upstream: 开头的文字")
    kind, _, rest = source.partition(":")
    if kind == "shared" and rest not in shared:
        raise BundleError("unknown_shared_field", f"事项 {member} 的字段 {field} 引用的共享字段 {rest} 不存在")
    if kind == "upstream":
        step, _, key = rest.partition(".")
        if step not in depends_on or key not in OUTCOME_KEYS:
            raise BundleError("bad_upstream", f"事项 {member} 的字段 {field} 只能引用其前序事项的办理结果"
                                              f"（{'、'.join(sorted(OUTCOME_KEYS))}）")
    if kind not in ("shared", "value", "upstream"):
        raise BundleError("bad_source", f"事项 {member} 的字段 {field} 的来源类型 {kind} 无法识别")


def _member(raw: Any, index: int, item_schema: Callable[[str], dict | None], shared: set[str]) -> Member:
    if not isinstance(raw, dict) or set(raw) - {"step", "item", "depends_on", "form", "applicant"}:
        raise BundleError("malformed", f"第 {index + 1} 个事项应为含 step、item、depends_on、form 的对象")
    step = raw.get("step")
    if not isinstance(step, str) or not STEP.match(step):
        raise BundleError("bad_step", f"第 {index + 1} 个事项的 step 须为小写字母开头的英文、数字或下划线")
    schema = item_schema(raw.get("item", ""))
    if schema is None:
        raise BundleError("unknown_item", f"事项 {step} 引用的事项“{raw.get('item')}”不存在或未发布")
    depends_on = raw.get("depends_on", [])
    if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
        raise BundleError("malformed", f"事项 {step} 的 depends_on 应为事项 step 的列表")
    form = raw.get("form", {})
    if not isinstance(form, dict):
        raise BundleError("malformed", f"事项 {step} 的 form 应为对象")
    properties = schema.get("properties", {})
    for field, source in form.items():
        if field not in properties:
            raise BundleError("unknown_member_field", f"事项 {step} 的申请表没有字段 {field}")
        _check_source(step, field, source, shared, tuple(depends_on))
    missing = [f for f in schema.get("required", []) if f not in form]
    if missing:
        raise BundleError("unfilled_required_field", f"事项 {step} 的必填字段未指定来源：{'、'.join(missing)}")
    applicant = raw.get("applicant", "")
    company_from = applicant.removeprefix("company_from:") if isinstance(applicant, str) else None
    if applicant and (company_from not in depends_on):
        raise BundleError("bad_applicant", f"事项 {step} 的 applicant 只能为 company_from:<其前序事项>")
    return Member(step, raw["item"], tuple(depends_on), dict(form), company_from or "")


def parse_bundle(spec: Any, item_schema: Callable[[str], dict | None]) -> Bundle:
    """``item_schema(name)`` gives the published item's form schema, or None when there is none."""
    if not isinstance(spec, dict) or not isinstance(spec.get("members"), list) or not spec["members"]:
        raise BundleError("no_members", "一件事至少需要一个事项（members）")
    fields = spec.get("fields")
    if not isinstance(fields, dict) or not isinstance(fields.get("properties"), dict) or not fields["properties"]:
        raise BundleError("no_fields", "一件事须有共享表单字段（fields.properties）")
    shared = set(fields["properties"])
    unknown_required = set(fields.get("required", [])) - shared
    if unknown_required:
        raise BundleError("unknown_shared_field", f"必填的共享字段不存在：{'、'.join(sorted(unknown_required))}")
    members: dict[str, Member] = {}
    for index, raw in enumerate(spec["members"]):
        member = _member(raw, index, item_schema, shared)
        if member.step in members:
            raise BundleError("duplicate_step", f"事项 step {member.step} 重复出现")
        members[member.step] = member
    for member in members.values():
        for dep in member.depends_on:
            if dep not in members:
                raise BundleError("unknown_dependency", f"事项 {member.step} 依赖的事项 {dep} 不存在")
    try:
        order = list(TopologicalSorter({m.step: m.depends_on for m in members.values()}).static_order())
    except CycleError as err:
        raise BundleError("cycle", f"事项之间存在循环依赖：{' → '.join(reversed(err.args[1]))}") from None
    return Bundle(fields, tuple(members[step] for step in order))


def member_form(member: Member, shared: dict, upstream: dict[str, dict]) -> dict[str, str]:
    """The member's form (posted strings) built from the shared answers and the upstream results."""
    form = {}
    for field, source in member.form.items():
        kind, _, rest = source.partition(":")
        if kind == "shared":
            value = shared.get(rest, "")
        elif kind == "value":
            value = rest
        else:
            step, _, key = rest.partition(".")
            value = upstream.get(step, {}).get(key, "")
        form[field] = "" if value is None else str(value)
    return form
