"""照面 PDF: the holder downloads a printable face of their certificate."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse

from onestop.accounts.permissions import citizen_required, holds

from .models import Certificate
from .pdf import render_certificate_pdf


@citizen_required
def certificate_pdf(request, pk: int):
    certificate = (
        Certificate.objects.select_related("cert_type", "issuer", "holder_person", "holder_company", "status_list")
        .filter(pk=pk)
        .first()
    )
    if certificate is None or not holds(request.user, certificate):
        raise Http404  # not 403: whether someone else's certificate exists is not to be learned here
    verify_url = request.build_absolute_uri(reverse("verify"))
    response = HttpResponse(render_certificate_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"  # personal data: no shared or disk caches
    return response
