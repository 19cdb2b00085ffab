"""The demo rule sets (onestop/rules/demo/rulesets) and application forms (onestop/catalog/demo/forms)
agree with the catalogue, the certificate types and the data-exchange contract (docs/data-exchange.md),
and their example cases (onestop/rules/demo/examples) decide as expected.

No database: the files are read as data. The examples run through a small reference evaluator that
follows the contract's decision rules, and through ``onestop.rules.engine``; every rule set is
parsed by the engine's ``parse_rule_set``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import cel
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from onestop.certs.demo.types import fields_for
from onestop.rules import engine

ROOT = Path(__file__).resolve().parents[2]
RULESETS = ROOT / "onestop" / "rules" / "demo" / "rulesets"
EXAMPLES = ROOT / "onestop" / "rules" / "demo" / "examples"
FORMS = ROOT / "onestop" / "catalog" / "demo" / "forms"
GUIDES = ROOT / "onestop" / "catalog" / "demo" / "guides.json"
CERT_TYPES = ROOT / "onestop" / "certs" / "demo" / "certificate_types.json"
CONTRACT = ROOT / "docs" / "data-exchange.md"

RULESET_FILES = sorted(RULESETS.glob("*.json"))
FORM_FILES = sorted(FORMS.glob("*.json"))
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))

PROFILE_FIELDS = {"name", "mobile", "gender", "birth_date", "id_masked"}
POPULATION_PREFILL = {"address", "household_number"}
COMPANY_FIELDS = {"name", "uscc", "legal_representative"}
WIDGETS = {"text", "textarea", "select", "date", "tel", "number", "checkbox"}
ON_FAIL = {"refer", "reject"}
IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
FORM_REF = re.compile(r"\bform\.([A-Za-z_][A-Za-z0-9_]*)")
CERT_REF = re.compile(r"'([^']+)'\s+in\s+certificates|certificates\[\s*'([^']+)'\s*\]")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def guides() -> dict[str, dict]:
    return {g["item_name"]: g for g in _load(GUIDES)}


@cache
def certificate_types() -> set[str]:
    return {t["name"] for t in _load(CERT_TYPES)}


@cache
def contract() -> dict[str, set[str]]:
    """Source code → record fields, read from the contract's table and its 'Records' list."""
    text = CONTRACT.read_text(encoding="utf-8")
    codes = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M)
    records = {}
    for code, body in re.findall(r"^- \*\*([a-z_]+)\*\*:(.*?)(?=^- \*\*|^\S|\Z)", text, flags=re.M | re.S):
        records[code] = {t for t in re.findall(r"`([a-z_]+)`", body)}
    assert set(codes) == set(records), "every source in the contract's table has a record description"
    return records


def _expressions(rule_set: dict) -> list[tuple[str, str]]:
    out = [(f"fact {f['name']}", f["expr"]) for f in rule_set["facts"]]
    out += [(f"check {c['id']}", c["expr"]) for c in rule_set["checks"]]
    out += [(f"result field {k}", e) for k, e in rule_set["result"].get("fields", {}).items()]
    return out


def _form_for(item: str) -> dict | None:
    for path in FORM_FILES:
        spec = _load(path)
        if spec["item"] == item:
            return spec
    return None


def _ids(paths):
    return [p.stem for p in paths]


# --- rule sets -------------------------------------------------------------------------------------
def test_one_rule_set_per_instant_item():
    instant = {name for name, g in guides().items() if g["instant_approval"] and not g.get("process_key")}
    items = [_load(p)["item"] for p in RULESET_FILES]
    assert len(items) == len(set(items)), "one rule set per item"
    assert set(items) == instant


@pytest.mark.parametrize("path", RULESET_FILES, ids=_ids(RULESET_FILES))
def test_rule_set_shape_and_references(path):
    rs = _load(path)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem)
    assert set(rs) == {"item", "title", "sources", "params", "facts", "checks", "result"}
    guide = guides().get(rs["item"])
    assert guide is not None, f"{rs['item']} is not in guides.json"
    assert guide["instant_approval"] is True

    known = contract()
    assert rs["sources"] and len(rs["sources"]) == len(set(rs["sources"]))
    assert set(rs["sources"]) <= set(known), set(rs["sources"]) - set(known)

    for p in rs["params"]:
        assert {"name", "label", "value", "effective_from", "basis"} <= set(p), p
        assert IDENT.match(p["name"])
        dt.date.fromisoformat(p["effective_from"])
        assert isinstance(p["value"], (int, float, str, bool)), "scalar parameters only"
    names = [f["name"] for f in rs["facts"]]
    params = {p["name"] for p in rs["params"]}
    assert len(names) == len(set(names)) and not set(names) & params
    for f in rs["facts"]:
        assert IDENT.match(f["name"]) and f["label"] and f["expr"]
        assert set(f.get("display", {})) <= {"true", "false"}

    ids = [c["id"] for c in rs["checks"]]
    assert ids and len(ids) == len(set(ids))
    for c in rs["checks"]:
        assert {"id", "indicator", "expr", "pass_text", "fail_text", "basis", "on_fail"} <= set(c), c["id"]
        assert c["on_fail"] in ON_FAIL
        for text in (c["pass_text"], c["fail_text"]):
            unknown = set(PLACEHOLDER.findall(text)) - set(names) - params
            assert not unknown, f"{c['id']}: placeholders {unknown} name no fact or parameter"

    # Every source variable an expression reads is declared; every declared source is read.
    read = {code for code in known for _, expr in _expressions(rs) if re.search(rf"\b{code}\b", expr)}
    assert read == set(rs["sources"]), f"read {sorted(read)}, declared {sorted(rs['sources'])}"
    # Record fields read as <source>.<field> exist in the contract (found is added by the exchange).
    for where, expr in _expressions(rs):
        for code, field in re.findall(r"\b([a-z_]+)\.([a-z_]+)\b", expr):
            if code in known and code != "certificates":
                assert field in known[code] | {"found"}, f"{where}: {code}.{field} is not in the contract"

    result = rs["result"]
    assert result["kind"] in {"notice", "certificate"}
    if result["kind"] == "notice":
        assert result["title"] and result["text"]
    else:
        assert result["certificate_type"] in certificate_types()
        type_fields = {f["key"] for f in fields_for(result["certificate_type"])[0]}
        assert result["fields"] and set(result["fields"]) <= type_fields, set(result["fields"]) - type_fields

    for _, expr in _expressions(rs):
        for a, b in CERT_REF.findall(expr):
            assert (a or b) in certificate_types(), f"unknown certificate type {a or b}"


@pytest.mark.parametrize("path", RULESET_FILES, ids=_ids(RULESET_FILES))
def test_rule_set_form_fields_exist(path):
    rs = _load(path)
    form = _form_for(rs["item"])
    assert form is not None, f"no form for {rs['item']}"
    properties = form["schema"]["properties"]
    for where, expr in _expressions(rs):
        missing = set(FORM_REF.findall(expr)) - set(properties)
        assert not missing, f"{where} reads form fields {missing} that the form does not have"
        # A field the form may leave out is read only behind has(form.x).
        for field in set(FORM_REF.findall(expr)) - set(form["schema"].get("required", [])):
            if properties[field].get("type") != "boolean":  # the form always posts a boolean
                assert f"has(form.{field})" in expr, f"{where}: optional form.{field} is read without has()"


@pytest.mark.parametrize("path", RULESET_FILES, ids=_ids(RULESET_FILES))
def test_rule_set_expressions_compile(path):
    for where, expr in _expressions(_load(path)):
        try:
            cel.compile(expr)
        except ValueError as exc:
            pytest.fail(f"{path.stem} {where}: {exc}")


@pytest.mark.parametrize("path", RULESET_FILES, ids=_ids(RULESET_FILES))
def test_engine_parses_rule_set(path):
    engine.parse_rule_set(_load(path), known_sources=set(contract()))


# --- forms -----------------------------------------------------------------------------------------
def _prefill_problem(value: str) -> str | None:
    head, dot, field = value.partition(".")
    if not dot or not field:
        return "expected <where>.<field>"
    if head == "profile":
        return None if field in PROFILE_FIELDS else f"profile has no {field}"
    if head == "population":
        return None if field in POPULATION_PREFILL else f"population prefill offers address and household_number, not {field}"
    if head == "company":
        return None if field in COMPANY_FIELDS else f"company has no {field}"
    if head.startswith("cert:"):
        name = head[5:]
        if name not in certificate_types():
            return f"unknown certificate type {name}"
        keys = {f["key"] for f in fields_for(name)[0]}
        return None if field in keys else f"{name} has no field {field}"
    if head.startswith("source:"):
        code = head[7:]
        if code not in contract():
            return f"unknown source {code}"
        return None if field in contract()[code] else f"{code} records have no field {field}"
    return f"unknown prefill origin {head}"


def test_forms_cover_instant_items_and_common_ones():
    items = [_load(p)["item"] for p in FORM_FILES]
    assert len(items) == len(set(items))
    for item in items:
        assert item in guides(), f"{item} is not in guides.json"
    instant = {name for name, g in guides().items() if g["instant_approval"] and not g.get("process_key")}
    assert instant <= set(items)
    assert len(set(items) - instant) >= 5
    ruleset_slugs = {p.stem for p in RULESET_FILES}
    for path in FORM_FILES:  # an instant item's form has its rule set's file name
        if _load(path)["item"] in instant:
            assert path.stem in ruleset_slugs


@pytest.mark.parametrize("path", FORM_FILES, ids=_ids(FORM_FILES))
def test_form_is_a_valid_json_schema_with_known_hints(path):
    spec = _load(path)
    assert set(spec) == {"item", "schema"}
    schema = spec["schema"]
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    properties = schema["properties"]
    assert 5 <= len(properties) <= 12
    assert set(schema["required"]) <= set(properties)
    for name, prop in properties.items():
        assert IDENT.match(name), name
        assert prop.get("title"), f"{name} has no title"
        assert prop.get("type") in {"string", "integer", "number", "boolean"}, f"{name}: flat fields only"
        if "x-widget" in prop:
            assert prop["x-widget"] in WIDGETS, f"{name}: unknown widget {prop['x-widget']}"
        if "x-prefill" in prop:
            problem = _prefill_problem(prop["x-prefill"])
            assert problem is None, f"{name}: x-prefill {prop['x-prefill']!r}: {problem}"
        if prop.get("type") == "string" and "enum" not in prop and "format" not in prop and "pattern" not in prop:
            assert "maxLength" in prop, f"{name}: free text needs a maxLength"


# --- examples --------------------------------------------------------------------------------------
def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def age_on(birth: str, day: str) -> int:
    b, d = _date(birth), _date(day)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def days_between(a: str, b: str) -> int:
    return (_date(b) - _date(a)).days


def months_between(a: str, b: str) -> int:
    x, y = _date(a), _date(b)
    return (y.year - x.year) * 12 + y.month - x.month - (1 if y.day < x.day else 0)


FUNCTIONS = {"age_on": age_on, "days_between": days_between, "months_between": months_between}


def _eval(expr: str, variables: dict):
    return cel.evaluate(expr, cel.Context(variables, FUNCTIONS))


def reference_decision(rs: dict, case: dict) -> tuple[str, list[str]]:
    """The decision rules of docs/data-exchange.md, with nothing more: facts see today, applicant,
    form, earlier, the sources and parameters; checks see facts, parameters and form."""
    if any(v is None for v in case["sources"].values()):
        return "refer", ["数据源不可用"]
    params = {}
    for p in sorted(rs["params"], key=lambda p: p["effective_from"]):
        if p["effective_from"] <= case["today"]:
            params[p["name"]] = p["value"]
    scope = {"today": case["today"], "applicant": case["applicant"], "form": case["form"], **case["sources"], **params}
    if "earlier" in case:
        scope["earlier"] = case["earlier"]
    facts = {}
    try:
        for f in rs["facts"]:
            facts[f["name"]] = scope[f["name"]] = _eval(f["expr"], scope)
        failed = {"reject": [], "refer": []}
        for c in rs["checks"]:
            value = _eval(c["expr"], {**facts, **params, "form": case["form"]})
            if not isinstance(value, bool):
                raise TypeError(f"check {c['id']} gave {value!r}")
            if not value:
                failed[c["on_fail"]].append(c["id"])
        if rs["result"]["kind"] == "certificate":
            for expr in rs["result"]["fields"].values():
                _eval(expr, {**scope, **facts})
    except (RuntimeError, ValueError, TypeError, KeyError) as exc:
        return "refer", [f"无法判定：{exc}"]
    if failed["reject"]:
        return "reject", failed["reject"]
    if failed["refer"]:
        return "refer", failed["refer"]
    return "approve", []


def _cases():
    out = []
    for path in EXAMPLE_FILES:
        for i, case in enumerate(_load(path)["cases"]):
            out.append(pytest.param(path.stem, case, id=f"{path.stem}-{i}"))
    return out


def test_every_rule_set_has_examples_for_approval_and_for_a_failure():
    assert {p.stem for p in EXAMPLE_FILES} == {p.stem for p in RULESET_FILES}
    for path in EXAMPLE_FILES:
        spec = _load(path)
        assert spec["item"] == _load(RULESETS / path.name)["item"]
        outcomes = {c["expect"] for c in spec["cases"]}
        assert "approve" in outcomes and outcomes - {"approve"}, path.stem
        for rs_check in _load(RULESETS / path.name)["checks"]:
            if rs_check["on_fail"] == "reject":
                assert "reject" in outcomes, f"{path.stem}: a reject check without a reject example"


@pytest.mark.parametrize(("slug", "case"), _cases())
def test_example_decides_as_expected(slug, case):
    rs = _load(RULESETS / f"{slug}.json")
    outcome, reasons = reference_decision(rs, case)
    assert outcome == case["expect"], f"{case['name']}: {outcome} {reasons}"
    if case["failed_checks"]:  # fails for the intended reasons, not through an error
        assert reasons == case["failed_checks"], case["name"]
    elif outcome != "approve":  # an example of missing data or an unavailable source
        assert reasons[0].startswith(("数据源不可用", "无法判定")), case["name"]
    # The example's form is one the item's form accepts.
    schema = _form_for(rs["item"])["schema"]
    errors = [e.message for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(case["form"])]
    assert not errors, f"{case['name']}: {errors}"
    assert set(case["form"]) <= set(schema["properties"]), f"{case['name']}: fields the form does not have"
    assert set(case["sources"]) == set(rs["sources"]), "an example gives every source the rule set reads"
    reads_earlier = any(re.search(r"\bearlier\.", expr) for _, expr in _expressions(rs))
    assert ("earlier" in case) == reads_earlier, "an example gives the earlier cases iff the rules read them"


@pytest.mark.parametrize(("slug", "case"), _cases())
def test_engine_decides_examples_as_expected(slug, case):
    rs = _load(RULESETS / f"{slug}.json")
    compiled = engine.parse_rule_set(rs, known_sources=set(contract()))
    sources = {
        code: engine.SourceValue.ok(value) if value is not None else engine.SourceValue.unavailable("simulated outage")
        for code, value in case["sources"].items()
    }
    decision = engine.evaluate(compiled, today=case["today"], applicant=case["applicant"], form=case["form"], sources=sources,
                               earlier=case.get("earlier"))
    data = decision.to_dict()
    assert data["outcome"] == case["expect"], case["name"]
    failed = [t["check"] for t in data["trace"] if t["outcome"] == "fail"]
    if case["failed_checks"] and case["expect"] == "reject":
        assert [c for c in failed if c in case["failed_checks"]] == case["failed_checks"], case["name"]
    elif case["failed_checks"]:
        assert set(case["failed_checks"]) <= set(failed), case["name"]
