"""The one place appointments send notices from (预约成功 / 改期 / 取消): the notifications outbox, in
the transaction of the booking change, to the channels the person chose for 预约取号.

Template keys: ``appointment.booked``, ``appointment.changed``, ``appointment.cancelled`` (seeded by
notifications 0004)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from onestop.notifications.services import notify

BOOKED, CHANGED, CANCELLED = "appointment.booked", "appointment.changed", "appointment.cancelled"


def params(appointment) -> dict[str, str]:
    start = timezone.localtime(appointment.slot.starts_at)
    end = timezone.localtime(appointment.slot.ends_at)
    return {"code": appointment.code, "item": appointment.item.name[:40], "hall": appointment.hall.name,
            "time": f"{start:%-m月%-d日 %H:%M}-{end:%H:%M}"}


def send(appointment, template_key: str) -> None:
    """Called inside the booking's transaction: the notice commits or rolls back with it. A booking
    and a cancellation happen once; each change of time is its own notice."""
    dedupe = None if template_key == CHANGED else f"{template_key}:{appointment.pk}"
    notify(appointment.user, template_key, params(appointment), dedupe_key=dedupe,
           link=reverse("appointments:detail", args=[appointment.code]))
