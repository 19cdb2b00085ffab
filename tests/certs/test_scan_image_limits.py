"""Images are bounded before they are decoded: a 400-megapixel PNG of a few kilobytes (a
decompression bomb) is refused with a specific message, on the page and in qr.read, not a 500."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestop.accounts.models import User
from onestop.certs import qr

from .helpers import online


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid black-and-white PNG of width × height pixels, compressed to a few kilobytes."""
    row = b"\x00" + bytes((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def test_qr_read_refuses_a_400_megapixel_image_of_a_few_kilobytes():
    data = huge_png()
    assert len(data) < 1024 * 1024
    with pytest.raises(qr.ImageTooLarge) as error:
        qr.read(data)
    assert error.value.message == "图片尺寸过大，请上传不超过 5000 万像素的照片"


def test_qr_read_names_the_size_of_an_image_over_the_bound():
    with pytest.raises(qr.ImageTooLarge) as error:
        qr.read(huge_png(10_000, 6_000))
    assert error.value.message == "图片尺寸过大（10000×6000 像素），请上传不超过 5000 万像素的照片"


def test_qr_read_refuses_too_many_bytes():
    with pytest.raises(qr.ImageTooLarge) as error:
        qr.read(b"\x89PNG\r\n\x1a\n" + bytes(qr.MAX_IMAGE_BYTES))
    assert "MB" in error.value.message


def test_an_image_just_within_the_bounds_is_still_read(certificate):
    token = online(certificate)
    [read] = qr.read(qr.make_png(token, scale=20))
    assert read == token


@pytest.mark.django_db
def test_the_scan_page_answers_a_decompression_bomb_with_a_specific_message():
    client = Client()
    client.force_login(User.objects.get(username="d009-window"))
    upload = SimpleUploadedFile("qr.png", huge_png(), content_type="image/png")
    response = client.post("/console/scan/", {"image": upload, "purpose": "窗口核验"})
    assert response.status_code == 400
    assert "图片尺寸过大" in response.content.decode()


@pytest.mark.django_db
def test_the_public_page_answers_a_decompression_bomb_with_the_same_specific_message():
    upload = SimpleUploadedFile("qr.png", huge_png(), content_type="image/png")
    response = Client().post("/verify/", {"image": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "图片尺寸过大，请上传不超过 5000 万像素的照片" in page
    assert "无法识别该图片" not in page
