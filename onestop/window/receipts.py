"""The 受理回执 and the 不予受理告知书 as printable documents: one template for the page and the PDF
(WeasyPrint, offline: the QR is a data: URL and the fonts are the machine's Noto CJK, as the
certificate face in certs/pdf.py). The QR opens the public progress lookup for this case with the
receipt's lookup code, so a phone's camera goes straight to the case's progress."""

from __future__ import annotations

import base64
import urllib.parse

from django.conf import settings
from django.template.loader import render_to_string

from onestop.certs import qr

from . import services
from .models import Reception


def lookup_url(progress_url: str, number: str, code: str) -> str:
    return f"{progress_url}?{urllib.parse.urlencode({'number': number, 'code': code})}"


def document_context(reception: Reception, progress_url: str) -> dict:
    context = services.receipt_context(reception, url=progress_url)
    link = lookup_url(progress_url, context["number"], context["code"])
    png = qr.make_png(link, scale=5)
    return context | {
        "reception": reception, "accepted": reception.outcome == Reception.Outcome.ACCEPTED,
        "lookup_link": link, "qr_data_url": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
        "site_name": settings.ONESTOP_SITE_NAME, "hall": reception.hall, "jurisdiction": settings.ONESTOP_JURISDICTION,
        "title": "受理回执" if reception.outcome == Reception.Outcome.ACCEPTED else "不予受理告知书",
    }


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    # data: only; anything else (http, https, file) is an error that stops the rendering.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_pdf(reception: Reception, progress_url: str) -> bytes:
    from weasyprint import HTML  # imported here: loading it (pango, fontconfig) takes ~0.9 s

    html = render_to_string("window/document_pdf.html", document_context(reception, progress_url))
    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf()
