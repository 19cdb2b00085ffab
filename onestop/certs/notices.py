"""What a holder is told about their certificates: each scan, each use of a consent. One notice per
access-log record (its sequence number names the event), in the same transaction as the record,
linking to 谁查看了我的证照."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from onestop.notifications.services import notify

from .models import AccessRecord, Certificate


def _holder_user(certificate: Certificate):
    return certificate.holder_person.user if certificate.holder_person_id else None


def _when(record: AccessRecord) -> str:
    return f"{timezone.localtime(record.at):%m月%d日 %H:%M}"


def tell_holder_of_scan(record: AccessRecord, certificate: Certificate, verifier_name: str, verdict_label: str) -> None:
    user = _holder_user(certificate)
    if user is None:
        return  # a company's certificate: no person's inbox to tell
    notify(user, "cert.scanned", {"time": _when(record), "verifier": verifier_name, "cert_type": certificate.cert_type.name,
                                  "verdict": verdict_label},
           dedupe_key=f"access:{record.sequence}", link=reverse("certs:access-history"))


def tell_holder_of_use(record: AccessRecord, certificate: Certificate, consent) -> None:
    user = _holder_user(certificate)
    if user is None:
        return
    notify(user, "cert.consent_used", {
        "time": _when(record), "department": record.actor_department.name if record.actor_department_id else record.actor,
        "cert_type": certificate.cert_type.name, "item": consent.service_item.name,
        "uses": str(consent.uses + 1), "max_uses": str(consent.max_uses),
    }, dedupe_key=f"access:{record.sequence}", link=reverse("certs:consents"))
