import pytest

from onestop.certs import jws, status_list
from onestop.certs.signing import generate_signer


def test_a_list_has_at_least_131072_entries():
    assert status_list.StatusList().size == 131_072
    with pytest.raises(ValueError):
        status_list.StatusList(size=1024)


def test_revoked_bits_survive_signing_and_compression():
    signer = generate_signer("SM2", "status-key")
    bits = status_list.StatusList()
    for index in (0, 7, 8, 65_000, 131_071):
        bits.revoke(index)
    token = status_list.sign_list(bits, "issuer", "https://example/status/1", signer)
    read = status_list.verify_list(token, lambda kid, alg: signer.verifier())
    assert [read.is_revoked(i) for i in (0, 1, 7, 8, 9, 65_000, 131_070, 131_071)] == [
        True, False, True, True, False, True, False, True
    ]
    assert len(token) < 1000  # a sparse list compresses to a few hundred bytes


def test_an_expired_or_forged_list_is_rejected():
    signer = generate_signer("EdDSA", "k")
    token = status_list.sign_list(status_list.StatusList(), "issuer", "uri", signer, ttl_seconds=60)
    with pytest.raises(jws.TokenInvalid, match="expired"):
        status_list.verify_list(token, lambda kid, alg: signer.verifier(), now=2**40)
    stranger = generate_signer("EdDSA", "k")
    with pytest.raises(jws.TokenInvalid):
        status_list.verify_list(token, lambda kid, alg: stranger.verifier())


def test_an_index_outside_the_list_is_an_error():
    with pytest.raises(IndexError):
        status_list.StatusList().is_revoked(131_072)
