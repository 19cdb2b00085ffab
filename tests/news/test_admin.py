import pytest
from django.urls import reverse

from onestop.news.models import Article, Status
from tests.news.conftest import POLICY

pytestmark = pytest.mark.django_db


def _form(department, **extra):
    data = {"kind": "news", "title": "斗门区举行2026年消防安全应急演练", "department": department.pk, "summary": "",
            "body": "12月1日，区应急管理局在井岸镇组织消防安全应急演练。", "document_number": "", "issuing_authority": "",
            "written_on": "", "validity": "", "interprets": "", "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0, "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0}
    data.update(extra)
    return data


def test_editor_drafts_in_the_admin_and_a_reviewer_publishes_with_the_action(client, editor, reviewer, department):
    client.force_login(editor)
    response = client.post(reverse("admin:news_article_add"), _form(department))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="斗门区举行2026年消防安全应急演练")
    assert article.author == editor and article.status == Status.DRAFT and article.events.count() == 1
    changelist = reverse("admin:news_article_changelist")
    client.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
    client.post(changelist, {"action": "publish", "_selected_action": [article.pk]})  # the editor may not
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    client.force_login(reviewer)
    client.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.reviewer == reviewer


def test_the_admin_refuses_an_incomplete_policy_and_saves_nothing(client, editor, department):
    client.force_login(editor)
    data = _form(department, kind="policy", title="关于印发斗门区社区养老服务设施管理办法的通知",
                 document_number=POLICY["document_number"])
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200 and "政策文件须填写发文机关、成文日期" in response.content.decode()
    assert not Article.objects.filter(title=data["title"]).exists()


def test_a_fake_pdf_is_refused_in_the_admin(client, editor, department):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    data = _form(department, new_attachment=SimpleUploadedFile("原文.pdf", b"MZ\x90\x00 not a pdf"))
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200 and "仅支持" in response.content.decode()
    assert not Article.objects.filter(title=data["title"]).exists()


def test_a_published_article_cannot_be_changed_in_the_admin(client, draft, publish_now, editor):
    article = publish_now(draft())
    client.force_login(editor)
    url = reverse("admin:news_article_change", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(article.department, title="发布后偷偷改的标题"))
    assert response.status_code == 200 and "只有草稿可以修改" in response.content.decode()
    article.refresh_from_db()
    assert article.title != "发布后偷偷改的标题" and article.status == Status.PUBLISHED
