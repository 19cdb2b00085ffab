"""Comparison keys of a trade name, stored in indexed columns so that the register finds the
identical, reordered, same-sounding and one-character-different trade names without a scan."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

WILDCARD = "*"


def sorted_key(trade_name: str) -> str:
    """The same characters in any order share this key (华发 / 发华)."""
    return "".join(sorted(trade_name))


def pinyin_key(trade_name: str) -> str:
    """Toneless pinyin: trade names that sound the same share this key (华发 / 华法)."""
    return " ".join(lazy_pinyin(trade_name, style=Style.NORMAL, errors="default"))


def wildcard_keys(trade_name: str) -> list[str]:
    """One key per position with that character replaced (华发 -> *发, 华*): trade names of the
    same length that differ in one character share one of them."""
    return [trade_name[:i] + WILDCARD + trade_name[i + 1:] for i in range(len(trade_name))]


def all_keys(trade_name: str) -> dict[str, object]:
    return {"trade_name": trade_name, "sorted": sorted_key(trade_name),
            "pinyin": pinyin_key(trade_name), "wildcards": wildcard_keys(trade_name)}
