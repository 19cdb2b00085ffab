"""What an applicant may upload: PDF, JPEG or PNG up to 10 MB, recognised by content, not by name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = [(b"%PDF-", "application/pdf", "PDF"), (b"\xff\xd8\xff", "image/jpeg", "JPEG"), (b"\x89PNG\r\n\x1a\n", "image/png", "PNG")]
ALLOWED_LABEL = "、".join(label for _, _, label in SIGNATURES)


def sniff(head: bytes) -> str | None:
    return next((ctype for magic, ctype, _ in SIGNATURES if head.startswith(magic)), None)


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head


def check(upload) -> str | None:
    """A Chinese reason why the file is refused, or None."""
    if upload.size == 0:
        return "文件为空"
    if upload.size > MAX_BYTES:
        return f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB"
    if sniff(_head(upload)) is None:
        return f"仅支持 {ALLOWED_LABEL} 格式的文件"
    return None


@dataclass(frozen=True)
class FileInfo:
    name: str
    content_type: str
    size: int
    sha256: str


def describe(upload) -> FileInfo:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-120:]
    return FileInfo(name, sniff(_head(upload)) or "application/octet-stream", upload.size, digest.hexdigest())
