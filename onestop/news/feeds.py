"""RSS 2.0 and Atom feeds of published articles, overall and per category."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import services
from .models import Kind

FEED_SIZE = 30


class ArticlesRss(Feed):
    def get_object(self, request, kind: str | None = None):
        if kind is not None and kind not in Kind.values:
            raise Http404("没有这个栏目")
        return kind

    def title(self, kind):
        label = Kind(kind).label if kind else "政务公开"
        return f"珠海市斗门区人民政府 · {label}"

    def link(self, kind):
        return reverse("news:kind", args=[kind]) if kind else reverse("news:list")

    def description(self, kind):
        return "斗门区新闻动态、通知公告、政策文件与政策解读"

    def items(self, kind):
        articles = services.published()
        if kind:
            articles = articles.filter(kind=kind)
        return articles[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:200]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.department.full_name

    def item_categories(self, item):
        return [Kind(item.kind).label]

    def item_guid(self, item):
        return item.index_number

    item_guid_is_permalink = False


class ArticlesAtom(ArticlesRss):
    feed_type = Atom1Feed

    def subtitle(self, kind):
        return self.description(kind)
