"""How many SMS parts a text takes (what carriers bill and phones reassemble).

GSM 03.38 7-bit text: 160 characters in one message, 153 per part when split (the rest carries
the concatenation header); the extension table (€ ^ { } [ ] ~ | \\) counts twice. Anything else —
every Chinese text — goes as UCS-2: 70 characters in one message, 67 per part. Characters outside
the Basic Multilingual Plane take two UCS-2 code units."""

from __future__ import annotations

import math
from dataclasses import dataclass

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
SINGLE, PART = {"gsm": 160, "ucs2": 70}, {"gsm": 153, "ucs2": 67}


@dataclass(frozen=True)
class Count:
    encoding: str  # "gsm" or "ucs2"
    units: int  # septets (GSM) or UTF-16 code units (UCS-2)
    parts: int

    @property
    def per_part(self) -> int:
        return SINGLE[self.encoding] if self.parts <= 1 else PART[self.encoding]


def count(text: str) -> Count:
    if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text):
        units = sum(2 if c in GSM_EXTENSION else 1 for c in text)
        encoding = "gsm"
    else:
        units = len(text.encode("utf-16-le")) // 2
        encoding = "ucs2"
    parts = 0 if units == 0 else 1 if units <= SINGLE[encoding] else math.ceil(units / PART[encoding])
    return Count(encoding, units, parts)


def signed(text: str, sign: str) -> str:
    """The text as the phone shows it: the signature in 【】 first, as Chinese carriers require."""
    return f"【{sign}】{text}"
