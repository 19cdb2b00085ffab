"""Background work on cases, on the database task queue (django-tasks), and the recovery of work
a killed worker left half done: a task still "running" after the lease is handed out again, and a
秒批 case still undecided with no live task gets a new one. Deciding is idempotent per case."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .models import Case

log = logging.getLogger(__name__)


@task()
def process_case(case_id: int) -> str:
    from .instant import decide_instantly

    return decide_instantly(case_id).status


def recover_stalled(lease_seconds: float) -> tuple[int, int]:
    """Returns (tasks handed out again, cases given a new task)."""
    cutoff = timezone.now() - dt.timedelta(seconds=lease_seconds)
    requeued = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None)
    live = set()
    for args in DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING], task_path__endswith="process_case"
    ).values_list("args_kwargs", flat=True):
        live.update(args.get("args", [])[:1])
    orphans = Case.objects.filter(instant_pending=True, submitted_at__lt=cutoff).exclude(pk__in=live).values_list("pk", flat=True)
    count = 0
    for case_id in orphans:
        process_case.enqueue(case_id)
        count += 1
    if requeued or count:
        log.warning("recovered %d stalled tasks and %d undecided cases", requeued, count)
    return requeued, count
