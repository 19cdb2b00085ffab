"""Offline 亮证 tokens: a short signed token for places without network (DESIGN §4).

Binary layout, then base45 (RFC 9285) behind the prefix ``OS1:`` so the QR code uses the compact
alphanumeric mode; ≤ 300 bytes fits QR version 13 at error correction level M:

    version 1 | alg 1 | kid len 1 | kid | id len 1 | certificate id | status index 4 |
    issued at 4 | expires at 4 | nonce 8 | signature 64

The token proves which certificate was shown, by whom it was signed, until when, and where its
revocation bit is; the verifier fetches nothing but the (cached) status list.

The QR printed on a certificate's face (照面) is the same signed body with version 2 and no expiry
(expires at 0), encoded base64url behind ``OSP:`` so that it can sit in the query of a verification
URL: it may be scanned any number of times, and its status is always judged live from the status list
and the certificate's own validity. The version byte is signed, so neither kind passes for the other.
"""

from __future__ import annotations

import base64
import re
import secrets
import struct
import time
from dataclasses import dataclass

import base45

from .signing import InvalidSignature, Signer

PREFIX = "OS1:"
PRINTED_PREFIX = "OSP:"
VERSION = 1
PRINTED_VERSION = 2
MAX_BYTES = 300
SIGNATURE_BYTES = 64
_ALGS = {"EdDSA": 1, "SM2": 2}
_ALG_NAMES = {v: k for k, v in _ALGS.items()}


class OfflineTokenInvalid(Exception):
    """Malformed, forged or tampered (the reason says which)."""


@dataclass(frozen=True)
class OfflineToken:
    alg: str
    kid: str
    certificate_id: str
    status_index: int
    issued_at: int
    expires_at: int
    nonce: bytes
    printed: bool = False

    def body(self) -> bytes:
        kid, cid = self.kid.encode("ascii"), self.certificate_id.encode("ascii")
        version = PRINTED_VERSION if self.printed else VERSION
        return (
            struct.pack("!BBB", version, _ALGS[self.alg], len(kid))
            + kid
            + struct.pack("!B", len(cid))
            + cid
            + struct.pack("!III", self.status_index, self.issued_at, self.expires_at)
            + self.nonce
        )


def issue(signer: Signer, certificate_id: str, status_index: int, valid_seconds: int = 300, now: int | None = None) -> str:
    issued = int(now if now is not None else time.time())
    token = OfflineToken(signer.alg, signer.kid, certificate_id, status_index, issued, issued + valid_seconds, secrets.token_bytes(8))
    raw = token.body() + signer.sign(token.body())
    if len(raw) > MAX_BYTES:
        raise ValueError(f"offline token is {len(raw)} bytes, more than {MAX_BYTES}")
    return PREFIX + base45.b45encode(raw).decode("ascii")


def issue_printed(signer: Signer, certificate_id: str, status_index: int, now: int | None = None) -> str:
    """The code printed on the certificate's face: signed, never expiring, checked live each time."""
    issued = int(now if now is not None else time.time())
    token = OfflineToken(signer.alg, signer.kid, certificate_id, status_index, issued, 0, secrets.token_bytes(8), True)
    raw = token.body() + signer.sign(token.body())
    return PRINTED_PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _raw(text: str) -> tuple[bytes, int]:
    if text.startswith(PREFIX):
        return base45.b45decode(text[len(PREFIX) :]), VERSION
    if text.startswith(PRINTED_PREFIX):
        encoded = text[len(PRINTED_PREFIX) :]
        if not re.fullmatch(r"[A-Za-z0-9_-]*", encoded):
            raise ValueError("not base64url")
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)), PRINTED_VERSION
    raise OfflineTokenInvalid("不是本平台的离线亮证码")


def parse(text: str) -> tuple[OfflineToken, bytes]:
    try:
        raw, expected_version = _raw(text)
        version, alg, kid_len = struct.unpack_from("!BBB", raw, 0)
        offset = 3
        kid = raw[offset : offset + kid_len].decode("ascii")
        offset += kid_len
        (cid_len,) = struct.unpack_from("!B", raw, offset)
        offset += 1
        cid = raw[offset : offset + cid_len].decode("ascii")
        offset += cid_len
        status_index, issued, expires = struct.unpack_from("!III", raw, offset)
        offset += 12
        nonce, signature = raw[offset : offset + 8], raw[offset + 8 :]
    except (ValueError, struct.error, UnicodeDecodeError):
        raise OfflineTokenInvalid("二维码已损坏，无法读取") from None
    if version != expected_version or alg not in _ALG_NAMES or len(nonce) != 8 or len(signature) != SIGNATURE_BYTES:
        raise OfflineTokenInvalid("二维码已损坏，无法读取")
    printed = version == PRINTED_VERSION
    return OfflineToken(_ALG_NAMES[alg], kid, cid, status_index, issued, expires, nonce, printed), signature


def verify(text: str, resolve) -> OfflineToken:
    """The token when its signature checks with the trusted key ``resolve(kid, alg)``; expiry and
    revocation are the caller's to check, so that each gets its own verdict."""
    token, signature = parse(text)
    verifier = resolve(token.kid, token.alg)
    if verifier is None:
        raise OfflineTokenInvalid("签发机关的密钥不在信任列表中")
    try:
        verifier.verify(token.body(), signature)
    except InvalidSignature:
        raise OfflineTokenInvalid("签名不符，证照信息可能被篡改或伪造") from None
    return token
