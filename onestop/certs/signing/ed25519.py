from __future__ import annotations

from cryptography.exceptions import InvalidSignature as _CryptoInvalid
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import InvalidSignature

_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


class Ed25519Signer:
    alg = "EdDSA"

    def __init__(self, kid: str, key: Ed25519PrivateKey):
        self.kid = kid
        self._key = key

    @classmethod
    def load(cls, kid: str, private_key: bytes) -> Ed25519Signer:
        return cls(kid, Ed25519PrivateKey.from_private_bytes(private_key))

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def public_key_bytes(self) -> bytes:
        return self._key.public_key().public_bytes(**_RAW)

    def private_key_bytes(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )

    def verifier(self) -> Ed25519Verifier:
        return Ed25519Verifier(self.kid, self._key.public_key())


class Ed25519Verifier:
    alg = "EdDSA"

    def __init__(self, kid: str, key: Ed25519PublicKey):
        self.kid = kid
        self._key = key

    @classmethod
    def load(cls, kid: str, public_key: bytes) -> Ed25519Verifier:
        return cls(kid, Ed25519PublicKey.from_public_bytes(public_key))

    def verify(self, data: bytes, signature: bytes) -> None:
        try:
            self._key.verify(signature, data)
        except _CryptoInvalid:
            raise InvalidSignature from None


def generate(kid: str) -> Ed25519Signer:
    return Ed25519Signer(kid, Ed25519PrivateKey.generate())
