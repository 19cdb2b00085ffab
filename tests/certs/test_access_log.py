"""The SM3 hash-chained access log, checked end to end by `manage.py verify_access_log`."""

import io

import pytest
from django.core.management import CommandError, call_command

from onestop.certs import services
from onestop.certs.models import AccessRecord


@pytest.fixture
def scanned(certificate, scan):
    """Four scans of the certificate; their access records, oldest first."""
    for _ in range(4):
        scan(services.create_online_presentation(certificate)[0])
    return list(AccessRecord.objects.order_by("-sequence")[:4])[::-1]


def verify() -> str:
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def test_the_log_of_several_scans_verifies(scanned):
    assert f"intact: {scanned[-1].sequence} records" in verify()


def test_a_changed_purpose_breaks_the_chain_at_that_record(scanned):
    AccessRecord.objects.filter(pk=scanned[1].pk).update(purpose="随便看看")
    with pytest.raises(CommandError, match=rf"record {scanned[1].sequence}: 记录内容被修改"):
        verify()


def test_a_deleted_middle_record_is_named(scanned):
    AccessRecord.objects.filter(pk=scanned[2].pk).delete()
    with pytest.raises(CommandError, match=rf"record {scanned[2].sequence}: 记录 {scanned[2].sequence} 缺失"):
        verify()


def test_a_deleted_last_record_is_named(scanned):
    AccessRecord.objects.filter(pk=scanned[-1].pk).delete()
    with pytest.raises(CommandError, match=rf"record {scanned[-1].sequence}: 日志末尾的记录被删除"):
        verify()


def test_a_middle_record_deleted_and_renumbered_breaks_the_link(scanned):
    AccessRecord.objects.filter(pk=scanned[1].pk).delete()
    for record in scanned[2:]:
        AccessRecord.objects.filter(pk=record.pk).update(sequence=record.sequence - 1)
    with pytest.raises(CommandError, match=rf"record {scanned[1].sequence}: 与前一条记录的链接不符"):
        verify()
