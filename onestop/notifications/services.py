"""Notices: ``notify`` inside the state change's transaction, and what the inbox and preferences
pages do. Delivery itself (claim, send, retry) is in ``delivery.py``."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import channels, rendering
from .kinds import EMAIL, INBOX, KINDS, OPTIONAL_CHANNELS, SMS
from .models import Delivery, Notice, NoticeTemplate, Preference

MOBILE = re.compile(r"1\d{10}")


class NoticeError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def notify(recipient, template_key: str, context: dict, *, dedupe_key: str | None = None, link: str = "") -> Notice | None:
    """Records one notice and its deliveries in the caller's transaction (an outbox: they commit or
    roll back with the change that caused them); the channels that send from outside are queued
    after commit. ``recipient`` is an account or a bare mobile number / e-mail address. A second call
    with the same ``dedupe_key`` returns the first notice and sends nothing (a unique constraint
    decides, not a read). Returns None when the recipient cannot be reached at all."""
    template = NoticeTemplate.objects.get(key=template_key)
    version = template.current_version()
    user, address = (recipient, "") if isinstance(recipient, get_user_model()) else (None, str(recipient).strip())
    targets = _targets(user, address, template.kind)
    if not targets:
        return None
    notice = Notice(user=user, address=address, template=template, version=version, kind=template.kind,
                    title=rendering.render(version.title, context), body=rendering.render(version.body, context),
                    link=link, dedupe_key=dedupe_key)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a duplicate
            notice.save()
    except IntegrityError:
        if dedupe_key is None:
            raise
        return Notice.objects.get(dedupe_key=dedupe_key)
    now = timezone.now()
    rendered = {INBOX: ("", ""), SMS: ("", rendering.render(version.sms_text, context)),
                EMAIL: (rendering.render(version.email_subject or version.title, context),
                        rendering.render(version.email_body or version.body, context))}
    deliveries = []
    for name, target in targets.items():
        subject, text = rendered[name]
        if name != INBOX and not text:
            continue  # this template has no wording for the channel (e.g. no short message)
        inline = channels.get(name).inline
        deliveries.append(Delivery(notice=notice, channel=name, address=target, subject=subject, text=text, next_attempt_at=now,
                                   status=Delivery.Status.DELIVERED if inline else Delivery.Status.QUEUED,
                                   delivered_at=now if inline else None))
    Delivery.objects.bulk_create(deliveries)
    queued = [d.pk for d in deliveries if d.status == Delivery.Status.QUEUED]
    if queued:
        transaction.on_commit(lambda: _enqueue(queued))
    return notice


def _enqueue(delivery_ids: list[int]) -> None:
    from .tasks import send_delivery  # the task module imports delivery, which imports this one

    for pk in delivery_ids:
        send_delivery.enqueue(pk)


def _targets(user, address: str, kind: str) -> dict[str, str]:
    """Channel → address for this recipient and kind of notice."""
    if user is None:
        if MOBILE.fullmatch(address):
            return {SMS: address}
        return {EMAIL: address} if "@" in address else {}
    wanted = channels_wanted(user, kind)
    found = {}
    for name in (INBOX, *OPTIONAL_CHANNELS):
        if name in wanted and (target := channels.get(name).address_for(user)):
            found[name] = target
    return found


def channels_wanted(user, kind: str) -> set[str]:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("channels", flat=True).first()
    optional = set(chosen) if chosen is not None else set(KINDS[kind].default_channels)
    return {INBOX} | (optional & set(OPTIONAL_CHANNELS))


def preferences(user) -> dict[str, set[str]]:
    """Kind → the channels the person gets it on (their choice, else the kind's default)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channels"))
    return {kind: {INBOX} | (set(chosen.get(kind, k.default_channels)) & set(OPTIONAL_CHANNELS)) for kind, k in KINDS.items()}


def set_preferences(user, choices: dict[str, set[str]]) -> None:
    """Saves the optional channels per kind; unknown kinds or channels are refused."""
    for kind, names in choices.items():
        if kind not in KINDS or not set(names) <= set(OPTIONAL_CHANNELS):
            raise NoticeError("invalid_preference", "通知类别或接收渠道无效")
    with transaction.atomic():
        for kind, names in choices.items():
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"channels": sorted(names)})


def inbox(user):
    return Notice.objects.filter(user=user)  # an account's notice always has its inbox delivery


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def open_notice(user, pk: int) -> Notice | None:
    """The person's own notice, marked read (the first reading time is kept)."""
    notice = inbox(user).filter(pk=pk).first()
    if notice is not None and notice.read_at is None:
        Notice.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    return notice


def mark_all_read(user) -> int:
    return Notice.objects.filter(pk__in=inbox(user).filter(read_at__isnull=True).values("pk")).update(read_at=timezone.now())


def channel_address(user, channel: str) -> str:
    """Where a channel reaches the person, masked for display (138****0101), or ""."""
    address = channels.get(channel).address_for(user)
    if channel == SMS and len(address) == 11:
        return f"{address[:3]}****{address[-4:]}"
    if channel == EMAIL and "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return address
