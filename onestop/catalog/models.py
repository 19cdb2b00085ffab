"""事项库: departments, themes, service halls, service items and their materials."""

from __future__ import annotations

import functools
from urllib.parse import quote

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse


@functools.cache
def _url_template(view_name: str) -> str:
    return reverse(view_name, args=["__code__"])


def url_with_code(view_name: str, code: str) -> str:
    """``reverse()`` for the one-code URLs listed on every page, resolved once per view name:
    reverse() cost ~0.1 ms per link, a fifth of the home page's time."""
    return _url_template(view_name).replace("__code__", quote(code, safe=""))


class Department(models.Model):
    code = models.CharField("部门编码", max_length=20, unique=True)
    name = models.CharField("部门简称", max_length=50, unique=True)
    full_name = models.CharField("部门全称", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    description = models.TextField("职能简介", blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "部门"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_code("catalog:department", self.code)


class CatalogRevision(models.Model):
    """One row: a counter that every change of a department, theme, hall or material (and of an
    item's halls or themes) moves, so that every app process's index and guide cache see it through
    the database (onestop/catalog/revision.py). Item rows carry their own version and time."""

    number = models.PositiveBigIntegerField("修订号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "事项库修订号"


class Audience(models.TextChoices):
    PERSON = "person", "个人办事"
    COMPANY = "company", "法人办事"


class Theme(models.Model):
    """A theme or life event (生育收养, 开办企业 …) under which citizens look for items."""

    code = models.SlugField("主题编码", max_length=40, unique=True)
    name = models.CharField("主题名称", max_length=40)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices)
    keywords = models.CharField("归类关键词", max_length=400, blank=True, help_text="以空格分隔，用于导入时自动归类")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["audience", "sort_order", "code"]
        verbose_name = verbose_name_plural = "主题"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_audience_display()}）"


class Hall(models.Model):
    """A service hall (政务服务中心) where items can be handled in person."""

    class Level(models.TextChoices):
        DISTRICT = "district", "区级"
        TOWN = "town", "镇（街道）级"

    class Kind(models.TextChoices):
        ADMIN_CENTRE = "admin_centre", "行政服务中心"
        TOWN_CENTRE = "town_centre", "镇街服务中心"
        MARKET_OFFICE = "market_office", "市场监管所"
        BANK_KIOSK = "bank_kiosk", "银行自助网点"

    code = models.CharField("大厅编码", max_length=20, unique=True)
    name = models.CharField("大厅名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.TOWN_CENTRE)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    division_code = models.CharField("行政区划代码", max_length=12)  # the town's 9-digit code: typed-town fallback
    address = models.CharField("地址", max_length=200)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    # Parsed by onestop/halls/hours.py ("周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00"): one text
    # both printed for citizens and used for "open now", so the two never disagree.
    opening_hours = models.CharField("办公时间", max_length=200)
    follows_calendar = models.BooleanField(
        "按法定节假日安排", default=True, help_text="勾选：法定节假日休息、调休上班日按工作日时间办公；不勾选：节假日照常（如24小时自助区）"
    )
    closed_days = models.TextField("临时闭厅日期", blank=True, help_text="每行一天，如“2026-12-10 设备检修”")
    departments = models.ManyToManyField(
        Department, blank=True, related_name="halls", verbose_name="进驻部门", help_text="在本大厅设窗口或自助设备的部门"
    )
    source = models.CharField("数据来源", max_length=300, blank=True)  # where address, phone and hours come from
    latitude = models.DecimalField("纬度（WGS-84）", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度（WGS-84）", max_digits=9, decimal_places=6, null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "服务大厅"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_code("halls:detail", self.code)


class ItemType(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    BENEFIT = "benefit", "行政给付"
    ADJUDICATION = "adjudication", "行政裁决"
    REWARD = "reward", "行政奖励"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class Handling(models.TextChoices):
    ONLINE = "online", "全程网办"
    ONE_VISIT = "one_visit", "最多跑一次"
    WINDOW = "window", "窗口办理"


# Handling modes in which an application can be made online (counted by 网办率).
ONLINE_CAPABLE = (Handling.ONLINE, Handling.ONE_VISIT)


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ServiceItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ItemStatus.PUBLISHED)

    def with_certificate_free(self):
        """Annotate ``certificate_free``: some material can be replaced by an e-certificate (免证办)."""
        return self.annotate(
            certificate_free=Exists(Material.objects.filter(item=OuterRef("pk"), ecert_type__isnull=False))
        )

    def certificate_free(self):
        return self.filter(materials__ecert_type__isnull=False).distinct()


class ServiceItem(models.Model):
    code = models.CharField("实施编码", max_length=80, unique=True)
    basic_code = models.CharField("基本编码", max_length=40, blank=True)
    name = models.CharField("事项名称", max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="items", verbose_name="实施部门")
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    for_person = models.BooleanField("面向个人", default=True)
    for_company = models.BooleanField("面向法人", default=False)
    handling = models.CharField("办理方式", max_length=12, choices=Handling.choices)
    statutory_days = models.PositiveIntegerField("法定办结时限（工作日）", null=True, blank=True, help_text="0 表示即办；留空表示未公布")
    promised_days = models.PositiveIntegerField("承诺办结时限（工作日）", null=True, blank=True, help_text="0 表示即办；留空表示未公布")
    fee_fen = models.PositiveIntegerField("收费金额（分）", default=0)
    fee_note = models.CharField("收费说明", max_length=300, blank=True)
    legal_basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    procedure = models.JSONField("办理流程", default=list, blank=True)
    visits = models.PositiveSmallIntegerField("到现场次数", null=True, blank=True)
    instant_approval = models.BooleanField("秒批", default=False, help_text="符合条件的申请由规则即时审批")
    # The step graph a case of this item runs on (onestop/processes), e.g. company_startup; blank: none.
    process_key = models.CharField("办理流程代码", max_length=100, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="items", verbose_name="所属主题")
    halls = models.ManyToManyField(Hall, blank=True, related_name="items", verbose_name="办理地点")
    form_schema = models.JSONField(
        "申请表", default=dict, blank=True,
        help_text="JSON Schema（2020-12）及界面提示（title、x-widget、x-prefill、x-help）；留空时使用通用申请表",
    )
    annual_volume = models.PositiveIntegerField("年办件量", default=0, help_text="用于“高频事项”排序")
    status = models.CharField("状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    version = models.PositiveIntegerField("版本号", default=1)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Name, department, pinyin and keywords in one lower-case string, so search works on both databases.
    search_text = models.TextField(editable=False, blank=True)

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        ordering = ["-annual_volume", "code"]
        verbose_name = verbose_name_plural = "服务事项"
        indexes = [models.Index(fields=["status", "-annual_volume"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(promised_days__isnull=True)
                | models.Q(statutory_days__isnull=True)
                | models.Q(promised_days__lte=models.F("statutory_days")),
                name="promised_within_statutory",
            ),
            models.CheckConstraint(condition=models.Q(for_person=True) | models.Q(for_company=True), name="has_audience"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_code("catalog:item", self.code)

    @property
    def fee_yuan(self) -> str:
        return f"{self.fee_fen / 100:.2f}"

    @property
    def is_online_capable(self) -> bool:
        return self.handling in ONLINE_CAPABLE

    @property
    def audience_labels(self) -> list[str]:
        return [label for flag, label in ((self.for_person, "个人"), (self.for_company, "法人")) if flag]


class Material(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", "原件"
        COPY = "copy", "复印件"
        ORIGINAL_AND_COPY = "original_and_copy", "原件和复印件"
        ELECTRONIC = "electronic", "电子材料"

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials", verbose_name="事项")
    position = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    count = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必要", default=True)
    ecert_type = models.ForeignKey(
        "certs.CertificateType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name="可替代的电子证照",
        help_text="设置后，申请人可用电子证照代替该材料（免证办）",
    )
    # Keys of the certificate's fields that handling the item needs (e.g. ["address"]): what a
    # consent given with an application covers. Empty: only what identifies the certificate
    # (its number; see certs.consent.fields_needed). "holder_name" stands for the holder's name.
    ecert_fields = models.JSONField(
        "需调用的照面字段", default=list, blank=True,
        help_text="办理本事项需要读取的证照字段（字段代码列表）；留空则只调用证照编号",
    )
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = verbose_name_plural = "申请材料"

    def __str__(self) -> str:
        return self.name


def certificate_type_model():
    """The e-certificate type registry that materials refer to (owned by the certs app, which sits
    above the catalogue; reached through the foreign key so the catalogue does not import it)."""
    return Material._meta.get_field("ecert_type").related_model


class LifeEventBundle(models.Model):
    """一件事: several items of several departments applied for with one form. The member items, their
    order and the shared fields are data (``spec``), checked by ``catalog.bundles.parse_bundle``."""

    code = models.SlugField("一件事编码", max_length=40, unique=True)
    title = models.CharField("名称", max_length=40)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices)
    summary = models.TextField("办理内容", help_text="本件事包含哪些事项、办成后得到什么")
    who_may_apply = models.TextField("申请对象")
    bring_once = models.JSONField("一次提交的材料", default=list, blank=True)
    time_limit = models.CharField("办理时限", max_length=200)
    legal_basis = models.TextField("依据", blank=True)
    spec = models.JSONField("联办定义", help_text="members（step、item、depends_on、form）与 fields（共享表单）")
    status = models.CharField("状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "一件事"

    def __str__(self) -> str:
        return self.title
