"""Search text for service items: Chinese word segmentation (jieba) and pinyin (pypinyin).

Pure functions; the query side turns a user's words into terms that are each matched as a
substring of ``ServiceItem.search_text`` (works the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import re
import unicodedata

import jieba
from pypinyin import lazy_pinyin

from . import synonyms

jieba.setLogLevel(60)

MAX_QUERY_LENGTH = 50
MAX_TERMS = 8
# Words that carry no meaning for finding an item.
_STOP_WORDS = frozenset(
    "的 了 和 与 及 或 在 我 我要 要 想 想要 怎么 怎么办 怎样 如何 办理 办 申请 什么 哪里 去 需要 手续 可以 吗 呢".split()
)
# Everyday words mapped to the words the catalogue uses (each term also matches its synonyms):
# the maintained table in data/synonyms.tsv, shared with the Q&A assistant.
SYNONYMS = synonyms.SYNONYMS
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPLIT = re.compile(r"[^0-9a-z\u3400-\u9fff]+")


_words_added = False


def _add_everyday_words() -> None:
    # Keep the everyday words whole when jieba segments a query (上户口, not 上 + 户口). Adding a word
    # loads jieba's dictionary, so it is done on first use rather than at import.
    global _words_added
    if not _words_added:
        for word in SYNONYMS:
            jieba.add_word(word)
        _words_added = True


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) instead of on the first search."""
    jieba.initialize()
    _add_everyday_words()


def normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (ＡＢＣ１２３) into ASCII.
    return unicodedata.normalize("NFKC", text).lower().strip()


def pinyin_forms(text: str) -> str:
    """Full pinyin and initials of the Chinese characters in ``text``: 社保 → 'shebao sb'."""
    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.isalpha()]
    if not syllables:
        return ""
    return "".join(syllables) + " " + "".join(s[0] for s in syllables)


def build_search_text(*parts: str) -> str:
    words = " ".join(normalise(p) for p in parts if p)
    name = parts[0] if parts else ""
    return f"{words} {pinyin_forms(name)}".strip()


def expand(term: str) -> tuple[str, ...]:
    """A term and its synonyms; an item matches the term when it contains any of them."""
    return (term, *SYNONYMS.get(term, ()))


def query_terms(query: str) -> list[str]:
    """Split a user's query into search terms, longest first, at most ``MAX_TERMS``."""
    query = normalise(query)[:MAX_QUERY_LENGTH]
    _add_everyday_words()
    terms: list[str] = []
    for chunk in _SPLIT.split(query):
        if not chunk:
            continue
        if not _CJK.search(chunk) or len(chunk) <= 2:
            terms.append(chunk)
            continue
        words = [w for w in jieba.cut(chunk) if w.strip() and w not in _STOP_WORDS]
        # Single characters match too much, unless the query is nothing but one character.
        terms.extend(w for w in words if len(w) > 1 or len(words) == 1)
    unique = list(dict.fromkeys(t for t in terms if t not in _STOP_WORDS))
    unique.sort(key=len, reverse=True)
    return unique[:MAX_TERMS]
