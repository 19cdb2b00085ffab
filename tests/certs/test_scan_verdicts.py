"""扫码查验 of online codes: each verdict of verify_scan with its own code, and the minimised view."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from onestop.certs import jws, keys, services
from onestop.certs.models import Certificate, Presentation

from .helpers import HOLDER_ID, online


def test_a_fresh_online_code_is_valid(certificate, scan):
    # On PostgreSQL this also checks that the row lock skips the nullable holder join (FOR UPDATE OF).
    verdict = scan(online(certificate))
    assert (verdict.code, verdict.label, verdict.certificate) == ("valid", "有效", certificate)


def test_the_valid_view_shows_only_the_verifier_fields_and_a_masked_id(certificate, scan, id_card_type):
    view = scan(online(certificate)).view
    labels = {f["key"]: f["label"] for f in id_card_type.fields}
    assert [f["label"] for f in view["fields"]] == [labels[k] for k in certificate.fields if k in id_card_type.verifier_fields]
    assert {f["label"] for f in view["fields"]} == {"性别", "出生"}
    assert view["holder_id"] == "440403********8952" and view["jti"] == certificate.identifier
    shown = json.dumps(view, ensure_ascii=False)
    assert HOLDER_ID not in shown and certificate.fields["address"] not in shown


def test_the_valid_view_comes_signed_by_the_issuer(certificate, scan):
    verdict = scan(online(certificate))
    assert jws.verify(verdict.view_token, keys.trusted_verifier, services.VIEW_TOKEN_TYPE) == verdict.view
    assert HOLDER_ID not in jws.b64url_decode(verdict.view_token.split(".")[1]).decode()


def test_a_scanned_online_code_is_replayed(certificate, scan):
    token = online(certificate)
    scan(token)
    assert scan(token).code == "replayed"


def test_an_online_code_past_its_minutes_is_expired(certificate, scan):
    token = online(certificate)
    Presentation.objects.filter(certificate=certificate).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    verdict = scan(token)
    assert verdict.code == "expired" and "亮证码已过期" in verdict.detail


def test_a_revoked_certificate_is_revoked(certificate, scan):
    services.revoke_certificate(certificate, "证件遗失")
    assert scan(online(certificate)).code == "revoked"


def test_a_certificate_past_its_validity_is_expired(issue, scan):
    # Issued two years ago for one year (issuing today with a past date is refused).
    certificate = issue(issued_at=timezone.now() - dt.timedelta(days=730),
                        valid_until=timezone.localdate() - dt.timedelta(days=1))
    verdict = scan(online(certificate))
    assert verdict.code == "expired" and "有效期至" in verdict.detail and verdict.view == {}


@pytest.mark.parametrize("text", ["OSQ:" + "5A" * 16, "hello", "https://example.com/cert/1", ""])
def test_an_unknown_online_code_or_garbage_is_forged(db, scan, text):
    verdict = scan(text)
    assert (verdict.code, verdict.certificate) == ("forged", None)


def test_a_row_changed_after_signing_is_not_valid(issue, scan):
    # Issued two years ago for one year (issuing today with a past date is refused).
    certificate = issue(issued_at=timezone.now() - dt.timedelta(days=730),
                        valid_until=timezone.localdate() - dt.timedelta(days=1))
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate() + dt.timedelta(days=3650))
    assert scan(online(Certificate.objects.get(pk=certificate.pk))).code != "valid"
