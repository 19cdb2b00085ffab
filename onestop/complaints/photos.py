"""Photos attached to a report: real JPEG or PNG images (decoded, not trusted by name), at most
MAX_PHOTOS of MAX_BYTES each, re-encoded without their metadata so that EXIF (GPS position, camera
serial) never reaches the store; the citizen's location, if shared, is the report's own field."""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from onestop.cases import uploads

MAX_PHOTOS = 3
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decompression bombs: Pillow's own limit is close to this
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


class PhotoError(ValueError):
    pass


def clean(upload) -> tuple[ContentFile, str]:
    """The photo re-encoded without metadata, and its content type; PhotoError with a Chinese reason."""
    if upload.size == 0:
        raise PhotoError(f"照片“{upload.name}”是空文件")
    if upload.size > MAX_BYTES:
        raise PhotoError(f"照片“{upload.name}”超过 {MAX_BYTES // 1024 // 1024} MB")
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if fmt not in FORMATS:
                raise PhotoError(f"照片“{upload.name}”不是 JPEG 或 PNG 图片")
            if not uploads.complete(data, FORMATS[fmt]):  # decoding may not notice: see cases.uploads
                raise PhotoError(f"照片“{upload.name}”不完整，请重新拍摄或选择后上传")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(f"照片“{upload.name}”像素过大")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoError(f"照片“{upload.name}”无法识别，请上传 JPEG 或 PNG 图片") from None
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)  # keep the picture upright once the orientation tag is gone
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88)
    else:
        image.save(out, "PNG")
    return ContentFile(out.getvalue(), name="photo"), FORMATS[fmt]
