from onestop.catalog.search import build_search_text, expand, pinyin_forms, query_terms


def test_it_drops_filler_words_from_a_question():
    assert query_terms("我要办理营业执照") == ["营业执照"]


def test_it_keeps_a_two_character_term_whole():
    assert query_terms("社保") == ["社保"]


def test_it_folds_full_width_letters():
    assert query_terms("ＳＢ") == ["sb"]


def test_it_caps_query_length_and_term_count():
    terms = query_terms("食品经营许可" * 40)
    assert 0 < len(terms) <= 8


def test_a_query_of_only_punctuation_has_no_terms():
    assert query_terms("？？？、、") == []


def test_search_text_has_pinyin_and_initials():
    assert pinyin_forms("社保") == "shebao sb"
    text = build_search_text("高龄津贴", "区民政局")
    assert "gaolingjintie" in text and "gljt" in text and "区民政局" in text


def test_everyday_words_expand_to_catalogue_words():
    assert "社会保险" in expand("社保")
    assert expand("津贴") == ("津贴",)
