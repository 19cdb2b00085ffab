"""Public pages of 政务公开: the list (category, department, search), the policy-document list and an article."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from onestop.catalog.models import Department

from . import services
from .models import Attachment, Kind

PAGE_SIZE = 15


def _filtered(request, kind: str | None):
    articles = services.published()
    department = None
    code = request.GET.get("department", "").strip()
    if code:
        department = Department.objects.filter(code=code).first()
        articles = articles.filter(department=department) if department else articles.none()
    if kind:
        articles = articles.filter(kind=kind)
    query = request.GET.get("q", "").strip()[:50]
    if query:
        articles = services.search(articles, query)
    return articles, department, query


def _page(request, articles):
    paginator = Paginator(articles, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def article_list(request, kind: str | None = None):
    if kind is not None and kind not in Kind.values:
        raise Http404(_("没有这个栏目"))
    articles, department, query = _filtered(request, kind)
    page = _page(request, articles)
    context = {
        "page": page, "kind": kind, "kind_label": Kind(kind).label if kind else _("政务公开"), "kinds": Kind.choices,
        "departments": Department.objects.filter(articles__status="published").distinct(),
        "department": department, "query": query,
    }
    return render(request, "news/list.html", context)


def policy_list(request):
    articles, department, query = _filtered(request, Kind.POLICY)
    page = _page(request, articles.order_by("-written_on", "-published_at"))
    context = {"page": page, "kind": Kind.POLICY.value, "kind_label": Kind.POLICY.label, "kinds": Kind.choices,
               "departments": Department.objects.filter(articles__status="published", articles__kind=Kind.POLICY).distinct(),
               "department": department, "query": query}
    return render(request, "news/policies.html", context)


def article_detail(request, pk: int):
    article = services.published().filter(pk=pk).prefetch_related("attachments", "items").first()
    if article is None:
        raise Http404(_("该信息不存在或已撤回"))
    context = {"article": article, "kind_label": Kind(article.kind).label,
               "interpretations": services.published().filter(interprets=article)}
    return render(request, "news/article.html", context)


def attachment(request, token: str):
    row = Attachment.objects.filter(token=token, article__status="published").first()
    if row is None:
        raise Http404(_("附件不存在"))
    response = FileResponse(row.file.open("rb"), content_type=row.content_type, as_attachment=True,
                            filename=row.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
