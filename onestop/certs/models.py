"""电子证照库: certificate types, issuer keys, certificates, status lists, presentations (亮证)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CertificateType(models.Model):
    code = models.CharField("证照类型代码", max_length=21, unique=True)
    name = models.CharField("证照名称", max_length=60, unique=True)
    issuer = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="certificate_types", verbose_name="发证部门"
    )
    holder_kind = models.CharField(
        "持证主体", max_length=10, choices=[("person", "自然人"), ("company", "法人和其他组织")], default="person"
    )
    # [{"key": "address", "label": "住址"}, ...]: the fields a certificate of this type carries.
    fields = models.JSONField("照面字段", default=list, blank=True)
    # Keys of the fields shown to a verifier after a scan (minimised view); others stay hidden.
    verifier_fields = models.JSONField("核验时展示的字段", default=list, blank=True)
    validity_years = models.PositiveSmallIntegerField("有效期（年）", null=True, blank=True, help_text="留空表示长期有效")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "电子证照类型"

    def __str__(self) -> str:
        return self.name


class IssuerKey(models.Model):
    """A department's signing key. Retired keys stay in the trust list so old certificates verify."""

    class Status(models.TextChoices):
        ACTIVE = "active", "使用中"
        RETIRED = "retired", "已停用（仍可验证）"

    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="signing_keys")
    kid = models.CharField("密钥标识", max_length=64, unique=True)
    alg = models.CharField("算法", max_length=10, choices=[("SM2", "SM2（国密）"), ("EdDSA", "Ed25519")])
    public_key = models.BinaryField("公钥")
    private_key_encrypted = models.TextField("私钥（密文）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "签发密钥"

    def __str__(self) -> str:
        return self.kid


class StatusListRecord(models.Model):
    """One revocation bitstring of an issuer (see status_list.py); indexes are handed out in order."""

    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="status_lists")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    bits = models.BinaryField()
    next_index = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "number"], name="one_list_number_per_issuer")]


class Certificate(models.Model):
    """One version of a certificate. A new version is a new row with the next version number."""

    identifier = models.CharField("证照标识", max_length=100, unique=True)
    cert_type = models.ForeignKey(CertificateType, on_delete=models.PROTECT, related_name="certificates", verbose_name="证照类型")
    holder_person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="certificates", verbose_name="持证人"
    )
    holder_company = models.ForeignKey(
        "accounts.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="certificates", verbose_name="持证单位"
    )
    issuer = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="issued_certificates", verbose_name="发证部门")
    # The issuer's name as signed (iss_name): a department renamed later does not rename old certificates.
    issuer_name = models.CharField("发证机关（签发时名称）", max_length=200, blank=True)
    serial = models.CharField("流水号", max_length=32)
    version = models.PositiveSmallIntegerField("版本", default=1)
    number = models.CharField("证照编号", max_length=64, help_text="照面上印的编号")
    number_key = models.CharField("编号比对键", max_length=64, editable=False)  # validation.number_key(number)
    fields = models.JSONField("照面信息", default=dict)
    issued_at = models.DateTimeField("签发时间")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    status_list = models.ForeignKey(StatusListRecord, on_delete=models.PROTECT, related_name="certificates")
    status_index = models.PositiveIntegerField()
    kid = models.CharField("签名密钥", max_length=64)
    signed = models.TextField("签名数据（JWS）")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revocation_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = verbose_name_plural = "电子证照"
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="one_certificate_per_status_bit"),
            # A printed number names one certificate (all its versions) of a type and issuer.
            models.UniqueConstraint(fields=["cert_type", "issuer", "number_key", "version"],
                                    name="one_number_key_per_type_and_issuer"),
            models.CheckConstraint(
                condition=models.Q(holder_person__isnull=False) | models.Q(holder_company__isnull=False), name="has_holder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cert_type.name} {self.number}"

    @property
    def holder_name(self) -> str:
        return self.holder_person.name if self.holder_person_id else self.holder_company.name

    @property
    def expired(self) -> bool:
        """Past its validity today (in the jurisdiction's time zone); the last day is still valid."""
        return bool(self.valid_until and self.valid_until < timezone.localdate())


class Presentation(models.Model):
    """A 亮证 QR shown by the holder: online (opaque token, single use) or offline (signed, nonce)."""

    class Kind(models.TextChoices):
        ONLINE = "online", "在线亮证码"
        OFFLINE = "offline", "离线亮证码"

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="presentations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # SHA-256 of the online token or of the offline nonce: enough to find it and to spot a replay.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["certificate", "-created_at"])]


class AccessLogHead(models.Model):
    """The single row that serialises appends to the access log (locked with SELECT … FOR UPDATE)."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class AccessRecord(models.Model):
    """Append-only, hash-chained (SM3) record of every read of someone's certificate."""

    class Action(models.TextChoices):
        SCAN = "scan", "扫码查验"
        DEPARTMENT_QUERY = "department_query", "部门调用"
        STAFF_VIEW = "staff_view", "工作人员查看"
        HOLDER_VIEW = "holder_view", "本人查看"
        DATA_READ = "data_read", "数据共享调用"

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.CharField("查看者", max_length=200)  # readable: "区市场监管局 窗口人员 王某"
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_department = models.ForeignKey("catalog.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    holder_person = models.ForeignKey("accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    holder_company = models.ForeignKey("accounts.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    certificate_identifier = models.CharField(max_length=100)
    certificate_type = models.CharField(max_length=60)
    purpose = models.CharField("用途", max_length=200)
    service_item_code = models.CharField("事项编码", max_length=80, blank=True)
    outcome = models.CharField("结果", max_length=20)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]


class Consent(models.Model):
    """A holder's permission for one department to read chosen fields of one certificate type, for
    one service item and purpose, until a time and for a number of uses (免证办)."""

    holder = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="consents", verbose_name="授权人")
    cert_type = models.ForeignKey(CertificateType, on_delete=models.PROTECT, related_name="consents", verbose_name="证照类型")
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="consents", verbose_name="被授权部门")
    service_item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="consents", verbose_name="办理事项")
    fields = models.JSONField("授权字段", default=list)
    purpose = models.CharField("用途", max_length=200)
    expires_at = models.DateTimeField("有效期至")
    max_uses = models.PositiveSmallIntegerField("可使用次数", default=1)
    uses = models.PositiveSmallIntegerField("已使用次数", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    # Given with an application: the consent covers that case only and ends when it reaches a final
    # state (已办结 / 不予受理 / 不予批准 / 已撤回). Empty for a consent given in 用证授权 directly.
    case_number = models.CharField("办件编号", max_length=40, blank=True, db_index=True)
    ended_at = models.DateTimeField("随办件终止时间", null=True, blank=True)
    # At the window (一窗受理) the clerk records that the visitor agreed: who recorded it.
    confirmed_by = models.CharField("确认办事人同意的工作人员", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "用证授权"

    def state(self, now) -> str:
        """Why the consent can or cannot be used now, as the holder reads it."""
        if self.withdrawn_at:
            return "已撤回"
        if self.ended_at:
            return "已随办件终止"
        if self.expires_at <= now:
            return "已过期"
        if self.uses >= self.max_uses:
            return "已用完"
        return "有效"


class PublicCheck(models.Model):
    """One check on the public verification page (/verify/, no login), forged codes included: the
    audit of every public check and the basis of its rate limit. Reads of a known certificate also
    land in the access log, and its holder is told."""

    at = models.DateTimeField()
    # Keyed hash (HMAC-SM3) of the client's address: enough to count a client's checks, not to name it.
    client = models.CharField(max_length=64)
    verdict = models.CharField(max_length=20)
    certificate = models.ForeignKey(Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["client", "at"])]
