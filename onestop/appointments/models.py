"""预约取号: the windows of a hall, bookable time slots, appointments and the queue tickets of the day.

A slot row exists once someone books it; its ``booked`` counter is raised only by a conditional
UPDATE (``booked < capacity``), so two people booking the last place at once cannot both get it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ServiceWindow(models.Model):
    """A counter (窗口) in a hall. A 综合窗口 (无差别受理) serves every department's items."""

    hall = models.ForeignKey("catalog.Hall", on_delete=models.PROTECT, related_name="windows", verbose_name="所在大厅")
    number = models.CharField("窗口编号", max_length=20, help_text="如：3号窗口")
    name = models.CharField("窗口名称", max_length=50, help_text="如：民政社保综合窗口")
    # The letter in front of ticket numbers (A012) for the departments this window serves first.
    prefix = models.CharField("号段字母", max_length=1, help_text="取号号码的字母，如 A")
    serves_all = models.BooleanField("无差别受理", default=False, help_text="综合窗口：受理所有部门的事项")
    departments = models.ManyToManyField("catalog.Department", blank=True, related_name="windows",
                                         verbose_name="受理部门")
    items = models.ManyToManyField("catalog.ServiceItem", blank=True, related_name="windows",
                                   verbose_name="另行受理的事项", help_text="受理部门以外、本窗口也受理的事项")
    # Persons one clerk receives per 30-minute slot; the slot's capacity sums it over the windows.
    slot_capacity = models.PositiveSmallIntegerField("每时段预约名额", default=3)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["hall", "sort_order", "number"]
        verbose_name = verbose_name_plural = "服务窗口"
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="window_number_unique_per_hall")]

    def __str__(self) -> str:
        return f"{self.hall.name} {self.number}"


class Slot(models.Model):
    """A bookable half hour for one item at one hall; created on the first booking."""

    hall = models.ForeignKey("catalog.Hall", on_delete=models.PROTECT, related_name="slots")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    booked = models.PositiveIntegerField(default=0)  # active appointments; raised only if below capacity

    class Meta:
        verbose_name = verbose_name_plural = "预约时段"
        constraints = [models.UniqueConstraint(fields=["hall", "item", "starts_at"], name="slot_unique")]


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "已预约"
        CHECKED_IN = "checked_in", "已签到取号"
        SERVED = "served", "已办理"
        CANCELLED = "cancelled", "已取消"
        NO_SHOW = "no_show", "爽约"

    ACTIVE = (Status.BOOKED, Status.CHECKED_IN)

    code = models.CharField("预约码", max_length=10, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="appointments")
    mobile = models.CharField("手机号码", max_length=11, blank=True)  # where the SMS receipt went
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="appointments")
    hall = models.ForeignKey("catalog.Hall", on_delete=models.PROTECT, related_name="appointments")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    day = models.DateField("预约日期")  # the slot's local date: one active booking per person, item and day
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    no_show_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-slot__starts_at"]
        verbose_name = verbose_name_plural = "预约"
        constraints = [
            models.UniqueConstraint(fields=["person", "item", "day"], condition=Q(status__in=["booked", "checked_in"]),
                                    name="one_active_appointment_per_person_item_day"),
        ]
        indexes = [models.Index(fields=["person", "status", "day"])]

    def __str__(self) -> str:
        return self.code


class TicketCounter(models.Model):
    """The last number given today for one letter at one hall (A001, A002 …)."""

    hall = models.ForeignKey("catalog.Hall", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    prefix = models.CharField(max_length=1)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hall", "day", "prefix"], name="ticket_counter_unique")]


class Ticket(models.Model):
    """A queue number (排队号) of the day, from a check-in (预约签到) or a walk-in (现场取号)."""

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", "预约"
        WALK_IN = "walk_in", "现场取号"

    class Status(models.TextChoices):
        WAITING = "waiting", "等候中"
        CALLED = "called", "已叫号"
        SERVED = "served", "已办理"
        NO_SHOW = "no_show", "过号"

    hall = models.ForeignKey("catalog.Hall", on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField()
    number = models.CharField("号码", max_length=8)
    kind = models.CharField("取号方式", max_length=12, choices=Kind.choices)
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="办理部门")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    appointment = models.OneToOneField(Appointment, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="ticket")
    # Appointments are called first, in the order of their slots; walk-ins after, in order of arrival.
    priority = models.PositiveSmallIntegerField(default=1)  # 0 appointment, 1 walk-in
    queue_at = models.DateTimeField()  # the slot's start for an appointment, the time of issue for a walk-in
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.WAITING)
    issued_at = models.DateTimeField()
    window = models.ForeignKey(ServiceWindow, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
                               verbose_name="叫号窗口")
    called_at = models.DateTimeField(null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "priority", "queue_at", "id"]
        verbose_name = verbose_name_plural = "排队号"
        constraints = [models.UniqueConstraint(fields=["hall", "day", "number"], name="ticket_number_unique")]
        indexes = [models.Index(fields=["hall", "day", "status"])]

    def __str__(self) -> str:
        return self.number
