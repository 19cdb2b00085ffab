"""What a scan leaves behind (an access record, a notice to the holder), and scans of real QR images."""

import secrets

import pytest

from onestop.certs import qr, services
from onestop.certs.models import AccessRecord, Certificate
from onestop.notifications.models import Notice

from .helpers import online


def test_an_online_qr_image_reads_back_and_verifies(certificate, scan):
    token = online(certificate)
    [read] = qr.read(qr.make_png(token))
    assert read == token and scan(read).code == "valid"


def test_an_offline_qr_image_reads_back_and_verifies(certificate, scan):
    text = services.create_offline_presentation(certificate)
    [read] = qr.read(qr.make_png(text, max_version=qr.MAX_OFFLINE_VERSION))
    assert read == text and scan(read).code == "valid"


@pytest.mark.parametrize("verdict_code", ["valid", "replayed", "revoked"])
def test_a_scan_that_found_a_certificate_is_logged_and_told_to_the_holder(certificate, scan, verifier, holder, verdict_code):
    token = online(certificate)
    if verdict_code == "replayed":
        scan(token)
    if verdict_code == "revoked":
        services.revoke_certificate(certificate, "证件遗失")
    records, notices = AccessRecord.objects.count(), Notice.objects.filter(user=holder.user).count()
    assert scan(token, purpose="办理户籍迁移", service_item_code="D009-001").code == verdict_code
    record = AccessRecord.objects.latest("sequence")
    assert AccessRecord.objects.count() == records + 1
    assert (record.outcome, record.action, record.actor_user, record.holder_person) == (verdict_code, "scan", verifier, holder)
    assert (record.purpose, record.service_item_code, record.certificate_identifier) == ("办理户籍迁移", "D009-001", certificate.identifier)
    assert record.actor_department == verifier.staff_profile.department
    notice = Notice.objects.filter(user=holder.user).latest("pk")
    assert Notice.objects.filter(user=holder.user).count() == notices + 1
    assert "区公安分局" in notice.body and "居民身份证" in notice.body and services.VERDICTS[verdict_code] in notice.body


def test_an_offline_scan_is_logged_and_told_to_the_holder(certificate, scan, holder):
    records, notices = AccessRecord.objects.count(), Notice.objects.filter(user=holder.user).count()
    scan(services.create_offline_presentation(certificate))
    assert AccessRecord.objects.count() == records + 1
    assert Notice.objects.filter(user=holder.user).count() == notices + 1


def test_a_forged_scan_logs_nothing(db, scan):
    records, notices = AccessRecord.objects.count(), Notice.objects.count()
    scan("OSQ:" + secrets.token_hex(16).upper())
    assert (AccessRecord.objects.count(), Notice.objects.count()) == (records, notices)


def test_scanning_a_company_certificate_notifies_nobody(db, scan):
    licence = Certificate.objects.filter(holder_company__isnull=False).first()
    notices = Notice.objects.count()
    assert scan(online(licence)).code == "valid"
    assert Notice.objects.count() == notices
    assert AccessRecord.objects.latest("sequence").holder_company == licence.holder_company
