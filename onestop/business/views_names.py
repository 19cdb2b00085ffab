"""企业名称自主申报 pages: check a proposed name (parts shown and correctable, each reason with the
article behind it), accept the warnings one by one, reserve the name for two months, and list the
founder's reservations. Plain forms; the logic is business.services."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.accounts.permissions import citizen_required

from . import services
from .api import MAX_NAME
from .models import NameReservation

PART_FIELDS = (("region", "行政区划", 40), ("trade_name", "字号", 40), ("industry", "行业或经营特点", 40),
               ("form", "组织形式", 20))


def _posted_parts(post, name: str) -> dict | None:
    """The parts the founder corrected, when they belong to the name being checked."""
    if post.get("parts_for") != name:
        return None
    parts = {key: post.get(f"part_{key}", "").strip()[:limit] for key, _, limit in PART_FIELDS}
    return parts if any(parts.values()) else None


def _input_problem(name: str) -> str:
    if not name:
        return "请输入拟申报的企业名称，如“珠海市斗门区华澜餐饮有限公司”。"
    if len(name) > MAX_NAME:
        return f"名称过长：现为 {len(name)} 个字符，企业名称不超过 {MAX_NAME} 个字符，请删减后再查询。"
    return ""


@citizen_required
def declare(request):
    """GET: the empty form. POST action=check: the verdict. POST action=reserve: reserve or say why not."""
    context = {"max_name": MAX_NAME, "part_fields": PART_FIELDS}
    if request.method != "POST":
        return render(request, "business/names/declare.html", context)
    name = request.POST.get("name", "").strip()
    context["name"] = name
    problem = _input_problem(name)
    if problem:
        context["input_problem"] = problem
        return render(request, "business/names/declare.html", context, status=400)
    parts = _posted_parts(request.POST, name)
    if request.POST.get("action") == "reserve":
        warnings = services.check_name(name, parts).reasons
        accepted = all(request.POST.get(f"accept_{i}") for i, r in enumerate(warnings) if r.severity == "warning")
        try:
            reservation = services.reserve_name(request.user, name, parts, accept_warnings=accepted)
        except services.NameNotAvailable as refused:
            context.update(verdict=refused.verdict, refusal=refused.message, parts_for=name)
            return render(request, "business/names/declare.html", context, status=409)
        return redirect("business:name-reserved", pk=reservation.pk)
    context.update(verdict=services.check_name(name, parts), parts_for=name)
    return render(request, "business/names/declare.html", context)


def _own_reservations(user):
    return NameReservation.objects.filter(applicant=user).select_related("entry").order_by("-reserved_at")


@citizen_required
def reserved(request, pk: int):
    reservation = _own_reservations(request.user).filter(pk=pk).first()
    if reservation is None:
        raise Http404("没有这条名称保留记录")
    return render(request, "business/names/reserved.html", {"reservation": reservation})


@citizen_required
def my_names(request):
    today = timezone.localdate()
    rows = [(r, r.expires_on > today) for r in _own_reservations(request.user)]
    return render(request, "business/names/mine.html", {"rows": rows})
