"""Checking and previewing a template's wording (what the admin shows before a version is saved)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from . import rendering, segments

FIELDS = ("title", "body", "sms_text", "email_subject", "email_body")
LABELS = {"title": "标题", "body": "站内消息正文", "sms_text": "短信正文", "email_subject": "邮件主题", "email_body": "邮件正文"}


@dataclass(frozen=True)
class Preview:
    title: str
    body: str
    sms: str  # as the phone shows it, with the signature; "" when the template sends no SMS
    sms_count: segments.Count | None
    email_subject: str
    email_body: str


def problems(wording: dict[str, str], sample: dict) -> dict[str, str]:
    """Field → what is wrong, in Chinese (empty when the wording is fine)."""
    found = {}
    for name in FIELDS:
        try:
            rendering.check(wording.get(name, ""), set(sample))
        except rendering.TemplateError as exc:
            found[name] = str(exc)
    if "sms_text" not in found and wording.get("sms_text"):
        count = segments.count(segments.signed(rendering.render(wording["sms_text"], sample), settings.ONESTOP_SMS_SIGN))
        limit = settings.ONESTOP_NOTIFY_SMS_MAX_PARTS
        if count.parts > limit:
            found["sms_text"] = (f"加签名后共 {count.units} 字，需 {count.parts} 条短信（每条 {count.per_part} 字），"
                                 f"超过上限 {limit} 条，请精简")
    return found


def preview(wording: dict[str, str], sample: dict) -> Preview:
    def fill(text: str) -> str:
        return rendering.render(text, sample) if text else ""

    sms = segments.signed(fill(wording["sms_text"]), settings.ONESTOP_SMS_SIGN) if wording.get("sms_text") else ""
    return Preview(
        title=fill(wording["title"]), body=fill(wording["body"]), sms=sms, sms_count=segments.count(sms) if sms else None,
        email_subject=fill(wording.get("email_subject") or wording["title"]),
        email_body=fill(wording.get("email_body") or wording["body"]),
    )
