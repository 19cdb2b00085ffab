"""The register of enterprise names (every process reads the same one) and name reservations."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NameStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    RESERVED = "reserved", "保留中"
    CANCELLED = "cancelled", "已注销"
    CHANGED = "changed", "已变更"
    REVOKED = "revoked", "已撤销"


class RegisteredName(models.Model):
    """One name in the registration authority's register (for Doumen: all of 珠海市). The key
    columns are what the checker looks up; they are written from the trade name on save."""

    name = models.CharField(max_length=100)
    status = models.CharField(max_length=12, choices=NameStatus.choices)
    # Registration, reservation, cancellation, change or revocation date: Art. 17 and 18 count from it.
    status_date = models.DateField(null=True, blank=True)
    region = models.CharField(max_length=40, blank=True)
    trade_name = models.CharField(max_length=40, db_index=True)
    industry = models.CharField(max_length=40, blank=True)
    form = models.CharField(max_length=20, blank=True)
    trade_sorted = models.CharField(max_length=40, db_index=True)  # 华发 and 发华 share it
    trade_pinyin = models.CharField(max_length=200, db_index=True)  # toneless: 华发 and 华法 share it

    class Meta:
        verbose_name = "企业名称"
        verbose_name_plural = "企业名称库"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"


class NameReservation(models.Model):
    """A name kept for an applicant for two months (Art. 18 of the Provisions)."""

    entry = models.OneToOneField(RegisteredName, on_delete=models.PROTECT, related_name="reservation")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="name_reservations")
    reserved_at = models.DateTimeField()
    expires_on = models.DateField()  # first day on which the name is no longer kept
    accepted_warnings = models.JSONField(default=list)  # the warnings the applicant accepted

    class Meta:
        verbose_name = "名称保留"
        verbose_name_plural = "名称保留"


class NameLock(models.Model):
    """One row per sorted trade name: reserving locks it, so two applicants racing for the same
    (or a reordered) trade name are checked one after the other and only one gets it."""

    key = models.CharField(max_length=40, primary_key=True)


class NameEvent(models.Model):
    """Append-only audit record of every change to the register made through the services."""

    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              related_name="+")
    action = models.CharField(max_length=20)  # reserved, released
    entry = models.ForeignKey(RegisteredName, on_delete=models.PROTECT, related_name="events")
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]


class StartupApplication(models.Model):
    """The one form of 企业开办, held beside its case: what the registration and every branch need.
    ID numbers live encrypted on the members, never here or in the process inputs."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="startup")
    # One reservation opens one company: the unique column is what marks the name as used.
    reservation = models.OneToOneField(NameReservation, on_delete=models.PROTECT, related_name="startup")
    founder = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    company_type = models.CharField("企业类型", max_length=40)
    registered_capital_fen = models.PositiveBigIntegerField("注册资本（分）")
    town = models.CharField("镇（街道）", max_length=10)
    address_detail = models.CharField("详细地址", max_length=100)
    scope = models.JSONField("经营范围", default=list)
    employees = models.PositiveIntegerField("从业人数")
    contact_mobile = models.CharField("联系电话", max_length=11)
    branches = models.JSONField("并联事项选项", default=dict)  # bank, seal, tax, social_insurance
    # Set by business.register in the transaction that accepts the case: a second run finds them.
    company = models.OneToOneField("accounts.Company", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="startup")
    licence = models.OneToOneField("certs.Certificate", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    registered_on = models.DateField("成立日期", null=True, blank=True)
    # A 市场监督管理局 clerk who reviewed an application the rules referred (需人工审核).
    approved_by = models.CharField("人工审核人", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业开办申请"

    @property
    def company_name(self) -> str:
        return self.reservation.entry.name

    @property
    def address(self) -> str:
        return f"珠海市斗门区{self.town}{self.address_detail}"


class StartupMember(models.Model):
    """A shareholder (investor) or officer (执行董事, 经理, 监事) named in the form."""

    application = models.ForeignKey(StartupApplication, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    id_number_encrypted = models.TextField("身份证号码（密文）")
    id_masked = models.CharField("身份证号码", max_length=18)
    contribution_fen = models.PositiveBigIntegerField("认缴出资（分）", default=0)
    roles = models.JSONField("职务", default=list)  # 执行董事 / 经理 / 监事

    class Meta:
        ordering = ["id"]
