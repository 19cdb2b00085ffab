"""QR codes: made with segno, read with zxing-cpp (it reads degraded photos that pyzbar misses)."""

from __future__ import annotations

import io

import segno
import zxingcpp
from PIL import Image

MAX_OFFLINE_VERSION = 13


def make_png(text: str, scale: int = 6, max_version: int | None = None) -> bytes:
    # error="m" and no boost, so that the level stays M as the offline profile requires.
    code = segno.make(text, error="m", boost_error=False, micro=False)
    if max_version is not None and code.version > max_version:
        raise ValueError(f"QR version {code.version} exceeds {max_version}")
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_version(text: str) -> tuple[int, str]:
    code = segno.make(text, error="m", boost_error=False, micro=False)
    return code.version, code.error


def read(image_bytes: bytes) -> list[str]:
    """The texts of all QR codes found in a PNG/JPEG image (a photo or a screenshot)."""
    with Image.open(io.BytesIO(image_bytes)) as image:
        image.load()
        results = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid]
