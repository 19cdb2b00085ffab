import pytest

from onestop.assistant.models import AnswerLog

pytestmark = pytest.mark.django_db


def test_the_page_without_a_question_shows_the_form(client):
    response = client.get("/assistant/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_an_answer_page_has_materials_time_limit_halls_and_apply(client):
    html = client.get("/assistant/", {"q": "孩子上户口要带什么"}).content.decode()
    assert "户口登记" in html and "需带材料" in html and "办理时限" in html and "办理地点" in html
    assert "有帮助" in html


@pytest.mark.parametrize("question", ["", "😀😀😀", "<script>alert('x')</script>", "社保" * 1000])
def test_bad_questions_get_a_polite_page(client, question):
    response = client.get("/assistant/", {"q": question})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html


def test_an_unanswerable_question_offers_search_and_12345(client):
    html = client.get("/assistant/", {"q": "火星上的天气怎么样"}).content.decode()
    assert "没有找到把握较大的答案" in html and "12345" in html and "事项搜索" in html


def test_feedback_is_saved(client):
    client.get("/assistant/", {"q": "低保怎么申请"})
    log = AnswerLog.objects.filter(question="低保怎么申请").latest("asked_at")
    response = client.post("/assistant/feedback/", {"token": log.token, "helpful": "0", "q": "低保怎么申请"})
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.feedback == "unhelpful"


def test_the_rate_limit_answers_429(client, settings):
    from onestop.assistant import services

    for _ in range(services.QUESTIONS_PER_MINUTE):
        client.get("/assistant/", {"q": ""}, REMOTE_ADDR="198.51.100.7")
    response = client.get("/assistant/", {"q": "低保"}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "提问过于频繁" in response.content.decode()


def test_home_and_item_list_carry_the_question_box(client):
    for url in ("/", "/items/"):
        assert 'action="/assistant/"' in client.get(url).content.decode()


def test_admin_lists_questions_that_found_nothing(admin_client, client):
    client.get("/assistant/", {"q": "火星上的天气怎么样"})
    html = admin_client.get("/admin/assistant/answerlog/", {"attention": "any"}).content.decode()
    assert "火星上的天气怎么样" in html
