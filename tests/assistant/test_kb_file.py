from onestop.assistant.kb_file import parse_kb, parse_questions


def test_a_good_file_gives_documents():
    docs, errors = parse_kb('{"id": "a", "question": "社保卡丢了怎么办？", "text": "先挂失，再补办。"}\n\n'
                            '{"id": "b", "title": "户口登记", "text": "出生登记"}\n')
    assert errors == []
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].question == "社保卡丢了怎么办？"


def test_every_bad_line_is_named_by_its_number():
    text = "\n".join([
        '{"id": "a", "title": "甲", "text": "x"}',
        "not json",
        '["a list"]',
        '{"id": "c", "text": "no question or title"}',
        '{"id": "a", "title": "重复", "text": "x"}',
        '{"id": 5, "title": "乙", "text": ""}',
    ])
    docs, errors = parse_kb(text)
    assert [d.id for d in docs] == ["a"]
    assert [e.line for e in errors] == [2, 3, 4, 5, 6]
    assert "第 5 行" in str(errors[3]) and "重复" in str(errors[3])
    assert "“id”应为字符串" in str(errors[4]) and "“text”不能为空" in str(errors[4])


def test_questions_need_an_id_and_a_question():
    questions, errors = parse_questions('{"id": "q1", "question": "怎么办低保", "answer_id": "x"}\n{"id": "q2"}\n')
    assert questions[0]["answer_id"] == "x"
    assert errors[0].line == 2
