import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.news import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_real_pdf_is_attached_under_a_random_name(draft, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = draft()
    attachment = services.add_attachment(article, SimpleUploadedFile("通知原文.pdf", PDF), editor=editor)
    assert attachment.original_name == "通知原文.pdf" and attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF) and "通知原文" not in attachment.file.name
    assert article.events.last().action == "attach"


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("空文件.pdf", b"", "文件为空"),
    ("伪装.pdf", b"<html><script>alert(1)</script></html>", "仅支持"),
    ("截断.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "PDF 文件不完整"),
])
def test_bad_files_are_refused_with_a_reason_and_nothing_is_saved(draft, editor, name, data, reason, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = draft()
    with pytest.raises(services.NewsError) as caught:
        services.add_attachment(article, SimpleUploadedFile(name, data), editor=editor)
    assert caught.value.code == "bad_file" and reason in caught.value.message and name in caught.value.message
    assert article.attachments.count() == 0 and not any(tmp_path.rglob("*.bin"))


def test_published_articles_take_no_new_attachments(draft, editor, publish_now, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = publish_now(draft())
    with pytest.raises(services.NewsError) as caught:
        services.add_attachment(article, SimpleUploadedFile("补充.pdf", PDF), editor=editor)
    assert caught.value.code == "not_draft"
