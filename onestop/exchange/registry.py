"""The data sources this platform knows (docs/data-exchange.md is the contract), written to the
registry table by ``sync_sources``; administrators may then change timeouts or disable a source."""

from __future__ import annotations

from django.db import transaction

from .models import DataSource, SourceHealth

S, INT, B, L, N = "string", "integer", "boolean", "array", ["string", "null"]


def _schema(**fields) -> dict:
    return {"type": "object", "properties": {name: {"type": kind} for name, kind in fields.items()}}


SOURCES = [
    dict(code="population", name="户籍人口库", provider="区公安分局", subject="person", path="/v1/residents/{subject}",
         schema=_schema(id_number=S, name=S, gender=S, birth_date=S, household_number=S, household_head=B, relationship=S,
                        address=S, community=S, division_code=S, division_name=S, registration_type=S, marital_status=S)),
    dict(code="household", name="户籍家庭成员", provider="区公安分局", subject="household", path="/v1/households/{subject}",
         schema=_schema(household_number=S, address=S, division_code=S, registration_type=S, members=L)),
    dict(code="marriage", name="婚姻登记信息", provider="区民政局", subject="person", path="/v1/marriage/{subject}",
         schema=_schema(id_number=S, marital_status=S, spouse_id_number=N, spouse_name=N, registered_on=N, registry=N,
                        children_count=INT)),
    dict(code="social_insurance", name="社会保险参保缴费", provider="区人力资源社会保障局", subject="person",
         path="/v1/social-insurance/{subject}",
         schema=_schema(id_number=S, insured=B, status=S, city=S, employer_uscc=N, employer_name=N, pension_months_total=INT,
                        months_in_city_last_12=INT, continuous_months=INT, last_paid_month=N, unemployment_insured_months=INT,
                        employment_status=S)),
    dict(code="disability", name="残疾人信息", provider="区残疾人联合会", subject="person", path="/v1/disability/{subject}",
         schema=_schema(id_number=S, certificate_number=S, category=S, grade=INT, issued_on=S, valid_until=S, needs_care=B,
                        low_income=B)),
    dict(code="company_register", name="市场主体登记信息", provider="区市场监管局", subject="company", path="/v1/companies/{subject}",
         schema=_schema(uscc=S, name=S, company_type=S, legal_representative=S, legal_representative_id_number=S,
                        registered_capital_fen=INT, established_on=S, status=S, address=S, division_code=S, business_scope=S,
                        abnormal=B)),
    dict(code="credit", name="失信被执行人名单", provider="区人民法院", subject="either", path="/v1/credit/{subject}",
         schema=_schema(subject=S, listed=B, records=L)),
    dict(code="education", name="学历学位信息", provider="区教育局", subject="person", path="/v1/education/{subject}",
         schema=_schema(id_number=S, highest_degree=S, highest_education=S, records=L)),
    dict(code="subsidy_payments", name="惠民惠农补贴发放记录", provider="区财政局", subject="person",
         path="/v1/subsidy-payments/{subject}", schema=_schema(id_number=S, payments=L)),
    dict(code="certificates", name="电子证照库", provider="区政务服务数据管理局", kind="internal", subject="either", path="",
         timeout_ms=1000, schema={"type": "object", "properties": {}}),
]

# Fields of a source record that identify someone else: never shown to rules unless the grant names them.
SENSITIVE_FIELDS = {"id_number", "spouse_id_number", "legal_representative_id_number"}


@transaction.atomic
def sync_sources() -> int:
    """Creates missing sources and refreshes the schema of known ones; keeps an administrator's
    timeout and enabled switch."""
    for spec in SOURCES:
        defaults = {"name": spec["name"], "provider": spec["provider"], "kind": spec.get("kind", "http"),
                    "subject": spec["subject"], "path": spec["path"], "schema": spec["schema"]}
        source, created = DataSource.objects.update_or_create(
            code=spec["code"], defaults=defaults, create_defaults={**defaults, "timeout_ms": spec.get("timeout_ms", 2000)}
        )
        SourceHealth.objects.get_or_create(source=source)
    return len(SOURCES)
