"""Window staff (console): choose one's window, call the next ticket, recall, 办结 / 过号."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import can_handle_cases, staff_profile, staff_required

from . import queue
from .models import ServiceWindow
from .services import BookingError

WINDOW_KEY = "appointments_window_id"


def _windows(user):
    """The windows a clerk may sit at: those serving their department, and the 综合窗口."""
    profile = staff_profile(user)
    return (ServiceWindow.objects.filter(is_active=True)
            .filter(Q(serves_all=True) | Q(departments=profile.department_id))
            .select_related("hall").distinct().order_by("hall__sort_order", "sort_order"))


def _window(request) -> ServiceWindow | None:
    return _windows(request.user).filter(pk=request.session.get(WINDOW_KEY)).first()


@staff_required(can_handle_cases)
def desk(request):
    if request.method == "POST":
        chosen = _windows(request.user).filter(pk=request.POST.get("window") or 0).first()
        if chosen is None:
            messages.error(request, "请选择您所在的窗口")
        else:
            request.session[WINDOW_KEY] = chosen.pk
        return redirect("appointments:desk")
    window = _window(request)
    context = {"windows": _windows(request.user), "window": window}
    if window is not None:
        context.update(current=queue.current(window),
                       waiting=list(queue.waiting_for(window, timezone.localdate())[:30]))
    return render(request, "appointments/desk.html", context)


@require_POST
@staff_required(can_handle_cases)
def desk_action(request):
    window = _window(request)
    if window is None:
        messages.error(request, "请先选择您所在的窗口")
        return redirect("appointments:desk")
    action = request.POST.get("action")
    try:
        if action == "call":
            ticket = queue.call_next(window)
            if ticket is None:
                messages.info(request, "当前没有等候的号码")
            else:
                messages.success(request, f"已呼叫 {ticket.number}，请 {ticket.number} 号到{window.number}办理")
        elif action == "recall":
            ticket = queue.recall(window)
            messages.success(request, f"已重呼 {ticket.number}（第 {ticket.call_count} 次）")
        elif action in ("served", "no_show"):
            ticket = queue.finish(window, served=action == "served")
            messages.success(request, f"{ticket.number} 已{'办结' if action == 'served' else '标记过号'}")
        else:
            messages.error(request, "未知操作")
    except BookingError as refused:
        messages.error(request, refused.message)
    return redirect("appointments:desk")
