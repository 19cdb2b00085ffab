import pytest

from onestop.news import services
from onestop.news.models import Article, Kind, Status, Validity
from tests.news.conftest import POLICY, make_staff

pytestmark = pytest.mark.django_db


def test_draft_review_publish_withdraw_with_history(draft, editor, reviewer):
    article = draft()
    assert article.status == Status.DRAFT and article.author == editor and article.index_number
    services.submit_for_review(article, editor=editor)
    article = services.publish(article, reviewer=reviewer)
    assert article.status == Status.PUBLISHED and article.reviewer == reviewer and article.published_at
    services.withdraw(article, reviewer=reviewer, reason="内容已过时")
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    history = list(article.events.values_list("action", "from_status", "to_status", "actor__username"))
    assert history == [("create", "", "draft", "news-test-editor"), ("submit", "draft", "review", "news-test-editor"),
                       ("publish", "review", "published", "news-test-reviewer"),
                       ("withdraw", "published", "withdrawn", "news-test-reviewer")]
    assert article.events.last().note == "内容已过时"


def test_the_author_cannot_publish_their_own_article(reviewer, department):
    article = services.create_draft(author=reviewer, kind=Kind.NEWS, title="井岸镇开展消防安全宣传月活动",
                                    body="活动覆盖全镇二十个村居。", department=department)
    services.submit_for_review(article, editor=reviewer)
    with pytest.raises(services.NewsError) as caught:
        services.publish(article, reviewer=reviewer)
    assert caught.value.code == "own_article"
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.events.count() == 2


def test_an_editor_without_the_publish_permission_cannot_publish(draft, editor):
    other = make_staff("news-test-editor-2", "add_article", "change_article")
    article = draft()
    services.submit_for_review(article, editor=editor)
    with pytest.raises(services.NewsError) as caught:
        services.publish(article, reviewer=other)
    assert caught.value.code == "forbidden"


def test_a_draft_cannot_be_published_without_review(draft, reviewer):
    with pytest.raises(services.NewsError) as caught:
        services.publish(draft(), reviewer=reviewer)
    assert caught.value.code == "not_in_review"


def test_returned_article_goes_back_to_draft_and_can_be_edited(draft, editor, reviewer):
    article = draft()
    services.submit_for_review(article, editor=editor)
    with pytest.raises(services.NewsError):
        services.edit_draft(article, editor=editor, title="不允许在审核中修改标题")
    with pytest.raises(services.NewsError) as caught:
        services.return_to_draft(article, reviewer=reviewer, reason="  ")
    assert caught.value.code == "no_reason"
    services.return_to_draft(article, reviewer=reviewer, reason="请补充会议时间")
    article = services.edit_draft(article, editor=editor, body="12月2日，斗门区召开安全生产工作会议，部署岁末年初工作。")
    assert article.status == Status.DRAFT and "12月2日" in article.search_text


def test_citizens_and_anonymous_users_cannot_draft(department):
    from onestop.accounts.models import User

    citizen = User.objects.create(username="news-test-citizen", kind=User.Kind.CITIZEN)
    with pytest.raises(services.NewsError) as caught:
        services.create_draft(author=citizen, kind=Kind.NEWS, title="市民不能发布新闻", body="这条信息不应被保存。",
                              department=department)
    assert caught.value.code == "forbidden"
    assert not Article.objects.filter(title="市民不能发布新闻").exists()


def test_policy_documents_need_number_authority_and_date(draft):
    with pytest.raises(services.NewsError) as caught:
        draft(title="关于印发斗门区养老服务补贴办法的通知", kind=Kind.POLICY, document_number="斗府〔2026〕99号")
    assert caught.value.code == "policy_fields" and "发文机关" in caught.value.message and "成文日期" in caught.value.message
    policy = draft(title="关于印发斗门区养老服务补贴办法的通知", **POLICY)
    assert policy.validity == Validity.VALID


def test_an_interpretation_must_name_a_policy_document(draft):
    with pytest.raises(services.NewsError) as caught:
        draft(title="《斗门区养老服务补贴办法》政策解读", kind=Kind.INTERPRETATION)
    assert caught.value.code == "no_policy"
    news = draft()
    with pytest.raises(services.NewsError):
        draft(title="《斗门区养老服务补贴办法》政策解读", kind=Kind.INTERPRETATION, interprets=news)
    policy = draft(title="关于印发斗门区养老服务补贴办法的通知", **POLICY)
    reading = draft(title="《斗门区养老服务补贴办法》政策解读", kind=Kind.INTERPRETATION, interprets=policy)
    assert list(policy.interpretations.all()) == [reading]


def test_index_numbers_are_unique_per_department_and_year(draft):
    first, second = draft(), draft(title="白蕉镇召开冬季森林防火工作部署会")
    assert first.index_number != second.index_number
    assert first.index_number.split("-")[0] == second.index_number.split("-")[0]


def test_unpublished_articles_are_never_in_the_public_queryset(draft, editor, reviewer, publish_now):
    kept_draft, in_review, shown, withdrawn = draft(title="草稿甲乙丙"), draft(title="审核中甲乙丙"), \
        draft(title="已发布甲乙丙"), draft(title="已撤回甲乙丙")
    services.submit_for_review(in_review, editor=editor)
    publish_now(shown)
    services.withdraw(publish_now(withdrawn), reviewer=reviewer, reason="发布有误")
    titles = set(services.published().filter(title__endswith="甲乙丙").values_list("title", flat=True))
    assert titles == {"已发布甲乙丙"}
    assert kept_draft.pk not in services.published().values_list("pk", flat=True)


def test_search_finds_words_in_title_and_body(draft, publish_now):
    a = publish_now(draft(title="斗门区开展高龄津贴集中核查", body="区民政局将于十二月对全区八十周岁以上老人开展资格核查。"))
    b = publish_now(draft(title="乾务镇举办农民丰收节", body="现场展销白蕉海鲈、莲洲禾虫等特色农产品。"))
    mine = services.published().filter(pk__in=[a.pk, b.pk])
    assert list(services.search(mine, "高龄津贴")) == [a]
    assert list(services.search(mine, "白蕉海鲈")) == [b]  # body only
    assert list(services.search(mine, "老人补贴")) == [a]  # a synonym from the catalogue's table
    assert list(services.search(mine, "核查 禾虫")) == []  # every term must match
