"""扫码查验 of offline codes (signed, base45): valid, replayed, expired, revoked, forged."""

import time

from onestop.certs import keys, offline, services
from onestop.certs.models import Certificate
from onestop.certs.signing import generate_signer

from .helpers import global_index, tamper_offline


def test_a_fresh_offline_code_is_valid(certificate, scan):
    verdict = scan(services.create_offline_presentation(certificate))
    assert verdict.code == "valid" and verdict.view["jti"] == certificate.identifier


def test_a_scanned_offline_code_is_replayed(certificate, scan):
    text = services.create_offline_presentation(certificate)
    assert [scan(text).code, scan(text).code] == ["valid", "replayed"]


def test_an_offline_code_past_its_expiry_is_expired(certificate, scan):
    signer = keys.signer_for(keys.active_key(certificate.issuer))
    text = offline.issue(signer, certificate.identifier, global_index(certificate), 600, now=int(time.time()) - 3600)
    assert scan(text).code == "expired"


def test_an_offline_code_for_a_revoked_certificate_is_revoked(certificate, scan):
    text = services.create_offline_presentation(certificate)
    services.revoke_certificate(certificate, "证件遗失")
    assert scan(text).code == "revoked"


def test_an_offline_code_signed_by_a_key_outside_the_trust_list_is_forged(certificate, scan):
    impostor = generate_signer("SM2", certificate.kid + "x")
    verdict = scan(offline.issue(impostor, certificate.identifier, global_index(certificate)))
    assert (verdict.code, verdict.certificate) == ("forged", None) and "信任列表" in verdict.detail


def test_an_offline_code_with_the_issuers_kid_but_another_key_is_forged(certificate, scan):
    impostor = generate_signer("SM2", certificate.kid)
    assert scan(offline.issue(impostor, certificate.identifier, global_index(certificate))).code == "forged"


def test_a_tampered_offline_code_is_forged(certificate, scan, issue):
    other = issue()
    text = tamper_offline(services.create_offline_presentation(certificate), certificate_id=other.identifier)
    verdict = scan(text)
    assert (verdict.code, verdict.certificate) == ("forged", None) and "签名不符" in verdict.detail


def test_a_tampered_offline_expiry_is_forged(certificate, scan):
    text = services.create_offline_presentation(certificate)
    assert scan(tamper_offline(text, expires_at=offline.parse(text)[0].expires_at + 86400)).code == "forged"


def test_an_offline_code_whose_status_index_disagrees_with_the_register_is_forged(certificate, scan):
    signer = keys.signer_for(keys.active_key(certificate.issuer))
    assert scan(offline.issue(signer, certificate.identifier, global_index(certificate) + 1)).code == "forged"


def test_an_offline_code_signed_by_another_issuers_key_is_forged(certificate, scan):
    other_department = Certificate.objects.exclude(issuer=certificate.issuer).first().issuer
    signer = keys.signer_for(keys.active_key(other_department))
    assert scan(offline.issue(signer, certificate.identifier, global_index(certificate))).code == "forged"
