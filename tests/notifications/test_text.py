"""SMS segment counting and the placeholder language (pure, no database)."""

import pytest

from onestop.notifications import rendering, segments


@pytest.mark.parametrize(("length", "parts"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
def test_chinese_text_is_ucs2_70_single_and_67_per_part(length, parts):
    count = segments.count("办" * length)
    assert (count.encoding, count.units, count.parts) == ("ucs2", length, parts)


@pytest.mark.parametrize(("length", "parts"), [(160, 1), (161, 2), (306, 2), (307, 3)])
def test_plain_latin_text_is_gsm_160_single_and_153_per_part(length, parts):
    count = segments.count("a" * length)
    assert (count.encoding, count.parts) == ("gsm", parts)


def test_one_chinese_character_turns_the_whole_text_into_ucs2():
    assert segments.count("a" * 100 + "办").parts == 2


def test_gsm_extension_characters_count_twice():
    assert segments.count("€" * 80).units == 160 and segments.count("€" * 80).parts == 1
    assert segments.count("€" * 81).parts == 2


def test_characters_outside_the_bmp_take_two_units():
    assert segments.count("😀" * 35).parts == 1 and segments.count("😀" * 36).parts == 2


def test_the_signature_counts():
    text = "办" * 65  # 65 + 【斗门政务】 (6) = 71
    assert segments.count(text).parts == 1 and segments.count(segments.signed(text, "斗门政务")).parts == 2


def test_empty_text_takes_no_part():
    assert segments.count("").parts == 0


def test_placeholders_are_filled_and_nothing_else_is_evaluated():
    assert rendering.render("您申请的“{item}”（{number}）", {"item": "换领", "number": "DM1"}) == "您申请的“换领”（DM1）"
    with pytest.raises(rendering.TemplateError):
        rendering.check("{item.__class__}", {"item"})
    with pytest.raises(rendering.TemplateError, match="未知参数：secret"):
        rendering.check("{secret}", {"item"})
    with pytest.raises(rendering.TemplateError, match="花括号"):
        rendering.check("{ item }", {"item"})
    with pytest.raises(rendering.TemplateError, match="缺少参数"):
        rendering.render("{number}", {})
