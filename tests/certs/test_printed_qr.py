"""The QR printed on a certificate's face (照面): signed, checked any number of times, its status
judged live from the status list and the certificate's validity, at the console and in public."""

import base64
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from onestop.certs import offline, public_check, qr, services
from onestop.certs.models import AccessRecord, PublicCheck
from onestop.certs.pdf import verification_text

from .helpers import HOLDER_NAME


def test_a_printed_code_verifies_again_and_again(certificate, scan):
    text = services.create_printed_code(certificate)
    assert [scan(text).code for _ in range(3)] == ["valid"] * 3


def test_after_revocation_the_same_printed_code_says_revoked(certificate, scan):
    text = verification_text(certificate, "http://testserver/verify/")
    assert scan(text).code == "valid"
    services.revoke_certificate(certificate, "证件遗失")
    verdict = scan(text)
    assert verdict.code == "revoked" and verdict.label == "已撤销" and not verdict.view


def test_a_printed_code_of_an_expired_certificate_says_expired(issue, scan):
    past = timezone.now() - dt.timedelta(days=3 * 365)
    certificate = issue(issued_at=past, valid_until=(past + dt.timedelta(days=365)).date())
    verdict = scan(services.create_printed_code(certificate))
    assert verdict.code == "expired" and verdict.label == "已过期"


def test_a_tampered_printed_code_is_forged(certificate, scan):
    text = services.create_printed_code(certificate)
    token, signature = offline.parse(text)
    other = offline.OfflineToken(token.alg, token.kid, token.certificate_id, token.status_index + 1, token.issued_at,
                                 token.expires_at, token.nonce, True)
    forged = offline.PRINTED_PREFIX + base64.urlsafe_b64encode(other.body() + signature).rstrip(b"=").decode()
    assert scan(forged).code == "forged"


def test_an_offline_code_cannot_pass_as_a_printed_one(certificate, scan):
    shown = services.create_offline_presentation(certificate)
    raw = offline._raw(shown)[0]
    as_printed = offline.PRINTED_PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    assert scan(as_printed).code == "forged"


def test_a_link_to_another_page_is_not_a_verification_link(scan):
    verdict = scan("https://example.com/verify/?c=hello")
    assert verdict.code == "forged" and "查验链接" in verdict.detail


def test_the_console_accepts_the_printed_link(certificate, verifier):
    staff = Client()
    staff.force_login(verifier)
    text = verification_text(certificate, "http://testserver/verify/")
    response = staff.post("/console/scan/", {"code": text, "purpose": "窗口核验"})
    assert response.status_code == 200 and "有效" in response.content.decode()


@pytest.fixture
def public(db):
    return Client(REMOTE_ADDR="203.0.113.7")


def test_the_public_page_opens_a_printed_link_without_login(certificate, public, django_capture_on_commit_callbacks):
    text = verification_text(certificate, "http://testserver/verify/")
    with django_capture_on_commit_callbacks(execute=True):
        response = public.get(text)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="verdict">有效<' in page
    assert HOLDER_NAME in page and certificate.holder_person.id_masked in page
    # Minimised: only the fields the type shows to verifiers, never the address or the clear ID.
    assert certificate.fields["address"] not in page and certificate.holder_person.id_number() not in page
    record = AccessRecord.objects.filter(certificate_identifier=certificate.identifier).last()
    assert (record.action, record.actor, record.outcome) == ("scan", public_check.VERIFIER_NAME, "valid")
    assert PublicCheck.objects.get().verdict == "valid"
    assert certificate.holder_person.user.notices.filter(body__contains="公众查验").exists()
    assert response["Cache-Control"] == "no-store"


def test_the_public_page_reads_an_uploaded_photo_and_records_forged_codes(certificate, public):
    image = qr.make_png(services.create_printed_code(certificate))
    response = public.post("/verify/", {"image": SimpleUploadedFile("qr.png", image, "image/png")})
    assert 'id="verdict">有效<' in response.content.decode()
    response = public.post("/verify/", {"code": "OSP:AAAA"})
    assert response.status_code == 200 and 'id="verdict">伪造或被篡改<' in response.content.decode()
    assert list(PublicCheck.objects.order_by("pk").values_list("verdict", flat=True)) == ["valid", "forged"]


def test_a_picture_without_a_qr_gets_a_specific_message(public):
    response = public.post("/verify/", {"image": _blank_png()})
    assert response.status_code == 400 and "未识别到二维码" in response.content.decode()
    assert not PublicCheck.objects.exists()


def _blank_png():
    out = io.BytesIO()
    Image.new("L", (200, 200), 255).save(out, format="PNG")
    return SimpleUploadedFile("blank.png", out.getvalue(), "image/png")


def test_public_checks_are_rate_limited_per_client(certificate, public):
    for _ in range(public_check.CHECKS_PER_WINDOW):
        assert public.post("/verify/", {"code": "OSP:AAAA"}).status_code == 200
    response = public.post("/verify/", {"code": "OSP:AAAA"})
    assert response.status_code == 429 and "查验过于频繁" in response.content.decode()
    assert response["Retry-After"] == "600"
    assert PublicCheck.objects.count() == public_check.CHECKS_PER_WINDOW
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post("/verify/", {"code": "OSP:AAAA"}).status_code == 200
