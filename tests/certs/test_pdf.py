"""照面 PDF: what is printed (masked ID only, real CJK fonts, a readable identifier QR, the revoked
mark) and who may download it. The PDF is read back with pypdf and rendered with pdfium."""

import io

import pypdfium2
import pytest
from django.test import Client
from pypdf import PdfReader

from onestop.accounts.models import Person
from onestop.certs import qr, services
from onestop.certs.models import Certificate
from onestop.certs.pdf import _url_fetcher, render_certificate_pdf

from .helpers import HOLDER_NAME


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Letter-spaced titles come out with spaces between the characters.
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def _font_names(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]


def _first_page_png(pdf: bytes, dpi: int = 200) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_face_shows_holder_type_and_masked_id_never_the_clear_number(certificate, holder):
    pdf = render_certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = _text(pdf)
    assert HOLDER_NAME in text and "居民身份证" in text
    assert holder.id_masked in text
    assert holder.id_number() not in text
    assert certificate.identifier in text
    assert certificate.issuer.full_name in text
    assert "经电子签名" in text and "已撤销" not in text


def test_the_face_embeds_a_cjk_font(certificate):
    names = _font_names(render_certificate_pdf(certificate))
    assert any("Noto" in name and "CJK" in name for name in names), names


def test_the_printed_qr_is_a_signed_code_that_verifies(certificate, scan):
    # Rendered as a printer would (pdfium at 200 dpi) and read with a real decoder (zxing-cpp).
    texts = qr.read(_first_page_png(render_certificate_pdf(certificate, "https://zwfw.example.gov.cn/verify/")))
    assert len(texts) == 1 and texts[0].startswith("https://zwfw.example.gov.cn/verify/?c=OSP:")
    verdict = scan(texts[0])
    assert (verdict.code, verdict.certificate) == ("valid", certificate)
    assert verdict.view["jti"] == certificate.identifier


def test_a_revoked_certificate_is_marked(certificate):
    revoked = services.revoke_certificate(certificate, "信息有误")
    text = _text(render_certificate_pdf(revoked))
    assert "已撤销" in text


def test_a_company_certificate_shows_the_credit_code(db):
    certificate = Certificate.objects.filter(holder_company__isnull=False, cert_type__name="营业执照").first()
    text = _text(render_certificate_pdf(certificate))
    assert certificate.holder_company.name in text and certificate.holder_company.uscc in text


def test_nothing_is_fetched_but_data_urls():
    fetcher = _url_fetcher()
    for url in ("https://example.org/seal.png", "http://127.0.0.1/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher(url)
    assert fetcher("data:text/plain;base64,b2s=").read() == b"ok"


def test_the_holder_gets_the_pdf_inline(certificate, holder):
    client = Client()
    client.force_login(holder.user)
    response = client.get(f"/my/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="certificate-{certificate.pk}.pdf"'
    assert response.content.startswith(b"%PDF")


def test_another_citizen_gets_404(certificate, holder):
    other = Person.objects.filter(user__isnull=False).exclude(pk=holder.pk).select_related("user").first()
    client = Client()
    client.force_login(other.user)
    assert client.get(f"/my/certificates/{certificate.pk}/pdf/").status_code == 404
    assert client.get("/my/certificates/999999999/pdf/").status_code == 404


def test_anonymous_is_sent_to_login(certificate):
    response = Client().get(f"/my/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 302
    assert "login" in response["Location"] and f"/my/certificates/{certificate.pk}/pdf/" in response["Location"]


def test_staff_cannot_download_a_citizens_certificate(certificate, verifier):
    client = Client()
    client.force_login(verifier)
    assert client.get(f"/my/certificates/{certificate.pk}/pdf/").status_code == 403
