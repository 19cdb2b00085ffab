"""证照打印 at a kiosk: which certificates the logged-in holder may print, and the print log."""

from __future__ import annotations

from django.db.models import Q

from onestop.accounts.permissions import holds, verified_person
from onestop.certs.models import Certificate

from .models import Kiosk, PrintRecord


class PrintRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def printable_certificates(user):
    """The holder's own certificates and those of companies they represent (as 我的证照 lists)."""
    person = verified_person(user)
    if person is None:
        return Certificate.objects.none()
    return (Certificate.objects.filter(Q(holder_person=person) | Q(holder_company__legal_representative=person))
            .select_related("cert_type", "issuer", "holder_person", "holder_company", "status_list")
            .order_by("holder_company", "cert_type__sort_order", "-version"))


def own_certificate(user, pk: int) -> Certificate | None:
    """The certificate if this user holds it; None also when it exists but is someone else's."""
    certificate = printable_certificates(user).filter(pk=pk).first()
    return certificate if certificate is not None and holds(user, certificate) else None


def record_print(kiosk: Kiosk, certificate: Certificate, user) -> PrintRecord:
    """Logged before the page asks the printer, so every sheet that may come out is on record."""
    if certificate.revoked_at is not None:
        raise PrintRefused("该证照已撤销，不能打印。")
    if not holds(user, certificate):
        raise PrintRefused("只能打印您本人或您担任法定代表人的企业的证照。")
    return PrintRecord.objects.create(kiosk=kiosk, certificate=certificate, user=user)
