"""The one place where this app sends notices (receipt, reply). Today: an inbox row for a citizen
with an account, an SMS through the gateway for an anonymous citizen's verified mobile; both only
after the state change commits, and a gateway failure never undoes it. At merge this function
points at onestop.notifications.notify(recipient, template_key, context, dedupe_key=…).

Template keys: complaint_receipt {kind, number, department, due}, complaint_reply {number, department}."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from onestop.accounts.clients import ServiceUnavailable, call
from onestop.accounts.models import Notification

log = logging.getLogger(__name__)

INBOX = {
    "complaint_receipt": ("您的{kind}已受理", "编号 {number}，由{department}办理，将于{due}前答复。"),
    "complaint_reply": ("您的诉求已答复", "编号 {number}，{department}已答复，请查看答复内容并评价。"),
}


def notify(report, template_key: str, context: dict[str, str], *, dedupe_key: str | None = None) -> None:
    user_id, mobile = report.user_id, report.mobile
    transaction.on_commit(lambda: _deliver(user_id, mobile, template_key, context, dedupe_key))


def _deliver(user_id, mobile: str, template_key: str, context: dict[str, str], dedupe_key: str | None) -> None:
    if user_id:
        title, body = INBOX[template_key]
        Notification.objects.create(user_id=user_id, title=title.format(**context), body=body.format(**context))
        return
    if not mobile:
        return
    try:
        response = call(settings.ONESTOP_SMS_URL, "POST", "/v1/messages",
                        json={"to": mobile, "template": template_key, "params": context, "sign": settings.ONESTOP_SMS_SIGN},
                        headers={"Idempotency-Key": dedupe_key} if dedupe_key else None)
        if response.status_code != 202:
            log.warning("complaint notice %s refused by the SMS gateway: HTTP %s", template_key, response.status_code)
    except ServiceUnavailable as exc:
        log.warning("complaint notice %s not sent: %s", template_key, exc)
