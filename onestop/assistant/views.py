from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from onestop.halls import places
from onestop.halls import services as halls

from . import services


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or ""


def _origin(params) -> tuple[halls.Origin | None, str]:
    """Where the asker is: the browser's location (lat/lon) or a chosen town; with an error message
    for input that names neither (the answer is still given, without distances)."""
    lat, lon = params.get("lat", "").strip()[:30], params.get("lon", "").strip()[:30]
    if lat or lon:
        origin = halls.origin_from_point(lat, lon)
        if origin is None:
            return None, "无法识别您的位置，已按问题中的地名或默认顺序列出办理地点；您也可以选择所在镇街。"
        return origin, ""
    town = params.get("town", "").strip()[:20]
    if town:
        origin = halls.origin_from_town(town)
        return origin, "" if origin else "请选择列表中的镇（街道）。"
    return None, ""


def ask(request):
    """The assistant's page: a plain GET form; with ``q`` it shows the answer."""
    context = {"asked": "q" in request.GET, "q": request.GET.get("q", "")[:services.MAX_QUESTION],
               "towns": places.TOWNS, "town": request.GET.get("town", "")}
    status = 200
    if context["asked"]:
        origin, context["origin_error"] = _origin(request.GET)
        try:
            context["answer"] = services.answer(request.GET.get("q", ""), _client_address(request), origin)
        except services.TooManyQuestions as error:
            context["limited"] = error.message
            status = 429
    response = render(request, "assistant/ask.html", context, status=status)
    response["Cache-Control"] = "no-store"
    if status == 429:
        response["Retry-After"] = "60"
    return response


@require_POST
def feedback(request):
    token = request.POST.get("token", "")[:64]
    helpful = request.POST.get("helpful") == "1"
    if token and services.record_feedback(token, helpful):
        messages.success(request, "感谢您的评价！" + ("" if helpful else "我们会据此补充问答内容，您也可拨打 12345 咨询。"))
    else:
        messages.error(request, "未找到这次回答，评价没有保存。")
    question = request.POST.get("q", "")[:services.MAX_QUESTION]
    target = reverse("assistant:ask")
    if question:
        from urllib.parse import urlencode

        target += "?" + urlencode({"q": question, "rated": "1"})
    return redirect(target)
