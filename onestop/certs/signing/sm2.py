"""SM2 signatures with SM3 (GB/T 32918, GB/T 32905) through tongsuopy (Tongsuo, C).

Never gmssl: its pure-Python SM2 draws the signing nonce from a non-cryptographic generator.
"""

from __future__ import annotations

from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec
from tongsuopy.crypto.exceptions import InvalidSignature as _TongsuoInvalid

from . import InvalidSignature

_SIGNATURE = ec.ECDSA(hashes.SM3())
_SIZE = 32  # bytes of r and of s


def _der_to_raw(der: bytes) -> bytes:
    # DER SEQUENCE { INTEGER r, INTEGER s } -> r || s, 32 bytes each.
    if der[0] != 0x30:
        raise ValueError("not a DER signature")
    offset = 2 if der[1] < 0x80 else 3
    parts = []
    for _ in range(2):
        if der[offset] != 0x02:
            raise ValueError("not a DER integer")
        length = der[offset + 1]
        parts.append(int.from_bytes(der[offset + 2 : offset + 2 + length], "big"))
        offset += 2 + length
    return b"".join(p.to_bytes(_SIZE, "big") for p in parts)


def _raw_to_der(raw: bytes) -> bytes:
    if len(raw) != 2 * _SIZE:
        raise InvalidSignature
    body = b""
    for part in (raw[:_SIZE], raw[_SIZE:]):
        value = part.lstrip(b"\x00") or b"\x00"
        if value[0] & 0x80:
            value = b"\x00" + value
        body += b"\x02" + bytes([len(value)]) + value
    return b"\x30" + bytes([len(body)]) + body


class Sm2Signer:
    alg = "SM2"

    def __init__(self, kid: str, key):
        self.kid = kid
        self._key = key

    @classmethod
    def load(cls, kid: str, private_key: bytes) -> Sm2Signer:
        return cls(kid, serialization.load_der_private_key(private_key, password=None))

    def sign(self, data: bytes) -> bytes:
        return _der_to_raw(self._key.sign(data, _SIGNATURE))

    def public_key_bytes(self) -> bytes:
        return self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def private_key_bytes(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def verifier(self) -> Sm2Verifier:
        return Sm2Verifier(self.kid, self._key.public_key())


class Sm2Verifier:
    alg = "SM2"

    def __init__(self, kid: str, key):
        self.kid = kid
        self._key = key

    @classmethod
    def load(cls, kid: str, public_key: bytes) -> Sm2Verifier:
        return cls(kid, serialization.load_der_public_key(public_key))

    def verify(self, data: bytes, signature: bytes) -> None:
        try:
            self._key.verify(_raw_to_der(signature), data, _SIGNATURE)
        except (_TongsuoInvalid, ValueError):
            raise InvalidSignature from None


def generate(kid: str) -> Sm2Signer:
    return Sm2Signer(kid, ec.generate_private_key(ec.SM2()))
