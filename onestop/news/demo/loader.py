"""Demo 政务公开 for 斗门区: two staff accounts (an editor and a reviewer of the district government office)
and a dozen articles, drafted, submitted and published through the services. Idempotent (by title)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from onestop.accounts.demo.loader import DEMO_STAFF_PASSWORD
from onestop.accounts.models import Role, StaffProfile, User
from onestop.catalog.models import Department, ServiceItem

from .. import services
from ..models import Article
from .articles import ARTICLES

GROUPS = {
    "政务公开编辑": ("view_article", "add_article", "change_article"),
    "政务公开审核": ("view_article", "add_article", "change_article", "publish_article"),
}


def ensure_groups() -> dict[str, Group]:
    """The two roles of the workflow as permission groups an administrator assigns in the admin."""
    groups = {}
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="news", codename__in=codenames))
        groups[name] = group
    return groups


def _staff(username: str, name: str, group: Group) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"kind": User.Kind.STAFF, "is_staff": True})
    if created:
        user.set_password(DEMO_STAFF_PASSWORD)
        user.save()
    StaffProfile.objects.update_or_create(user=user, defaults={
        "department": Department.objects.get(code="D030"), "name": name, "roles": [Role.REVIEWER.value]})
    user.groups.add(group)
    return User.objects.get(pk=user.pk)


@transaction.atomic
def load_demo_news() -> int:
    groups = ensure_groups()
    editor = _staff("news-editor", "刘思敏", groups["政务公开编辑"])
    reviewer = _staff("news-reviewer", "邓卓华", groups["政务公开审核"])
    created = 0
    by_title: dict[str, Article] = {}
    for entry in ARTICLES:
        entry = dict(entry)
        existing = Article.objects.filter(title=entry["title"]).first()
        if existing:
            by_title[existing.title] = existing
            continue
        published_on = entry.pop("published_on")
        items = list(ServiceItem.objects.filter(name__in=entry.pop("items", ())))
        interprets = entry.pop("interprets", None)
        if interprets:
            entry["interprets"] = by_title[interprets]
        entry["department"] = Department.objects.get(code=entry["department"])
        entry["body"] = "\n".join(line.strip() for line in entry["body"].strip().splitlines())
        article = services.create_draft(author=editor, items=items, **entry)
        services.submit_for_review(article, editor=editor)
        at = timezone.make_aware(dt.datetime.combine(published_on, dt.time(9, 30)))
        by_title[article.title] = services.publish(article, reviewer=reviewer, at=at)
        created += 1
    return created
