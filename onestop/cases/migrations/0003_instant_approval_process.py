"""秒批 runs as a process of the engine (cases/instant_step.py): publishes its definition, and starts
a process for every case still waiting for 秒批 (they were queued as django-tasks before)."""

from django.db import migrations
from django.utils import timezone

KEY = "instant_approval"
# Frozen copy of instant_step.DEFINITION at the time of this migration.
DEFINITION = {
    "title": "秒批",
    "steps": [{"name": "decide", "title": "秒批判定", "handler": "cases.decide_instantly", "timeout_seconds": 60,
               "retry": {"max_attempts": 5, "base_delay_seconds": 2, "max_delay_seconds": 60}}],
}


def publish_and_start(apps, schema_editor):
    ProcessDefinition = apps.get_model("processes", "ProcessDefinition")
    Process = apps.get_model("processes", "Process")
    StepRun = apps.get_model("processes", "StepRun")
    Case = apps.get_model("cases", "Case")
    definition = ProcessDefinition.objects.filter(key=KEY).order_by("-version").first()
    if definition is None:
        definition = ProcessDefinition.objects.create(key=KEY, version=1, title="秒批", spec=DEFINITION)
    step = DEFINITION["steps"][0]
    now = timezone.now()
    for case_id in Case.objects.filter(instant_pending=True).values_list("pk", flat=True):
        process, created = Process.objects.get_or_create(key=KEY, subject=f"case:{case_id}",
                                                         defaults={"definition": definition})
        if created:
            StepRun.objects.create(
                process=process, name=step["name"], title=step["title"], handler=step["handler"], depends_on=[],
                state="ready", max_attempts=5, attempt_limit=5, base_delay_seconds=2, max_delay_seconds=60,
                timeout_seconds=step["timeout_seconds"], next_attempt_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_consents_end_with_case"),
        ("processes", "0001_process_engine"),
    ]

    operations = [migrations.RunPython(publish_and_start, migrations.RunPython.noop)]
