from hypothesis import given
from hypothesis import strategies as st

from onestop.certs.identifiers import (
    check_certificate_id,
    make_certificate_id,
    mod37_36_check_char,
    mod37_36_is_valid,
)

TYPE = "11100000000000019F001"
ISSUER = "11440403007000091Y"


def test_mod37_36_matches_the_iso_7064_example():
    assert mod37_36_check_char("A12425GABC1234002") == "M"


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=80))
def test_any_body_with_its_check_char_validates_and_a_changed_char_does_not(body):
    check = mod37_36_check_char(body)
    assert mod37_36_is_valid(body + check)
    changed = ("1" if body[0] != "1" else "2") + body[1:]
    assert not mod37_36_is_valid(changed + check)


def test_a_made_identifier_has_the_gb_t_36904_shape():
    cid = make_certificate_id(TYPE, ISSUER, "00000001", 2)
    assert cid.startswith(f"1.2.156.3005.2.{TYPE}.{ISSUER}.00000001.002.")
    assert check_certificate_id(cid) is None


def test_a_wrong_check_char_or_shape_is_rejected():
    cid = make_certificate_id(TYPE, ISSUER, "00000001")
    wrong = cid[:-1] + ("0" if cid[-1] != "0" else "1")
    assert check_certificate_id(wrong) == "证照标识校验位不正确"
    assert check_certificate_id("1.2.156.3005.2.X") == "证照标识格式不正确"
