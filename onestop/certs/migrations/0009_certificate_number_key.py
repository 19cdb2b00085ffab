import unicodedata

from django.db import migrations, models


def key(number: str) -> str:  # = onestop.certs.validation.number_key at the time of writing
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def fill_keys(apps, schema_editor):
    Certificate = apps.get_model("certs", "Certificate")
    for cert in Certificate.objects.only("pk", "number").iterator():
        Certificate.objects.filter(pk=cert.pk).update(number_key=key(cert.number))


class Migration(migrations.Migration):
    """Certificate numbers are compared by a normalised key, so that a full-width or lower-case
    spelling of a number already issued is refused as a duplicate; the printed number is unchanged."""

    dependencies = [
        ("certs", "0008_certificate_issuer_name_as_signed"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="number_key",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="编号比对键"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="certificate", name="one_number_per_type_and_issuer"),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(fields=("cert_type", "issuer", "number_key", "version"),
                                               name="one_number_key_per_type_and_issuer"),
        ),
    ]
