"""Certificate identifiers after GB/T 36904-2018 (电子证照 标识规范).

    1.2.156.3005.2.<type code, 21>.<issuer USCC, 18>.<serial>.<version, 3>.<check>

The check character is ISO/IEC 7064 MOD 37,36 (hybrid system over 0-9A-Z) computed over the body
after the OID prefix ``1.2.156.3005.2.`` — type code + issuer code + serial + version, dots removed —
as the identifiers in public integration code of provincial certificate platforms are computed (an
earlier version included the prefix, and its identifiers failed other verifiers).
"""

from __future__ import annotations

import re

PREFIX = "1.2.156.3005.2"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M = 36
_PATTERN = re.compile(
    r"^1\.2\.156\.3005\.2\.(?P<type>[0-9A-Z]{21})\.(?P<issuer>[0-9A-Z]{18})\.(?P<serial>[0-9A-Z]{1,32})"
    r"\.(?P<version>\d{3})\.(?P<check>[0-9A-Z])$"
)


def mod37_36_check_char(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36: the character that makes the whole string check to 1."""
    product = _M
    for char in body.upper():
        total = (product + _ALPHABET.index(char)) % _M or _M
        product = (total * 2) % (_M + 1)
    return _ALPHABET[(_M + 1 - product) % _M]


def mod37_36_is_valid(text: str) -> bool:
    product = _M
    for char in text.upper():
        total = (product + _ALPHABET.index(char)) % _M or _M
        product = (total * 2) % (_M + 1)
    return total == 1


def check_char_for(type_code: str, issuer_uscc: str, serial: str, version: int) -> str:
    return mod37_36_check_char(f"{type_code}{issuer_uscc}{serial}{version:03d}")


def make_certificate_id(type_code: str, issuer_uscc: str, serial: str, version: int = 1) -> str:
    check = check_char_for(type_code, issuer_uscc, serial, version)
    return f"{PREFIX}.{type_code}.{issuer_uscc}.{serial}.{version:03d}.{check}"


def check_certificate_id(value: str) -> str | None:
    """None when valid, else a short reason in Chinese."""
    match = _PATTERN.match(value)
    if not match:
        return "证照标识格式不正确"
    check = check_char_for(match["type"], match["issuer"], match["serial"], int(match["version"]))
    if check != match["check"]:
        return "证照标识校验位不正确"
    return None
