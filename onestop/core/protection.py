"""Personal data at rest (DESIGN §4 "Personal data"): ID numbers are stored encrypted (SM4-GCM),
found through a keyed hash (HMAC-SM3), and shown masked. Keys come from settings (environment)."""

from __future__ import annotations

import base64
import hashlib
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_VERSION = "s1"
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")


class ProtectedValueError(Exception):
    """Ciphertext that this installation's key cannot open (tampered, or another key)."""


def _key(name: str, size: int) -> bytes:
    value = getattr(settings, name)
    key = bytes.fromhex(value) if value else hashlib.sha256(f"{name}:{settings.SECRET_KEY}".encode()).digest()
    if len(key) < size:
        raise ValueError(f"{name} must be at least {size} bytes of hex")
    return key[:size]


def encrypt(text: str) -> str:
    iv = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(_key("ONESTOP_DATA_KEY", 16)), modes.GCM(iv)).encryptor()
    body = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    return f"{_VERSION}:" + base64.b64encode(iv + body + encryptor.tag).decode("ascii")


def decrypt(token: str) -> str:
    version, _, payload = token.partition(":")
    if version != _VERSION:
        raise ProtectedValueError("unknown protection version")
    try:
        raw = base64.b64decode(payload, validate=True)
        if len(raw) < 12 + 16:
            raise ValueError("too short")
        iv, body, tag = raw[:12], raw[12:-16], raw[-16:]
        decryptor = Cipher(algorithms.SM4(_key("ONESTOP_DATA_KEY", 16)), modes.GCM(iv, tag)).decryptor()
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except (InvalidTag, ValueError):  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise ProtectedValueError("ciphertext does not open with this key") from None


# Files (uploaded materials): magic, 12-byte IV, ciphertext, 16-byte tag; the AAD names the file.
FILE_MAGIC = b"OSE1"


def encrypt_bytes(data: bytes, context: bytes) -> bytes:
    """SM4-GCM over a file's bytes, bound to ``context`` (e.g. the file's token): a ciphertext moved
    to another file does not open."""
    iv = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(_key("ONESTOP_DATA_KEY", 16)), modes.GCM(iv)).encryptor()
    encryptor.authenticate_additional_data(context)
    body = encryptor.update(data) + encryptor.finalize()
    return FILE_MAGIC + iv + body + encryptor.tag


def is_encrypted_file(blob: bytes) -> bool:
    return blob.startswith(FILE_MAGIC)


def decrypt_bytes(blob: bytes, context: bytes) -> bytes:
    if not is_encrypted_file(blob) or len(blob) < len(FILE_MAGIC) + 12 + 16:
        raise ProtectedValueError("not an encrypted file")
    raw = blob[len(FILE_MAGIC):]
    iv, body, tag = raw[:12], raw[12:-16], raw[-16:]
    decryptor = Cipher(algorithms.SM4(_key("ONESTOP_DATA_KEY", 16)), modes.GCM(iv, tag)).decryptor()
    decryptor.authenticate_additional_data(context)
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise ProtectedValueError("file does not open with this key") from None


def lookup_hash(text: str) -> str:
    """Equal inputs give equal hashes, so the column can be searched; without the key it reveals nothing."""
    mac = hmac.HMAC(_key("ONESTOP_LOOKUP_KEY", 32), hashes.SM3())
    mac.update(text.strip().upper().encode("utf-8"))
    return mac.finalize().hex()


def mask_id_number(value: str) -> str:
    """440403********1234: area code and the last four characters only."""
    value = value.strip().upper()
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) >= 10 else "*" * len(value)


def mask_mobile(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) == 11 else "*" * len(value)


def mask_id_numbers_in(text: str) -> str:
    return _ID_NUMBER.sub(lambda m: f"{m.group(1)}********{m.group(2)[-4:]}", text)
