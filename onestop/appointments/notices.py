"""The one place appointments send notices from (预约短信回执 and the inbox message).

For now it writes the inbox message (accounts.Notification) and sends the SMS through the gateway,
both after commit, as cases.workflow does; at merge it becomes a call of notifications.notify()
with the same template keys."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onestop.accounts.clients import ServiceUnavailable, call
from onestop.accounts.models import Notification

log = logging.getLogger(__name__)

BOOKED, CHANGED, CANCELLED = "appointment_booked", "appointment_changed", "appointment_cancelled"
TITLES = {BOOKED: "预约成功", CHANGED: "预约已改期", CANCELLED: "预约已取消"}


def params(appointment) -> dict[str, str]:
    start = timezone.localtime(appointment.slot.starts_at)
    end = timezone.localtime(appointment.slot.ends_at)
    return {"code": appointment.code, "item": appointment.item.name[:40], "hall": appointment.hall.name,
            "time": f"{start:%-m月%-d日 %H:%M}-{end:%H:%M}"}


def body(template_key: str, p: dict[str, str]) -> str:
    if template_key == CANCELLED:
        return f"您预约的{p['time']}在{p['hall']}办理“{p['item']}”已取消（预约码 {p['code']}）。"
    return (f"您已预约{p['time']}到{p['hall']}办理“{p['item']}”，预约码 {p['code']}。"
            "请在预约时段开始前1小时内到大厅自助终端或在“我的预约”签到取号，并携带身份证件和申请材料。")


def send(appointment, template_key: str) -> None:
    """Queues the inbox message and the SMS for after the surrounding transaction commits."""
    p = params(appointment)
    user_id, mobile = appointment.user_id, appointment.mobile
    title = TITLES[template_key]
    text = body(template_key, p)
    transaction.on_commit(lambda: Notification.objects.create(user_id=user_id, title=title, body=text))
    if mobile:
        transaction.on_commit(lambda: _sms(mobile, template_key, p))


def _sms(mobile: str, template_key: str, p: dict[str, str]) -> None:
    """A failed SMS never undoes a booking: the inbox message and the page show the code too."""
    try:
        response = call(settings.ONESTOP_SMS_URL, "POST", "/v1/messages",
                        json={"to": mobile, "template": template_key, "params": p, "sign": settings.ONESTOP_SMS_SIGN})
        if response.status_code != 202:
            log.warning("appointment SMS refused: HTTP %s", response.status_code)
    except ServiceUnavailable as error:
        log.warning("appointment SMS not sent: %s", error)
