"""The checks on a proposed name, each citing the article it applies.

Blocking: Arts. 5, 7, 8, 10, 11, 12 and 17 of 企业名称登记管理规定 (国务院令第734号).
Warnings the applicant may accept: names similar under the comparison practice of SAMR (the
Measures, 市场监管总局令第82号, Arts. 3 and 4: 避免混淆; SAMR sets the 相同相近比对规则).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import vocab
from .keys import pinyin_key, sorted_key
from .parse import ParsedName
from .script import simplified, traditional_chars

PROVISIONS = "《企业名称登记管理规定》"
MEASURES = "《企业名称登记管理规定实施办法》"
BLOCK, WARN = "blocked", "warning"
_HAN = re.compile(r"^[\u4e00-\u9fff\u3007]+$")  # 〇 is a 规范汉字 (通用规范汉字表)
_COMPANY_FORMS = sorted((f for f in vocab.FORMS if f.endswith("公司")), key=len, reverse=True)
_NOT_WRITTEN = re.compile(r"[^\u4e00-\u9fff\u3007（）]|（）")  # what a name may not contain
STATUSES = ("registered", "reserved", "cancelled", "changed", "revoked")
RESERVATION_MONTHS = 2  # Art. 18 of the Provisions: 保留期为2个月
GRACE_YEARS = 1  # Art. 17 (二)(三): cancelled, changed or revoked less than one year ago
# This platform's limit, not a figure of the Provisions or the Measures (neither sets one): a name
# of region, trade name, industry and form runs to some 30 characters at most in practice.
MAX_NAME_CHARS = 50


@dataclass(frozen=True)
class Reason:
    rule: str
    severity: str
    text: str
    conflicts_with: str | None = None

    def as_json(self) -> dict:
        return {"rule": self.rule, "text": self.text, "conflicts_with": self.conflicts_with}


@dataclass(frozen=True)
class Entry:
    """One name in the register, with its parsed trade name and industry."""

    name: str
    status: str
    date: dt.date | None
    trade_name: str
    industry: str


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def still_counts(entry: Entry, today: dt.date) -> bool:
    """Whether Art. 17 counts this name on ``today``: registered names always; reserved ones
    within the two months of Art. 18; cancelled, changed or revoked ones for one year."""
    if entry.status == "registered" or entry.date is None:
        return True
    if entry.status == "reserved":
        return today < add_months(entry.date, RESERVATION_MONTHS)
    return today < add_months(entry.date, 12 * GRACE_YEARS)


def _contains_token(text: str, word: str, tokens: set[str]) -> bool:
    if len(word) >= 3:
        return word in text
    if len(word) == 1:
        return word in text
    return word in tokens or text.startswith(word)


def _tokens(text: str) -> set[str]:
    import jieba  # imported late: loading its dictionary takes a second

    jieba.setLogLevel(60)
    return set(jieba.lcut(text, HMM=False))


def form_rules(p: ParsedName) -> list[Reason]:
    """Checks on the name alone, without the register."""
    reasons: list[Reason] = _writing_rules(p)
    body = p.trade_name + p.industry
    tokens = _tokens(body)
    for item, words in vocab.PROHIBITED.items():
        hit = next((w for w in words if _contains_token(body, w, tokens)), None)
        if hit:
            reasons.append(Reason("prohibited_content", BLOCK,
                                  f"名称含“{hit}”，属于{PROVISIONS}第十一条第{_item(item)}项禁止的"
                                  f"{vocab.ARTICLE_11_ITEMS[item]}，不能使用。"))
    foreign = next((w for w in vocab.FOREIGN_SHORT if _contains_token(body, w, tokens)), None)
    if foreign and not any(r.rule == "prohibited_content" and "十一条第四项" in r.text
                           for r in reasons):
        reasons.append(Reason("prohibited_content", BLOCK,
                              f"名称含外国国家（地区）名称“{foreign}”，属于{PROVISIONS}第十一条第四项"
                              "禁止的情形，不能使用。"))
    reasons += _national_words(p)
    reasons += _region_rules(p)
    reasons += _trade_name_rules(p)
    if p.branch_without_parent:
        reasons.append(Reason("branch_without_parent", BLOCK,
                              f"“分公司”前没有所从属企业的名称。依据{PROVISIONS}第十三条，企业分支机构"
                              "名称应当冠以其所从属企业的名称，如“珠海市新禾科技有限公司斗门分公司”。"))
    if p.form == "合伙企业":
        reasons.append(Reason("partnership_kind_missing", BLOCK,
                              "合伙企业名称未标明“普通合伙”或“有限合伙”。依据《中华人民共和国合伙企业法》"
                              "第十五条、第六十二条，应在名称中标明，如“合伙企业（有限合伙）”。"))
    inner_form = next((f for f in _COMPANY_FORMS if f in p.trade_name), None)
    if inner_form:
        reasons.append(Reason("form_in_trade_name", BLOCK,
                              f"字号“{p.trade_name}”中含组织形式“{inner_form}”。依据{PROVISIONS}第十条，"
                              "组织形式在名称末尾标明一次，字号中不能再含组织形式或另一企业名称。"))
    if not p.form:
        reasons.append(Reason("missing_form", BLOCK,
                              f"名称未标明组织形式（如“有限公司”“有限责任公司”）。依据{PROVISIONS}"
                              "第十条，企业应当依法在名称中标明组织形式。"))
    well_known = next((w for w in vocab.WELL_KNOWN if w in p.trade_name), None)
    if well_known:
        reasons.append(Reason("well_known_trade_name", WARN,
                              f"字号含知名字号“{well_known}”，可能使公众产生误解（{PROVISIONS}第十一条"
                              f"第八项；{MEASURES}第三条：尊重在先合法权利，避免混淆）。如无授权或投资"
                              "关系，建议更换字号。", well_known))
    return reasons


def _writing_rules(p: ParsedName) -> list[Reason]:
    """The name as written: its length (this platform's limit) and Art. 5 (规范汉字)."""
    reasons = []
    if len(p.name) > MAX_NAME_CHARS:
        reasons.append(Reason("name_too_long", BLOCK,
                              f"名称共{len(p.name)}个字符，超过本平台{MAX_NAME_CHARS}个字符的上限。"
                              "企业名称由行政区划、字号、行业或者经营特点、组织形式组成"
                              f"（{PROVISIONS}第六条），请精简后重新申报。"))
    bad = list(dict.fromkeys(m.group() for m in _NOT_WRITTEN.finditer(p.name)))
    if bad:
        shown = "、".join(f"“{b}”" for b in bad[:8])
        reasons.append(Reason("invalid_characters", BLOCK,
                              f"名称含{shown}，不是规范汉字。依据{PROVISIONS}第五条，企业名称应当使用"
                              "规范汉字，不能含字母、阿拉伯数字、符号或表情（括号仅用于标注行政区划或"
                              "组织形式）。"))
    found = traditional_chars(p.name)
    if found:
        chars = "、".join(f"“{t}”（简化字“{s}”）" for t, s in found.items())
        reasons.append(Reason("traditional_characters", BLOCK,
                              f"名称含繁体字{chars}。依据{PROVISIONS}第五条，企业名称应当使用规范汉字，"
                              f"请改为“{simplified(p.name)}”后重新申报。"))
    return reasons


def _item(item: str) -> str:
    return "一二三四五六七八九"[int(item.split(".")[1]) - 1]


def _national_words(p: ParsedName) -> list[Reason]:
    reasons = []
    lead = next((w for w in vocab.NATIONAL_WORDS if p.name.startswith(w)), None)
    if lead:
        return [Reason("national_wording", BLOCK,
                       f"名称冠以“{lead}”。依据{PROVISIONS}第十二条第一款，企业名称冠以“中国”“中华”"
                       "“中央”“全国”“国家”等字词须报国务院批准，不能自主申报。")]
    word = next((w for w in vocab.NATIONAL_WORDS if w in p.trade_name), None)
    if word:
        reasons.append(Reason("national_wording", BLOCK,
                              f"字号中含“{word}”。依据{PROVISIONS}第十二条第二款，名称中间的“中国”"
                              "“中华”“全国”“国家”“国际”等字词只能作行业限定语，不能用在字号中。"))
    words = p.industry_words
    for i, w in enumerate(words):
        if w in vocab.NATIONAL_WORDS and i == len(words) - 1:
            reasons.append(Reason("national_wording", BLOCK,
                                  f"“{w}”后没有行业表述。依据{PROVISIONS}第十二条第二款，该字词只能作"
                                  "行业限定语，应紧接行业表述（如“国际贸易”）。"))
    if "（中国）" in p.name:
        reasons.append(Reason("national_wording", WARN,
                              f"名称含“（中国）”。依据{PROVISIONS}第十二条第三款，仅使用外国投资者字号的"
                              "外商独资或者控股的外商投资企业可以使用，请确认符合条件。"))
    return reasons


def _region_rules(p: ParsedName) -> list[Reason]:
    reasons = []
    if p.second_region:
        reasons.append(Reason("region_repeated", BLOCK,
                              f"名称已冠以行政区划“{p.region}”，又在括号中标注“{p.second_region}”。依据"
                              f"{PROVISIONS}第六条、第七条，行政区划名称只标注一次：冠于名称之前，或置于"
                              "字号之后、组织形式之前的括号内。"))
    previous = None
    for region in p.regions:
        if region.kind == "district":
            city = vocab.DISTRICTS[region.full]
            if previous is None or previous.full != city:
                before = f"“{previous.text}”之后" if previous else "单独"
                reasons.append(Reason("district_without_city", BLOCK,
                                      f"“{region.text}”是市辖区名称，不能{before}使用。依据{PROVISIONS}"
                                      f"第七条第二款，应同时冠以其所属的设区的市名称，如“{city}{region.full}”。"))
        previous = region
    return reasons


def _trade_name_rules(p: ParsedName) -> list[Reason]:
    t = p.trade_name
    if not t:
        return [Reason("trade_name_missing", BLOCK,
                       f"未能识别出字号。依据{PROVISIONS}第六条、第八条，名称应含由两个以上汉字组成的字号。")]
    if not _HAN.match(t):
        return [Reason("trade_name_not_chinese", BLOCK,
                       f"字号“{t}”含汉字以外的字符。依据{PROVISIONS}第五条、第八条，企业名称应当使用"
                       "规范汉字，字号由两个以上汉字组成，不能使用字母、数字或符号。")]
    if len(t) < 2:
        return [Reason("trade_name_too_short", BLOCK,
                       f"字号“{t}”只有一个汉字。依据{PROVISIONS}第八条第一款，字号应当由两个以上汉字组成。")]
    if t in vocab.PLACE_WORDS:
        return [Reason("trade_name_is_place", BLOCK,
                       f"字号“{t}”是行政区划名称。依据{PROVISIONS}第八条第二款，县级以上地方行政区划名称"
                       "不得作为字号（另有含义的除外，可到登记窗口说明）。")]
    if t in vocab.INDUSTRY_WORDS:
        return [Reason("trade_name_is_industry", BLOCK,
                       f"字号“{t}”是行业或者经营特点表述。依据{PROVISIONS}第八条第二款，行业或者经营"
                       "特点不得作为字号。")]
    return []


def _same_industry(a: str, b: str) -> bool:
    return a == b


_HEADS_LONGEST = sorted(vocab.INDUSTRY_HEADS, key=len, reverse=True)


def industry_head(industry: str) -> str:
    """The head word an industry wording ends with (网络科技 -> 科技), or the wording itself."""
    return next((h for h in _HEADS_LONGEST if industry.endswith(h)), industry)


def related_wordings(industry: str) -> set[str]:
    """Industry wordings a register row may hold and still matter to a name in ``industry``
    (besides those ending with its head word): none, the same, its synonyms, its suffixes."""
    related = {"", industry, *(industry[i:] for i in range(len(industry)))}
    for group in vocab.INDUSTRY_SYNONYMS:
        if industry in group:
            related |= group
    return related


def _related_industry(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return b in related_wordings(a) or b.endswith(industry_head(a))


_STATUS_TEXT = {"registered": "已登记", "reserved": "保留期内", "cancelled": "注销未满1年",
                "changed": "变更未满1年", "revoked": "被撤销登记未满1年"}
_ITEM_17 = {"registered": "（一）", "reserved": "（一）", "cancelled": "（二）",
            "changed": "（二）", "revoked": "（三）"}


def conflict_rules(p: ParsedName, entries: list[Entry], today: dt.date) -> list[Reason]:
    """Art. 17 of the Provisions and the comparison practice, against the register's entries."""
    reasons: list[Reason] = []
    t, industry = p.trade_name, p.industry
    if len(t) < 2:
        return reasons
    t_sorted, t_pinyin = sorted_key(t), pinyin_key(t)
    for e in entries:
        if not e.trade_name or not still_counts(e, today) or (p.parent and e.name == p.parent):
            continue
        no_industry = not industry or not e.industry
        same = _same_industry(industry, e.industry) or no_industry
        related = same or _related_industry(industry, e.industry)
        status = _STATUS_TEXT[e.status]
        if e.trade_name == t or sorted_key(e.trade_name) == t_sorted:
            how = "相同" if e.trade_name == t else "文字相同、顺序不同"
            if same:
                whose = "不使用行业表述的" if not e.industry else ("同行业的" if industry else "")
                reasons.append(Reason(
                    "identical_trade_name", BLOCK,
                    f"字号“{t}”与{status}的{whose}企业名称“{e.name}”的字号“{e.trade_name}”{how}。依据"
                    f"{PROVISIONS}第十七条第{_ITEM_17[e.status]}项，同一企业登记机关内不得使用"
                    "（有投资关系或受让名称的除外）。", e.name))
            elif related:
                reasons.append(Reason(
                    "similar_industry", WARN,
                    f"字号“{t}”与{status}的“{e.name}”{how}，行业表述“{industry}”与“{e.industry}”含义"
                    f"相近，可能产生混淆（{MEASURES}第三条）。", e.name))
            continue
        if not related:
            continue
        if pinyin_key(e.trade_name) == t_pinyin:
            reasons.append(Reason(
                "homophone", WARN,
                f"字号“{t}”与{status}的同行业企业名称“{e.name}”的字号“{e.trade_name}”读音相同"
                f"（{t_pinyin}），可能产生混淆（{MEASURES}第三条）。", e.name))
        elif _one_lookalike(t, e.trade_name):
            reasons.append(Reason(
                "lookalike", WARN,
                f"字号“{t}”与{status}的同行业企业名称“{e.name}”的字号“{e.trade_name}”只差一个字形"
                f"相近的字，可能产生混淆（{MEASURES}第三条）。", e.name))
    return reasons


def _one_lookalike(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diffs) == 1 and diffs[0][1] in vocab.SIMILAR.get(diffs[0][0], ())
