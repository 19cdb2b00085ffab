"""The visitor's notices from the window (受理回执, 不予受理告知), through the notifications outbox in
the transaction of the acceptance or refusal; they stand in for the case's own submit / 受理 notices
(onestop.cases.notices). A visitor with an account gets them on the channels they chose for 办件进度;
the mobile given at the counter gets the SMS otherwise.

Template keys: ``window.accepted`` and ``window.refused`` (seeded by notifications 0004)."""

from __future__ import annotations

from onestop.notifications.services import notify

ACCEPTED, REFUSED = "window.accepted", "window.refused"


def notice_context(template_key: str, context: dict) -> dict[str, str]:
    """The receipt's facts as the template's placeholders (strings only)."""
    values = {"item": context["item"], "number": context["number"], "code": context["code"], "url": context["url"],
              "department": context["department"]}
    if template_key == ACCEPTED:
        due = context["due_date"]
        values |= {"due": f"{due.year}年{due.month}月{due.day}日", "days": str(context["working_days"])}
    else:
        values["reason"] = context["reason"]
    return values


def tell_visitor(user, mobile: str, template_key: str, context: dict) -> None:
    """Called inside the transaction that accepts or refuses: the notice commits or rolls back with it."""
    recipient = user if user is not None else mobile
    if not recipient:
        return
    notify(recipient, template_key, notice_context(template_key, context),
           dedupe_key=f"{template_key}:{context['number']}", link=context["url"])
