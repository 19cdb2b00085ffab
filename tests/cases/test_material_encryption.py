"""Uploaded materials are encrypted at rest (SM4-GCM, bound to the material's token), stored 0600,
and decrypted only when served to someone who may see the case; files stored in clear before
encryption still open; a file that does not open gets a message, not a 500."""

import os
import stat

import pytest
from django.core.files.base import ContentFile

from onestop.core.protection import ProtectedValueError, decrypt_bytes

from .conftest import pdf

SCAN = b"%PDF-1.4\n% ID card scan of 440403199408248952\n%%EOF\n"


def _upload_case(submit, item):
    return submit(files={item.materials.first().pk: pdf("身份证.pdf", SCAN)})


def test_the_stored_file_is_ciphertext_readable_only_by_the_server_user(submit, item):
    material = _upload_case(submit, item).materials.get()
    path = material.file.path
    on_disk = open(path, "rb").read()
    assert SCAN not in on_disk and b"440403199408248952" not in on_disk
    assert decrypt_bytes(on_disk, material.token.encode()) == SCAN
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert material.size == len(SCAN)


def test_a_ciphertext_moved_to_another_material_does_not_open(submit, item):
    first = _upload_case(submit, item).materials.get()
    with pytest.raises(ProtectedValueError):
        decrypt_bytes(open(first.file.path, "rb").read(), b"another-token")


def test_the_applicant_downloads_the_plain_file(client, citizen, submit, item):
    case = _upload_case(submit, item)
    client.force_login(citizen)
    response = client.get(f"/my/cases/{case.number}/files/{case.materials.get().token}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == SCAN


def test_a_file_stored_in_clear_before_encryption_still_opens(client, citizen, submit, item):
    case = _upload_case(submit, item)
    material = case.materials.get()
    material.file.save(material.token, ContentFile(SCAN), save=True)  # as uploads were stored before
    client.force_login(citizen)
    response = client.get(f"/my/cases/{case.number}/files/{material.token}/")
    assert b"".join(response.streaming_content) == SCAN


def test_a_tampered_file_is_answered_with_a_message_not_a_500(client, citizen, submit, item):
    case = _upload_case(submit, item)
    material = case.materials.get()
    data = bytearray(open(material.file.path, "rb").read())
    data[-1] ^= 1
    open(material.file.path, "wb").write(bytes(data))
    client.force_login(citizen)
    response = client.get(f"/my/cases/{case.number}/files/{material.token}/", follow=True)
    assert response.status_code == 200
    assert "的文件无法读取，请联系受理部门重新提交" in response.content.decode()
