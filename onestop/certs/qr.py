"""QR codes: made with segno, read with zxing-cpp (it reads degraded photos that pyzbar misses)."""

from __future__ import annotations

import io

import segno
import zxingcpp
from PIL import Image

MAX_OFFLINE_VERSION = 13
# A phone photo is up to ~50 megapixels and a few MB; anything beyond is refused before decoding.
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000


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


class ImageTooLarge(ValueError):
    """An image refused before decoding: too many bytes or pixels (a decompression bomb)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_size(image_bytes: bytes) -> None:
    if len(image_bytes) > MAX_IMAGE_BYTES:
        raise ImageTooLarge(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，请压缩后重新上传")


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageTooLarge(
            f"图片尺寸过大（{width}×{height} 像素），请上传不超过 {MAX_IMAGE_PIXELS // 10_000} 万像素的照片"
        )


def read(image_bytes: bytes) -> list[str]:
    """The texts of all QR codes found in a PNG/JPEG image (a photo or a screenshot). Bytes and
    pixels are bounded before anything is decoded: Image.open reads only the header."""
    _check_size(image_bytes)
    try:
        image = Image.open(io.BytesIO(image_bytes))
    except Image.DecompressionBombError:
        raise ImageTooLarge(f"图片尺寸过大，请上传不超过 {MAX_IMAGE_PIXELS // 10_000} 万像素的照片") from None
    with image:
        _check_pixels(*image.size)
        image.load()
        results = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid]
