"""Splits a proposed enterprise name into region (行政区划), trade name (字号), industry wording
(行业或者经营特点) and organisational form (组织形式), the four parts of Art. 6 of the Provisions.

The parse is a best reading, not a verdict: the applicant sees the parts and may correct them, and
the checker then works on the corrected parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import vocab

_PAREN = str.maketrans({"(": "（", ")": "）", " ": "", "\u3000": "", "\t": ""})
_FORMS = sorted(vocab.FORMS, key=len, reverse=True)
_REGIONS = sorted(vocab.REGION_FORMS, key=len, reverse=True)
_TOWNS = sorted(vocab.TOWNS, key=len, reverse=True)  # only with 镇 / 街道: 白蕉海鲈 is a trade name
_HEADS = sorted(vocab.INDUSTRY_HEADS, key=len, reverse=True)
_MODIFIERS = sorted(vocab.INDUSTRY_MODIFIERS, key=len, reverse=True)
_RANK = {"country": 0, "province": 1, "city": 2, "district": 3}
_PARENS = re.compile(r"（([^（）]+)）")
# An enterprise's own form, which a branch (分公司) name carries before its own place and 分公司.
_PARENT_FORMS = sorted((f for f in vocab.FORMS if f.endswith("公司") and f != "分公司"),
                       key=len, reverse=True)


@dataclass(frozen=True)
class RegionPart:
    text: str  # as written: 珠海 / 珠海市
    kind: str  # country, province, city, district
    full: str  # 珠海市


@dataclass
class ParsedName:
    name: str
    region: str = ""
    trade_name: str = ""
    industry: str = ""
    form: str = ""
    regions: list[RegionPart] = field(default_factory=list)
    region_in_parens: bool = False
    town: str = ""
    industry_words: list[str] = field(default_factory=list)
    parent: str = ""  # a branch's enterprise name (珠海市新禾科技有限公司 of …斗门分公司)
    branch_without_parent: bool = False
    second_region: str = ""  # a region in brackets after a leading one

    def parts(self) -> dict[str, str]:
        return {"region": self.region, "trade_name": self.trade_name, "industry": self.industry,
                "form": self.form}


def normalise(name: str) -> str:
    return (name or "").translate(_PAREN).strip()


def _take_regions(rest: str) -> tuple[list[RegionPart], str]:
    regions: list[RegionPart] = []
    while True:
        match = next((r for r in _REGIONS if rest.startswith(r)), None)
        if match is None:
            return regions, rest
        kind, full = vocab.REGION_FORMS[match]
        # A region continues the chain only when it is lower than the one before (province, then
        # city, then district); 珠海中山科技: 中山 is then the trade name, not a second region.
        if regions and _RANK[kind] <= _RANK[regions[-1].kind]:
            return regions, rest
        regions.append(RegionPart(match, kind, full))
        rest = rest[len(match):]


def _split_industry(middle: str) -> tuple[str, list[str]]:
    """Industry words taken from the end of ``middle``: head words first, then modifiers that
    qualify them (国际物流, 网络科技). Returns the trade name left over and the words taken."""
    words: list[str] = []
    rest = middle
    while rest:
        head = next((h for h in _HEADS if rest.endswith(h) and len(rest) > len(h)), None)
        if head is None:
            break
        words.insert(0, head)
        rest = rest[: -len(head)]
    if words:
        while True:
            mod = next((m for m in _MODIFIERS if rest.endswith(m) and len(rest) - len(m) >= 2),
                       None)
            if mod is None:
                break
            words.insert(0, mod)
            rest = rest[: -len(mod)]
    if not rest and words:  # the whole middle is industry wording: its first word is the trade name
        rest = words.pop(0)
    return rest, words


def parse(name: str) -> ParsedName:
    text = normalise(name)
    parsed = ParsedName(name=text)
    rest = text
    # The whole name may be a form (有限公司): the form is then read and the trade name is missing.
    parsed.form = next((f for f in _FORMS if rest.endswith(f)), "")
    rest = rest[: len(rest) - len(parsed.form)]
    if parsed.form == "分公司":
        return _branch(parsed, rest)
    parsed.regions, rest = _take_regions(rest)
    if parsed.regions:
        parsed.town = next((t for t in _TOWNS if rest.startswith(t) and len(rest) > len(t)), "")
        rest = rest[len(parsed.town):]
    # A region in brackets after the trade name or before the form: 腾飞（珠海）贸易有限公司,
    # 腾飞贸易（珠海）有限公司. After a leading region it is a second one (珠海腾飞（斗门）…).
    for bracket in _PARENS.finditer(rest):
        inner_regions, left = _take_regions(bracket.group(1))
        if inner_regions and not left:
            if parsed.regions:
                parsed.second_region = bracket.group(1)
            else:
                parsed.regions = inner_regions
                parsed.region_in_parens = True
            rest = rest[: bracket.start()] + rest[bracket.end():]
            break
    parsed.region = "".join(r.text for r in parsed.regions) + parsed.town
    parsed.trade_name, parsed.industry_words = _split_industry(rest)
    parsed.industry = "".join(parsed.industry_words)
    return parsed


def _branch(parsed: ParsedName, rest: str) -> ParsedName:
    """A branch is named after its enterprise, then its own place, then 分公司 (Art. 13): the
    enterprise's name is what is checked; a 分公司 with no enterprise name before it is flagged."""
    end = max((rest.rfind(f) + len(f) for f in _PARENT_FORMS if f in rest), default=-1)
    if end <= 0:
        inner = parse(rest + "有限公司")
        parsed.branch_without_parent = True
    else:
        inner = parse(rest[:end])
        parsed.parent = inner.name
    for name in ("region", "trade_name", "industry", "regions", "region_in_parens", "town",
                 "industry_words"):
        setattr(parsed, name, getattr(inner, name))
    return parsed


def from_parts(name: str, region: str, trade_name: str, industry: str, form: str) -> ParsedName:
    """The applicant's corrected parts, read back into the same shape as ``parse``."""
    parsed = ParsedName(name=normalise(name) or normalise(region + trade_name + industry + form))
    parsed.region = normalise(region)
    parsed.regions, left = _take_regions(parsed.region)
    parsed.town = left if left in vocab.TOWNS else ""
    parsed.trade_name = normalise(trade_name)
    parsed.industry = normalise(industry)
    parsed.industry_words = [parsed.industry] if parsed.industry else []
    parsed.form = normalise(form)
    return parsed
