from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("policies/", views.policy_list, name="policies"),
    path("rss.xml", feeds.ArticlesRss(), name="rss"),
    path("atom.xml", feeds.ArticlesAtom(), name="atom"),
    path("a/<int:pk>/", views.article_detail, name="article"),
    path("files/<str:token>/", views.attachment, name="attachment"),
    path("<slug:kind>/", views.article_list, name="kind"),
    path("<slug:kind>/rss.xml", feeds.ArticlesRss(), name="kind-rss"),
    path("<slug:kind>/atom.xml", feeds.ArticlesAtom(), name="kind-atom"),
]
