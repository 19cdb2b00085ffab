"""Revocation through the signed status list; key rotation keeps old signatures verifiable."""

from onestop.certs import keys, services, status_list
from onestop.certs.models import IssuerKey


def published_bit(certificate) -> bool:
    token = services.signed_status_list(certificate.issuer, certificate.status_list.number)
    return status_list.verify_list(token, keys.trusted_verifier).is_revoked(certificate.status_index)


def test_the_signed_status_list_shows_the_bit_after_revocation(certificate):
    assert published_bit(certificate) is False
    services.revoke_certificate(certificate, "证件遗失")
    certificate.refresh_from_db()
    assert published_bit(certificate) is True
    assert certificate.revoked_at is not None and certificate.revocation_reason == "证件遗失"


def test_revocation_sets_only_that_certificates_bit(issue):
    first, second = issue(), issue()
    services.revoke_certificate(first, "注销")
    assert (published_bit(first), published_bit(second)) == (True, False)


def test_revoking_again_keeps_the_first_reason(certificate):
    services.revoke_certificate(certificate, "证件遗失")
    assert services.revoke_certificate(certificate, "其他").revocation_reason == "证件遗失"


def test_an_unknown_status_list_is_none(certificate):
    assert services.signed_status_list(certificate.issuer, 999) is None


def test_a_rotated_key_is_retired_and_stays_in_the_trust_list(certificate):
    old_kid = certificate.kid
    new = keys.create_key(certificate.issuer)
    status = {entry["kid"]: entry["status"] for entry in keys.trust_list()}
    assert (status[old_kid], status[new.kid]) == ("retired", "active")
    assert IssuerKey.objects.get(kid=old_kid).retired_at is not None


def test_a_certificate_signed_with_a_retired_key_still_verifies(certificate):
    keys.create_key(certificate.issuer)
    assert services.verify_certificate_token(certificate.signed)["jti"] == certificate.identifier


def test_after_rotation_new_certificates_use_the_new_key(certificate, issue):
    new = keys.create_key(certificate.issuer)
    assert issue().kid == new.kid != certificate.kid


def test_a_certificate_signed_with_a_retired_key_still_scans_valid(certificate, scan):
    keys.create_key(certificate.issuer)
    token, _ = services.create_online_presentation(certificate)
    assert scan(token).code == "valid"
