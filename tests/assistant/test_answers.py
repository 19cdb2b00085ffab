"""Answers over the demo catalogue (BM25 here: the test database holds no stored vectors unless a
test builds them), bad input, the log, feedback and the rate limit."""

import pytest

from onestop.assistant import services
from onestop.assistant.models import AnswerLog, FaqEntry

pytestmark = pytest.mark.django_db
CLIENT = "192.0.2.10"


def _mine():
    from onestop.core import protection

    return AnswerLog.objects.filter(client=protection.lookup_hash(f"assistant:{CLIENT}"))


def test_an_everyday_question_finds_the_item_with_what_to_bring():
    answer = services.answer("孩子上户口要带什么", CLIENT)
    assert answer.status == "answered"
    first = answer.items[0]
    assert first.name == "户口登记"
    assert "《出生医学证明》" in first.materials and first.time_limit
    assert first.halls
    assert first.apply_url and first.apply_url.endswith("/apply/")


def test_a_question_without_words_asks_politely_for_one():
    for question in ["", "   ", "😀😀🙏", "？？？"]:
        answer = services.answer(question, CLIENT)
        assert answer.status == "empty"
        assert answer.items == []


def test_a_question_about_nothing_in_the_catalogue_is_called_unsure():
    answer = services.answer("今天晚上吃什么好呢", CLIENT)
    assert answer.status == "unsure"


def test_a_long_or_hostile_question_is_answered_and_logged_cut():
    answer = services.answer("<script>alert(1)</script>低保" + "怎么办" * 700, CLIENT)
    assert len(answer.question) == services.MAX_QUESTION
    assert answer.status in ("answered", "unsure")
    assert len(_mine().get().question) <= 200


def test_id_numbers_and_mobiles_are_masked_in_the_log():
    services.answer("我的身份证440403199001011234丢了，电话13812345678", CLIENT)
    logged = _mine().get().question
    assert "440403199001011234" not in logged and "13812345678" not in logged
    assert "138****5678" in logged and "440403********1234" in logged


def test_the_log_records_what_was_shown():
    answer = services.answer("孩子上户口要带什么", CLIENT)
    log = _mine().get()
    assert log.shown[0]["id"] == "item:" + answer.items[0].code
    assert log.confident is True


def test_feedback_needs_the_answer_token():
    answer = services.answer("低保怎么申请", CLIENT)
    assert services.record_feedback(answer.token, helpful=False)
    assert _mine().get().feedback == "unhelpful"
    assert not services.record_feedback("not-a-token", helpful=True)


def test_too_many_questions_from_one_client_are_refused():
    for _ in range(services.QUESTIONS_PER_MINUTE):
        services.answer("", CLIENT)
    with pytest.raises(services.TooManyQuestions):
        services.answer("低保", CLIENT)
    services.answer("低保", "192.0.2.11")  # another client is not held back


def test_an_faq_entry_is_answered_from_the_knowledge_base():
    FaqEntry.objects.create(key="shebaoka-guashi", question="社保卡丢失后怎样挂失",
                            answer="可拨打 12333 或在粤省事小程序办理临时挂失，再到网点补卡。")
    answer = services.answer("社保卡丢失了先怎样挂失", CLIENT)
    assert answer.faqs and answer.faqs[0].key == "shebaoka-guashi"


def test_faq_import_refuses_the_whole_file_on_any_bad_line():
    result = services.import_faq('{"id": "a-1", "question": "甲？", "text": "答"}\n{"id": "bad id!", "title": "乙", "text": "答"}\n')
    assert result.created == 0 and "第 2 行" in result.errors[0]
    assert not FaqEntry.objects.filter(key="a-1").exists()


def test_faq_import_creates_and_then_updates():
    line = '{"id": "hukou-1", "question": "新生儿多久内要上户口？", "text": "出生后一个月内申报出生登记。"}\n'
    assert services.import_faq(line).created == 1
    result = services.import_faq(line.replace("一个月", "30 日"))
    assert (result.created, result.updated) == (0, 1)
    assert "30 日" in FaqEntry.objects.get(key="hukou-1").answer
