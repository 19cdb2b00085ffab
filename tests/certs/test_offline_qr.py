"""Offline 亮证 tokens through real QR images: made by segno, read back by zxing-cpp."""

import io

import pytest
from PIL import Image, ImageFilter

from onestop.certs import offline, qr
from onestop.certs.identifiers import make_certificate_id
from onestop.certs.signing import generate_signer

CID = make_certificate_id("11100000000000019F001", "11440403007000091Y", "00000042")


@pytest.fixture(params=["SM2", "EdDSA"])
def signer(request):
    return generate_signer(request.param, f"dm-2026-{request.param.lower()}")


def trusted(signer):
    return lambda kid, alg: signer.verifier() if (kid, alg) == (signer.kid, signer.alg) else None


def test_token_is_small_enough_for_qr_version_13_m(signer):
    text = offline.issue(signer, CID, 99)
    assert len(offline.parse(text)[0].body()) + 64 <= offline.MAX_BYTES
    version, level = qr.qr_version(text)
    assert version <= 13 and level == "M"


def test_a_qr_image_decodes_and_verifies(signer):
    text = offline.issue(signer, CID, 1234, valid_seconds=120)
    [read] = qr.read(qr.make_png(text, max_version=13))
    token = offline.verify(read, trusted(signer))
    assert (token.certificate_id, token.status_index) == (CID, 1234)
    assert token.expires_at - token.issued_at == 120


def test_a_blurred_shrunk_photo_of_the_code_still_reads(signer):
    text = offline.issue(signer, CID, 7)
    image = Image.open(io.BytesIO(qr.make_png(text, scale=4))).convert("L")
    image = image.resize((image.width * 3 // 4, image.height * 3 // 4)).filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=40)
    assert qr.read(out.getvalue()) == [text]


def test_a_tampered_token_fails_its_signature(signer):
    text = offline.issue(signer, CID, 1)
    token, signature = offline.parse(text)
    changed = offline.OfflineToken(token.alg, token.kid, token.certificate_id, 2, token.issued_at, token.expires_at, token.nonce)
    import base45

    forged = offline.PREFIX + base45.b45encode(changed.body() + signature).decode()
    with pytest.raises(offline.OfflineTokenInvalid, match="签名不符"):
        offline.verify(forged, trusted(signer))


def test_a_token_signed_by_an_untrusted_key_is_rejected(signer):
    impostor = generate_signer(signer.alg, signer.kid)  # same key id, different key
    text = offline.issue(impostor, CID, 1)
    with pytest.raises(offline.OfflineTokenInvalid, match="签名不符"):
        offline.verify(text, trusted(signer))
    with pytest.raises(offline.OfflineTokenInvalid, match="信任列表"):
        offline.verify(text, lambda kid, alg: None)


@pytest.mark.parametrize("text", ["hello", "OS1:", "OS1:%%%%", "OS1:" + "0" * 40])
def test_garbage_is_rejected_as_damaged(text):
    with pytest.raises(offline.OfflineTokenInvalid):
        offline.verify(text, lambda kid, alg: None)
