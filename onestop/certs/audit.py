"""The access log: every read of someone's certificate, chained with SM3 so that a changed, removed
or inserted row breaks the chain at that row (DESIGN §4 "Personal data")."""

from __future__ import annotations

from dataclasses import dataclass

import rfc8785
from cryptography.hazmat.primitives import hashes
from django.db import transaction
from django.utils import timezone

from .models import AccessLogHead, AccessRecord

GENESIS = "0" * 64


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _content(record: AccessRecord) -> dict:
    return {
        "sequence": record.sequence,
        "at": record.at.isoformat(),
        "action": record.action,
        "actor": record.actor,
        "actor_user": record.actor_user_id,
        "actor_department": record.actor_department_id,
        "holder_person": record.holder_person_id,
        "holder_company": record.holder_company_id,
        "certificate_identifier": record.certificate_identifier,
        "certificate_type": record.certificate_type,
        "purpose": record.purpose,
        "service_item_code": record.service_item_code,
        "outcome": record.outcome,
    }


def chain_hash(prev_hash: str, record: AccessRecord) -> str:
    return sm3_hex(bytes.fromhex(prev_hash) + rfc8785.dumps(_content(record)))


def record_access(*, action: str, actor: str, certificate, purpose: str, outcome: str, actor_user=None,
                  actor_department=None, service_item_code: str = "") -> AccessRecord:
    return append_records([AccessRecord(
        action=action,
        actor=actor,
        actor_user=actor_user,
        actor_department=actor_department,
        holder_person_id=certificate.holder_person_id,
        holder_company_id=certificate.holder_company_id,
        certificate_identifier=certificate.identifier,
        certificate_type=certificate.cert_type.name,
        purpose=purpose,
        service_item_code=service_item_code,
        outcome=outcome,
    )])[-1]


def data_read_record(*, source_code: str, source_name: str, actor: str, purpose: str, outcome: str, holder_person_id=None,
                     holder_company_id=None, actor_user=None, actor_department=None, service_item_code: str = "") -> AccessRecord:
    """An unsaved record of one read from a shared data source, for ``append_records``."""
    return AccessRecord(
        action=AccessRecord.Action.DATA_READ, actor=actor, actor_user=actor_user, actor_department=actor_department,
        holder_person_id=holder_person_id, holder_company_id=holder_company_id, certificate_identifier=f"source:{source_code}",
        certificate_type=source_name, purpose=purpose, service_item_code=service_item_code, outcome=outcome,
    )


@transaction.atomic
def append_records(records: list[AccessRecord]) -> list[AccessRecord]:
    """Chains and saves the records under one lock of the log head."""
    head, _ = AccessLogHead.objects.select_for_update().get_or_create(pk=1)
    now = timezone.now()
    for record in records:
        record.sequence, record.at, record.prev_hash = head.last_sequence + 1, now, head.last_hash
        record.hash = chain_hash(head.last_hash, record)
        head.last_sequence, head.last_hash = record.sequence, record.hash
    AccessRecord.objects.bulk_create(records)
    head.save(update_fields=["last_sequence", "last_hash"])
    return records


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_sequence: int | None
    reason: str

    @property
    def intact(self) -> bool:
        return self.first_bad_sequence is None


def verify_chain() -> ChainReport:
    """Walks the whole log; names the first row whose content, order or link does not check."""
    prev, expected_sequence, checked = GENESIS, 1, 0
    for record in AccessRecord.objects.order_by("sequence").iterator(chunk_size=2000):
        if record.sequence != expected_sequence:
            return ChainReport(checked, expected_sequence, f"记录 {expected_sequence} 缺失")
        if record.prev_hash != prev:
            return ChainReport(checked, record.sequence, "与前一条记录的链接不符（记录被删除或插入）")
        if chain_hash(prev, record) != record.hash:
            return ChainReport(checked, record.sequence, "记录内容被修改")
        prev, expected_sequence, checked = record.hash, expected_sequence + 1, checked + 1
    head = AccessLogHead.objects.filter(pk=1).first()
    if head and (head.last_sequence, head.last_hash) != (checked, prev):
        return ChainReport(checked, checked + 1 if head.last_sequence > checked else checked, "日志末尾的记录被删除")
    return ChainReport(checked, None, "")
