"""免证: a valid 电子居民身份证 is offered for 无犯罪记录证明; uploads are checked by content, size and
whether an image decodes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from onestop.cases import services, uploads
from onestop.catalog.models import ServiceItem

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _image(fmt: str, size=(600, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (250, 250, 250)).save(out, format=fmt)
    return out.getvalue()


def _upload(data: bytes, name="scan.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/jpeg")


def test_a_valid_jpeg_png_and_pdf_are_accepted():
    assert uploads.check(_upload(_image("JPEG"))) is None
    assert uploads.check(_upload(_image("PNG"), "scan.png")) is None
    assert uploads.check(_upload(PDF, "scan.pdf")) is None


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xd8\xff" + b"not really a jpeg" * 10, "图片无法打开"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "图片无法打开"),
    (_image("JPEG")[:-600], "图片无法打开"),  # cut off in the middle
    (_image("PNG", (120, 80)), "图片过小"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "PDF 文件不完整"),
    (b"GIF89a" + b"\x00" * 40, "仅支持 PDF、JPEG、PNG"),
    (b"", "文件为空"),
])
def test_a_file_that_is_not_what_it_claims_or_does_not_decode_is_refused(data, reason):
    assert reason in (uploads.check(_upload(data)) or "")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_cut_off_image_is_refused_even_where_pillow_is_told_to_load_truncated_images(fmt, monkeypatch):
    # WeasyPrint sets this global when imported, so every process that prints a PDF has it on.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = _image(fmt, (800, 600))
    assert uploads.check(_upload(whole)) is None
    assert "图片无法打开" in uploads.check(_upload(whole[: len(whole) // 2]))



def test_an_image_with_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PIXELS", 600 * 400 - 1)
    assert "像素过多" in uploads.check(_upload(_image("PNG"), "big.png"))


def test_a_png_body_named_jpeg_is_checked_as_the_png_it_is():
    assert uploads.check(_upload(_image("PNG"), "photo.jpg")) is None
    assert uploads.describe(_upload(_image("PNG"), "photo.jpg")).content_type == "image/png"


def test_a_valid_electronic_id_card_is_offered_for_the_criminal_record_certificate(citizen):
    item = ServiceItem.objects.get(name="无犯罪记录证明")
    applicant = services.applicant_for(citizen)
    id_material = item.materials.get(name="申请人居民身份证")
    assert id_material.ecert_type.name == "居民身份证"
    offered = {o.material.pk: o.certificate for o in services.material_options(item, applicant)}
    certificate = offered[id_material.pk]
    assert certificate is not None and certificate.holder_person_id == citizen.person.pk
    assert certificate.revoked_at is None


def test_the_apply_page_offers_the_electronic_id_card(client, citizen):
    item = ServiceItem.objects.get(name="无犯罪记录证明")
    client.force_login(citizen)
    html = client.get(f"/items/{item.code}/apply/").content.decode()
    material = item.materials.get(name="申请人居民身份证")
    assert f'name="use_cert_{material.pk}"' in html and "使用电子证照“居民身份证”" in html
