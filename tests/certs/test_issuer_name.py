"""A certificate names its issuer as signed: a department renamed later keeps its old certificates'
发证机关, on the page, the PDF face and the verifier's view."""

import base64
import json

import pytest

from onestop.certs import pdf

pytestmark = pytest.mark.django_db


def test_a_renamed_department_does_not_rename_the_certificates_it_issued(certificate, holder, client):
    signed_name = certificate.issuer.full_name
    assert certificate.issuer_name == signed_name
    department = certificate.issuer
    department.name = department.name + "（新）"
    department.full_name = department.full_name + "（机构改革后）"
    department.save()
    certificate.refresh_from_db()
    assert certificate.issuer_name == signed_name
    assert signed_name in pdf.render_certificate_html(certificate)
    assert department.full_name not in pdf.render_certificate_html(certificate)
    client.force_login(holder.user)
    page = client.get(f"/my/certificates/{certificate.pk}/").content.decode()
    assert signed_name in page and department.full_name not in page


def test_a_certificate_issued_after_the_rename_carries_the_new_name(issue, id_card_type):
    department = id_card_type.issuer
    department.full_name = "珠海市公安局斗门分局（更名测试）"
    department.save()
    certificate = issue()
    assert certificate.issuer_name == "珠海市公安局斗门分局（更名测试）"
    assert signed_payload(certificate)["iss_name"] == certificate.issuer_name


def signed_payload(certificate) -> dict:
    body = certificate.signed.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
