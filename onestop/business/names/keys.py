"""Comparison keys of a trade name, stored in indexed columns so that the register finds the
identical, reordered and same-sounding trade names by index lookups, never by a scan.

One-character-different names are found without a wildcard key: a key such as ``华*`` matches
thousands of entries among 1,000,000 two-character trade names, so the checker instead looks up
the handful of concrete variants made with the similar-looking characters (``大成`` -> ``太成``,
``犬成``) through the same exact index as the trade name.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from . import vocab


def sorted_key(trade_name: str) -> str:
    """The same characters in any order share this key (华发 / 发华)."""
    return "".join(sorted(trade_name))


@lru_cache(maxsize=20000)
def _char_pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]


def pinyin_key(trade_name: str) -> str:
    """Toneless pinyin, each character's usual reading: trade names that sound the same share
    this key (华发 / 华法). Character by character, so that the key of a name never depends on
    the phrase dictionary's reading of its neighbours."""
    return " ".join(_char_pinyin(c) for c in trade_name)


def lookalike_variants(trade_name: str) -> list[str]:
    """The trade names that differ from this one in one similar-looking character."""
    variants = []
    for i, char in enumerate(trade_name):
        for other in sorted(vocab.SIMILAR.get(char, ())):
            variants.append(trade_name[:i] + other + trade_name[i + 1:])
    return variants
