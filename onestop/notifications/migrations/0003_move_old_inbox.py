"""Moves every message of the old inbox (accounts.Notification) into notices, keeping its text, time
and read state; accounts 0009 then removes the old table."""

from django.db import migrations

BATCH = 2000


def move(apps, schema_editor):
    Old = apps.get_model("accounts", "Notification")
    Notice = apps.get_model("notifications", "Notice")
    Delivery = apps.get_model("notifications", "Delivery")
    for start in range(0, Old.objects.count(), BATCH):
        rows = list(Old.objects.order_by("pk")[start:start + BATCH])
        notices = Notice.objects.bulk_create([
            Notice(user_id=row.user_id, kind="cert_access" if "证照" in row.title else "case", title=row.title,
                   body=row.body, dedupe_key=f"legacy:{row.pk}", read_at=row.read_at)
            for row in rows
        ])
        # created_at is auto_now_add: set the original times afterwards.
        for notice, row in zip(notices, rows, strict=True):
            Notice.objects.filter(pk=notice.pk).update(created_at=row.created_at)
        Delivery.objects.bulk_create([
            Delivery(notice=notice, channel="inbox", address=f"user:{notice.user_id}", status="delivered",
                     next_attempt_at=row.created_at, delivered_at=row.created_at)
            for notice, row in zip(notices, rows, strict=True)
        ])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_seed_templates"), ("accounts", "0008_identity_claims_and_verifications")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
