"""Stored decision snapshots take the engine's format (``rules.engine.snapshot``), the one that replay
evaluates: each source ``{"status": "ok", "record": …}`` or ``{"status": "unavailable", "reason": …}``
instead of the exchange layer's ``{"ok", "record", "reason", "name"}``."""

from django.db import migrations


def _source(value: dict) -> dict:
    if "status" in value:  # already converted
        return value
    if value.get("ok"):
        record = value.get("record") or {"found": False}
        return {"status": "ok", "record": record if "found" in record else {"found": True, **record}}
    return {"status": "unavailable", "reason": value.get("reason", "")}


def forwards(apps, schema_editor):
    Decision = apps.get_model("rules", "Decision")
    for decision in Decision.objects.only("pk", "snapshot").iterator(chunk_size=500):
        sources = (decision.snapshot or {}).get("sources") or {}
        converted = {code: _source(v) for code, v in sources.items() if isinstance(v, dict)}
        if converted != sources:
            Decision.objects.filter(pk=decision.pk).update(snapshot={**decision.snapshot, "sources": converted})


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
