"""Name self-declaration on the platform's register: check a name, reserve it for two months.

The checks themselves are the pure ``onestop.business.names`` package; this module gives it the
database register and makes the one state change, ``reserve_name``, in one transaction with its
audit record.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import NameEvent, NameLock, NameReservation, NameStatus, RegisteredName
from .names.checker import Verdict, check
from .names.keys import lookalike_variants, pinyin_key, sorted_key
from .names.parse import ParsedName, from_parts, parse
from .names.rules import RESERVATION_MONTHS, Entry, add_months, industry_head, related_wordings


class NameNotAvailable(Exception):
    """The name cannot be reserved: blocked, or warnings the applicant has not accepted."""

    def __init__(self, verdict: Verdict, code: str, message: str):
        super().__init__(message)
        self.verdict, self.code, self.message = verdict, code, message


class DatabaseRegister:
    """The register in the database, looked up through the indexed key columns only."""

    def candidates(self, parsed: ParsedName) -> list[Entry]:
        t = parsed.trade_name
        if not t:
            return []
        rows = RegisteredName.objects.filter(
            Q(trade_name__in=[t, *lookalike_variants(t)]) | Q(trade_sorted=sorted_key(t))
            | Q(trade_pinyin=pinyin_key(t))
        )
        if parsed.industry:
            # Rows in unrelated industries never matter (Art. 17 speaks of the same industry):
            # left out in SQL, so a common pinyin key does not bring back a thousand rows.
            rows = rows.filter(Q(industry__in=related_wordings(parsed.industry))
                               | Q(industry__endswith=industry_head(parsed.industry)))
        rows = rows.values_list("name", "status", "status_date", "trade_name", "industry")
        return [Entry(*row) for row in rows]


def parsed_name(proposed: str, parts: dict | None = None) -> ParsedName:
    """The proposed name read by the parser, or as the applicant split it."""
    if not parts:
        return parse(proposed)
    return from_parts(proposed, parts.get("region", ""), parts.get("trade_name", ""),
                      parts.get("industry", ""), parts.get("form", ""))


def check_name(proposed: str, parts: dict | None = None, today: dt.date | None = None) -> Verdict:
    return check(parsed_name(proposed, parts), DatabaseRegister(), today or timezone.localdate())


def register_row(name: str, status: str, status_date: dt.date | None,
                 parsed: ParsedName | None = None) -> RegisteredName:
    """An unsaved register row with its key columns (the bulk loader writes the same values)."""
    p = parsed or parse(name)
    return RegisteredName(name=p.name, status=status, status_date=status_date, region=p.region,
                          trade_name=p.trade_name, industry=p.industry, form=p.form,
                          trade_sorted=sorted_key(p.trade_name),
                          trade_pinyin=pinyin_key(p.trade_name))


_PART_COLUMNS = {part: RegisteredName._meta.get_field(part).max_length
                 for part in ("region", "trade_name", "industry", "form")}


def reserve_name(applicant, proposed: str, parts: dict | None = None,
                 accept_warnings: bool = False, today: dt.date | None = None) -> NameReservation:
    """Reserves a name that passes the check for two months (Art. 18 of the Provisions).

    The sorted trade name's lock row is taken first, so two applicants racing for one trade name
    (or the same characters reordered) are checked in turn: the second sees the first's
    reservation and is blocked by Art. 17. Raises ``NameNotAvailable`` and changes nothing when
    the name is blocked, or has warnings that ``accept_warnings`` does not accept.
    """
    today = today or timezone.localdate()
    parsed = parsed_name(proposed, parts)
    long_parts = [p for p, limit in _PART_COLUMNS.items() if len(getattr(parsed, p)) > limit]
    if long_parts:  # the register's columns (and the lock key) hold no longer parts: refused, not a 500
        raise NameNotAvailable(check(parsed, DatabaseRegister(), today), "name_part_too_long",
                               f"字号、行业表述、行政区划均不能超过 {_PART_COLUMNS['trade_name']} 个字，组织形式不能超过 "
                               f"{_PART_COLUMNS['form']} 个字，请精简后重新申报。")
    with transaction.atomic():
        if parsed.trade_name:
            NameLock.objects.get_or_create(key=sorted_key(parsed.trade_name))
            NameLock.objects.select_for_update().get(key=sorted_key(parsed.trade_name))
        verdict = check(parsed, DatabaseRegister(), today)
        if verdict.verdict == "blocked":
            first = next(r for r in verdict.reasons if r.severity == "blocked")
            raise NameNotAvailable(verdict, "name_blocked", "该名称不能使用：" + first.text)
        if verdict.verdict == "warning" and not accept_warnings:
            raise NameNotAvailable(verdict, "name_warnings_not_accepted",
                                   "该名称与已有名称相近，请阅读提示并确认后再申报。")
        entry = register_row(parsed.name, NameStatus.RESERVED, today, parsed)
        entry.save()
        reservation = NameReservation.objects.create(
            entry=entry, applicant=applicant, reserved_at=timezone.now(),
            expires_on=add_months(today, RESERVATION_MONTHS),
            accepted_warnings=[r.as_json() for r in verdict.reasons])
        NameEvent.objects.create(at=reservation.reserved_at, actor=applicant, action="reserved",
                                 entry=entry, details={"parts": parsed.parts(),
                                                       "expires_on": reservation.expires_on.isoformat(),
                                                       "accepted_warnings": len(verdict.reasons)})
    return reservation
