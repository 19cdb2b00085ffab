"""Seed the working calendar with every year the installed chinese-calendar knows (1.11.0: 2004–2026).

Later library versions with more years: run `manage.py sync_working_calendar` (idempotent; it never
overwrites a year that is already complete, e.g. one imported from a State Council notice).
"""

from django.db import migrations


def seed(apps, schema_editor):
    from onestop.core.working_calendar import seed_from_library

    seed_from_library(apps.get_model("core", "CalendarDay"), apps.get_model("core", "CalendarYear"))


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarDay").objects.filter(source="chinese-calendar").delete()
    apps.get_model("core", "CalendarYear").objects.filter(source="chinese-calendar").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_working_calendar"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
