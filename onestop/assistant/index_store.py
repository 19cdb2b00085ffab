"""The stored index: one row of vector per knowledge-base entry (IndexedEntry), kept in step with
the catalogue and the FAQ, and the in-process copy every app process answers from.

- ``sync`` compares each document's hash with the stored one, encodes only new or changed texts,
  deletes rows of entries that went away, and moves IndexState.version when anything changed.
- ``current`` reads the version (one indexed row) and rebuilds its in-memory index only when the
  version moved: all processes answer from the same stored vectors, and no corpus text is ever
  encoded while answering a question.
- A save of an item, a material or an FAQ entry calls ``refresh_after_commit``: a handful of changed
  entries are encoded right after the commit; a bulk change (an import, the demo load) leaves the
  vectors to ``manage.py build_assistant_index`` and is found by BM25 until then.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onestop.catalog import search_index
from onestop.core import locks

from . import encoder, knowledge
from .models import IndexedEntry, IndexState
from .retrieval import Document, Index

log = logging.getLogger(__name__)
AUTO_ENCODE_LIMIT = 20  # texts encoded right after a save (~70 ms each); more waits for the command


def content_hash(doc: Document) -> str:
    return hashlib.sha256(doc.embedding_text().encode("utf-8")).hexdigest()


def documents_hash(docs: list[Document]) -> str:
    digest = hashlib.sha256()
    for d in docs:
        digest.update("\x1f".join((d.id, d.title, d.question, d.text)).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


@dataclass(frozen=True)
class SyncResult:
    documents: int
    encoded: int
    deleted: int
    pending: int  # changed texts left for the command (over the limit)
    version: int


def sync(*, limit: int | None = None, progress=None, docs: list[Document] | None = None) -> SyncResult:
    """``docs``: the whole knowledge base (default: read from the catalogue and the FAQ); entries
    stored for ids not among them are deleted."""
    docs = knowledge.documents() if docs is None else docs
    stored = dict(IndexedEntry.objects.values_list("entry_id", "content_hash"))
    wanted = {d.id: content_hash(d) for d in docs}
    changed = [d for d in docs if stored.get(d.id) != wanted[d.id]]
    pending = 0
    if limit is not None and len(changed) > limit:
        pending, changed = len(changed), []
    vectors = {}
    for start in range(0, len(changed), 50):  # encoded outside any transaction: takes minutes in bulk
        batch = changed[start:start + 50]
        for doc, vector in zip(batch, encoder.passages([d.embedding_text() for d in batch])):
            vectors[doc.id] = vector
        if progress:
            progress(start + len(batch), len(changed))
    gone = set(stored) - set(wanted)
    with transaction.atomic():
        locks.hold("assistant-index")
        for doc in changed:
            IndexedEntry.objects.update_or_create(
                entry_id=doc.id, defaults={"content_hash": wanted[doc.id], "vector": encoder.to_bytes(vectors[doc.id])}
            )
        deleted = IndexedEntry.objects.filter(entry_id__in=gone).delete()[0] if gone else 0
        state, _ = IndexState.objects.select_for_update().get_or_create(pk=1)
        text_hash = documents_hash(docs)
        if changed or deleted or state.documents_hash != text_hash:
            IndexState.objects.filter(pk=1).update(
                version=F("version") + 1, built_at=timezone.now(), entries=len(docs), documents_hash=text_hash
            )
            state.refresh_from_db()
    return SyncResult(len(docs), len(changed), deleted, pending, state.version)


def _refresh() -> None:
    try:
        result = sync(limit=AUTO_ENCODE_LIMIT)
    except Exception:  # the save has committed; a failed refresh must not turn it into an error
        log.exception("assistant index refresh failed; run manage.py build_assistant_index")
        return
    if result.pending:
        log.warning("assistant index: %s changed entries wait for manage.py build_assistant_index", result.pending)


def refresh_after_commit() -> None:
    """Once per transaction, however many rows it saved (a rolled-back transaction's queued
    callbacks are discarded by Django, so nothing is left marked as queued)."""
    connection = transaction.get_connection()
    if any(entry[1] is _refresh for entry in connection.run_on_commit):
        return
    transaction.on_commit(_refresh)


_lock = threading.Lock()
_state: dict = {"version": None, "index": None}


def stored_version() -> int:
    return IndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def _load() -> Index:
    docs = knowledge.documents()
    rows = {e: (h, v) for e, h, v in IndexedEntry.objects.values_list("entry_id", "content_hash", "vector")}
    vectors = np.zeros((len(docs), encoder.DIMENSIONS), dtype=np.float32)
    for i, doc in enumerate(docs):
        row = rows.get(doc.id)
        if row and row[0] == content_hash(doc):  # a stale vector is worse than none
            vectors[i] = encoder.from_bytes(row[1])
    return Index(docs, vectors)


def current() -> Index:
    # The catalogue's generation too: a bulk publish (QuerySet.update) sends no signal, and an item
    # published that way is found by BM25 at once and by its vector after the next sync.
    version = (stored_version(), search_index.generation())
    if _state["version"] != version or _state["index"] is None:
        with _lock:
            if _state["version"] != version or _state["index"] is None:
                _state["index"] = _load()
                _state["version"] = version
    return _state["index"]


def forget() -> None:
    """Drop this process's copy (tests whose rolled-back rows must not outlive them)."""
    with _lock:
        _state["version"] = None
        _state["index"] = None
