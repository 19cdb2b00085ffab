"""Uploaded materials at rest (ID-card scans and the like): encrypted with SM4-GCM under the data key
(onestop/core/protection.py), bound to the material's token, stored 0600 (FILE_UPLOAD_PERMISSIONS);
decrypted only when served to someone allowed to see the case. Files stored in clear before this
existed are still read as they are."""

from __future__ import annotations

from django.core.files.base import ContentFile

from onestop.core import protection


def store(row, upload) -> None:
    """Saves the upload's bytes, encrypted, as the row's file (the row itself is saved by the caller)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    row.file.save(row.token, ContentFile(protection.encrypt_bytes(data, row.token.encode())), save=False)


def read(row) -> bytes:
    """The file's plain bytes. Raises protection.ProtectedValueError if it does not open."""
    with row.file.open("rb") as stored:
        blob = stored.read()
    if protection.is_encrypted_file(blob):
        return protection.decrypt_bytes(blob, row.token.encode())
    return blob  # stored in clear before encryption at rest
