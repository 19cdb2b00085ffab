import pytest

from onestop.certs import jws
from onestop.certs.signing import InvalidSignature, generate_signer, load_signer, load_verifier

ALGS = ["SM2", "EdDSA"]


@pytest.mark.parametrize("alg", ALGS)
def test_keys_survive_a_round_trip_through_bytes(alg):
    signer = generate_signer(alg, "k1")
    again = load_signer(alg, "k1", signer.private_key_bytes())
    verifier = load_verifier(alg, "k1", signer.public_key_bytes())
    signature = again.sign(b"data")
    assert len(signature) == 64
    verifier.verify(b"data", signature)


@pytest.mark.parametrize("alg", ALGS)
def test_a_tampered_message_or_signature_is_rejected(alg):
    signer = generate_signer(alg, "k1")
    verifier = load_verifier(alg, "k1", signer.public_key_bytes())
    signature = signer.sign(b"data")
    with pytest.raises(InvalidSignature):
        verifier.verify(b"dat4", signature)
    with pytest.raises(InvalidSignature):
        verifier.verify(b"data", bytes([signature[0] ^ 1]) + signature[1:])
    with pytest.raises(InvalidSignature):
        verifier.verify(b"data", signature[:-1])


@pytest.mark.parametrize("alg", ALGS)
def test_jws_round_trip_and_canonical_payload(alg):
    signer = generate_signer(alg, "issuer-1")
    token = jws.sign({"b": 1, "a": "证照"}, signer, "test+jwt")
    payload_part = token.split(".")[1]
    assert jws.b64url_decode(payload_part) == '{"a":"证照","b":1}'.encode()  # RFC 8785 order
    resolve = {("issuer-1", alg): load_verifier(alg, "issuer-1", signer.public_key_bytes())}
    assert jws.verify(token, lambda kid, a: resolve.get((kid, a)), "test+jwt") == {"a": "证照", "b": 1}


def test_jws_rejects_tampering_unknown_keys_and_algorithm_swaps():
    signer = generate_signer("EdDSA", "issuer-1")
    other = generate_signer("EdDSA", "issuer-2")
    verifiers = {"issuer-1": load_verifier("EdDSA", "issuer-1", signer.public_key_bytes())}

    def resolve(kid, alg):
        return verifiers.get(kid)

    token = jws.sign({"holder": "甲"}, signer, "t")
    header, payload, signature = token.split(".")
    forged_payload = jws.b64url(b'{"holder":"\xe4\xb9\x99"}')
    for bad in (
        f"{header}.{forged_payload}.{signature}",
        jws.sign({"holder": "甲"}, other, "t"),
        f"{header}.{payload}",
        "not-a-token",
    ):
        with pytest.raises(jws.TokenInvalid):
            jws.verify(bad, resolve, "t")
    with pytest.raises(jws.TokenInvalid):
        jws.verify(token, resolve, "another-type")
    swapped = jws.b64url(b'{"alg":"SM2","kid":"issuer-1","typ":"t"}')
    with pytest.raises(jws.TokenInvalid):
        jws.verify(f"{swapped}.{payload}.{signature}", resolve, "t")
