"""evaluate(): the decision rules of docs/data-exchange.md, the trace, parameters by date, fact chaining,
results, and replay from a stored snapshot."""

import json

import pytest

from onestop.rules.engine import Decision, RuleSetError, SourceValue, evaluate, from_snapshot, replay, snapshot

from .engine_support import KNOWN_SOURCES, TODAY, decide, example_rule_set, minimal, parse, person

CERTS = SourceValue.ok({"居民身份证": {"number": "440403194405011226"}})


@pytest.fixture(scope="module")
def allowance():
    return parse(example_rule_set())


def test_example_rule_set_works_as_written(allowance):
    decision = decide(allowance, population=SourceValue.ok(person("1944-05-01")), certificates=CERTS)
    assert decision.outcome == "approve"
    assert decision.reasons == []
    age, hukou = decision.trace
    assert age["text"] == "年龄 82 周岁，满足 ≥80 周岁"
    assert age["outcome"] == "pass"
    assert age["expression"] == "age >= min_age"
    assert age["basis"] == "《珠海市高龄老人津贴发放办法》第三条"
    assert age["on_fail"] == "reject"
    assert age["inputs"] == [
        {"name": "age", "label": "年龄", "value": 82, "text": "82", "unit": "周岁", "source": "户籍人口库（公安）", "known": True},
        {"name": "min_age", "label": "起始年龄", "value": 80, "text": "80", "unit": "周岁", "source": "规则参数",
         "effective_from": "2020-01-01", "known": True},
    ]
    assert hukou["text"] == "斗门区户籍，符合"
    assert hukou["inputs"][0]["value"] is True and hukou["inputs"][0]["text"] == "斗门区户籍"
    assert decision.facts["age"] == {"label": "年龄", "value": 82, "text": "82", "unit": "周岁",
                                     "source": "户籍人口库（公安）", "status": "ok", "reasons": []}
    assert decision.params["min_age"]["effective_from"] == "2020-01-01"
    assert decision.sources["population"] == {"label": "户籍人口库（公安）", "status": "ok", "reason": ""}
    assert decision.result == {"kind": "notice", "title": "高龄津贴核准通知书",
                               "text": "经审核，您符合高龄津贴发放条件，自次月起按月发放。"}


def test_age_counts_whole_years_to_the_birthday(allowance):
    sources = {"certificates": CERTS}
    day_before = decide(allowance, population=SourceValue.ok(person("1946-11-28")), **sources)
    birthday = decide(allowance, population=SourceValue.ok(person("1946-11-27")), **sources)
    assert day_before.facts["age"]["value"] == 79 and birthday.facts["age"]["value"] == 80
    assert birthday.outcome == "approve"


def test_failed_reject_check_rejects(allowance):
    decision = decide(allowance, population=SourceValue.ok(person("1950-03-01")), certificates=CERTS)
    assert decision.outcome == "reject"
    assert decision.reasons == ["年龄 76 周岁，未满 80 周岁"]
    assert decision.trace[0]["outcome"] == "fail"
    assert decision.result is None


def test_failed_refer_check_refers(allowance):
    decision = decide(allowance, population=SourceValue.ok(person(division_code="440402001")), certificates=CERTS)
    assert decision.outcome == "refer"
    assert decision.reasons == ["非斗门区户籍，须由窗口核实"]
    assert decision.trace[1]["inputs"][0]["text"] == "非斗门区户籍"


def test_reject_wins_over_refer(allowance):
    decision = decide(allowance, population=SourceValue.ok(person("1950-03-01", "440402001")), certificates=CERTS)
    assert decision.outcome == "reject"
    assert decision.reasons == ["年龄 76 周岁，未满 80 周岁"]


def test_unavailable_source_refers_and_names_the_source(allowance):
    decision = decide(allowance, population=SourceValue.unavailable("请求超时（3 秒）"), certificates=CERTS)
    assert decision.outcome == "refer"
    assert decision.reasons == ["数据源不可用：户籍人口库（公安）"]
    assert [t["outcome"] for t in decision.trace] == ["unknown", "unknown"]
    assert decision.trace[0]["text"] == "无法判断：数据源不可用：户籍人口库（公安）"
    assert decision.sources["population"] == {"label": "户籍人口库（公安）", "status": "unavailable", "reason": "请求超时（3 秒）"}
    assert decision.facts["age"]["status"] == "unknown" and decision.facts["age"]["value"] is None


def test_any_unavailable_source_refers_even_if_every_check_passed(allowance):
    decision = decide(allowance, population=SourceValue.ok(person()), certificates=SourceValue.unavailable("熔断中"))
    assert decision.outcome == "refer"
    assert decision.reasons == ["数据源不可用：电子证照库"]
    assert [t["outcome"] for t in decision.trace] == ["pass", "pass"]


def test_unknown_wins_over_reject_and_keeps_the_failure_as_a_reason(allowance):
    decision = decide(allowance, population=SourceValue.ok(person("1950-03-01")), certificates=SourceValue.unavailable("x"))
    assert decision.outcome == "refer"
    assert decision.reasons == ["数据源不可用：电子证照库", "年龄 76 周岁，未满 80 周岁"]


def test_source_not_passed_at_all_is_unavailable(allowance):
    decision = decide(allowance, population=SourceValue.ok(person()))
    assert decision.outcome == "refer"
    assert decision.reasons == ["数据源不可用：电子证照库"]
    assert decision.sources["certificates"]["reason"] == "未查询"


def test_no_record_refers_with_the_missing_data(allowance):
    decision = decide(allowance, population=SourceValue.not_found(), certificates=CERTS)
    assert decision.outcome == "refer"
    assert decision.reasons[0] == "缺少数据：户籍人口库（公安）无此记录（计算「年龄」需要 birth_date）"
    assert decision.sources["population"]["status"] == "not_found"


def test_missing_field_and_null_refer(allowance):
    record = person()
    del record["birth_date"]
    missing = decide(allowance, population=SourceValue.ok(record), certificates=CERTS)
    assert missing.outcome == "refer"
    assert missing.reasons == ["缺少数据：计算「年龄」所需的字段 birth_date 不存在"]
    null = decide(allowance, population=SourceValue.ok(person(birth_date=None)), certificates=CERTS)
    assert null.outcome == "refer"
    assert null.reasons == ["缺少数据：无法计算「年龄」（日期为空）"]
    bad = decide(allowance, population=SourceValue.ok(person(birth_date="1944-02-30")), certificates=CERTS)
    assert bad.reasons == ["缺少数据：无法计算「年龄」（日期不存在：1944-02-30）"]
    wrong_type = decide(allowance, population=SourceValue.ok(person(division_code=440403100)), certificates=CERTS)
    assert wrong_type.outcome == "refer"
    assert wrong_type.reasons == ["无法计算「户籍所在地」：数据类型不符（startsWith 不适用于该值）"]
    no_access = decide(allowance, population=SourceValue.ok(person(birth_date=["1944-05-01"])), certificates=CERTS)
    assert no_access.reasons == ["缺少数据：无法计算「年龄」（日期须为 YYYY-MM-DD 文字，得到 list）"]


def test_evaluation_errors_become_unknown():
    rule_set = parse(minimal(
        facts=[{"name": "amount", "label": "金额", "expr": "form.amount"},
               {"name": "share", "label": "人均金额", "expr": "form.amount / form.people"},
               {"name": "big", "label": "放大", "expr": "form.amount * 9223372036854775807"}],
        checks=[{"id": "amount", "indicator": "金额", "expr": "amount <= limit"},
                {"id": "share", "indicator": "人均", "expr": "share < 5"},
                {"id": "big", "indicator": "放大", "expr": "big > 0"},
                {"id": "count", "indicator": "人数", "expr": "form.people"},
                {"id": "parse", "indicator": "编号", "expr": "int(form.code) > 0"}]))
    decision = evaluate(rule_set, today=TODAY, applicant={}, form={"amount": 8, "people": 0, "code": "A1"}, sources={})
    assert decision.outcome == "refer"
    assert decision.reasons == [
        "无法计算「人均金额」：除数为零",
        "无法计算「放大」：数值超出范围",
        "无法判断检查项「人数」：结果不是“是/否”（得到 int）",
        "无法计算检查项「编号」：数据格式不正确",
    ]
    assert [t["outcome"] for t in decision.trace] == ["pass", "unknown", "unknown", "unknown", "unknown"]


def test_params_take_the_latest_entry_in_force_on_the_decision_date():
    data = example_rule_set()
    data["params"].append({"name": "min_age", "label": "起始年龄", "unit": "周岁", "value": 75, "effective_from": "2027-01-01",
                           "basis": "《珠海市高龄老人津贴发放办法》（2027 年修订）"})
    rule_set = parse(data)
    sources = {"population": SourceValue.ok(person("1950-06-01")), "certificates": CERTS}
    before = decide(rule_set, today="2026-12-31", **sources)
    after = decide(rule_set, today="2027-01-01", **sources)
    assert before.outcome == "reject" and before.reasons == ["年龄 76 周岁，未满 80 周岁"]
    assert after.outcome == "approve" and after.trace[0]["text"] == "年龄 76 周岁，满足 ≥75 周岁"
    assert after.params["min_age"]["effective_from"] == "2027-01-01"
    assert after.params["min_age"]["basis"] == "《珠海市高龄老人津贴发放办法》（2027 年修订）"
    assert after.trace[0]["inputs"][1]["effective_from"] == "2027-01-01"

    too_early = decide(rule_set, today="2019-06-01", **sources)
    assert too_early.outcome == "refer"
    assert too_early.reasons == ["规则参数「起始年龄」在 2019-06-01 尚未生效"]
    assert too_early.params["min_age"]["status"] == "unknown"


def test_invalid_decision_date_refers(allowance):
    for today in ("2026-02-30", "27/11/2026", "", None):
        decision = decide(allowance, today=today, population=SourceValue.ok(person()), certificates=CERTS)
        assert decision.outcome == "refer"
        assert decision.reasons[0] == "决定日期无效"


def test_facts_chain_and_carry_their_source():
    data = example_rule_set()
    data["facts"].append({"name": "years_over", "label": "超出年数", "unit": "年", "expr": "age - min_age"})
    data["facts"].append({"name": "band", "label": "津贴档次", "expr": "years_over >= 10 ? '九十岁以上' : '八十至八十九岁'"})
    data["checks"].append({"id": "band", "indicator": "档次", "expr": "band != ''", "pass_text": "档次：{band}（超出 {years_over} 年）"})
    rule_set = parse(data)
    decision = decide(rule_set, population=SourceValue.ok(person("1934-01-01")), certificates=CERTS)
    assert decision.outcome == "approve"
    assert decision.facts["years_over"]["value"] == 12
    assert decision.facts["band"] == {"label": "津贴档次", "value": "九十岁以上", "text": "九十岁以上", "unit": "",
                                      "source": "户籍人口库（公安）", "status": "ok", "reasons": []}
    assert decision.trace[2]["text"] == "档次：九十岁以上（超出 12 年）"

    unknown = decide(rule_set, population=SourceValue.unavailable("超时"), certificates=CERTS)
    assert unknown.facts["band"]["reasons"] == ["数据源不可用：户籍人口库（公安）"]
    assert unknown.reasons == ["数据源不可用：户籍人口库（公安）"]  # one root cause, named once


def test_values_are_shown_in_words():
    rule_set = parse(minimal(
        facts=[{"name": "amount", "label": "金额", "expr": "form.amount"},
               {"name": "flag", "label": "标记", "expr": "form.flag"},
               {"name": "names", "label": "成员", "expr": "form.names"},
               {"name": "nothing", "label": "配偶", "expr": "form.spouse"},
               {"name": "ratio", "label": "比例", "expr": "form.ratio"},
               {"name": "status", "label": "状态", "expr": "form.status", "display": {"1": "正常", "2": "暂停"}}],
        checks=[{"id": "words", "indicator": "展示", "expr": "true",
                 "pass_text": "{flag}；{names}；{nothing}；{ratio}；{amount}；{status}"}]))
    form = {"amount": 8, "flag": False, "names": ["张三", "李四"], "spouse": None, "ratio": 2.0, "status": 2}
    decision = evaluate(rule_set, today=TODAY, applicant={}, form=form, sources={})
    assert decision.trace[0]["text"] == "否；张三、李四；无；2；8；暂停"


def test_form_inputs_are_shown_from_the_form():
    rule_set = parse(minimal(checks=[{"id": "agree", "indicator": "承诺", "expr": "form.agree == true"}]))
    decision = evaluate(rule_set, today=TODAY, applicant={}, form={"agree": True, "amount": 1, "secret": "x"}, sources={})
    assert decision.outcome == "approve"
    assert decision.trace[0]["text"] == "承诺：符合"
    assert decision.trace[0]["inputs"] == [{"name": "form", "label": "表单", "value": {"agree": True}, "text": "agree：是",
                                           "unit": "", "source": "表单", "known": True}]


def test_certificate_result_fields_are_computed_on_approval():
    data = minimal(result={"kind": "certificate", "certificate_type": "补贴核定证明", "title": "核定 {amount} 元",
                           "fields": {"金额": "amount", "申请人": "applicant.name", "期限": "form.term"}})
    rule_set = parse(data)
    approved = evaluate(rule_set, today=TODAY, applicant={"name": "陈某"}, form={"amount": 5, "term": "12个月"}, sources={})
    assert approved.outcome == "approve"
    assert approved.result == {"kind": "certificate", "title": "核定 5 元", "text": "", "certificate_type": "补贴核定证明",
                               "fields": {"金额": 5, "申请人": "陈某", "期限": "12个月"}}
    incomplete = evaluate(rule_set, today=TODAY, applicant={"name": "陈某"}, form={"amount": 5}, sources={})
    assert incomplete.outcome == "refer"
    assert incomplete.reasons == ["缺少数据：计算证照字段「期限」所需的字段 term 不存在"]
    assert incomplete.result is None


def test_undeclared_sources_are_not_read_nor_recorded(allowance):
    decision = decide(allowance, population=SourceValue.ok(person()), certificates=CERTS,
                      social_insurance=SourceValue.ok({"insured": True}))
    assert set(decision.sources) == {"population", "certificates"}
    assert "insured" not in json.dumps(decision.to_dict(), ensure_ascii=False)


def test_bad_arguments_are_programming_errors(allowance):
    with pytest.raises(TypeError):
        evaluate(allowance, today=TODAY, applicant={}, form={}, sources={"population": person()})
    with pytest.raises(TypeError):
        evaluate(example_rule_set(), today=TODAY, applicant={}, form={}, sources={})


def test_decision_is_json_and_replays_identically(allowance):
    inputs = dict(today=TODAY, applicant={"kind": "person", "name": "陈阿婆"}, form={"phone": "138"},
                  sources={"population": SourceValue.ok(person()), "certificates": SourceValue.unavailable("超时"),
                           "credit": SourceValue.ok({"listed": False})})
    decision = evaluate(allowance, **inputs)
    stored = json.loads(json.dumps({"decision": decision.to_dict(), "snapshot": snapshot(allowance, **inputs)},
                                   ensure_ascii=False))
    assert set(stored["snapshot"]["sources"]) == {"population", "certificates"}  # only what the rules may read
    assert replay(allowance, stored["snapshot"]).to_dict() == stored["decision"]
    assert evaluate(allowance, **from_snapshot(stored["snapshot"])).to_dict() == decision.to_dict()
    assert stored["decision"]["engine"] == "onestop-rules/1"
    assert stored["decision"]["rule_set"]["digest"] == allowance.digest
    assert set(stored["decision"]) == {"engine", "rule_set", "today", "outcome", "reasons", "trace", "facts",
                                       "params", "sources", "result"}


def test_replay_on_another_day_gives_the_same_decision(allowance):
    """Nothing reads the clock: a decision made on the stored date replays the same years later."""
    snap = snapshot(allowance, today="2026-11-27", applicant={}, form={},
                    sources={"population": SourceValue.ok(person("1946-11-28")), "certificates": CERTS})
    first = replay(allowance, snap).to_dict()
    assert first["outcome"] == "reject" and first["facts"]["age"]["value"] == 79
    assert [replay(allowance, snap).to_dict() for _ in range(3)] == [first] * 3


def test_snapshot_refuses_inputs_that_could_not_be_replayed(allowance):
    import datetime
    with pytest.raises(ValueError):
        snapshot(allowance, today=TODAY, applicant={"birth_date": datetime.date(1944, 5, 1)}, form={}, sources={})


def test_source_value_round_trip():
    for value in (SourceValue.ok({"a": 1}), SourceValue.not_found(), SourceValue.unavailable("超时")):
        assert SourceValue.from_dict(json.loads(json.dumps(value.to_dict()))) == value
    assert SourceValue.ok({"a": 1}).record == {"found": True, "a": 1}
    assert SourceValue.ok({"found": False}).record == {"found": False}


def test_labels_come_from_the_registry_mapping():
    assert KNOWN_SOURCES["social_insurance"] == "社会保险参保缴费"
    data = minimal(sources=["social_insurance"],
                   facts=[{"name": "amount", "label": "金额", "expr": "form.amount"},
                          {"name": "months", "label": "参保月数", "expr": "social_insurance.months_in_city_last_12"}])
    decision = evaluate(parse(data), today=TODAY, applicant={}, form={"amount": 1},
                        sources={"social_insurance": SourceValue.unavailable("超时")})
    assert decision.reasons == ["数据源不可用：社会保险参保缴费"]
    assert isinstance(decision, Decision)


def test_maps_come_back_in_a_fixed_order():
    """The library returns maps (and iterates them) in a random order at every evaluation."""
    rule_set = parse(minimal(
        facts=[{"name": "amount", "label": "金额", "expr": "form.amount"},
               {"name": "shape", "label": "构成", "expr": "{'d': 4, 'b': 2, 'a': 1, 'c': 3, 'e': form.amount}"}],
        checks=[{"id": "shape", "indicator": "构成", "expr": "size(shape) == 5", "pass_text": "{shape}"}]))
    texts = {evaluate(rule_set, today=TODAY, applicant={}, form={"amount": 5}, sources={}).trace[0]["text"] for _ in range(30)}
    assert texts == {"a：1；b：2；c：3；d：4；e：5"}


def test_map_and_filter_only_over_lists():
    """Over a map, map/filter would list its keys in a random order: such a decision could not be replayed."""
    with pytest.raises(RuleSetError) as caught:
        parse(minimal(checks=[{"id": "keys", "indicator": "键", "expr": "{'a': 1, 'b': 2}.map(k, k)[0] == 'a'"}]))
    assert caught.value.messages == ["检查项 keys：map 只能用于列表：数据中的列表字段、列表常量或另一个 map/filter 的结果"
                                     "（对映射逐项处理的顺序不确定，判定将无法复现）"]
    rule_set = parse(minimal(checks=[{"id": "first", "indicator": "首项", "expr": "form.m.filter(k, k != '').map(k, k)[0] == 'a'"}]))
    listed = evaluate(rule_set, today=TODAY, applicant={}, form={"amount": 1, "m": ["a", "b"]}, sources={})
    assert listed.outcome == "approve"
    mapped = evaluate(rule_set, today=TODAY, applicant={}, form={"amount": 1, "m": {"a": 1, "b": 2}}, sources={})
    assert mapped.outcome == "refer"
    assert mapped.reasons == ["无法计算检查项「首项」：form.m 是映射而不是列表，map/filter 的结果顺序不确定"]
    any_key = parse(minimal(checks=[{"id": "any", "indicator": "任一", "expr": "form.m.exists(k, k == 'b')"}]))
    assert evaluate(any_key, today=TODAY, applicant={}, form={"amount": 1, "m": {"a": 1, "b": 2}}, sources={}).outcome == "approve"
