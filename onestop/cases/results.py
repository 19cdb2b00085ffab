"""What an approved case gives the applicant when the item's result is itself a certificate (such as
无犯罪记录证明): that certificate, issued by the deciding department, with its fields taken from the
case, instead of a generic approval notice."""

from __future__ import annotations

import re

from django.utils import timezone

from onestop.certs.models import CertificateType
from onestop.certs.services import issue_certificate

from .models import Case

_DATE_FIELDS = ("issued_on", "decided_on")


def result_certificate_type(case: Case) -> CertificateType | None:
    """The registered type named as the item (or as the certificate the item's name quotes, as in
    “《出生医学证明》首次签发”, or as the item less its “新办”, as in “残疾人证新办”), issued by the item's
    department, for this applicant."""
    holder_kind = "company" if case.applicant_company_id else "person"
    names = [case.item.name, *re.findall(r"《(.+?)》", case.item.name), case.item.name.removesuffix("新办")]
    return CertificateType.objects.filter(
        name__in=names, issuer=case.department, holder_kind=holder_kind
    ).order_by("pk").first()


def fields_from_case(cert_type: CertificateType, case: Case) -> dict:
    today = timezone.localdate().isoformat()
    fields = {}
    for spec in cert_type.fields:
        value = case.form_data.get(spec["key"]) or spec.get("default") or (today if spec["key"] in _DATE_FIELDS else "")
        if value != "":
            fields[spec["key"]] = str(value)
    return fields


def issue_item_certificate(case: Case):
    """The item's own certificate for the approved case, or None when its result is not one."""
    cert_type = result_certificate_type(case)
    if cert_type is None:
        return None
    holder = {"holder_company": case.applicant_company} if case.applicant_company_id else {"holder_person": case.applicant_person}
    return issue_certificate(cert_type, **holder, fields=fields_from_case(cert_type, case))
