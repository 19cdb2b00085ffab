"""The pure name checker (onestop.business.names): parsing, each rule and its article."""

import datetime as dt

import pytest

from onestop.business.names.checker import MemoryRegister, check, make_entry
from onestop.business.names.keys import lookalike_variants, pinyin_key, sorted_key
from onestop.business.names.parse import from_parts, parse
from onestop.business.names.rules import add_months, still_counts

TODAY = dt.date(2026, 12, 2)


def verdict(name, *register):
    return check(name, MemoryRegister(register), TODAY)


def rules_of(result):
    return [r.rule for r in result.reasons]


@pytest.mark.parametrize("name, parts", [
    ("珠海市斗门区荣记餐饮店", ("珠海市斗门区", "荣记", "餐饮", "店")),
    ("珠海斗门白蕉海鲈水产养殖有限公司", ("珠海斗门", "白蕉海鲈", "水产养殖", "有限公司")),
    ("珠海市斗门区井岸镇明华五金店", ("珠海市斗门区井岸镇", "明华", "五金", "店")),
    ("华为技术（珠海）有限公司", ("珠海", "华为", "技术", "有限公司")),
    ("珠海华发国际贸易有限公司", ("珠海", "华发", "国际贸易", "有限公司")),
    ("广东省珠海市香洲区华发集团有限公司", ("广东省珠海市香洲区", "华发", "", "集团有限公司")),
    ("珠海中山科技有限公司", ("珠海", "中山", "科技", "有限公司")),
])
def test_it_splits_a_name_into_its_four_parts(name, parts):
    p = parse(name)
    assert (p.region, p.trade_name, p.industry, p.form) == parts


def test_corrected_parts_are_checked_as_given():
    # The applicant's own split is what the register is compared with.
    parsed = from_parts("", "珠海市", "新科", "技术", "有限公司")
    assert parsed.name == "珠海市新科技术有限公司"
    assert check(parsed, MemoryRegister([make_entry("珠海新科技术有限公司")]), TODAY).verdict == "blocked"


def test_each_blocking_reason_cites_its_article():
    cases = {
        "斗门区新禾科技有限公司": "第七条",
        "珠海市禾科技有限公司": "第八条",
        "珠海市科技有限公司": "第八条",
        "珠海市新禾科技": "第十条",
        "珠海市共产党科技有限公司": "第十一条第三项",
        "珠海市联合国贸易有限公司": "第十一条第四项",
        "珠海市好运赌场有限公司": "第十一条第五项",
        "中国新禾科技有限公司": "第十二条第一款",
        "珠海市新禾国际有限公司": "第十二条第二款",
    }
    for name, article in cases.items():
        result = verdict(name)
        assert result.verdict == "blocked", name
        assert any(article in r.text and "《企业名称登记管理规定》" in r.text for r in result.reasons), name


def test_identical_reordered_and_region_or_form_only_differences_are_blocked():
    registered = make_entry("珠海华发房地产开发有限公司")
    for name in ["珠海华发房地产开发有限公司", "珠海发华房地产开发有限公司",
                 "珠海市斗门区华发房地产开发有限公司", "华发房地产开发（珠海）有限责任公司"]:
        result = verdict(name, registered)
        assert result.verdict == "blocked", name
        assert "identical_trade_name" in rules_of(result)
        assert result.reasons[-1].conflicts_with == "珠海华发房地产开发有限公司"


def test_a_name_without_industry_wording_conflicts_with_every_industry():
    assert verdict("珠海华发餐饮有限公司", make_entry("珠海华发有限公司")).verdict == "blocked"
    assert verdict("珠海华发有限公司", make_entry("珠海华发餐饮有限公司")).verdict == "blocked"
    assert verdict("珠海华发物流有限公司", make_entry("珠海华发餐饮有限公司")).verdict == "allowed"


def test_reservations_count_for_two_months_and_old_names_for_one_year():
    reserved = make_entry("珠海新青科技有限公司", "reserved", dt.date(2026, 10, 2))
    assert still_counts(reserved, dt.date(2026, 12, 1))
    assert not still_counts(reserved, dt.date(2026, 12, 2))
    for status in ("cancelled", "changed", "revoked"):
        gone = make_entry("珠海新青科技有限公司", status, dt.date(2025, 12, 3))
        assert still_counts(gone, TODAY) and not still_counts(gone, dt.date(2026, 12, 3))
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)


def test_warnings_name_what_they_resemble():
    hf = make_entry("珠海华发房地产开发有限公司")
    expectations = [
        ("珠海华发置业有限公司", hf, "similar_industry"),
        ("珠海华法房地产开发有限公司", hf, "homophone"),
        ("珠海市大成科技有限公司", make_entry("珠海市太成科技有限公司"), "lookalike"),
    ]
    for name, entry, rule in expectations:
        result = verdict(name, entry)
        assert result.verdict == "warning", name
        assert [(r.rule, r.conflicts_with) for r in result.reasons] == [(rule, entry.name)]
    famous = verdict("珠海市格力电子有限公司")
    assert famous.verdict == "warning" and famous.reasons[0].conflicts_with == "格力"


def test_foreign_state_names_inside_ordinary_words_are_not_blocked():
    assert verdict("珠海市精英国际贸易有限公司").verdict == "allowed"
    assert verdict("珠海市美国贸易有限公司").verdict == "blocked"


def test_keys_find_reordered_homophone_and_lookalike_names():
    assert sorted_key("发华") == sorted_key("华发")
    assert pinyin_key("华法") == pinyin_key("华发") == "hua fa"
    assert "太成" in lookalike_variants("大成")


def test_traditional_characters_are_blocked_naming_each_and_the_simplified_name():
    result = verdict("珠海市騰飛貿易有限公司")
    assert result.verdict == "blocked"
    (reason,) = [r for r in result.reasons if r.rule == "traditional_characters"]
    assert "第五条" in reason.text and "规范汉字" in reason.text
    assert all(c in reason.text for c in "騰腾飛飞貿贸")
    assert "珠海市腾飞贸易有限公司" in reason.text


@pytest.mark.parametrize("name", ["珠海市斗门区乾务镇於记五金店", "珠海市于氏面包店",
                                  "珠海市后台科技有限公司"])
def test_characters_standard_in_simplified_writing_are_not_taken_for_traditional(name):
    assert "traditional_characters" not in rules_of(verdict(name))


@pytest.mark.parametrize("name", ["有限公司", "珠海市有限公司", "公司", "有限责任公司"])
def test_a_name_that_is_only_a_form_has_no_trade_name(name):
    result = verdict(name)
    assert result.verdict == "blocked" and "trade_name_missing" in rules_of(result), name


def test_an_over_long_name_gets_its_own_reason():
    result = verdict("珠海" + "腾" * 194 + "有限公司")
    assert result.verdict == "blocked"
    (reason,) = [r for r in result.reasons if r.rule == "name_too_long"]
    assert "200" in reason.text and "50" in reason.text
    assert "name_too_long" not in rules_of(verdict("珠海市斗门区白蕉海鲈水产养殖有限公司"))


@pytest.mark.parametrize("name, parts", [
    ("腾飞（珠海）贸易有限公司", ("珠海", "腾飞", "贸易", "有限公司")),
    ("珠海市新禾科技有限公司斗门分公司", ("珠海市", "新禾", "科技", "分公司")),
])
def test_a_region_after_the_trade_name_and_a_branch_are_read(name, parts):
    p = parse(name)
    assert (p.region, p.trade_name, p.industry, p.form) == parts
    assert verdict(name).verdict == "allowed"


def test_a_branch_is_checked_on_its_enterprise_name_and_not_against_that_enterprise():
    parent = make_entry("珠海市新禾科技有限公司")
    assert verdict("珠海市新禾科技有限公司斗门分公司", parent).verdict == "allowed"
    result = verdict("珠海新禾分公司")
    assert result.verdict == "blocked" and "branch_without_parent" in rules_of(result)
    assert "第十三条" in " ".join(r.text for r in result.reasons)


@pytest.mark.parametrize("name, rule", [
    ("珠海新禾投资合伙企业", "partnership_kind_missing"),
    ("珠海市新禾科技有限公司。", "invalid_characters"),
    ("珠海市新禾科技有限公司（）", "invalid_characters"),
    ("珠海市新禾😀科技有限公司", "invalid_characters"),
    ("腾飞（斗门）贸易有限公司", "district_without_city"),
    ("珠海市法兰西贸易有限公司", "prohibited_content"),
])
def test_malformed_names_get_their_specific_reason(name, rule):
    result = verdict(name)
    assert result.verdict == "blocked" and rule in rules_of(result), rules_of(result)


def test_partnerships_that_name_their_kind_are_allowed():
    for name in ("珠海新禾投资合伙企业（有限合伙）", "珠海新禾投资合伙企业(普通合伙)"):
        assert verdict(name).verdict == "allowed", name


def test_a_trade_name_holding_a_second_form_is_blocked():
    result = verdict("珠海市新禾科技有限公司有限公司")
    assert result.verdict == "blocked" and "form_in_trade_name" in rules_of(result)


def test_the_numeral_ling_and_a_head_office_are_read_as_written():
    assert verdict("珠海市〇八科技有限公司").verdict == "allowed"
    p = parse("珠海市新禾科技总公司")
    assert (p.trade_name, p.industry, p.form) == ("新禾", "科技", "总公司")


def test_a_second_region_in_brackets_gets_its_own_reason():
    result = verdict("珠海腾飞（斗门）贸易有限公司")
    assert result.verdict == "blocked" and "region_repeated" in rules_of(result)
    assert "trade_name_not_chinese" not in rules_of(result)
