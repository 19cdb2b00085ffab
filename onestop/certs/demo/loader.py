"""Demo certificate types, issuer keys and certificates for the demo residents and companies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from onestop.accounts.models import Company, Person
from onestop.catalog.models import Department

from .. import keys, services
from ..models import Certificate, CertificateType
from .types import fields_for

DEMO_DIR = Path(__file__).resolve().parent


@transaction.atomic
def load_certificate_types() -> int:
    departments = {d.name: d for d in Department.objects.all()}
    rows = json.loads((DEMO_DIR / "certificate_types.json").read_text(encoding="utf-8"))
    for row in rows:
        fields, shown, years = fields_for(row["name"])
        CertificateType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "issuer": departments[row["issuer_name"]],
                "holder_kind": row["holder_kind"],
                "fields": fields,
                "verifier_fields": shown,
                "validity_years": years,
                "sort_order": row["sort_order"],
            },
        )
    return len(rows)


def load_demo_certificates(register: dict[int, dict]) -> int:
    """Certificates for the demo people and companies (skipped when certificates exist).
    ``register`` maps each demo person's pk to their population-register record."""
    if Certificate.objects.exists():
        return 0
    types = {t.name: t for t in CertificateType.objects.select_related("issuer")}
    for department in {t.issuer for t in types.values()}:
        keys.active_key(department)
    count = 0
    today = timezone.localdate()
    people = list(Person.objects.order_by("pk"))
    by_household: dict[str, list[Person]] = {}
    for person in people:
        if person.pk in register:
            by_household.setdefault(register[person.pk]["household_number"], []).append(person)
    people = [p for p in people if p.pk in register]
    for i, person in enumerate(people):
        record = register[person.pk]
        relationship = record["relationship"]
        age = (today - person.birth_date).days // 365
        issued = timezone.now() - dt.timedelta(days=400 + i * 17)
        card_years = 5 if age < 16 else 10 if age < 26 else 20 if age < 46 else None
        services.issue_certificate(
            types["居民身份证"],
            holder_person=person,
            fields={
                "gender": person.get_gender_display(),
                "ethnicity": "汉",
                "birth_date": person.birth_date.isoformat(),
                "address": person.address,
                "issued_on": issued.date().isoformat(),
            },
            number=None,
            valid_until=issued.date().replace(year=issued.year + card_years) if card_years else None,
            issued_at=issued,
        )
        count += 1
        if relationship == "户主":
            services.issue_certificate(
                types["居民户口簿"],
                holder_person=person,
                fields={"household_number": record["household_number"], "household_type": record["registration_type"] + "家庭户",
                        "address": person.address, "relationship": "户主"},
                issued_at=issued,
            )
            count += 1
        if age >= 16:
            services.issue_certificate(
                types["社会保障卡"],
                holder_person=person,
                fields={"card_number": person.id_masked, "bank": "中国工商银行珠海斗门支行", "issued_on": issued.date().isoformat()},
                issued_at=issued,
            )
            count += 1
        if age < 6:
            parents = [p for p in by_household[record["household_number"]] if register[p.pk]["relationship"] in ("户主", "配偶")]
            services.issue_certificate(
                types["出生医学证明"],
                holder_person=person,
                fields={"gender": person.get_gender_display(), "birth_date": person.birth_date.isoformat(),
                        "birth_place": "广东省珠海市斗门区", "hospital": "珠海市斗门区妇幼保健院",
                        "mother_name": next((p.name for p in parents if p.gender == "F"), ""),
                        "father_name": next((p.name for p in parents if p.gender == "M"), "")},
                issued_at=timezone.make_aware(dt.datetime.combine(person.birth_date, dt.time(10))) + dt.timedelta(days=3),
            )
            count += 1
        if record["marital_status"] == "已婚" and relationship in ("户主", "配偶"):
            spouse = next((p for p in by_household[record["household_number"]]
                           if p.pk != person.pk and register[p.pk]["relationship"] in ("户主", "配偶")), None)
            if spouse:
                services.issue_certificate(
                    types["结婚证"], holder_person=person,
                    fields={"spouse_name": spouse.name, "registered_on": (person.birth_date.replace(year=person.birth_date.year + 26)).isoformat(),
                            "registry": "珠海市斗门区民政局"},
                    issued_at=issued,
                )
                count += 1
        if i % 12 == 5:
            services.issue_certificate(
                types["残疾人证"], holder_person=person,
                fields={"category": ("肢体残疾", "视力残疾", "听力残疾")[i % 3], "grade": ("一级", "二级", "三级", "四级")[i % 4],
                        "issued_on": issued.date().isoformat()},
                issued_at=issued,
            )
            count += 1
    for j, company in enumerate(Company.objects.select_related("legal_representative").order_by("pk")):
        established = company.established_on or (today - dt.timedelta(days=300 + 40 * j))
        services.issue_certificate(
            types["营业执照"], holder_company=company, number=company.uscc,
            fields={"company_type": company.company_type, "legal_representative": company.legal_representative.name,
                    "registered_capital": f"{(j % 9 + 1) * 50}万元人民币", "established_on": established.isoformat(),
                    "address": company.address, "scope": company.scope},
            issued_at=timezone.make_aware(dt.datetime.combine(established, dt.time(9))),
        )
        count += 1
        if "餐饮" in company.scope or "食品" in company.scope:
            services.issue_certificate(
                types["食品经营许可证"], holder_company=company,
                fields={"operator": company.name, "address": company.address, "main_business": "餐饮服务经营者",
                        "scope": "热食类食品制售；预包装食品（含冷藏冷冻食品）销售"},
                issued_at=timezone.make_aware(dt.datetime.combine(established, dt.time(9))) + dt.timedelta(days=10),
            )
            count += 1
        if "营业性演出" in company.scope:
            services.issue_certificate(
                types["营业性演出许可证"], holder_company=company,
                fields={"category": "演出经纪机构", "scope": "演出组织、制作、营销，演出居间、代理、行纪，演员签约、推广、代理",
                        "issued_on": (today - dt.timedelta(days=120)).isoformat()},
                issued_at=timezone.now() - dt.timedelta(days=120),
            )
            count += 1
    return count
