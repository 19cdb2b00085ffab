"""Revocation status lists: one bit per certificate, compressed, signed, cacheable.

The shape follows the IETF OAuth "Token Status List" draft: a JWS whose payload carries
``status_list: {bits: 1, lst: base64url(zlib(bitstring))}``. Bit i is 1 when the certificate with
status index i is revoked. An issuer's list has at least 131,072 entries so that a single bit
says nothing about how many certificates the issuer has.
"""

from __future__ import annotations

import time
import zlib

from . import jws

MIN_SIZE = 131_072
TOKEN_TYPE = "statuslist+jwt"


class StatusList:
    def __init__(self, size: int = MIN_SIZE, bits: bytes | None = None):
        if size < MIN_SIZE or size % 8:
            raise ValueError(f"a status list has at least {MIN_SIZE} entries, a multiple of 8")
        self.size = size
        self._bits = bytearray(bits) if bits is not None else bytearray(size // 8)
        if len(self._bits) != size // 8:
            raise ValueError("bitstring length does not match size")

    def is_revoked(self, index: int) -> bool:
        self._check(index)
        return bool(self._bits[index // 8] >> (index % 8) & 1)

    def revoke(self, index: int) -> None:
        self._check(index)
        self._bits[index // 8] |= 1 << (index % 8)

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise IndexError(f"status index {index} outside 0..{self.size - 1}")

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def encode(self) -> str:
        return jws.b64url(zlib.compress(self.to_bytes(), 9))

    @classmethod
    def decode(cls, encoded: str) -> StatusList:
        bits = zlib.decompress(jws.b64url_decode(encoded))
        return cls(size=len(bits) * 8, bits=bits)


def sign_list(status_list: StatusList, issuer: str, list_uri: str, signer, ttl_seconds: int = 300) -> str:
    now = int(time.time())
    payload = {
        "iss": issuer,
        "sub": list_uri,
        "iat": now,
        "exp": now + ttl_seconds,
        "ttl": ttl_seconds,
        "status_list": {"bits": 1, "lst": status_list.encode()},
    }
    return jws.sign(payload, signer, TOKEN_TYPE)


def verify_list(token: str, resolve, now: int | None = None) -> StatusList:
    payload = jws.verify(token, resolve, TOKEN_TYPE)
    if payload.get("exp", 0) < (now if now is not None else time.time()):
        raise jws.TokenInvalid("status list expired")
    return StatusList.decode(payload["status_list"]["lst"])
