"""parse_rule_set: every structural problem is reported, each with its own Chinese message."""

import pytest

from onestop.rules.engine import RuleSetError, parse_rule_set

from .engine_support import KNOWN_SOURCES, example_rule_set, minimal, parse


def errors_of(data, known=KNOWN_SOURCES) -> list[str]:
    with pytest.raises(RuleSetError) as caught:
        parse_rule_set(data, known_sources=known)
    assert str(caught.value).startswith("规则集有误：")
    return caught.value.messages


def test_the_example_of_the_contract_parses():
    rule_set = parse(example_rule_set())
    assert rule_set.item == "80周岁以上老年人高龄津贴发放"
    assert rule_set.sources == ("population", "certificates")
    assert [f.name for f in rule_set.facts] == ["age", "local_hukou"]
    assert [c.id for c in rule_set.checks] == ["age", "hukou"]
    assert rule_set.checks[1].on_fail == "refer" and rule_set.checks[0].on_fail == "reject"
    # compiled once, kept with the rule set; only the fields the rules read are passed to CEL
    assert rule_set.facts[0].expr.program.source == "age_on(population.birth_date, today)"
    assert rule_set.input_fields["population"] == {"birth_date": None, "division_code": None}
    assert "certificates" not in rule_set.input_fields  # declared but read by no expression
    assert len(rule_set.digest) == 64


def test_parsing_keeps_a_private_copy():
    data = example_rule_set()
    rule_set = parse(data)
    data["checks"][0]["on_fail"] = "refer"
    data["params"][0]["value"] = 10
    assert rule_set.data["checks"][0]["on_fail"] == "reject"
    assert rule_set.params["min_age"][0].value == 80
    assert parse(example_rule_set()).digest == rule_set.digest


def test_known_sources_may_be_a_plain_list_of_codes():
    rule_set = parse_rule_set(example_rule_set(), known_sources=["population", "certificates"])
    assert rule_set.source_labels == {"population": "population", "certificates": "certificates"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"checks": None}, "规则集：缺少 checks"),
        ({"checks": []}, "规则集：至少要有一项检查"),
        ({"checks": "age >= 80"}, "规则集：checks 须为列表"),
        ({"result": None}, "规则集：缺少 result（批准后出具的通知书或证照）"),
        ({"result": {"kind": "licence"}}, "结果：kind 须为 notice 或 certificate，得到 'licence'"),
        ({"result": {"kind": "certificate", "certificate_type": "残疾人证"}}, "结果：证照须有 fields（证照字段 → 表达式）"),
        ({"title": ""}, "规则集：title 须为非空文字"),
        ({"item": None}, "规则集：缺少item"),
        ({"sources": ["tax"]}, "规则集：数据源 tax 不在数据共享目录中"),
        ({"sources": ["population", "population"]}, "规则集：数据源 population 重复声明"),
        ({"sources": "population"}, "规则集：sources 须为数据源代码的列表"),
    ],
)
def test_structure_errors(change, message):
    data = minimal()
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    assert message in errors_of(data)


def test_check_errors():
    data = minimal(checks=[
        {"id": "a", "indicator": "金额", "expr": "amount <= limit", "on_fail": "deny"},
        {"id": "a", "indicator": "金额", "expr": "amount > 0"},
        {"id": "b", "indicator": "金额", "expr": "amount <= "},
        {"id": "c", "indicator": "金额", "expr": "amount <= limit", "pass_text": "金额 {amountt}"},
        {"id": "d", "indicator": "", "expr": "true"},
        {"indicator": "金额", "expr": "true"},
        {"id": "e", "indicator": "金额", "expr": ""},
    ])
    messages = errors_of(data)
    assert "检查项 a：on_fail 须为 refer 或 reject，得到 'deny'" in messages
    assert "检查项 a：id 重复" in messages
    syntax = [m for m in messages if m.startswith("检查项 b：表达式无法解析：")]
    assert syntax and "第 1 行第" in syntax[0]
    assert "检查项 c：文字中的占位符 {amountt} 不是已定义的事实或参数" in messages
    assert "检查项 d：indicator 须为非空文字" in messages
    assert "第 6 个检查项：缺少 id" in messages
    assert "检查项 e：表达式须为非空文字" in messages


def test_variables_must_be_known():
    data = example_rule_set()
    data["facts"].append({"name": "paid", "label": "参保", "expr": "social_insurance.insured"})
    data["facts"].insert(0, {"name": "early", "label": "提前", "expr": "age > 1"})
    data["checks"].append({"id": "direct", "indicator": "户籍", "expr": "population.found"})
    data["checks"].append({"id": "typo", "indicator": "年龄", "expr": "agee >= min_age"})
    messages = errors_of(data)
    assert "事实 paid 引用了未声明的数据源 social_insurance" in messages
    assert "事实 early 引用了尚未计算的事实 age（事实按顺序计算，只能引用前面的事实）" in messages
    assert "检查项 direct 直接引用了数据源 population，请先定义为事实" in messages
    assert "检查项 typo 引用了未知变量 agee" in messages


def test_comprehension_variables_are_not_unknown_variables():
    data = minimal(facts=[{"name": "amount", "label": "金额", "expr": "form.items.filter(i, i.price > 0).size()"}])
    assert parse(data).facts[0].expr.roots == ("form",)


def test_functions_must_be_known():
    data = minimal(checks=[
        {"id": "a", "indicator": "工作日", "expr": "working_days_until(form.due) > 3"},
        {"id": "b", "indicator": "导入", "expr": "__import__('os') == null"},
        {"id": "c", "indicator": "最大", "expr": "max(amount, limit) == limit"},
    ])
    messages = errors_of(data)
    assert "检查项 a 调用了不支持的函数 working_days_until（规则不得依赖工作日历）" in messages
    assert "检查项 b 调用了不支持的函数 __import__" in messages
    assert "检查项 c 调用了不支持的函数 max" in messages


def test_fact_errors():
    data = minimal(facts=[
        {"name": "amount", "label": "金额", "expr": "form.amount"},
        {"name": "amount", "label": "金额", "expr": "form.amount"},
        {"name": "today", "label": "今天", "expr": "today"},
        {"name": "1st", "label": "第一", "expr": "1"},
        {"name": "population", "label": "人口", "expr": "1"},
        {"name": "shown", "label": "展示", "expr": "true", "display": {"true": 1}},
        {"name": "nolabel", "expr": "1"},
    ])
    messages = errors_of(data)
    assert "事实 amount：名称重复" in messages
    assert "事实 today：名称 today 与保留字、内置变量或数据源代码重名" in messages
    assert "事实 1st：名称须为英文字母、数字和下划线组成、不以数字开头" in messages
    assert "事实 population：名称 population 与保留字、内置变量或数据源代码重名" in messages
    assert "事实 shown：display 须为“值 → 文字”的对象" in messages
    assert "事实 nolabel：缺少label" in messages


def test_param_errors():
    data = minimal(params=[
        {"name": "limit", "label": "上限", "value": 10, "effective_from": "2020-01-01"},
        {"name": "limit", "label": "上限", "value": 12, "effective_from": "2020-01-01"},
        {"name": "other", "label": "其他", "value": 1, "effective_from": "2020-02-30"},
        {"name": "later", "label": "其后", "value": 1, "effective_from": "2020/03/01"},
        {"name": "novalue", "label": "无值", "effective_from": "2020-03-01"},
        {"name": "amount", "label": "重名", "value": 1, "effective_from": "2020-03-01"},
    ])
    messages = errors_of(data)
    assert "规则参数 limit：生效日期 2020-01-01 重复" in messages
    assert "规则参数 other：effective_from 须为有效日期（YYYY-MM-DD），得到 '2020-02-30'" in messages
    assert "规则参数 later：effective_from 须为有效日期（YYYY-MM-DD），得到 '2020/03/01'" in messages
    assert "规则参数 novalue：缺少 value" in messages
    assert "规则参数 amount：与事实重名" in messages


def test_result_fields_are_compiled_and_checked():
    data = minimal(result={"kind": "certificate", "certificate_type": "补贴核定证明",
                           "fields": {"金额": "amount", "期限": "form.term +", "人": "populaton.name"}})
    messages = errors_of(data)
    assert any(m.startswith("证照字段 期限：表达式无法解析：") for m in messages)
    assert "证照字段 人 引用了未知变量 populaton" in messages


def test_every_problem_is_reported_at_once_and_not_twice():
    data = minimal(sources=["tax"], checks=[{"id": "a", "indicator": "x", "expr": "nope", "on_fail": "never",
                                             "pass_text": "{zz}", "fail_text": "{zz}"}])
    messages = errors_of(data)
    assert len(messages) == len(set(messages)) >= 4


def test_limits_on_expressions():
    long = minimal(checks=[{"id": "a", "indicator": "x", "expr": "amount == 1 || " * 80 + "true"}])
    assert any(m.startswith("检查项 a：表达式过长") for m in errors_of(long))
    chain = minimal(checks=[{"id": "a", "indicator": "x", "expr": "+".join(["1"] * 130) + " > 0"}])
    assert any(m.startswith("检查项 a：表达式过于复杂") for m in errors_of(chain))
    nested = minimal(checks=[{"id": "a", "indicator": "x", "expr": "(" * 13 + "true" + ")" * 13}])
    assert "检查项 a：表达式括号嵌套过深（上限 12 层）" in errors_of(nested)
    macros = minimal(checks=[{"id": "a", "indicator": "x",
                              "expr": "form.a.exists(x, form.b.exists(y, form.c.exists(z, x == y)))"}])
    assert "检查项 a：all/exists/map/filter 嵌套过深（上限 2 层）" in errors_of(macros)
    builders = minimal(checks=[{"id": "a", "indicator": "x", "expr": "form.a.exists(x, form.b.map(y, y).size() > 0)"}])
    assert any(m.startswith("检查项 a：map 不能用在") for m in errors_of(builders))


def test_not_json():
    assert errors_of("not a dict") == ["规则集须为 JSON 对象"]
    assert errors_of(minimal(item=float("nan")))[0].startswith("规则集不是合法的 JSON 数据")
    assert errors_of({**minimal(), "when": object()})[0].startswith("规则集不是合法的 JSON 数据")
