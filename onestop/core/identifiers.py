"""Validators for the identifiers that enter the platform (DESIGN §4, "Identifiers").

Pure functions, no Django: citizen ID numbers (GB 11643-1999) and unified social credit codes
(GB 32100-2015). Each ``check_*`` returns ``None`` when the value is valid and otherwise a short
reason in Chinese that the UI and the API can show as is.
"""

from __future__ import annotations

import datetime as dt

# GB 11643: weights for the 17 body digits; the check character is CHECK[sum % 11].
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100: 31 characters (no I, O, S, V, Z); weights are 3**i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# GB 11714 organisation code (positions 9-17 of a USCC): 8 body characters plus a check.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def citizen_id_check_char(body17: str) -> str:
    total = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def check_citizen_id(value: str, known_area_codes: frozenset[str] | None = None) -> str | None:
    value = value.strip().upper()
    if len(value) != 18:
        return "身份证号码应为18位"
    if not value.isascii():  # isdigit() and int() also take ١ or ４: a look-alike of a number
        return "身份证号码格式不正确，请输入半角数字（最后一位可为 X）"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号码格式不正确"
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    if birth.year < 1900 or birth > dt.date.today():
        return "身份证号码中的出生日期无效"
    if known_area_codes is not None and value[:6] not in known_area_codes:
        return "身份证号码中的地区代码不存在"
    if citizen_id_check_char(value[:17]) != value[17]:
        return "身份证号码校验位不正确"
    return None


def org_code_check_char(body8: str) -> str:
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_char(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> str | None:
    value = value.strip().upper()
    if len(value) != 18:
        return "统一社会信用代码应为18位"
    if any(c not in USCC_ALPHABET for c in value):
        return "统一社会信用代码含有不允许的字符"
    if not value[2:8].isdigit():
        return "统一社会信用代码中的行政区划码不正确"
    org = value[8:17]
    if all(c in _ORG_ALPHABET for c in org[:8]) and org_code_check_char(org[:8]) != org[8]:
        return "统一社会信用代码中的组织机构代码校验位不正确"
    if uscc_check_char(value[:17]) != value[17]:
        return "统一社会信用代码校验位不正确"
    return None


def make_uscc(registry: str, area6: str, org_body8: str) -> str:
    """Build a valid USCC from its parts (used to derive demo codes; never for real entities)."""
    org = org_body8 + org_code_check_char(org_body8)
    body = registry + area6 + org
    return body + uscc_check_char(body)
