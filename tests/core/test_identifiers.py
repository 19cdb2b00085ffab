import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from onestop.core.identifiers import (
    USCC_ALPHABET,
    check_citizen_id,
    check_uscc,
    citizen_id_check_char,
    make_uscc,
    org_code_check_char,
)


def test_it_accepts_the_standards_example_id():
    assert check_citizen_id("11010519491231002X") is None


def test_it_rejects_a_wrong_check_digit():
    assert check_citizen_id("110105194912310021") == "身份证号码校验位不正确"


def test_it_rejects_an_impossible_birth_date():
    body = "44040319990231123"
    assert check_citizen_id(body + citizen_id_check_char(body)) == "身份证号码中的出生日期无效"


def test_it_rejects_an_unknown_area_code():
    body = "99999919900101123"
    value = body + citizen_id_check_char(body)
    assert check_citizen_id(value, frozenset({"440403"})) == "身份证号码中的地区代码不存在"


def test_it_rejects_wrong_length_and_letters():
    assert check_citizen_id("4404031990") == "身份证号码应为18位"
    assert check_citizen_id("44040319900101A23X") == "身份证号码格式不正确"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 999))
def test_every_generated_id_validates_and_any_changed_digit_fails(birth, sequence):
    body = f"440403{birth:%Y%m%d}{sequence:03d}"
    value = body + citizen_id_check_char(body)
    assert check_citizen_id(value) is None
    changed = body[:-1] + str((int(body[-1]) + 1) % 10) + value[-1]
    assert check_citizen_id(changed) is not None


def test_it_accepts_real_published_usccs():
    # Examples printed in GB 32100 guidance and on public business licences.
    for code in ("91350100M000100Y43", "91110000600037341L"):
        assert check_uscc(code) is None, code


def test_it_rejects_forbidden_letters_and_bad_checks():
    assert check_uscc("91350100M000100Y4I") == "统一社会信用代码含有不允许的字符"
    assert check_uscc("91350100M000100Y44") == "统一社会信用代码校验位不正确"
    assert check_uscc("9135") == "统一社会信用代码应为18位"


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
def test_made_usccs_validate(org_body):
    code = make_uscc("91", "440403", org_body)
    assert check_uscc(code) is None
    assert code[16] == org_code_check_char(org_body)
    wrong = code[:17] + USCC_ALPHABET[(USCC_ALPHABET.index(code[17]) + 1) % 31]
    assert check_uscc(wrong) is not None


def test_a_citizen_id_with_a_digit_of_another_script_is_refused_as_malformed():
    valid = "440403193605167396"
    assert check_citizen_id(valid) is None
    # int() reads ١ (Arabic-Indic) as 1, so without this the look-alike passed every check.
    for digit in ["١", "३", "４"]:
        assert check_citizen_id(valid[:6] + digit + valid[7:]) == "身份证号码格式不正确，请输入半角数字（最后一位可为 X）"
