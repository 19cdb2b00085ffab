"""The inbox and preferences pages, and the template admin (versions, preview, checks)."""

import pytest
from django.test import Client

from onestop.accounts.models import Person, User
from onestop.notifications import services
from onestop.notifications.models import Notice, NoticeTemplate, Preference

from .conftest import new_user

CASE = {"item": "居民身份证换领", "number": "DM-TEST-5"}


@pytest.fixture
def citizen(db):
    """A demo resident with an account, with no notices of their own from other tests."""
    person = Person.objects.filter(user__isnull=False, user__kind="citizen").select_related("user").order_by("-pk").first()
    Notice.objects.filter(user=person.user).delete()
    return person.user


@pytest.fixture
def browser(citizen):
    client = Client()
    client.force_login(citizen)
    return client


def test_the_header_shows_the_unread_count_and_opening_a_notice_reads_it(browser, citizen):
    notice = services.notify(citizen, "case.submitted", CASE, link="/my/cases/DM-TEST-5/")
    services.notify(citizen, "case.accepted", {**CASE, "due": "2026年12月31日"})
    page = browser.get("/my/messages/").content.decode()
    assert 'aria-label="2 条未读"' in page and "申请已提交" in page and "未读" in page
    detail = browser.get(f"/my/messages/{notice.pk}/").content.decode()
    assert "办件编号 DM-TEST-5" in detail and 'href="/my/cases/DM-TEST-5/"' in detail and "查看办件详情" in detail
    notice.refresh_from_db()
    assert notice.read_at is not None and services.unread_count(citizen) == 1


def test_mark_all_read(browser, citizen):
    for n in range(3):
        services.notify(citizen, "case.submitted", {**CASE, "number": f"DM-{n}"})
    response = browser.post("/my/messages/read-all/", follow=True)
    assert "已将 3 条消息标为已读" in response.content.decode()
    assert services.unread_count(citizen) == 0


def test_mark_one_read_without_opening(browser, citizen):
    notice = services.notify(citizen, "case.submitted", CASE)
    assert browser.post(f"/my/messages/{notice.pk}/read/").status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_is_not_found(browser, db):
    other = services.notify(new_user(), "case.submitted", CASE)
    assert browser.get(f"/my/messages/{other.pk}/").status_code == 404
    assert browser.post(f"/my/messages/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_the_old_address_redirects(browser):
    response = browser.get("/accounts/messages/")
    assert response.status_code == 301 and response["Location"] == "/my/messages/"


def test_preferences_are_saved_and_honoured(browser, citizen):
    page = browser.get("/my/messages/preferences/").content.decode()
    assert "办件进度" in page and "秒批结果" in page and "站内消息（始终开启）" in page
    response = browser.post("/my/messages/preferences/", {"case": ["email"], "instant": ["sms", "fax"]}, follow=True)
    assert "已保存您的通知设置" in response.content.decode()
    assert dict(Preference.objects.filter(user=citizen).values_list("kind", "channels")) == {
        "case": ["email"], "instant": ["sms"], "cert_access": [], "appointment": [], "complaint": [], "rating": []}
    notice = services.notify(citizen, "case.submitted", CASE)
    channels = set(notice.deliveries.values_list("channel", flat=True))
    assert "sms" not in channels and "inbox" in channels


def test_pages_need_a_login(db):
    assert Client().get("/my/messages/").status_code == 302
    assert Client().get("/my/messages/preferences/").status_code == 302


@pytest.fixture
def admin_client(db):
    admin = User.objects.create_superuser("notify-admin", "admin@example.cn", "x", kind="staff")
    client = Client()
    client.force_login(admin)
    return client


def _form(template, **changes):
    current = template.current_version()
    data = {"name": template.name, "kind": template.kind, "sample_context": '{"item": "居民身份证换领", "number": "DM1"}',
            "title": current.title, "body": current.body, "sms_text": current.sms_text, "email_subject": "", "email_body": "",
            "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": str(template.versions.count()), "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000"}
    return {**data, **changes}


def test_editing_a_template_in_the_admin_adds_a_version_and_previews_it(admin_client):
    template = NoticeTemplate.objects.get(key="case.submitted")
    number = template.current_version().number
    page = admin_client.get(f"/admin/notifications/noticetemplate/{template.pk}/change/").content.decode()
    assert "【斗门政务】您申请的“居民身份证换领”已提交" in page and "1 条" in page
    response = admin_client.post(f"/admin/notifications/noticetemplate/{template.pk}/change/",
                                 _form(template, sms_text="“{item}”已提交，编号{number}。"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert template.current_version().number == number + 1
    assert template.current_version().sms_text == "“{item}”已提交，编号{number}。"
    assert template.versions.get(number=number).sms_text != template.current_version().sms_text  # the old one is kept
    unchanged = admin_client.post(f"/admin/notifications/noticetemplate/{template.pk}/change/", _form(template))
    assert unchanged.status_code == 302 and template.current_version().number == number + 1  # no change, no version


def test_the_admin_refuses_an_unknown_placeholder_and_a_too_long_sms(admin_client):
    template = NoticeTemplate.objects.get(key="case.submitted")
    number = template.current_version().number
    url = f"/admin/notifications/noticetemplate/{template.pk}/change/"
    page = admin_client.post(url, _form(template, body="{secret}")).content.decode()
    assert "未知参数：secret" in page
    page = admin_client.post(url, _form(template, sms_text="办" * 130)).content.decode()
    assert "需 3 条短信" in page and "超过上限 2 条" in page
    assert template.current_version().number == number
