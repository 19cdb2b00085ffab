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


# Identifiers published in public integration code of provincial certificate platforms, found with
# the search tool's find_string for "1.2.156.3005.2." (the index names files by content, not path):
REAL_IDENTIFIERS = [
    # Shandong (济宁市行政审批服务局), Java `com.epoint.cert.util.PushUtilTest` (find_string id
    # 6351682452): a 竣工验收备案 certificate pushed to the provincial library.
    "1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3",
    # C# `AcceptData` / certificate-status DTOs of the national 建筑施工企业安全生产管理人员考核合格证书
    # interface (find_string ids 52366588166 and 52155910804), versions 002 and 001 of one certificate.
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S",
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    # Zhejiang 投资项目在线审批监管平台 download notes (find_string id 16266310901): an OFD file name.
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
]


def test_real_identifiers_from_provincial_platforms_check():
    for identifier in REAL_IDENTIFIERS:
        assert check_certificate_id(identifier) is None, identifier


def test_the_check_char_is_computed_after_the_oid_prefix():
    body = f"{TYPE}{ISSUER}00000001001"
    assert make_certificate_id(TYPE, ISSUER, "00000001")[-1] == mod37_36_check_char(body)


def test_a_wrong_check_char_or_shape_is_rejected():
    cid = make_certificate_id(TYPE, ISSUER, "00000001")
    wrong = cid[:-1] + ("0" if cid[-1] != "0" else "1")
    assert check_certificate_id(wrong) == "证照标识校验位不正确"
    assert check_certificate_id("1.2.156.3005.2.X") == "证照标识格式不正确"
