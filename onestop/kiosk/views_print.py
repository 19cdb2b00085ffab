"""证照打印: the holder picks a certificate, sees its face, and prints it on the kiosk's printer."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from onestop.certs.pdf import render_certificate_html

from . import printing
from .sessions import kiosk_login_required

# The face is the certificate PDF's own template (certs/pdf.py), framed by the print page only:
# inline styles and data: images, no scripts, no other sources.
FACE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
               "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


@kiosk_login_required
def certificates(request):
    return render(request, "kiosk/print_list.html", {"certificates": printing.printable_certificates(request.user)})


@kiosk_login_required
def print_certificate(request, pk: int):
    certificate = printing.own_certificate(request.user, pk)
    if certificate is None:
        raise Http404  # someone else's certificate: not even whether it exists
    return print_screen(request, certificate, {"back": reverse("kiosk:print")})


def print_screen(request, certificate, extra: dict):
    """The face and 打印: POST records the print first (printing.record_print), then the page prints."""
    context, status = {"certificate": certificate, **extra}, 200
    if request.method == "POST":
        try:
            context["record"] = printing.record_print(request.kiosk, certificate, request.user)
        except printing.PrintRefused as error:
            context["error"], status = error.message, 409
    return render(request, "kiosk/print_certificate.html", context, status=status)


@require_GET
@xframe_options_sameorigin
@kiosk_login_required
def certificate_face(request, pk: int):
    certificate = printing.own_certificate(request.user, pk)
    if certificate is None:
        raise Http404
    html = render_certificate_html(certificate, request.build_absolute_uri(reverse("verify")))
    response = HttpResponse(html)
    response["Content-Security-Policy"] = FACE_POLICY
    return response
