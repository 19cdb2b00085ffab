"""Everyday words and the catalogue's words (a user dictionary for jieba and query expansion).

A citizen asks "孩子上户口要带什么"; the catalogue says 户口登记 and 出生. Each key found in a question
adds its official terms to the question's tokens (BM25) — the embeddings see the question as asked.
Keys are added to jieba's dictionary so that they stay one word ("社保卡", not "社保" + "卡").
"""

from __future__ import annotations

from onestop.catalog import synonyms

# The table lives in the catalogue (onestop/catalog/data/synonyms.tsv), shared with its search.
EVERYDAY_TERMS: dict[str, str] = {word: " ".join(terms) for word, terms in synonyms.SYNONYMS.items()}


def expansion(question: str) -> list[str]:
    """The official terms of every everyday word in ``question`` (already normalised). A key inside
    a longer key that also matched adds nothing: 社保卡 means 社会保障卡, not 社会保险."""
    found = [key for key in EVERYDAY_TERMS if key in question]
    longest = [k for k in found if not any(k != other and k in other for other in found)]
    return [term for key in longest for term in EVERYDAY_TERMS[key].split()]
