"""The data migration that re-computes the check character of identifiers issued before the fix,
run on a certificate made the way the old code made it (check over the OID prefix too)."""

import importlib

from django.apps import apps
from django.utils import timezone

from onestop.certs import jws, keys, services
from onestop.certs.identifiers import check_certificate_id, mod37_36_check_char

migration = importlib.import_module("onestop.certs.migrations.0005_recompute_identifier_check_characters")


def _as_issued_before_the_fix(certificate):
    body = certificate.identifier[:-2]
    old = f"{body}.{mod37_36_check_char(body.replace('.', ''))}"
    payload = services.verify_certificate_token(certificate.signed)
    payload["jti"] = old
    signer = keys.signer_for(keys.active_key(certificate.issuer))
    certificate.identifier, certificate.signed = old, jws.sign(payload, signer, services.CERT_TOKEN_TYPE)
    certificate.save(update_fields=["identifier", "signed"])
    return old


def test_old_identifiers_get_the_correct_check_char_and_a_re_signed_form(certificate):
    old = _as_issued_before_the_fix(certificate)
    assert check_certificate_id(old) == "证照标识校验位不正确"
    migration.recompute(apps, None)
    certificate.refresh_from_db()
    assert certificate.identifier[:-1] == old[:-1]
    assert check_certificate_id(certificate.identifier) is None
    assert services.verify_certificate_token(certificate.signed)["jti"] == certificate.identifier
    assert services._check_certificate(certificate, timezone.now()).code == "valid"


def test_running_it_again_changes_nothing(certificate):
    before = certificate.signed
    migration.recompute(apps, None)
    certificate.refresh_from_db()
    assert certificate.signed == before
