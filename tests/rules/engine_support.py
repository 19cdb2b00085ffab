"""Shared data for the rule-engine tests: the example rule set of docs/data-exchange.md, read from the
document itself, the source names of the exchange registry, and helpers."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from onestop.rules.engine import SourceValue, evaluate, parse_rule_set

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-exchange.md"
KNOWN_SOURCES = {
    "population": "户籍人口库（公安）",
    "household": "户籍家庭成员（公安）",
    "marriage": "婚姻登记信息（民政）",
    "social_insurance": "社会保险参保缴费",
    "disability": "残疾人信息（残联）",
    "company_register": "市场主体登记（市场监管）",
    "credit": "失信被执行人名单",
    "education": "学历学位信息（教育）",
    "certificates": "电子证照库",
}
TODAY = "2026-11-27"
APPLICANT = {"kind": "person", "name": "陈阿婆", "gender": "女", "birth_date": "1944-05-01", "division_code": "440403100"}


def example_rule_set() -> dict:
    """The JSON example under "Rule set format (秒批)", exactly as the contract shows it."""
    section = DOC.read_text(encoding="utf-8").split("## Rule set format")[1]
    return json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))


def person(birth_date: str = "1944-05-01", division_code: str = "440403100", **extra) -> dict:
    return {"found": True, "id_number": "440403194405011226", "name": "陈阿婆", "gender": "女", "birth_date": birth_date,
            "household_number": "440403000001", "household_head": True, "relationship": "户主",
            "address": "珠海市斗门区井岸镇新堂路 8 号", "community": "新堂社区", "division_code": division_code,
            "division_name": "井岸镇", "registration_type": "城镇", "marital_status": "丧偶", **extra}


def parse(data: dict):
    return parse_rule_set(data, known_sources=KNOWN_SOURCES)


def decide(rule_set, *, today: str = TODAY, applicant: dict | None = None, form: dict | None = None, **sources):
    """evaluate() with SourceValue arguments given as keywords (population=SourceValue.ok(...))."""
    return evaluate(rule_set, today=today, applicant=APPLICANT if applicant is None else applicant,
                    form={} if form is None else form, sources=sources)


def minimal(**changes) -> dict:
    """A small valid rule set over `form`, to vary one thing at a time."""
    data = {
        "item": "测试事项",
        "title": "测试规则",
        "sources": [],
        "params": [{"name": "limit", "label": "上限", "value": 10, "effective_from": "2020-01-01"}],
        "facts": [{"name": "amount", "label": "金额", "unit": "元", "expr": "form.amount"}],
        "checks": [{"id": "amount", "indicator": "金额", "expr": "amount <= limit",
                    "pass_text": "金额 {amount} 元，不超过 {limit} 元", "fail_text": "金额 {amount} 元，超过 {limit} 元"}],
        "result": {"kind": "notice", "title": "核准通知书", "text": "准予。"},
    }
    data.update(copy.deepcopy(changes))
    return data


__all__ = ["APPLICANT", "KNOWN_SOURCES", "SourceValue", "TODAY", "decide", "example_rule_set", "minimal", "parse", "person"]
