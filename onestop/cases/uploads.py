"""What an applicant may upload: PDF, JPEG or PNG up to 10 MB, recognised by content, not by name.

An image must also decode as the format its first bytes claim (a renamed or truncated file, or a
few bytes that merely start like a JPEG, is refused), be no larger than ``MAX_PIXELS`` (a small file
that expands to gigabytes is refused before it is decoded) and be large enough to be read; a PDF must
end with its end-of-file marker (a truncated upload is refused)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = [(b"%PDF-", "application/pdf", "PDF"), (b"\xff\xd8\xff", "image/jpeg", "JPEG"), (b"\x89PNG\r\n\x1a\n", "image/png", "PNG")]
ALLOWED_LABEL = "、".join(label for _, _, label in SIGNATURES)
_PIL_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A phone photo of a certificate is 12-50 megapixels; more is refused rather than decoded.
MAX_PIXELS = 60_000_000
# The shorter side of a scan or photo a clerk can still read.
MIN_SIDE = 200
# Where a file's end marker must be found: its last KiB (incremental saves, or a camera's trailer,
# may follow it).
TAIL = 1024
# Each format's end marker. Decoding alone cannot be trusted to find a cut-off file: WeasyPrint sets
# Pillow's global LOAD_TRUNCATED_IMAGES when imported, and any process that prints a PDF has done so.
END_MARKERS = {"application/pdf": b"%%EOF", "image/jpeg": b"\xff\xd9", "image/png": b"IEND\xaeB`\x82"}


def sniff(head: bytes) -> str | None:
    return next((ctype for magic, ctype, _ in SIGNATURES if head.startswith(magic)), None)


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def complete(data: bytes, content_type: str) -> bool:
    """Whether a PDF, JPEG or PNG file's end marker is where it belongs (the file was not cut off)."""
    return END_MARKERS[content_type] in data[-TAIL:]


def _image_problem(data: bytes, content_type: str) -> str | None:
    label = _PIL_FORMAT[content_type]
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != label:
                return f"文件内容不是有效的 {label} 图片"
            width, height = image.size
            if width * height > MAX_PIXELS:
                return f"图片像素过多（{width}×{height}），请缩小后重新上传"
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return f"图片无法打开，文件可能已损坏或不完整，请重新拍摄或扫描后上传（{label}）"
    if min(width, height) < MIN_SIDE:
        return f"图片过小（{width}×{height} 像素），无法看清，请上传短边不少于 {MIN_SIDE} 像素的清晰图片"
    return None


def check(upload) -> str | None:
    """A Chinese reason why the file is refused, or None."""
    if upload.size == 0:
        return "文件为空"
    if upload.size > MAX_BYTES:
        return f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB"
    content_type = sniff(_head(upload))
    if content_type is None:
        return f"仅支持 {ALLOWED_LABEL} 格式的文件"
    data = _read(upload)
    whole = complete(data, content_type)
    if content_type == "application/pdf":
        return None if whole else "PDF 文件不完整（缺少文件结束标记），请重新导出后上传"
    if not whole:
        return f"图片无法打开，文件可能已损坏或不完整，请重新拍摄或扫描后上传（{_PIL_FORMAT[content_type]}）"
    return _image_problem(data, content_type)


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
