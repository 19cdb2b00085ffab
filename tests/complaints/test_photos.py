"""A report's photo must be a whole image, whatever Pillow's global settings say."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from onestop.complaints import photos


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((640, 480), 60).convert("RGB").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_cut_off_photo_is_refused_even_where_pillow_is_told_to_load_truncated_images(fmt, monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint sets it when imported
    whole = _image(fmt)
    photos.clean(SimpleUploadedFile("p", whole))  # accepted
    with pytest.raises(photos.PhotoError):
        photos.clean(SimpleUploadedFile("p", whole[: len(whole) // 2]))
