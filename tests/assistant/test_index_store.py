"""The stored index: vectors computed once, recomputed only for changed texts, shared through the
database (index version)."""

import numpy as np
import pytest

from onestop.assistant import encoder, index_store
from onestop.assistant.models import IndexedEntry, IndexState
from onestop.assistant.retrieval import Document

pytestmark = pytest.mark.django_db


def test_only_new_or_changed_texts_are_encoded_and_removed_ones_deleted():
    a, b = Document("faq:a", "社会保障卡申领", ""), Document("faq:b", "结婚登记", "")
    first = index_store.sync(docs=[a, b])
    assert (first.encoded, first.deleted) == (2, 0)
    again = index_store.sync(docs=[a, b])
    assert again.encoded == 0 and again.version == first.version
    changed = index_store.sync(docs=[a, Document("faq:b", "离婚登记", "")])
    assert changed.encoded == 1 and changed.version == first.version + 1
    removed = index_store.sync(docs=[a])
    assert removed.deleted == 1
    assert list(IndexedEntry.objects.values_list("entry_id", flat=True)) == ["faq:a"]


def test_a_text_change_that_keeps_the_vector_still_moves_the_version():
    a = Document("faq:a", "社会保障卡申领", "旧的说明")
    first = index_store.sync(docs=[a])
    second = index_store.sync(docs=[Document("faq:a", "社会保障卡申领", "新的说明")])
    assert second.encoded == 0 and second.version == first.version + 1


def test_the_stored_vector_is_the_encoders():
    doc = Document("faq:x", "最低生活保障", "")
    index_store.sync(docs=[doc])
    stored = encoder.from_bytes(IndexedEntry.objects.get(entry_id="faq:x").vector)
    assert np.allclose(stored, encoder.passages([doc.embedding_text()])[0], atol=1e-5)


def test_a_process_reloads_when_the_stored_version_moves():
    first = index_store.current()
    assert index_store.current() is first
    IndexState.objects.update_or_create(pk=1, defaults={"version": index_store.stored_version() + 1})
    assert index_store.current() is not first


def test_a_bulk_change_waits_for_the_command(monkeypatch):
    docs = [Document(f"faq:{i}", f"事项{i}", "") for i in range(3)]
    result = index_store.sync(docs=docs, limit=2)
    assert result.pending == 3 and result.encoded == 0
    assert not IndexedEntry.objects.exists()


def test_a_save_queues_one_refresh_per_transaction(django_capture_on_commit_callbacks):
    from onestop.catalog.models import ServiceItem

    item = ServiceItem.objects.published().first()
    with django_capture_on_commit_callbacks() as callbacks:
        item.save()
        item.save()
    assert [c.__name__ for c in callbacks] == ["_refresh"]
