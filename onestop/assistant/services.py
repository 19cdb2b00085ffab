"""Answering a citizen's question: retrieval, what each answer shows, the log and the feedback.

Plain functions over the ORM, no HTTP; the page, the API and the tests call the same ones.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from onestop.catalog import search_index
from onestop.catalog.models import Material, ServiceItem, Theme
from onestop.core import protection
from onestop.halls import services as halls

from . import encoder, index_store
from .kb_file import parse_kb
from .knowledge import FAQ_PREFIX, ITEM_PREFIX
from .models import AnswerLog, FaqEntry, Feedback

MAX_QUESTION = 200
SHOWN_ITEMS = 3
SHOWN_FAQ = 2
# Below these the best match is called a guess, not an answer (calibrated on the evaluation set
# and on questions about things the catalogue does not cover: docs/assistant.md).
CONFIDENT_COSINE = 0.875
CONFIDENT_BM25 = 30.0
# Per client address, across all processes (counted in the log).
QUESTIONS_PER_MINUTE = int(os.environ.get("ONESTOP_ASSISTANT_QUESTIONS_PER_MINUTE", "20"))
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_HAS_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


class TooManyQuestions(Exception):
    message = f"提问过于频繁：同一网络每分钟最多提问 {QUESTIONS_PER_MINUTE} 次，请稍后再试。"


def mask_personal_data(text: str) -> str:
    """ID numbers and mobile numbers masked before a question is logged."""
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", protection.mask_id_numbers_in(text))


@dataclass
class ItemAnswer:
    code: str
    name: str
    url: str
    department: str
    score: float
    materials: list[str]
    time_limit: str
    halls: list[halls.HallEntry]  # open ones first, then nearest first when a place is known
    apply_url: str | None
    themes: list[Theme]


@dataclass
class FaqAnswer:
    key: str
    question: str
    answer: str
    score: float


@dataclass
class Answer:
    question: str  # as shown back (cut, stripped)
    status: str  # "answered", "unsure" (low confidence), "empty" (nothing to look for)
    items: list[ItemAnswer] = field(default_factory=list)
    faqs: list[FaqAnswer] = field(default_factory=list)
    related: list[search_index.Entry] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    token: str = ""  # lets the asker rate this answer
    origin: halls.Origin | None = None  # where hall distances are measured from

    @property
    def confident(self) -> bool:
        return self.status == "answered"


def halls_for(item: ServiceItem, origin: halls.Origin | None = None, at: dt.datetime | None = None,
              calendar: halls.DayCalendar | None = None) -> list[halls.HallEntry]:
    """Where to go for an item: the halls that handle it with their status now, the open ones first;
    nearest first within each group when the asker's place is known (halls without coordinates last).
    ``calendar`` (from ``halls.day_calendar``) is shared by the items of one answer."""
    found = halls.entries(halls.halls(item), at=at, lat=origin.lat if origin else None,
                          lon=origin.lon if origin else None, calendar=calendar)
    return sorted(found, key=lambda e: not e.is_open)  # stable: keeps the distance order


def _time_limit(item: ServiceItem) -> str:
    days = item.promised_days if item.promised_days is not None else item.statutory_days
    if days is None:
        return "暂未公布，请咨询 12345"
    if days == 0:
        return "即办"
    return f"{days} 个工作日"


def _online_ready(code: str) -> bool:
    entry = search_index.by_code(code)
    return bool(entry and entry.online_ready)


def _item_answers(codes_scores: list[tuple[str, float]], origin: halls.Origin | None) -> list[ItemAnswer]:
    codes = [c for c, _ in codes_scores]
    items = {
        i.code: i for i in ServiceItem.objects.published().filter(code__in=codes)
        .select_related("department").prefetch_related("themes")
    }
    materials: dict[int, list[str]] = {}
    for item_id, name in Material.objects.filter(item__code__in=codes, required=True).values_list("item_id", "name"):
        materials.setdefault(item_id, []).append(name)
    answers = []
    calendar = halls.day_calendar(timezone.localdate()) if items else None  # one per answer, not per item
    for code, score in codes_scores:
        item = items.get(code)
        if item is None:  # unpublished since the index was loaded
            continue
        answers.append(ItemAnswer(
            code=code, name=item.name, url=item.get_absolute_url(), department=item.department.name, score=score,
            materials=materials.get(item.pk, []), time_limit=_time_limit(item),
            halls=halls_for(item, origin, calendar=calendar),
            # Only where the guide is complete (catalog.guide_check): the apply page refuses the others.
            apply_url=reverse("cases:apply", args=[code]) if _online_ready(code) else None,
            themes=list(item.themes.all()),
        ))
    return answers


def _check_rate(client: str) -> None:
    since = timezone.now() - dt.timedelta(minutes=1)
    if AnswerLog.objects.filter(client=client, asked_at__gt=since).count() >= QUESTIONS_PER_MINUTE:
        raise TooManyQuestions


def answer(question: str, client_address: str, origin: halls.Origin | None = None) -> Answer:
    """The answer to ``question``, logged; raises TooManyQuestions past the per-client limit. Hall
    distances are measured from ``origin`` (the asker's location or chosen town), else from a town the
    question names (井岸镇哪里办社保卡)."""
    text = " ".join((question or "").split())[:MAX_QUESTION]
    client = protection.lookup_hash(f"assistant:{client_address}")
    _check_rate(client)
    result = Answer(question=text, status="empty", origin=origin or halls.origin_from_text(text))
    if _HAS_WORD.search(text):
        index = index_store.current()
        ranking = index.rank(text, encoder.query(text), limit=12)
        top = ranking.hits[0] if ranking.hits else None
        sure = top is not None and ranking.query_terms > 0 and (top.cosine >= CONFIDENT_COSINE or top.bm25 >= CONFIDENT_BM25)
        result.status = "answered" if sure else "unsure"
        item_hits = [(h.id.removeprefix(ITEM_PREFIX), h.score) for h in ranking.hits if h.id.startswith(ITEM_PREFIX)]
        faq_hits = [h for h in ranking.hits[:5] if h.id.startswith(FAQ_PREFIX)]
        result.items = _item_answers(item_hits[:SHOWN_ITEMS], result.origin)
        faqs = {e.key: e for e in FaqEntry.objects.filter(key__in=[h.id.removeprefix(FAQ_PREFIX) for h in faq_hits])}
        result.faqs = [
            FaqAnswer(k, faqs[k].question or faqs[k].title, faqs[k].answer, h.score)
            for h in faq_hits[:SHOWN_FAQ] if (k := h.id.removeprefix(FAQ_PREFIX)) in faqs
        ]
        shown_codes = {a.code for a in result.items}
        result.related = [e for c, _ in item_hits[SHOWN_ITEMS:SHOWN_ITEMS + 4]
                          if c not in shown_codes and (e := search_index.by_code(c)) is not None]
        seen: dict[str, Theme] = {}
        for a in result.items:
            for t in a.themes:
                seen.setdefault(t.code, t)
        result.themes = list(seen.values())[:4]
    shown = [{"id": ITEM_PREFIX + a.code, "score": round(a.score, 3)} for a in result.items]
    shown += [{"id": FAQ_PREFIX + f.key, "score": round(f.score, 3)} for f in result.faqs]
    result.token = secrets.token_urlsafe(16)
    AnswerLog.objects.create(question=mask_personal_data(text)[:200], client=client, shown=shown,
                             confident=result.confident, token=result.token)
    return result


def record_feedback(token: str, helpful: bool) -> bool:
    """The asker's rating of an answer; False when the token names no answer. Rating again replaces it."""
    value = Feedback.HELPFUL if helpful else Feedback.UNHELPFUL
    return bool(AnswerLog.objects.filter(token=token).update(feedback=value, feedback_at=timezone.now()))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    errors: list[str]


def import_faq(text: str) -> ImportResult:
    """FAQ entries from JSONL ``{"id", "question"?, "title"?, "text"}``: all lines or none (an
    error on any line, with its number, imports nothing)."""
    docs, errors = parse_kb(text)
    bad_ids = [f"第 {n} 行：“id”只能包含字母、数字、连字符和下划线" for n, d in _numbered(text, docs)
               if not re.fullmatch(r"[-a-zA-Z0-9_]+", d.id)]
    messages = [str(e) for e in errors] + bad_ids
    if messages or not docs:
        return ImportResult(0, 0, messages or ["文件中没有问答条目"])
    created = updated = 0
    with transaction.atomic():
        for d in docs:
            _, made = FaqEntry.objects.update_or_create(
                key=d.id, defaults={"question": d.question[:300], "title": d.title[:200], "answer": d.text}
            )
            created += made
            updated += not made
    return ImportResult(created, updated, [])


def _numbered(text: str, docs):
    """(line number, document) pairs: the line each parsed document came from."""
    import json

    by_id = {d.id: d for d in docs}
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            row = json.loads(raw)
        except ValueError:
            continue
        if isinstance(row, dict) and isinstance(row.get("id"), str) and row["id"].strip() in by_id:
            yield number, by_id[row["id"].strip()]
