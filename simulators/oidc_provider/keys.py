"""The simulator's ID-token signing key: generated at start-up (RSA 2048, RS256), or read from
``OIDC_SIM_SIGNING_KEY`` (a PEM private key: RSA → RS256, EC P-256 → ES256)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from jwcrypto import jwk


@dataclass(frozen=True)
class SigningKey:
    key: jwk.JWK
    alg: str
    kid: str

    @classmethod
    def from_pem(cls, pem: bytes) -> SigningKey:
        key = jwk.JWK.from_pem(pem)
        if key.get("kty") == "RSA":
            alg = "RS256"
        elif key.get("kty") == "EC" and key.get("crv") == "P-256":
            alg = "ES256"
        else:
            raise ValueError("OIDC_SIM_SIGNING_KEY must be an RSA or EC P-256 private key")
        if not key.has_private:
            raise ValueError("OIDC_SIM_SIGNING_KEY must hold a private key")
        return cls(key, alg, key.thumbprint())

    @classmethod
    def generate(cls) -> SigningKey:
        key = jwk.JWK.generate(kty="RSA", size=2048)
        return cls(key, "RS256", key.thumbprint())

    @classmethod
    def from_env(cls) -> SigningKey:
        pem = os.environ.get("OIDC_SIM_SIGNING_KEY", "").strip()
        return cls.from_pem(pem.encode()) if pem else cls.generate()

    def jwks(self) -> dict[str, Any]:
        public = self.key.export_public(as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": self.alg, "use": "sig"}]}
