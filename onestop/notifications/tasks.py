"""The background task that sends one delivery (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import delivery
from .models import Delivery


@task()
def send_delivery(delivery_id: int) -> str | None:
    status = delivery.deliver(delivery_id)
    if status == Delivery.Status.QUEUED and send_delivery.get_backend().supports_defer:
        # A temporary failure: try again at the back-off time. Without a deferring backend the
        # sweep (manage.py deliver_notices) picks it up when it is due.
        when = Delivery.objects.values_list("next_attempt_at", flat=True).get(pk=delivery_id)
        send_delivery.using(run_after=when).enqueue(delivery_id)
    return status
