"""What a search that found nothing offers instead of an empty area: items whose names sound like the
query (a wrong character typed by pinyin input: 设保卡 → 社保卡), words of the index it may have
meant, the life-event themes and 一件事 its words point to, and whether the filters alone hid the
results. Pure functions over the search index."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import jieba
from pypinyin import lazy_pinyin

from . import search_index
from .search import SYNONYMS, expand, normalise, query_terms
from .services import ItemFilters

_CJK_ONLY = re.compile(r"[\u3400-\u9fff]+")

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


MAX_SPELLINGS = 3


def _vocabulary(entries) -> dict[str, tuple[str, ...]]:
    """Words a query may mean, with their syllables: the everyday words of the synonym table and
    the two-to-six-character words of published item names (jieba)."""
    words = set(SYNONYMS)
    for entry in entries:
        words.update(w for w in jieba.cut(entry.key) if 2 <= len(w) <= 6 and _CJK_ONLY.fullmatch(w))
    return {w: tuple(_syllables(w)) for w in words}


def _edit_distance(a, b) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def spellings(query: str) -> list[str]:
    """Words of the index vocabulary the query may have meant: same sound first (设保卡 → 社保卡, a
    wrong character picked by pinyin input), then one syllable or character off. Only words that
    find something are offered."""
    typed = normalise(query)
    wanted = tuple(_syllables(typed))
    if len(wanted) < 2 or len(typed) > 8:
        return []
    vocabulary = search_index.derived("spelling_vocabulary", _vocabulary)
    scored = []
    for word, sounds in vocabulary.items():
        if word == typed or abs(len(sounds) - len(wanted)) > 1:
            continue
        if sounds == wanted:
            scored.append((0, word))
        elif _edit_distance(sounds, wanted) == 1 and len(wanted) >= 3 or _edit_distance(word, typed) == 1 and len(typed) >= 3:
            scored.append((1, word))
    scored.sort(key=lambda row: (row[0], -len(row[1]), row[1]))
    found = []
    for _rank, word in scored:
        if search_index.search(ItemFilters(q=word)):
            found.append(word)
        if len(found) == MAX_SPELLINGS:
            break
    return found



@dataclass(frozen=True)
class Bundle:
    code: str
    title: str


def related_bundles(query: str, bundles) -> list[Bundle]:
    """Published 一件事 whose title or summary holds a word of the query (or its synonyms, or the
    official terms they stand for): 新生儿 → 出生一件事, 饭店 → 开办餐饮店一件事."""
    words = {normalise(w) for term in query_terms(query) for w in expand(term) if len(w) >= 2}
    return [Bundle(b.code, b.title) for b in bundles
            if any(word in normalise(f"{b.title} {b.summary}") for word in words)]
