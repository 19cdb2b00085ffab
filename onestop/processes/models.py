"""The process engine's rows: versioned definitions, a process per (definition, subject), a row
per (process, step) claimed by workers under a lease, and the event log of every transition."""

from __future__ import annotations

from django.db import models


class ProcessDefinition(models.Model):
    """One version of a step graph. Versions are never changed: a running process keeps its own."""

    key = models.CharField("流程代码", max_length=100)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=100, blank=True)
    spec = models.JSONField("定义", help_text="steps: name, title, handler, depends_on, retry, timeout_seconds")
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "流程定义"
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="one_process_definition_version")]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class ProcessState(models.TextChoices):
    RUNNING = "running", "进行中"
    NEEDS_ATTENTION = "needs_attention", "待人工处理"
    DONE = "done", "已完成"
    FAILED = "failed", "已终止"
    CANCELLED = "cancelled", "已撤销"


class Process(models.Model):
    definition = models.ForeignKey(ProcessDefinition, on_delete=models.PROTECT, related_name="processes",
                                   verbose_name="流程定义")
    key = models.CharField("流程代码", max_length=100)  # = definition.key: one process per (key, subject)
    subject = models.CharField("办理对象", max_length=100, help_text="如 case:123")
    inputs = models.JSONField("输入", default=dict, blank=True)
    state = models.CharField("状态", max_length=20, choices=ProcessState.choices, default=ProcessState.RUNNING)
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    # Touched first by every transaction that moves a step: it serialises joins within a process.
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "流程"
        constraints = [models.UniqueConstraint(fields=["key", "subject"], name="one_process_per_subject")]

    def __str__(self) -> str:
        return f"{self.key} {self.subject}"


class StepState(models.TextChoices):
    WAITING = "waiting", "等待前序步骤"
    READY = "ready", "待执行"
    RUNNING = "running", "执行中"
    # The step's side effect is done (e.g. a department case opened); it waits for that case's outcome,
    # which signal() records. No worker holds it meanwhile.
    AWAITING = "awaiting", "等待办理结果"
    DONE = "done", "已完成"
    NEEDS_ATTENTION = "needs_attention", "待人工处理"
    FAILED = "failed", "已终止"
    CANCELLED = "cancelled", "已撤销"


class StepRun(models.Model):
    """A step of one process. Handler, dependencies and policy are copied from the definition when
    the process starts, so that the row alone tells a worker what to do."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps", verbose_name="流程")
    name = models.CharField("步骤", max_length=63)
    title = models.CharField("名称", max_length=100)
    handler = models.CharField("处理程序", max_length=200)
    depends_on = models.JSONField("前序步骤", default=list, blank=True)
    state = models.CharField("状态", max_length=20, choices=StepState.choices, default=StepState.WAITING)
    attempts = models.PositiveIntegerField("已尝试次数", default=0)  # counted when claimed
    max_attempts = models.PositiveIntegerField("每轮最多尝试次数")
    # max_attempts for the first round; a staff retry grants another round (attempts + max_attempts).
    attempt_limit = models.PositiveIntegerField("尝试次数上限")
    base_delay_seconds = models.FloatField("重试基础间隔（秒）")
    max_delay_seconds = models.FloatField("最长重试间隔（秒）")
    timeout_seconds = models.PositiveIntegerField("超时（秒）", help_text="即租约时长：超过即视为执行者已中断")
    next_attempt_at = models.DateTimeField("下次执行时间", null=True, blank=True)
    lease_owner = models.CharField("执行者", max_length=100, blank=True)
    lease_expires_at = models.DateTimeField("租约到期", null=True, blank=True)
    outputs = models.JSONField("输出", default=dict, blank=True)
    awaiting_subject = models.CharField("等待对象", max_length=100, blank=True, db_index=True,
                                        help_text="如 case:123：其办理结果由 signal() 送达")
    reason = models.TextField("原因", blank=True, help_text="最近一次失败的原因，供工作人员查看")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "流程步骤"
        constraints = [models.UniqueConstraint(fields=["process", "name"], name="one_step_run_per_process_step")]
        # The claim reads ready rows that are due and running rows whose lease expired.
        indexes = [models.Index(fields=["state", "next_attempt_at"]),
                   models.Index(fields=["state", "lease_expires_at"])]

    def __str__(self) -> str:
        return f"{self.process_id}/{self.name}"

    @property
    def idempotency_key(self) -> str:
        return f"process-{self.process_id}-{self.name}"


class ProcessEvent(models.Model):
    """Append-only log of every transition of a process and its steps (the timeline per branch)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="events", verbose_name="流程")
    step = models.CharField("步骤", max_length=63, blank=True)  # blank: the process itself
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20)
    attempt = models.PositiveIntegerField("第几次尝试", default=0)
    actor = models.CharField("执行者", max_length=100, blank=True, help_text="工作进程或工作人员")
    detail = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "流程事件"
        indexes = [models.Index(fields=["process", "id"])]


class ProcessSignal(models.Model):
    """The outcome of something outside the engine that steps may await (a case reaching a final
    status). Stored, not only delivered: a step that starts awaiting after the outcome arrived still
    finds it (the worker's sweep resolves it)."""

    class Outcome(models.TextChoices):
        DONE = "done", "已办结"
        FAILED = "failed", "未通过"

    subject = models.CharField("对象", max_length=100, unique=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    outputs = models.JSONField("结果数据", default=dict, blank=True)
    reason = models.TextField("原因", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "外部结果"

    def __str__(self) -> str:
        return f"{self.subject} {self.outcome}"
