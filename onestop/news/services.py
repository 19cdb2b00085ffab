"""The publication workflow of 政务公开 articles: draft → review → published (→ withdrawn).

One function per transition, each in one transaction with a history row. An editor (permission
news.add_article) drafts and submits; a reviewer (news.publish_article) who is not the author publishes,
returns or withdraws. The admin, the demo loader and the tests all call these functions.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.cases import uploads
from onestop.catalog import search as catalog_search

from .models import Article, ArticleEvent, Attachment, Kind, Status, Validity

MAX_ATTACHMENTS = 10
EDITABLE_FIELDS = ("kind", "title", "department", "summary", "body", "document_number", "issuing_authority",
                   "written_on", "validity", "interprets")


class NewsError(Exception):
    """A refusal with a stable code and a Chinese message for the page."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _require(user, perm: str, message: str) -> None:
    if not (user and user.is_active and user.is_staff and user.has_perm(perm)):
        raise NewsError("forbidden", message)


def build_search_text(article: Article) -> str:
    return catalog_search.build_search_text(article.title, article.summary, article.body, article.document_number,
                                            article.issuing_authority)


def validate(article: Article) -> None:
    title = (article.title or "").strip()
    if not 4 <= len(title) <= 200:
        raise NewsError("bad_title", "标题应为 4 至 200 个字")
    if len((article.body or "").strip()) < 10:
        raise NewsError("bad_body", "正文不能少于 10 个字")
    if article.kind not in Kind.values:
        raise NewsError("bad_kind", "请选择栏目")
    if article.kind == Kind.POLICY:
        missing = [label for label, value in (("文号", article.document_number), ("发文机关", article.issuing_authority),
                                              ("成文日期", article.written_on)) if not value]
        if missing:
            raise NewsError("policy_fields", f"政策文件须填写{'、'.join(missing)}")
        if not article.validity:
            article.validity = Validity.VALID
    if article.kind == Kind.INTERPRETATION and article.interprets_id is None:
        raise NewsError("no_policy", "政策解读须选择所解读的政策文件")
    if article.interprets_id is not None and article.interprets.kind != Kind.POLICY:
        raise NewsError("no_policy", "所解读的必须是政策文件")


def _new_index_number(article: Article) -> str:
    # 索引号 as government sites give it: organisation code / year - serial.
    dept = article.department
    org = dept.uscc[8:17] if len(dept.uscc) == 18 else dept.code
    year = timezone.localdate().year
    prefix = f"{org}/{year}-"
    serial = Article.objects.filter(index_number__startswith=prefix).count() + 1
    while Article.objects.filter(index_number=f"{prefix}{serial:05d}").exists():
        serial += 1
    return f"{prefix}{serial:05d}"


def _event(article: Article, action: str, before: str, actor, note: str = "") -> None:
    ArticleEvent.objects.create(article=article, action=action, from_status=before, to_status=article.status,
                                actor=actor, note=note[:300])


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def create_draft(*, author, items=(), **fields) -> Article:
    _require(author, "news.add_article", "只有编辑人员可以撰写公开信息")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    article = Article(author=author, status=Status.DRAFT, **fields)
    validate(article)
    article.title = article.title.strip()
    article.index_number = _new_index_number(article)
    article.search_text = build_search_text(article)
    article.save()
    article.items.set(items)
    _event(article, "create", "", author)
    return article


@transaction.atomic
def edit_draft(article: Article, *, editor, items=None, **fields) -> Article:
    _require(editor, "news.change_article", "只有编辑人员可以修改公开信息")
    article = _locked(article)
    if article.status != Status.DRAFT:
        raise NewsError("not_draft", "只有草稿可以修改；已提交审核的请先由审核人退回")
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"unknown field: {name}")
        setattr(article, name, value)
    validate(article)
    article.search_text = build_search_text(article)
    article.save()
    if items is not None:
        article.items.set(items)
    _event(article, "edit", Status.DRAFT, editor)
    return article


@transaction.atomic
def submit_for_review(article: Article, *, editor) -> Article:
    _require(editor, "news.change_article", "只有编辑人员可以提交审核")
    article = _locked(article)
    if article.status != Status.DRAFT:
        raise NewsError("not_draft", "只有草稿可以提交审核")
    article.status = Status.REVIEW
    article.save(update_fields=["status", "updated_at"])
    _event(article, "submit", Status.DRAFT, editor)
    return article


def _require_reviewer(article: Article, reviewer) -> None:
    _require(reviewer, "news.publish_article", "只有审核人员可以审核发布")
    if article.author_id == reviewer.pk:
        raise NewsError("own_article", "撰稿人不能审核自己撰写的信息，请由其他审核人员审核")


@transaction.atomic
def publish(article: Article, *, reviewer, at=None) -> Article:
    """``at`` keeps the original date when articles move over from an older site (the demo loader too)."""
    article = _locked(article)
    _require_reviewer(article, reviewer)
    if article.status != Status.REVIEW:
        raise NewsError("not_in_review", "只有待审核的信息可以发布")
    article.status = Status.PUBLISHED
    article.reviewer = reviewer
    article.published_at = at or timezone.now()
    article.save(update_fields=["status", "reviewer", "published_at", "updated_at"])
    _event(article, "publish", Status.REVIEW, reviewer)
    return article


@transaction.atomic
def return_to_draft(article: Article, *, reviewer, reason: str) -> Article:
    article = _locked(article)
    _require_reviewer(article, reviewer)
    if article.status != Status.REVIEW:
        raise NewsError("not_in_review", "只有待审核的信息可以退回")
    if not reason.strip():
        raise NewsError("no_reason", "请填写退回修改的理由")
    article.status = Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    _event(article, "return", Status.REVIEW, reviewer, reason.strip())
    return article


@transaction.atomic
def withdraw(article: Article, *, reviewer, reason: str) -> Article:
    _require(reviewer, "news.publish_article", "只有审核人员可以撤回已发布的信息")
    article = _locked(article)
    if article.status != Status.PUBLISHED:
        raise NewsError("not_published", "只有已发布的信息可以撤回")
    if not reason.strip():
        raise NewsError("no_reason", "请填写撤回理由")
    article.status = Status.WITHDRAWN
    article.save(update_fields=["status", "updated_at"])
    _event(article, "withdraw", Status.PUBLISHED, reviewer, reason.strip())
    return article


@transaction.atomic
def add_attachment(article: Article, upload, *, editor) -> Attachment:
    """Attach a PDF or image, checked like case materials (real content, complete, size-limited)."""
    _require(editor, "news.change_article", "只有编辑人员可以上传附件")
    article = _locked(article)
    if article.status != Status.DRAFT:
        raise NewsError("not_draft", "只有草稿可以添加附件")
    if article.attachments.count() >= MAX_ATTACHMENTS:
        raise NewsError("too_many", f"每条信息最多 {MAX_ATTACHMENTS} 个附件")
    problem = uploads.check(upload)
    if problem:
        raise NewsError("bad_file", f"附件“{upload.name}”无法上传：{problem}")
    info = uploads.describe(upload)
    attachment = Attachment(article=article, token=secrets.token_hex(16), original_name=info.name,
                            content_type=info.content_type, size=info.size, sha256=info.sha256)
    attachment.file.save("attachment", upload, save=False)
    attachment.save()
    _event(article, "attach", article.status, editor, info.name)
    return attachment


def published() -> QuerySet[Article]:
    """What the public may see: published articles only, newest first."""
    return Article.objects.filter(status=Status.PUBLISHED).select_related("department")


def search(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Articles whose title or body contain every term of the query (each term or one of its synonyms),
    using the catalogue's segmentation so that 高龄老人津贴 finds 高龄津贴 texts."""
    for term in catalog_search.query_terms(query):
        alternatives = Q()
        for alt in catalog_search.expand(term):
            alternatives |= Q(search_text__contains=alt)
        queryset = queryset.filter(alternatives)
    return queryset


def policies_for_item(item) -> QuerySet[Article]:
    return published().filter(items=item, kind=Kind.POLICY).order_by("-written_on", "-published_at")
