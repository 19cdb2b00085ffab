"""Sending one delivery: claim it with a conditional UPDATE (two workers never both send), check the
person's rate limit, send through the channel, record the outcome. Temporary failures come back
with exponential back-off until the attempts run out; permanent ones fail at once."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from . import channels, segments
from .models import Delivery

log = logging.getLogger(__name__)
Status = Delivery.Status
RATE_LIMITED = "rate_limited"


def claim(pk: int, now: dt.datetime) -> bool:
    """Takes the delivery for this worker if it is due: QUEUED, or SENDING whose claim has lapsed (a
    worker killed mid-send). One UPDATE decides between competing workers."""
    due = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(status=Status.SENDING, lease_until__lt=now)
    lease = now + dt.timedelta(seconds=settings.ONESTOP_NOTIFY_LEASE_SECONDS)
    return bool(Delivery.objects.filter(due, pk=pk).update(status=Status.SENDING, lease_until=lease, attempts=F("attempts") + 1))


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 60 s, 120 s … after the 1st, 2nd, 3rd failed attempt (base from the settings), at most a day."""
    return dt.timedelta(seconds=min(settings.ONESTOP_NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 86_400))


def deliver(pk: int, now: dt.datetime | None = None) -> str | None:
    """Sends the delivery if this call wins the claim; returns its new status, or None when it was
    not due (already sent, being sent, not yet time). Never raises for a channel's failure."""
    now = now or timezone.now()
    if not claim(pk, now):
        return None
    delivery = Delivery.objects.select_related("notice").get(pk=pk)
    channel = channels.get(delivery.channel)
    if channel.rate_limited and _over_limit(delivery, now):
        return _finish(delivery, Status.FAILED, reason=RATE_LIMITED)
    message = _message(delivery)
    if delivery.channel == "sms":
        delivery.segments = segments.count(segments.signed(message.text, settings.ONESTOP_SMS_SIGN)).parts
    if delivery.attempts > settings.ONESTOP_NOTIFY_MAX_ATTEMPTS:  # its senders kept dying mid-send
        return _finish(delivery, Status.FAILED, reason=f"发送中断{delivery.attempts - 1}次，已停止重试")
    try:
        ref = channel.send(message)
    except channels.PermanentFailure as exc:
        return _finish(delivery, Status.FAILED, reason=str(exc))
    except channels.TemporaryFailure as exc:
        if delivery.attempts >= settings.ONESTOP_NOTIFY_MAX_ATTEMPTS:
            return _finish(delivery, Status.FAILED, reason=f"{exc}；已重试{delivery.attempts}次")
        return _finish(delivery, Status.QUEUED, reason=str(exc), next_attempt_at=now + backoff(delivery.attempts))
    except Exception as exc:  # noqa: BLE001 - a bug or bad data must end as a reason, not a task stuck sending
        log.exception("notice delivery %s crashed", delivery.pk)
        return _finish(delivery, Status.FAILED, reason=f"发送出错（{type(exc).__name__}）")
    return _finish(delivery, Status.DELIVERED, provider_ref=ref[:100], delivered_at=timezone.now())


def _finish(delivery: Delivery, status: str, **fields) -> str:
    # Written only while this worker's claim stands, so a late writer cannot undo another's result.
    fields = {"status": status, "lease_until": None, "segments": delivery.segments, **fields}
    Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING, attempts=delivery.attempts).update(**fields)
    log.info("notice delivery %s %s: %s %s", delivery.pk, delivery.channel, status, fields.get("reason", ""))
    return status


def _over_limit(delivery: Delivery, now: dt.datetime) -> bool:
    limit = settings.ONESTOP_NOTIFY_RATE_LIMITS.get(delivery.channel)
    if limit is None:
        return False
    # Sent in the last hour, and others being sent right now (two workers for one person).
    recent = Q(status=Status.DELIVERED, delivered_at__gt=now - dt.timedelta(hours=1)) | Q(status=Status.SENDING)
    sent = Delivery.objects.filter(recent, channel=delivery.channel, address=delivery.address).exclude(pk=delivery.pk).count()
    return sent >= limit


def _message(delivery: Delivery) -> channels.Message:
    notice = delivery.notice
    return channels.Message(address=delivery.address, title=notice.title, body=notice.body, subject=delivery.subject,
                            text=delivery.text, link=notice.link, idempotency_key=str(delivery.idempotency_key))


def due(now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Deliveries a sweep should try: queued and due, or sending with a lapsed claim."""
    now = now or timezone.now()
    return list(Delivery.objects.filter(Q(status=Status.QUEUED, next_attempt_at__lte=now)
                                        | Q(status=Status.SENDING, lease_until__lt=now))
                .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
