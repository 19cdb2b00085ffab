"""What the applicant is told when their case moves: one notice per timeline event, through the
notifications outbox (in the transition's transaction), with a link to the case."""

from __future__ import annotations

from django.urls import reverse

from onestop.notifications.services import notify

from .models import Case, CaseEvent, Channel, Status

# 秒批's own moves (the SYSTEM role on a case still 已提交) have their own templates.
INSTANT = {"approve": "instant.approved", "reject": "instant.rejected", "refer": "instant.referred"}
BY_STATUS = {
    Status.SUBMITTED: "case.submitted", Status.ACCEPTED: "case.accepted", Status.IN_REVIEW: "case.in_review",
    Status.NEEDS_SUPPLEMENT: "case.needs_supplement", Status.COMPLETED: "case.completed", Status.REFUSED: "case.refused",
    Status.NOT_APPROVED: "case.not_approved", Status.WITHDRAWN: "case.withdrawn",
}


def template_for(action: str, before: str, to: str) -> str:
    if action in INSTANT and before == Status.SUBMITTED:
        return INSTANT[action]
    if action == "supplement":
        return "case.resumed"
    return BY_STATUS[Status(to)]


# At the comprehensive window the visitor's notice is the window's receipt (onestop.window.notices),
# which carries the lookup code; the case's own submit / 受理 / 不予受理 notices would repeat it.
WINDOW_RECEIPT_ACTIONS = {"submit", "accept", "refuse"}


def tell_applicant(case: Case, event: CaseEvent, before: str) -> None:
    if case.channel == Channel.WINDOW and event.action in WINDOW_RECEIPT_ACTIONS:
        return
    result = "结果已发送至“我的证照”。" if case.status == Status.COMPLETED and case.result_certificate_id else ""
    due = f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" if case.due_date else "法定时限内"
    context = {"item": case.item.name, "number": case.number, "reason": event.reason or "无", "result": result, "due": due}
    notify(case.applicant_user, template_for(event.action, before, event.to_status), context,
           dedupe_key=f"case:{case.pk}:event:{event.pk}", link=reverse("cases:case", args=[case.number]))
