"""Signers and verifiers behind one interface: SM2-with-SM3 (国密, through tongsuopy) and Ed25519
(through cryptography). An HSM or a signing service can be added as another module here.

Signatures are raw fixed-length bytes (SM2: r||s, 32 bytes each; Ed25519: 64 bytes), as JWS uses
for ES256, so tokens and QR codes stay short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class InvalidSignature(Exception):
    """The signature does not match the data and key."""


class Signer(Protocol):
    alg: str  # JWS "alg": "SM2" (SM2 with SM3) or "EdDSA" (Ed25519)
    kid: str

    def sign(self, data: bytes) -> bytes: ...

    def public_key_bytes(self) -> bytes: ...

    def private_key_bytes(self) -> bytes: ...


class Verifier(Protocol):
    alg: str
    kid: str

    def verify(self, data: bytes, signature: bytes) -> None:
        """Returns quietly when valid; raises InvalidSignature otherwise."""


@dataclass(frozen=True)
class Algorithm:
    name: str
    generate: callable
    load_signer: callable  # (kid, private key bytes) -> Signer
    load_verifier: callable  # (kid, public key bytes) -> Verifier


def algorithms() -> dict[str, Algorithm]:
    from . import ed25519, sm2

    return {
        "EdDSA": Algorithm("EdDSA", ed25519.generate, ed25519.Ed25519Signer.load, ed25519.Ed25519Verifier.load),
        "SM2": Algorithm("SM2", sm2.generate, sm2.Sm2Signer.load, sm2.Sm2Verifier.load),
    }


def generate_signer(alg: str, kid: str) -> Signer:
    return algorithms()[alg].generate(kid)


def load_signer(alg: str, kid: str, private_key: bytes) -> Signer:
    return algorithms()[alg].load_signer(kid, private_key)


def load_verifier(alg: str, kid: str, public_key: bytes) -> Verifier:
    return algorithms()[alg].load_verifier(kid, public_key)
