"""The old inbox goes: its rows were moved into notices by notifications 0003."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_identity_claims_and_verifications"),
        ("notifications", "0003_move_old_inbox"),
    ]

    operations = [
        migrations.DeleteModel(name="Notification"),
    ]
