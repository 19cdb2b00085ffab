"""Consents given with an application before they were bound to the case (all fields, 100 uses,
30 days, outliving the case) become what such a consent is now: for that case, the fields the
material declares (or the certificate number), at most 10 uses, ended if the case has ended."""

from django.db import migrations
from django.utils import timezone

FINAL = {"completed", "refused", "not_approved", "withdrawn"}
CASE_CONSENT_USES = 10  # onestop.certs.consent.CASE_CONSENT_USES when this was written
COMMON = {"number", "holder_name"}


def bind_to_cases(apps, schema_editor):
    CaseMaterial = apps.get_model("cases", "CaseMaterial")
    rows = CaseMaterial.objects.filter(consent__isnull=False)
    rows = rows.select_related("case", "consent__cert_type", "material")
    for row in rows.iterator():
        consent, case = row.consent, row.case
        allowed = COMMON | {f["key"] for f in consent.cert_type.fields}
        declared = row.material.ecert_fields if row.material else []
        consent.case_number = case.number
        consent.fields = [k for k in declared if k in allowed] or ["number"]
        consent.max_uses = min(consent.max_uses, CASE_CONSENT_USES)
        if case.status in FINAL and consent.ended_at is None:
            consent.ended_at = case.finished_at or timezone.now()
        consent.save(update_fields=["case_number", "fields", "max_uses", "ended_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("catalog", "0004_material_ecert_fields"),
        ("certs", "0004_consent_bound_to_case"),
    ]

    operations = [migrations.RunPython(bind_to_cases, migrations.RunPython.noop)]
