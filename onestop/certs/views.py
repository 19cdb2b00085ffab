"""我的证照: the holder's wallet, showing a certificate as a QR code, and who read it."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import citizen_required, holds
from onestop.catalog.models import ServiceItem

from . import consent, qr, services
from .forms import ConsentForm
from .models import AccessRecord, Certificate, Consent


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
    return render(request, "certs/wallet.html", {"person": person, "certificates": certificates})


@citizen_required
def certificate_detail(request, pk: int):
    certificate = _own_certificate(request, pk)
    labels = {f["key"]: f["label"] for f in certificate.cert_type.fields}
    fields = [(labels.get(k, k), v) for k, v in certificate.fields.items()]
    return render(
        request,
        "certs/certificate_detail.html",
        {"certificate": certificate, "fields": fields, "expired": certificate.expired,
         # Consent is offered only for types that some item accepts instead of paper (免证办).
         "consentable": certificate.cert_type.materials.exists()},
    )


def _png_data_url(text: str, scale: int = 6) -> str:
    return "data:image/png;base64," + base64.b64encode(qr.make_png(text, scale=scale)).decode("ascii")


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
        {"certificate": certificate, "image": _png_data_url(text, scale=8), "code_text": text, "expires_at": expires_at, "kind": "offline"},
    )


@citizen_required
def access_history(request):
    """谁查看了我的证照: every recorded read of the holder's (and their companies') certificates."""
    person = request.user.person
    records = AccessRecord.objects.filter(
        Q(holder_person=person) | Q(holder_company__legal_representative=person)
    ).order_by("-sequence")[:200]
    return render(request, "certs/access_history.html", {"records": records, "verdicts": services.OUTCOME_LABELS})


def _items_accepting(cert_type):
    """Service items whose materials this certificate type can replace (where consent makes sense)."""
    return (
        ServiceItem.objects.published()
        .filter(materials__ecert_type=cert_type)
        .select_related("department")
        .distinct()
        .order_by("department__sort_order", "name")
    )


@citizen_required
def grant_consent(request, pk: int):
    certificate = _own_certificate(request, pk)
    if not certificate.holder_person_id:
        raise Http404
    items = list(_items_accepting(certificate.cert_type))
    form = ConsentForm(request.POST or None)
    form.fields["certificate"].choices = [(certificate.pk, certificate.cert_type.name)]
    form.fields["certificate"].initial = certificate.pk
    form.fields["service_item"].choices = [("", "请选择")] + [(i.pk, f"{i.name}（{i.department.name}）") for i in items]
    consentable = consent.consentable_fields(certificate.cert_type)
    form.fields["fields"].choices = [(f["key"], f["label"]) for f in consentable]
    if request.method == "POST" and form.is_valid():
        item = next(i for i in items if i.pk == form.cleaned_data["service_item"])
        try:
            consent.grant_consent(
                holder=request.user.person, certificate=certificate, department=item.department, service_item=item,
                fields=form.cleaned_data["fields"], purpose=form.cleaned_data["purpose"], days=form.cleaned_data["days"],
                max_uses=form.cleaned_data["max_uses"],
            )
        except consent.ConsentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已授权{item.department.name}在办理“{item.name}”时使用您的{certificate.cert_type.name}。")
            return redirect("certs:consents")
    return render(request, "certs/consent_form.html", {"certificate": certificate, "form": form, "items": items},
                  status=400 if form.errors else 200)


@citizen_required
def consents(request):
    given = Consent.objects.filter(holder=request.user.person)
    given = given.select_related("cert_type", "department", "service_item")
    now = timezone.now()
    rows = [{"consent": c, "fields": consent.field_labels(c.cert_type, c.fields), "state": c.state(now)}
            for c in given]
    return render(request, "certs/consents.html", {"consents": bool(rows), "rows": rows})


@citizen_required
@require_POST
def withdraw_consent(request, consent_id: int):
    row = Consent.objects.filter(pk=consent_id, holder=request.user.person).first()
    if row is None:
        raise Http404
    consent.withdraw_consent(row)
    messages.success(request, "已撤回授权。")
    return redirect("certs:consents")
