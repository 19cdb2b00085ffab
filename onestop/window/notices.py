"""The visitor's notices from the window: ONE function (``after_commit``) through which every
notice of this app goes, so that it can be pointed at the notifications outbox (``notify()``) in
one place. Today it sends the SMS through the gateway (the text templates live at the gateway, as
with real providers); the in-app message for the account comes from the case's own transition.

Template keys: ``window.accepted`` (受理回执) and ``window.refused`` (不予受理告知)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from onestop.accounts.clients import ServiceUnavailable, call

log = logging.getLogger(__name__)
ACCEPTED, REFUSED = "window.accepted", "window.refused"
GATEWAY_TEMPLATES = {ACCEPTED: "case_accepted", REFUSED: "case_refused"}
ITEM_CHARS = 30  # an SMS parameter is short at every gateway: long item names are cut


def sms_params(template_key: str, context: dict) -> dict[str, str]:
    item = "".join(context["item"].split())  # gateways refuse whitespace inside a parameter
    item = item if len(item) <= ITEM_CHARS else item[:ITEM_CHARS - 1] + "…"
    params = {"item": item, "number": context["number"], "code": context["code"], "url": context["url"]}
    if template_key == ACCEPTED:
        due = context["due_date"]
        params |= {"due": f"{due.year}年{due.month}月{due.day}日", "days": str(context["working_days"])}
    else:
        params["reason"] = context["reason"][:40]
    return params


def send(user, mobile: str, template_key: str, context: dict) -> bool:
    """Sends the notice now; a gateway that fails is logged, never raised (the case stands)."""
    body = {"to": mobile, "template": GATEWAY_TEMPLATES[template_key], "params": sms_params(template_key, context),
            "sign": settings.ONESTOP_SMS_SIGN}
    try:
        response = call(settings.ONESTOP_SMS_URL, "POST", "/v1/messages", json=body,
                        headers={"Idempotency-Key": f"{template_key}:{context['number']}"})
    except ServiceUnavailable as error:
        log.warning("window notice %s for case %s not sent: %s", template_key, context["number"], error)
        return False
    if response.status_code != 202:
        log.warning("window notice %s for case %s refused by the gateway: HTTP %s", template_key, context["number"],
                    response.status_code)
        return False
    return True


def after_commit(user, mobile: str, template_key: str, context: dict) -> None:
    """Queues the notice for after the surrounding transaction commits (nothing is sent for a
    change that rolls back)."""
    transaction.on_commit(lambda: send(user, mobile, template_key, context))
