"""Compact JWS (RFC 7515) over canonical JSON (RFC 8785), signed by any Signer in ``signing``."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import rfc8785

from .signing import InvalidSignature, Signer, Verifier


class TokenInvalid(Exception):
    """A token that is malformed, signed by an unknown key, or whose signature does not match."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(payload: dict, signer: Signer, typ: str) -> str:
    header = {"alg": signer.alg, "kid": signer.kid, "typ": typ}
    signing_input = f"{b64url(rfc8785.dumps(header))}.{b64url(rfc8785.dumps(payload))}"
    return f"{signing_input}.{b64url(signer.sign(signing_input.encode('ascii')))}"


def read_header(token: str) -> dict:
    try:
        header = json.loads(b64url_decode(token.split(".", 1)[0]))
    except (ValueError, IndexError):
        raise TokenInvalid("malformed header") from None
    if not isinstance(header, dict) or not isinstance(header.get("kid"), str):
        raise TokenInvalid("malformed header")
    return header


def verify(token: str, resolve: Callable[[str, str], Verifier | None], typ: str) -> dict:
    """The payload of a valid token; ``resolve(kid, alg)`` gives the trusted verifier or None."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenInvalid("not a compact JWS")
    header = read_header(token)
    if header.get("typ") != typ:
        raise TokenInvalid("unexpected token type")
    verifier = resolve(header["kid"], header.get("alg", ""))
    if verifier is None or verifier.alg != header.get("alg"):
        raise TokenInvalid("unknown signing key")
    try:
        verifier.verify(f"{parts[0]}.{parts[1]}".encode("ascii"), b64url_decode(parts[2]))
        payload = json.loads(b64url_decode(parts[1]))
    except (InvalidSignature, ValueError):
        raise TokenInvalid("signature does not match") from None
    if not isinstance(payload, dict):
        raise TokenInvalid("malformed payload")
    return payload
