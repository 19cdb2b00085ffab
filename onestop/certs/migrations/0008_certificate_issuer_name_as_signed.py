import base64
import json

from django.db import migrations, models


def names_from_signatures(apps, schema_editor):
    """Existing certificates take the issuer's name from their own signed payload (iss_name)."""
    Certificate = apps.get_model("certs", "Certificate")
    for cert in Certificate.objects.only("pk", "signed").iterator():
        body = cert.signed.split(".")[1]
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        Certificate.objects.filter(pk=cert.pk).update(issuer_name=payload.get("iss_name", "")[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("certs", "0007_public_check"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="issuer_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="发证机关（签发时名称）"),
        ),
        migrations.RunPython(names_from_signatures, migrations.RunPython.noop),
    ]
