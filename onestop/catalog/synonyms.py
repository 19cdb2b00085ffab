"""The synonym table (data/synonyms.tsv): everyday words and the catalogue's official terms.

One table for both the catalogue's search and the Q&A assistant (which sits above the catalogue and
reads it from here). Read once at import; a malformed line stops start-up with its line number,
rather than silently dropping a word.
"""

from __future__ import annotations

from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "synonyms.tsv"


class SynonymTableError(ValueError):
    pass


def parse(text: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        word, sep, terms = line.partition("\t")
        word, official = word.strip().lower(), tuple(terms.split())
        if not sep or not word or not official:
            raise SynonymTableError(f"{TABLE.name} 第 {number} 行格式应为“日常说法<TAB>规范用语 …”：{line!r}")
        if word in table:
            raise SynonymTableError(f"{TABLE.name} 第 {number} 行：“{word}”重复")
        table[word] = official
    return table


SYNONYMS: dict[str, tuple[str, ...]] = parse(TABLE.read_text(encoding="utf-8"))
