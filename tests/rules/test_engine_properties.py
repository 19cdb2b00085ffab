"""Property tests: for any inputs, evaluate returns a JSON decision, never raises, never approves
with anything unknown, and replays identically through the path production uses (the snapshot that
``rules.services.snapshot`` stores with each decision, evaluated again by ``engine.replay``)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.rules import services
from onestop.rules.engine import SourceValue, evaluate, replay

from .engine_support import example_rule_set, parse

RULE_SET = {
    "item": "灵活就业人员社会保险补贴",
    "title": "社保补贴秒批规则",
    "sources": ["population", "social_insurance", "credit"],
    "params": [
        {"name": "max_age", "label": "年龄上限", "unit": "周岁", "value": 60, "effective_from": "2020-01-01"},
        {"name": "max_age", "label": "年龄上限", "unit": "周岁", "value": 55, "effective_from": "2026-01-01"},
        {"name": "min_months", "label": "参保月数", "unit": "个月", "value": 6, "effective_from": "2021-01-01"},
    ],
    "facts": [
        {"name": "age", "label": "年龄", "unit": "周岁", "expr": "age_on(population.birth_date, today)"},
        {"name": "local", "label": "户籍", "expr": "population.division_code.startsWith('4404')"},
        {"name": "months", "label": "参保月数", "unit": "个月", "expr": "social_insurance.months_in_city_last_12"},
        {"name": "flexible", "label": "灵活就业", "expr": "social_insurance.employment_status == '灵活就业'"},
        {"name": "listed", "label": "失信", "expr": "credit.listed || credit.records.exists(r, r.obligation != '')"},
        {"name": "span", "label": "间隔", "expr": "days_between(form.start, today) + months_between(form.start, today)"},
        {"name": "duplicate", "label": "重复申请", "expr": "earlier.count > 0"},
        {"name": "earlier_cases", "label": "本平台同一事项办件", "expr": "earlier.summary"},
    ],
    "checks": [
        {"id": "age", "indicator": "年龄", "expr": "age <= max_age", "fail_text": "年龄 {age} 周岁", "on_fail": "reject"},
        {"id": "local", "indicator": "户籍", "expr": "local"},
        {"id": "months", "indicator": "参保", "expr": "months >= min_months"},
        {"id": "flexible", "indicator": "就业", "expr": "flexible"},
        {"id": "credit", "indicator": "信用", "expr": "!listed", "on_fail": "reject"},
        {"id": "span", "indicator": "间隔", "expr": "span >= 0"},
        {"id": "agree", "indicator": "承诺", "expr": "form.agree"},
        {"id": "earlier", "indicator": "重复申请", "expr": "!duplicate", "fail_text": "已有 {earlier_cases}", "on_fail": "reject"},
    ],
    "result": {"kind": "certificate", "certificate_type": "补贴核定证明", "fields": {"月数": "months", "开始": "form.start"}},
}
PARSED = [parse(RULE_SET), parse(example_rule_set())]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=12), st.sampled_from(["2026-11-27", "1944-05-01", "2000-02-29", "2026-02-30", "4404031", "灵活就业", ""]),
)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=12)
FIELDS = ["found", "birth_date", "division_code", "months_in_city_last_12", "employment_status", "listed", "records",
          "obligation"]
records = st.dictionaries(st.sampled_from(FIELDS), json_values | st.lists(st.dictionaries(st.sampled_from(FIELDS), json_values)),
                          max_size=len(FIELDS))
source_values = st.one_of(
    st.builds(SourceValue.ok, records), st.just(SourceValue.not_found()), st.builds(SourceValue.unavailable, st.text(max_size=8)),
)
sources = st.dictionaries(st.sampled_from(["population", "social_insurance", "credit", "certificates", "education"]),
                          source_values, max_size=5)
forms = st.dictionaries(st.sampled_from(["start", "agree", "x"]), json_values, max_size=3) | json_values
todays = st.one_of(st.dates().map(str), st.text(max_size=10), st.none())
earliers = st.one_of(
    st.none(), json_values,
    st.builds(lambda n, summary: {"count": n, "open": 0, "approved": n, "summary": summary, "cases": []},
              st.integers(min_value=0, max_value=3), st.text(max_size=12)),
)
# What the exchange layer hands over for one source: (ok, record, reason), as instant.py passes it on.
exchange_results = st.one_of(
    st.tuples(st.just(True), records | st.none(), st.just("")),
    st.tuples(st.just(False), st.none(), st.text(max_size=8).map(lambda t: "数据源不可用：" + t)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from([0, 1]), today=todays, applicant=json_values, form=forms, given_sources=sources,
       earlier=earliers)
def test_evaluate_never_raises_and_never_approves_anything_unknown(which, today, applicant, form, given_sources, earlier):
    rule_set = PARSED[which]
    decision = evaluate(rule_set, today=today, applicant=applicant, form=form, sources=given_sources, earlier=earlier)
    data = decision.to_dict()
    json.dumps(data, ensure_ascii=False, allow_nan=True)
    assert data["outcome"] in {"approve", "reject", "refer"}
    unavailable = [c for c in rule_set.sources if c not in given_sources or given_sources[c].status != "ok"]
    if unavailable:
        assert data["outcome"] == "refer"
        for code in unavailable:
            assert f"数据源不可用：{rule_set.source_labels[code]}" in data["reasons"]
    if data["outcome"] == "approve":
        assert all(t["outcome"] == "pass" for t in data["trace"])
        assert all(f["status"] == "ok" for f in data["facts"].values())
        assert data["reasons"] == [] and data["result"] is not None
    if any(t["outcome"] == "unknown" for t in data["trace"]):
        assert data["outcome"] == "refer" and data["reasons"]
    if which == 0 and data["outcome"] == "approve":  # never approved without knowing there is no earlier case
        assert isinstance(earlier, dict) and earlier.get("count") == 0


def _cel_safe(value) -> bool:
    """JSON that CEL takes: no NaN or infinity, integers within int64 (what snapshot refuses)."""
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, list):
        return all(_cel_safe(v) for v in value)
    return all(_cel_safe(v) for v in value.values())


@settings(max_examples=100, deadline=None)
@given(today=st.dates().map(str), form=st.dictionaries(st.sampled_from(["start", "agree"]), json_values),
       results=st.dictionaries(st.sampled_from(["population", "social_insurance", "credit"]), exchange_results),
       earlier=earliers)
def test_replay_of_the_stored_snapshot_is_identical(today, form, results, earlier):
    """What production does: exchange results → ``services.source_value`` → ``services.snapshot`` (stored
    as JSON with the decision) → ``engine.replay``; replaying the stored JSON gives the same decision."""
    rule_set = PARSED[0]
    given_sources = {code: services.source_value(ok, record, reason) for code, (ok, record, reason) in results.items()}
    try:
        snap = services.snapshot(rule_set, today=today, applicant={"kind": "person"}, form=form,
                                 sources=given_sources, earlier=earlier)
    except ValueError:  # NaN or an integer CEL refuses: the caller cannot store it either
        assert not _cel_safe({"form": form, "sources": [v.record for v in given_sources.values()], "earlier": earlier})
        return
    stored = json.loads(json.dumps(snap))
    original = evaluate(rule_set, today=today, applicant={"kind": "person"}, form=form, sources=given_sources,
                        earlier=earlier)
    assert replay(rule_set, stored).to_dict() == original.to_dict()
    assert ("earlier" in stored) == (earlier is not None)
