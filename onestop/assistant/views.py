from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or ""


def ask(request):
    """The assistant's page: a plain GET form; with ``q`` it shows the answer."""
    context = {"asked": "q" in request.GET, "q": request.GET.get("q", "")[:services.MAX_QUESTION]}
    status = 200
    if context["asked"]:
        try:
            context["answer"] = services.answer(request.GET.get("q", ""), _client_address(request))
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
