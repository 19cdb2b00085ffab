"""Checks on what a certificate is issued with, before anything is written or signed (no database).

Each returns None when the value is acceptable, else (code, message in Chinese)."""

from __future__ import annotations

import datetime as dt
import unicodedata

MAX_VALIDITY_YEARS = 100  # longer than any real certificate; 长期有效 is written as no date at all
# Longer than any face value (a licence's 经营范围 runs to a few hundred characters); a QR view, a
# PDF and a signed envelope all carry the fields, so a megabyte of text is refused here.
MAX_FIELD_CHARS = 2000


def text_problem(label: str, value: str, max_chars: int = MAX_FIELD_CHARS) -> tuple[str, str] | None:
    """A lone UTF-16 surrogate or a control character cannot be stored (PostgreSQL refuses NUL),
    signed as canonical JSON or printed; it is always a client's encoding error."""
    if len(value) > max_chars:
        return "text_too_long", f"{label}不能超过 {max_chars} 个字符（现为 {len(value)} 个）"
    for char in value:
        if unicodedata.category(char) in ("Cs", "Cc") and char not in "\t\n\r":
            return "invalid_text", f"{label}中含有无法识别的字符（U+{ord(char):04X}），请检查文字编码"
    return None


def number_key(number: str) -> str:
    """What certificate numbers are compared by (the printed spelling is kept as issued): NFKC
    (full-width ＪＺＺ－２０２６ is JZZ-2026), without spaces, upper case, so that a look-alike spelling
    of a number already issued is caught as the same number."""
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def validity_problem(valid_until: dt.date | None, issued_on: dt.date) -> tuple[str, str] | None:
    if valid_until is None:
        return None
    if valid_until < issued_on:
        return "invalid_valid_until", f"有效期至（{valid_until:%Y年%m月%d日}）不能早于签发日期（{issued_on:%Y年%m月%d日}）"
    latest = issued_on.replace(year=issued_on.year + MAX_VALIDITY_YEARS, day=min(issued_on.day, 28))
    if valid_until > latest:
        return (
            "invalid_valid_until",
            f"有效期至（{valid_until:%Y年%m月%d日}）不能晚于签发后 {MAX_VALIDITY_YEARS} 年；长期有效的证照请不填有效期",
        )
    return None
