"""Kinds of notice (what a person chooses channels for) and the channels there are.

A template belongs to one kind. Add a kind here when a new part of the platform starts sending
notices; its default channels apply until the person chooses otherwise on the preferences page."""

from __future__ import annotations

from dataclasses import dataclass

INBOX, SMS, EMAIL = "inbox", "sms", "email"
CHANNELS = {INBOX: "站内消息", SMS: "短信", EMAIL: "电子邮件"}
OPTIONAL_CHANNELS = (SMS, EMAIL)  # the inbox is always on


@dataclass(frozen=True)
class Kind:
    label: str
    help: str
    default_channels: frozenset[str]


KINDS: dict[str, Kind] = {
    "case": Kind("办件进度", "申请提交、受理、补正、办结等办件状态变化", frozenset({INBOX, SMS})),
    "instant": Kind("秒批结果", "符合条件的事项自动审批的结果，或转人工审核", frozenset({INBOX, SMS})),
    "cert_access": Kind("证照查验与用证", "您的电子证照被查验、部门按您的授权使用证照", frozenset({INBOX})),
    "appointment": Kind("预约取号", "预约成功、改期、取消的确认", frozenset({INBOX, SMS})),
    "complaint": Kind("咨询投诉", "您提交的咨询、投诉、建议已受理、已答复", frozenset({INBOX, SMS})),
    "rating": Kind("好差评回访", "您对政务服务的差评已核实整改，部门的回复", frozenset({INBOX, SMS})),
}
KIND_CHOICES = [(key, kind.label) for key, kind in KINDS.items()]
CHANNEL_CHOICES = list(CHANNELS.items())
