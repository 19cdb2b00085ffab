from django.conf import settings
from django.db import models

from .grades import BAD_REASONS, GOOD_REASONS, GRADE_CHOICES


class Target(models.TextChoices):
    CASE = "case", "办件"
    WINDOW = "window", "窗口服务"
    COMPLAINT = "complaint", "诉求答复"


class Channel(models.TextChoices):
    WEB = "web", "网上"
    KIOSK = "kiosk", "自助终端"
    WINDOW = "window", "窗口"
    PHONE = "phone", "电话"


class Rating(models.Model):
    """One rating of one rated service; a target (kind, id) can be rated once."""

    target_kind = models.CharField("评价对象", max_length=10, choices=Target.choices)
    target_id = models.PositiveBigIntegerField("对象编号")
    target_label = models.CharField("对象说明", max_length=200, blank=True, help_text="办件编号或诉求编号")
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="ratings", verbose_name="被评价部门")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="ratings",
                             verbose_name="服务事项")
    channel = models.CharField("评价渠道", max_length=10, choices=Channel.choices)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings",
                              verbose_name="评价人")
    grade = models.PositiveSmallIntegerField("评价等级", choices=GRADE_CHOICES)
    reasons = models.JSONField("评价理由", default=list, blank=True)
    comment = models.TextField("文字评价", blank=True)
    created_at = models.DateTimeField("评价时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "好差评"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["target_kind", "target_id"], name="one_rating_per_target")]

    @property
    def reason_labels(self) -> list[str]:
        labels = {**GOOD_REASONS, **BAD_REASONS}
        return [labels.get(key, key) for key in self.reasons]

    def __str__(self):
        return f"{self.get_target_kind_display()} {self.target_label}：{self.get_grade_display()}"


class FollowUp(models.Model):
    """整改 of a bad rating: the department verifies, rectifies and replies to the citizen (回访)."""

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        REPLIED = "replied", "已整改回复"

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up", verbose_name="差评")
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="rating_follow_ups",
                                   verbose_name="整改部门")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    due_date = models.DateField("整改期限")
    due_estimated = models.BooleanField("期限为估算", default=False)
    rectification = models.TextField("整改情况", blank=True)
    reply = models.TextField("回复评价人", blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="回复人")
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = verbose_name_plural = "差评整改"
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"整改 {self.rating}"
