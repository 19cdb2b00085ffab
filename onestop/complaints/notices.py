"""The one place where this app sends notices (receipt, reply): the notifications outbox, in the
transaction of the state change. A citizen with an account gets them on the channels they chose for
咨询投诉; an anonymous citizen gets an SMS to the mobile they verified.

Template keys: ``complaint.receipt`` {kind, number, department, due}, ``complaint.reply`` {number,
department} (seeded by notifications 0004)."""

from __future__ import annotations

from django.urls import reverse

from onestop.notifications.services import notify as outbox_notify

RECEIPT, REPLY = "complaint.receipt", "complaint.reply"


def notify(report, template_key: str, context: dict[str, str], *, dedupe_key: str | None = None) -> None:
    recipient = report.user if report.user_id else report.mobile
    if not recipient:
        return
    link = reverse("complaints:detail", args=[report.number]) if report.user_id else ""
    outbox_notify(recipient, template_key, context, dedupe_key=dedupe_key, link=link)
