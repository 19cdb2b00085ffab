"""Traditional characters in a proposed name (Art. 5 of the Provisions: 规范汉字).

A character counts as traditional when OpenCC's character table (t2s, TSCharacters) maps it to
simplified forms that do not include itself: 騰 -> 腾, 發 -> 发. Characters the table lists with
themselves among the simplified forms (乾 -> 干 乾, 於 -> 于 於, as in 乾务镇 or the surname 於)
are standard characters as well, and phrase conversions (vocabulary only) are not used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if len(key) == 1 and values:
            table[key] = tuple(values.split())
    return table


def traditional_chars(text: str) -> dict[str, str]:
    """Each traditional character in ``text`` -> its usual simplified form, in order met."""
    table = _table()
    found: dict[str, str] = {}
    for c in text:
        forms = table.get(c)
        if forms and c not in forms:
            found.setdefault(c, forms[0])
    return found


def simplified(text: str) -> str:
    found = traditional_chars(text)
    return "".join(found.get(c, c) for c in text)
