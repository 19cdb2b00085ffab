"""A full check of a proposed name: parse, checks on the name alone, then Art. 17 against the
register. The register is anything that answers ``candidates(parsed)`` with the entries sharing
a comparison key (see keys.py): an in-memory one here, the database one in business.services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from .keys import lookalike_variants, pinyin_key, sorted_key
from .parse import ParsedName, parse
from .rules import BLOCK, STATUSES, WARN, Entry, Reason, conflict_rules, form_rules


class Register(Protocol):
    def candidates(self, parsed: ParsedName) -> list[Entry]: ...


@dataclass
class Verdict:
    parsed: ParsedName
    reasons: list[Reason] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        severities = {r.severity for r in self.reasons}
        return BLOCK if BLOCK in severities else WARN if WARN in severities else "allowed"

    def as_json(self) -> dict:
        return {"verdict": self.verdict, "reasons": [r.as_json() for r in self.reasons]}


def check(proposed: str | ParsedName, register: Register, today: dt.date) -> Verdict:
    parsed = parse(proposed) if isinstance(proposed, str) else proposed
    reasons = form_rules(parsed)
    reasons += conflict_rules(parsed, register.candidates(parsed), today)
    return Verdict(parsed, _unique(reasons))


def _unique(reasons: list[Reason]) -> list[Reason]:
    seen, out = set(), []
    for r in reasons:
        if (r.rule, r.text) not in seen:
            seen.add((r.rule, r.text))
            out.append(r)
    return out


def make_entry(name: str, status: str = "registered", date: dt.date | None = None) -> Entry:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    p = parse(name)
    return Entry(p.name, status, date, p.trade_name, p.industry)


class MemoryRegister:
    """The register held in dictionaries keyed like the database columns."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self._by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        t = entry.trade_name
        if not t:
            return
        for key in {"t:" + t, "s:" + sorted_key(t), "p:" + pinyin_key(t)}:
            self._by_key[key].append(entry)

    def candidates(self, parsed: ParsedName) -> list[Entry]:
        t = parsed.trade_name
        if not t:
            return []
        found: dict[int, Entry] = {}
        for key in ("t:" + t, "s:" + sorted_key(t), "p:" + pinyin_key(t),
                    *("t:" + v for v in lookalike_variants(t))):
            for entry in self._by_key.get(key, ()):
                found[id(entry)] = entry
        return list(found.values())
