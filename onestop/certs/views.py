"""我的证照: the holder's wallet, showing a certificate as a QR code, and who read it."""

from __future__ import annotations

import base64

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from onestop.accounts.permissions import citizen_required, holds

from . import qr, services
from .models import AccessRecord, Certificate


def _holder_filter(person) -> Q:
    return Q(holder_person=person) | Q(holder_company__legal_representative=person)


def _own_certificate(request, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("cert_type", "issuer", "holder_person", "holder_company", "status_list")
        .filter(pk=pk)
        .first()
    )
    if certificate is None or not holds(request.user, certificate):
        raise Http404  # not 403: whether someone else's certificate exists is not to be learned here
    return certificate


@citizen_required
def wallet(request):
    person = request.user.person
    certificates = (
        Certificate.objects.filter(_holder_filter(person))
        .select_related("cert_type", "issuer", "holder_company")
        .order_by("holder_company", "cert_type__sort_order")
    )
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    return render(request, "certs/wallet.html", {"person": person, "certificates": certificates, "unread": unread})


@citizen_required
def certificate_detail(request, pk: int):
    certificate = _own_certificate(request, pk)
    labels = {f["key"]: f["label"] for f in certificate.cert_type.fields}
    fields = [(labels.get(k, k), v) for k, v in certificate.fields.items()]
    today = timezone.localdate()
    return render(
        request,
        "certs/certificate_detail.html",
        {"certificate": certificate, "fields": fields, "expired": bool(certificate.valid_until and certificate.valid_until < today)},
    )


def _png_data_url(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr.make_png(text, scale=6)).decode("ascii")


@citizen_required
def show_qr(request, pk: int):
    """A fresh single-use code, as an htmx fragment that reloads itself every 60 seconds."""
    certificate = _own_certificate(request, pk)
    if certificate.revoked_at:
        return render(request, "certs/_qr.html", {"certificate": certificate, "error": "该证照已撤销，不能亮证。"})
    text, expires_at = services.create_online_presentation(certificate)
    return render(
        request,
        "certs/_qr.html",
        {"certificate": certificate, "image": _png_data_url(text), "code_text": text, "expires_at": expires_at, "kind": "online",
         "refresh_seconds": 60},
    )


@citizen_required
def show_offline_qr(request, pk: int):
    certificate = _own_certificate(request, pk)
    if certificate.revoked_at:
        return render(request, "certs/_qr.html", {"certificate": certificate, "error": "该证照已撤销，不能亮证。"})
    text = services.create_offline_presentation(certificate)
    expires_at = timezone.now() + timezone.timedelta(seconds=services.OFFLINE_TOKEN_SECONDS)
    return render(
        request,
        "certs/_qr.html",
        {"certificate": certificate, "image": _png_data_url(text), "code_text": text, "expires_at": expires_at, "kind": "offline"},
    )


@citizen_required
def access_history(request):
    """谁查看了我的证照: every recorded read of the holder's (and their companies') certificates."""
    person = request.user.person
    records = AccessRecord.objects.filter(
        Q(holder_person=person) | Q(holder_company__legal_representative=person)
    ).order_by("-sequence")[:200]
    return render(request, "certs/access_history.html", {"records": records, "verdicts": services.VERDICTS})
