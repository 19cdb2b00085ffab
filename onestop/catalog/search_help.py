"""What a search that found nothing offers instead of an empty area: items whose names sound like the
query (a wrong character typed by pinyin input: 设保卡 → 社保卡), the life-event themes its words
point to, and whether the filters alone hid the results. Pure functions over the search index."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from pypinyin import lazy_pinyin

from . import search_index
from .search import expand, normalise, query_terms

MAX_SOUND_ALIKE = 5
# Share of the query's syllables that must appear, in order, in an item's name.
SOUND_ALIKE_RATIO = 0.75


@dataclass(frozen=True)
class Theme:
    code: str
    name: str
    audience: str


def _syllables(text: str) -> list[str]:
    return [s for s in lazy_pinyin(text, errors="ignore") if s.isalpha()]


def _name_syllables(entries) -> dict[str, list[str]]:
    return {entry.code: _syllables(entry.name) for entry in entries}


def sound_alike(query: str, candidates) -> list:
    """Published items whose names hold most of the query's syllables in order, best first."""
    wanted = _syllables(normalise(query))
    if len(wanted) < 2:
        return []
    syllables = search_index.derived("name_syllables", _name_syllables)
    scored = []
    for entry in candidates:
        name = syllables.get(entry.code) or []
        blocks = SequenceMatcher(None, wanted, name, autojunk=False).get_matching_blocks()
        share = sum(block.size for block in blocks) / len(wanted)
        if share >= SOUND_ALIKE_RATIO:
            scored.append((-share, len(name), -entry.annual_volume, entry))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:MAX_SOUND_ALIKE]]


def related_themes(query: str, themes) -> list[Theme]:
    """Themes whose name or sorting keywords share a word (or its synonyms) with the query."""
    words = {normalise(w) for term in query_terms(query) for w in expand(term)}
    related = []
    for theme in themes:
        text = normalise(f"{theme.name} {theme.keywords}")
        if any(word in text or (len(word) >= 2 and word in theme.name) for word in words):
            related.append(Theme(theme.code, theme.name, theme.audience))
    return related
