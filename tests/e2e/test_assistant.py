"""智能问答 in a real browser, desktop and phone: ask on the home page → answer with materials, time
limit and halls → 在线申请 (to login, which the application needs); voice input through a faked
SpeechRecognition, the microphone hidden where there is none; read-aloud in the elderly mode; an
unanswerable question; the plain form without JavaScript. axe-clean throughout.

The browser tests' database has no stored vectors (building them takes minutes): answers here come
from BM25; the hybrid ranking is measured by `make qa-eval` and tests/assistant."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_accounts_certificates import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

FAKE_RECOGNITION = """
window.SpeechRecognition = class {
  start() { setTimeout(() => this.onresult({results: [[{transcript: "社保卡丢了怎么办"}]]}), 50); }
};
"""
NO_SPEECH = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"
RECORD_SPEECH = """
window.__spoken = [];
window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);
"""


def _ask(page, box_label: str, question: str) -> None:
    main = page.locator("main")
    main.get_by_label(box_label).fill(question)
    main.get_by_role("button", name="提问", exact=True).click()
    page.wait_for_url(re.compile(r".*/assistant/\?q="))


def test_ask_on_the_home_page_then_apply(page, live_url):
    page.context.add_init_script(NO_SPEECH)
    page.goto(live_url + "/")
    expect(page.locator("main [data-voice-input]").first).to_be_hidden()
    _ask(page, "智能问答：用一句话说说您要办的事", "孩子上户口要带什么")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=2)).to_have_text("为您找到以下办理事项")
    first = main.locator(".item-answer").first
    expect(first.get_by_role("heading", level=3)).to_have_text("户口登记")
    expect(first).to_contain_text("出生医学证明")
    expect(first).to_contain_text("办理时限")
    expect(first).to_contain_text("斗门区")
    expect(main.locator(".chips")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "assistant-answer")
    main.locator(".item-answer").filter(has_text="在线申请").first.get_by_role("link", name="在线申请").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=/items/.+/apply/"))


def test_voice_input_fills_and_sends_the_question(page, live_url):
    page.context.add_init_script(FAKE_RECOGNITION)
    page.goto(live_url + "/assistant/")
    main = page.locator("main")
    mic = main.get_by_role("button", name="语音提问")
    expect(mic).to_be_visible()
    assert_accessible(page)
    screenshot(page, "assistant-voice")
    mic.click()
    page.wait_for_url(re.compile(r".*/assistant/\?q="))
    expect(main.get_by_label("请输入您的问题")).to_have_value("社保卡丢了怎么办")
    expect(main.locator(".item-answer").first).to_contain_text("社会保障卡")


def test_without_speech_recognition_the_microphone_is_hidden_and_asking_works(page, live_url):
    page.context.add_init_script(NO_SPEECH)
    page.goto(live_url + "/items/")
    main = page.locator("main")
    expect(main.locator("[data-voice-input]")).to_be_hidden()
    _ask(page, "找不到要办的事项？直接提问", "开个小吃店要办什么证")
    expect(main.locator(".item-answer").first).to_contain_text("食品")


def test_read_aloud_in_the_elderly_mode(page, live_url):
    page.context.add_init_script(RECORD_SPEECH)
    page.context.add_cookies([{"name": "elderly", "value": "1", "url": live_url}])
    page.goto(live_url + "/assistant/?q=" + "老人高龄补贴怎么申请")
    main = page.locator("main")
    button = main.locator(".item-answer").first.get_by_role("button", name="朗读")
    expect(button).to_be_visible()
    assert_accessible(page)
    screenshot(page, "assistant-elderly")
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and "高龄津贴" in spoken[0]


def test_read_aloud_is_hidden_outside_the_elderly_mode(page, live_url):
    page.goto(live_url + "/assistant/?q=" + "老人高龄补贴怎么申请")
    expect(page.locator("main [data-read-aloud]").first).to_be_hidden()


def test_an_unanswerable_question_says_so_and_offers_search_and_12345(page, live_url):
    page.goto(live_url + "/assistant/")
    _ask(page, "请输入您的问题", "火星上明天的天气怎么样")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=2)).to_have_text("没有找到把握较大的答案")
    expect(main.get_by_role("link", name="12345")).to_be_visible()
    expect(main.get_by_role("link", name="事项搜索")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "assistant-unsure")


def test_the_plain_form_works_without_javascript(browser, page, live_url):
    context = browser.new_context(viewport=page.viewport_size, locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    try:
        plain.goto(live_url + "/assistant/")
        main = plain.locator("main")
        expect(main.locator("[data-voice-input]")).to_be_hidden()
        main.get_by_label("请输入您的问题").fill("低保怎么申请")
        main.get_by_role("button", name="提问", exact=True).click()
        expect(main.locator(".item-answer").first).to_contain_text("最低生活保障")
        main.get_by_role("button", name="没有帮助").click()
        expect(main.get_by_text("感谢您的评价")).to_be_visible()
        for bad in ("", "😀😀😀", "<script>alert(1)</script>"):
            response = plain.goto(live_url + "/assistant/?q=" + bad)
            assert response.status == 200
            expect(main.get_by_role("heading", level=2)).to_be_visible()
    finally:
        context.close()
