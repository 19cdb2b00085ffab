"""The citizen's pages: inbox (open → read, mark all read) and the choice of channels per kind."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import citizen_required

from . import services
from .kinds import CHANNELS, INBOX, KINDS, OPTIONAL_CHANNELS

PAGE_SIZE = 20


@citizen_required
def inbox(request):
    page = Paginator(services.inbox(request.user).only("pk", "title", "body", "created_at", "read_at", "link"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread": services.unread_count(request.user)})


@citizen_required
def detail(request, pk: int):
    notice = services.open_notice(request.user, pk)
    if notice is None:
        raise Http404("没有这条消息")
    return render(request, "notifications/detail.html", {"notice": notice})


@citizen_required
@require_POST
def mark_read(request, pk: int):
    if services.open_notice(request.user, pk) is None:
        raise Http404("没有这条消息")
    return redirect("notifications:inbox")


@citizen_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:inbox")


@citizen_required
def preferences(request):
    if request.method == "POST":
        choices = {kind: {c for c in request.POST.getlist(kind) if c in OPTIONAL_CHANNELS} for kind in KINDS}
        services.set_preferences(request.user, choices)
        messages.success(request, "已保存您的通知设置。")
        return redirect("notifications:preferences")
    chosen = services.preferences(request.user)
    addresses = {"sms": services.channel_address(request.user, "sms"), "email": services.channel_address(request.user, "email")}
    rows = [{"key": key, "kind": kind, "chosen": chosen[key]} for key, kind in KINDS.items()]
    return render(request, "notifications/preferences.html", {
        "rows": rows, "channels": [(c, CHANNELS[c], addresses[c]) for c in OPTIONAL_CHANNELS], "inbox_label": CHANNELS[INBOX],
        "addresses": addresses,
    })
