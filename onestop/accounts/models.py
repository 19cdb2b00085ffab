"""People, companies and staff. ID numbers are kept encrypted with a keyed-hash column for lookup."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from onestop.core import protection


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", "办事群众"
        STAFF = "staff", "工作人员"

    kind = models.CharField("账号类型", max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    mobile = models.CharField("手机号码", max_length=11, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "账号"


class PersonQuerySet(models.QuerySet):
    def with_id_number(self, id_number: str):
        return self.filter(id_hash=protection.lookup_hash(id_number))


class Person(models.Model):
    """A natural person known to the platform: a registered user, or a certificate holder."""

    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person")
    name = models.CharField("姓名", max_length=50)
    id_number_encrypted = models.TextField("身份证号码（密文）", editable=False)
    # HMAC-SM3 of the ID number: equality lookups without storing the number in clear.
    id_hash = models.CharField("身份证号码检索值", max_length=64, unique=True, editable=False)
    id_masked = models.CharField("身份证号码", max_length=18, editable=False)
    gender = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")])
    birth_date = models.DateField("出生日期")
    mobile = models.CharField("手机号码", max_length=11, blank=True)
    address = models.CharField("户籍地址", max_length=200, blank=True)
    division_code = models.CharField("户籍地行政区划代码", max_length=12, blank=True)
    real_name_verified_at = models.DateTimeField("实名核验时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "自然人"

    def __str__(self) -> str:
        return f"{self.name}（{self.id_masked}）"

    def set_id_number(self, id_number: str) -> None:
        id_number = id_number.strip().upper()
        self.id_number_encrypted = protection.encrypt(id_number)
        self.id_hash = protection.lookup_hash(id_number)
        self.id_masked = protection.mask_id_number(id_number)

    def id_number(self) -> str:
        """The number in clear: only for the holder themself and for audited, purpose-bound reads."""
        return protection.decrypt(self.id_number_encrypted)


class Company(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200)
    legal_representative = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="represented_companies", verbose_name="法定代表人"
    )
    company_type = models.CharField("类型", max_length=60, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    scope = models.TextField("经营范围", blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    WINDOW = "window", "窗口人员"
    REVIEWER = "reviewer", "审批人员"
    DEPARTMENT_ADMIN = "department_admin", "部门管理员"
    PLATFORM_ADMIN = "platform_admin", "平台管理员"


class StaffProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff_profile")
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="staff", verbose_name="所属部门")
    name = models.CharField("姓名", max_length=50)
    # Roles as a list of Role values; checked only through onestop.accounts.permissions.
    roles = models.JSONField("角色", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return f"{self.name}（{self.department}）"


class OtpChallenge(models.Model):
    """A one-time code sent by SMS. Only a hash of the code is stored."""

    class Purpose(models.TextChoices):
        REGISTER = "register", "注册"
        LOGIN = "login", "登录"

    mobile = models.CharField(max_length=11, db_index=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    # For registration: keyed hash of the name and ID number that were checked, so the code only
    # completes the registration of that identity.
    subject_hash = models.CharField(max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)
    # Registration: the carrier's answer (clients.carrier.RESULTS) when the code was sent; only
    # "consistent" binds the new account to the person.
    carrier_result = models.CharField(max_length=12, blank=True)


class Lockout(models.Model):
    """A mobile number locked after repeated wrong codes."""

    mobile = models.CharField(max_length=11, unique=True)
    locked_until = models.DateTimeField()
    reason = models.CharField(max_length=100)


class ApiClient(models.Model):
    """A department system that calls the API with a bearer key (only the key's hash is stored)."""

    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="api_clients", verbose_name="所属部门")
    name = models.CharField("系统名称", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门系统接入"

    def __str__(self) -> str:
        return f"{self.department} · {self.name}"


class PasswordFailure(models.Model):
    """A failed password login (staff login or admin login; see login_policy)."""

    # The account the name resolved to; null when no account has that name.
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    username = models.CharField(max_length=150, db_index=True)  # as normalised by login_policy
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class IdentityCheck(models.Model):
    """One real-name check asked for at registration; counted for the rate limits."""

    id_hash = models.CharField(max_length=64, db_index=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class IdentityClaim(models.Model):
    """The identity an account asked for but has not proven (the carrier did not confirm that the
    mobile is the person's). Until a window clerk or the provincial login verifies it, the account
    is bound to no person and sees nothing of them. Several accounts may claim the same number."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="identity_claim")
    name = models.CharField("姓名", max_length=50)
    id_number_encrypted = models.TextField(editable=False)
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    id_masked = models.CharField("身份证号码", max_length=18, editable=False)
    carrier_result = models.CharField("运营商核验结果", max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "待核验身份"


class IdentityVerification(models.Model):
    """Audit record: how, when and by whom an account was bound to a person (append-only)."""

    class Method(models.TextChoices):
        CARRIER = "carrier", "运营商三要素核验"
        WINDOW = "window", "窗口核验身份证原件"
        OIDC = "oidc", "省统一身份认证平台"
        DEMO = "demo", "演示数据导入"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="identity_verifications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identity_verifications")
    method = models.CharField("核验方式", max_length=10, choices=Method.choices)
    # The window clerk who checked the ID card and the face (window verifications only).
    clerk = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    detail = models.CharField("核验说明", max_length=200)
    at = models.DateTimeField("核验时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "实名核验记录"
