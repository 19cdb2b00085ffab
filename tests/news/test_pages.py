import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onestop.catalog.models import ServiceItem
from onestop.news import services
from tests.news.conftest import POLICY
from tests.news.test_attachments import PDF

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_list_shows_published_only_and_links_its_feeds(client, draft, publish_now):
    shown = publish_now(draft(title="斗门区启用新版政务服务大厅导办系统"))
    hidden = draft(title="尚未审核的草稿不应出现在列表")
    page = client.get(reverse("news:list"), {"q": "导办系统"})
    html = page.content.decode()
    assert page.status_code == 200 and shown.title in html and hidden.title not in html
    assert 'rel="alternate" type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
    assert client.get(reverse("news:article", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("news:article", args=[shown.pk])).status_code == 200


def test_filters_by_category_and_department(client, draft, publish_now, department):
    notice = publish_now(draft(title="关于2027年元旦假期政务服务安排的通告", kind="notice"))
    page = client.get(reverse("news:kind", args=["notice"]), {"department": department.code, "q": "元旦假期"})
    assert notice.title in page.content.decode()
    assert notice.title not in client.get(reverse("news:kind", args=["news"]), {"q": "元旦假期"}).content.decode()
    assert notice.title not in client.get(reverse("news:list"), {"department": "NO-SUCH", "q": "元旦假期"}).content.decode()
    assert client.get("/news/no-such-kind/").status_code == 404


def test_policy_list_shows_number_authority_and_dates(client, draft, publish_now):
    policy = publish_now(draft(title="关于印发斗门区困难群众基本生活保障实施细则的通知", **POLICY))
    html = client.get(reverse("news:policies"), {"q": "基本生活保障"}).content.decode()
    for text in (policy.title, "斗府〔2026〕99号", "珠海市斗门区人民政府", "2026-11-20", "有效"):
        assert text in html


def test_html_in_the_body_is_shown_as_text(client, draft, publish_now):
    article = publish_now(draft(title="正文中的标记按原文显示", body="第一段<script>alert('x')</script>\n第二段<b>加粗</b>"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html and "<b>加粗</b>" not in html
    assert "<p>第一段" in html and "<p>第二段" in html


def test_attachment_downloads_only_when_published(client, draft, editor, publish_now, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = draft()
    attachment = services.add_attachment(article, SimpleUploadedFile("原文.pdf", PDF), editor=editor)
    url = reverse("news:attachment", args=[attachment.token])
    assert client.get(url).status_code == 404
    publish_now(article)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]


def test_rss_and_atom_parse_and_hold_only_published_articles(client, draft, publish_now):
    shown = publish_now(draft(title="斗门区发布2026年第四季度重点民生实事进展", kind="notice"))
    hidden = draft(title="草稿不进入订阅源", kind="notice")
    for name in ("news:rss", "news:atom"):
        for url in (reverse(name), reverse(name.replace(":", ":kind-"), args=["notice"])):
            response = client.get(url)
            assert response.status_code == 200
            root = ET.fromstring(response.content)
            if root.tag == "rss":
                assert root.get("version") == "2.0"
                titles = [e.findtext("title") for e in root.iter("item")]
                assert root.find("channel/title").text and root.find("channel/link").text.startswith("http")
            else:
                assert root.tag == f"{ATOM}feed"
                titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
                assert all(e.find(f"{ATOM}updated") is not None for e in root.iter(f"{ATOM}entry"))
            assert shown.title in titles and hidden.title not in titles
    assert client.get(reverse("news:kind-rss", args=["news"])).content.decode().count(shown.title) == 0


def test_guide_page_lists_the_policies_that_concern_the_item(client, draft, editor, publish_now):
    item = ServiceItem.objects.filter(status="published").order_by("code").first() or ServiceItem.objects.first()
    policy = draft(title="关于调整斗门区高龄老人津贴发放标准的通知", items=[item], **POLICY)
    assert policy.title not in client.get(item.get_absolute_url()).content.decode()
    publish_now(policy)
    html = client.get(item.get_absolute_url()).content.decode()
    assert policy.title in html and policy.get_absolute_url() in html


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "99999"}, {"department": "'; drop table--"},
                                    {"q": "政" * 500}, {"q": "<script>"}, {"q": "的 了"}])
def test_odd_query_parameters_give_a_page_not_an_error(client, params):
    for url in (reverse("news:list"), reverse("news:policies"), reverse("news:kind", args=["notice"])):
        response = client.get(url, params)
        assert response.status_code == 200 and b"<script>" not in response.content.split(b"</header>")[1]
    assert client.get(reverse("news:article", args=[99999999])).status_code == 404
    assert client.get(reverse("news:attachment", args=["no-such-token"])).status_code == 404
