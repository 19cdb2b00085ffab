from django.contrib import admin, messages

from . import services
from .models import Process, ProcessDefinition, ProcessEvent, StepRun, StepState


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "title", "created_at"]
    readonly_fields = ["key", "version", "title", "spec", "created_at"]  # versions are never edited


class StepRunInline(admin.TabularInline):
    model = StepRun
    fields = ["name", "title", "state", "attempts", "next_attempt_at", "lease_owner", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["id", "key", "subject", "state", "created_at", "finished_at"]
    list_filter = ["state", "key"]
    search_fields = ["subject"]
    readonly_fields = ["definition", "key", "subject", "inputs", "state", "created_at", "finished_at"]
    inlines = [StepRunInline]


@admin.register(StepRun)
class StepRunAdmin(admin.ModelAdmin):
    list_display = ["process", "title", "state", "attempts", "reason"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in StepRun._meta.fields]
    actions = ["retry"]

    @admin.action(description="重新执行所选的待人工处理步骤")
    def retry(self, request, queryset):
        done = 0
        for step in queryset.filter(state=StepState.NEEDS_ATTENTION):
            services.retry_step(step.process_id, step.name, actor=request.user.get_username())
            done += 1
        self.message_user(request, f"已安排 {done} 个步骤重新执行", messages.SUCCESS)


@admin.register(ProcessEvent)
class ProcessEventAdmin(admin.ModelAdmin):
    list_display = ["at", "process", "step", "from_state", "to_state", "attempt", "actor", "detail"]
    list_filter = ["to_state"]
    readonly_fields = [f.name for f in ProcessEvent._meta.fields]
