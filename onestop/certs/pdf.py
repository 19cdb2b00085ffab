"""照面 as PDF: a printable face of a certificate, rendered from a Django template with WeasyPrint.

Offline by construction: the only resources are data: URLs (the QR code) and the fonts fontconfig
finds on the machine (Debian ``fonts-noto-cjk``); any other URL stops the rendering. The clear ID
number never reaches the template, only the masked one.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from . import qr, services
from .models import Certificate

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def verification_text(certificate: Certificate, verify_url: str | None = None) -> str:
    """The printed QR: the certificate's signed printed code, inside a link to the public
    verification page when its address is known (a phone's camera then opens it directly)."""
    code = services.create_printed_code(certificate)
    return f"{verify_url}?{services.PRINTED_URL_PARAMETER}={code}" if verify_url else code


def _chinese_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _shown(value) -> str:
    text = "" if value is None else str(value)
    if _ISO_DATE.match(text):
        try:
            return _chinese_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def face_fields(certificate: Certificate) -> list[tuple[str, str]]:
    """(label, value) of the certificate's own fields, in the order its type lists them."""
    labels = {f["key"]: f["label"] for f in certificate.cert_type.fields}
    ordered = [k for k in labels if k in certificate.fields]
    ordered += [k for k in certificate.fields if k not in labels]
    return [(labels.get(k, k), _shown(certificate.fields[k])) for k in ordered]


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    # data: only; anything else (http, https, file) is an error that stops the rendering.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_certificate_html(certificate: Certificate, verify_url: str | None = None) -> str:
    person = certificate.holder_person if certificate.holder_person_id else None
    issued_on = timezone.localtime(certificate.issued_at).date()
    qr_png = qr.make_png(verification_text(certificate, verify_url), scale=10)
    context = {
        "certificate": certificate,
        "type_name": certificate.cert_type.name,
        "holder_label": "持证人" if person else "持证单位",
        "holder_name": certificate.holder_name,
        "holder_id_label": "身份证号码" if person else "统一社会信用代码",
        "holder_id": person.id_masked if person else certificate.holder_company.uscc,
        "fields": face_fields(certificate),
        "issuer": certificate.issuer_name,
        "issued_on": _chinese_date(issued_on),
        # Most types print their own issue date (发证日期, 签发日期 …) among the fields.
        "show_issued_on": "issued_on" not in certificate.fields,
        "valid_until": _chinese_date(certificate.valid_until) if certificate.valid_until else None,
        "revoked_on": _chinese_date(timezone.localtime(certificate.revoked_at).date()) if certificate.revoked_at else None,
        "qr_data_url": "data:image/png;base64," + base64.b64encode(qr_png).decode("ascii"),
        "site_name": settings.ONESTOP_SITE_NAME,
    }
    return render_to_string("certs/certificate_pdf.html", context)


def render_certificate_pdf(certificate: Certificate, verify_url: str | None = None) -> bytes:
    """The certificate's face as a one-page PDF (A5 landscape)."""
    from weasyprint import HTML  # imported here: loading it (pango, fontconfig) takes ~0.9 s

    html = render_certificate_html(certificate, verify_url)
    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf()
