import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from onestop.accounts.models import User
from onestop.catalog.models import Department
from onestop.news import services
from onestop.news.models import Kind


def make_staff(username: str, *codenames: str) -> User:
    user = User.objects.create(username=username, kind=User.Kind.STAFF, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="news", codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def editor():
    return make_staff("news-test-editor", "add_article", "change_article", "view_article")


@pytest.fixture
def reviewer():
    return make_staff("news-test-reviewer", "add_article", "change_article", "view_article", "publish_article")


@pytest.fixture
def department():
    return Department.objects.order_by("code").first()


@pytest.fixture
def draft(editor, department):
    def make(title="斗门区召开2026年冬季安全生产工作会议", body="会议部署了岁末年初安全生产重点工作。\n要求各镇街压实责任。", **fields):
        fields.setdefault("kind", Kind.NEWS)
        return services.create_draft(author=editor, title=title, body=body, department=department, **fields)
    return make


@pytest.fixture
def publish_now(editor, reviewer):
    def run(article):
        services.submit_for_review(article, editor=editor)
        return services.publish(article, reviewer=reviewer)
    return run


POLICY = dict(kind=Kind.POLICY, document_number="斗府〔2026〕99号", issuing_authority="珠海市斗门区人民政府",
              written_on=dt.date(2026, 11, 20))
