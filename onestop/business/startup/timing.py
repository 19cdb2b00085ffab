"""企业开办用时 (time to open a company), measured from the records: the case submitted → the
process done (every branch joined). Per case and on average over the finished ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from onestop.cases.models import Case
from onestop.processes.models import Process, ProcessState

from .process import PROCESS_KEY


@dataclass(frozen=True)
class OpeningTime:
    case_number: str
    company_name: str
    submitted_at: dt.datetime
    finished_at: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.submitted_at).total_seconds()


def human(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} 秒"
    if seconds < 3600:
        return f"{seconds / 60:.1f} 分钟"
    return f"{seconds / 3600:.1f} 小时"


def opening_time(case: Case, process: Process | None) -> OpeningTime | None:
    if process is None or process.state != ProcessState.DONE or process.finished_at is None:
        return None
    return OpeningTime(case.number, case.form_data.get("company_name", ""), case.submitted_at, process.finished_at)


@dataclass(frozen=True)
class OpeningStats:
    cases: list[OpeningTime]  # the latest first

    @property
    def count(self) -> int:
        return len(self.cases)

    @property
    def average_seconds(self) -> float | None:
        return sum(c.seconds for c in self.cases) / len(self.cases) if self.cases else None

    @property
    def average_text(self) -> str:
        return human(self.average_seconds) if self.cases else "—"


def opening_stats(limit: int = 1000) -> OpeningStats:
    done = Process.objects.filter(key=PROCESS_KEY, state=ProcessState.DONE,
                                  subject=_subject_of(OuterRef("pk"))).values("finished_at")[:1]
    rows = (Case.objects.filter(startup__isnull=False).annotate(process_done_at=Subquery(done))
            .filter(process_done_at__isnull=False).order_by("-process_done_at")
            .values_list("number", "form_data__company_name", "submitted_at", "process_done_at")[:limit])
    return OpeningStats([OpeningTime(*row) for row in rows])


def _subject_of(case_pk):
    return Concat(Value("case:"), Cast(case_pk, CharField()))
