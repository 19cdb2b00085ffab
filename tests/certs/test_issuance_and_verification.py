"""Issuing certificates: GB/T 36904 identifiers, signed forms that verify, holders, serials."""

import pytest

from onestop.accounts.models import Company
from onestop.certs import jws, services
from onestop.certs.identifiers import check_certificate_id
from onestop.certs.models import Certificate, CertificateType
from onestop.certs.services import CertificateError, verify_certificate_token

from .helpers import HOLDER_ID


def test_an_issued_certificate_has_a_gbt_36904_identifier(certificate, id_card_type):
    assert check_certificate_id(certificate.identifier) is None
    prefix = f"1.2.156.3005.2.{id_card_type.code}.{id_card_type.issuer.uscc}.{certificate.serial}.001."
    assert certificate.identifier.startswith(prefix) and len(certificate.identifier) == len(prefix) + 1


def test_its_signed_form_verifies_against_the_trust_list(certificate, holder):
    payload = verify_certificate_token(certificate.signed)
    assert (payload["jti"], payload["iss"], payload["type_name"]) == (certificate.identifier, certificate.issuer.uscc, "居民身份证")
    assert payload["holder"] == {"name": holder.name, "id": "440403********8952"}
    assert payload["fields"] == certificate.fields
    assert payload["status"]["idx"] == certificate.status_index


def test_the_signed_form_never_carries_the_clear_id_number(certificate):
    assert HOLDER_ID not in jws.b64url_decode(certificate.signed.split(".")[1]).decode()


def test_a_changed_signed_form_does_not_verify(certificate):
    header, payload, signature = certificate.signed.split(".")
    changed = jws.b64url(jws.b64url_decode(payload).replace("汉".encode(), "满".encode()))
    with pytest.raises(jws.TokenInvalid):
        verify_certificate_token(f"{header}.{changed}.{signature}")


def test_unknown_fields_are_rejected(issue):
    before = Certificate.objects.count()
    with pytest.raises(CertificateError) as err:
        issue(fields={"gender": "男", "blood_type": "O"})
    assert err.value.code == "unknown_fields" and "blood_type" in err.value.message
    assert Certificate.objects.count() == before


def test_a_certificate_needs_a_holder(id_card_type):
    with pytest.raises(CertificateError) as err:
        services.issue_certificate(id_card_type, fields={})
    assert err.value.code == "invalid_holder"


def test_a_certificate_has_only_one_holder(issue):
    with pytest.raises(CertificateError) as err:
        issue(holder_company=Company.objects.first())
    assert err.value.code == "invalid_holder"


def test_serial_and_status_index_increase(issue):
    first, second = issue(), issue()
    assert int(second.serial) == int(first.serial) + 1 and len(second.serial) == 10
    assert (second.status_list_id, second.status_index) == (first.status_list_id, first.status_index + 1)
    assert first.identifier != second.identifier


def test_valid_until_follows_the_types_validity_years(holder):
    disability = CertificateType.objects.get(name="残疾人证")
    cert = services.issue_certificate(disability, holder_person=holder, fields={"category": "肢体残疾", "grade": "四级"})
    assert cert.valid_until == cert.issued_at.date().replace(year=cert.issued_at.year + 10)
