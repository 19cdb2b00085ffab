import json

from onestop.assistant import evaluate


def test_qa_eval_prints_a_ranking_per_question_and_accuracy(tmp_path, capsys):
    kb = tmp_path / "kb.jsonl"
    kb.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a", "title": "社会保障卡申领", "text": "区人力资源社会保障局"},
        {"id": "b", "question": "结婚登记要带什么？", "text": "双方居民身份证、户口簿"},
        {"id": "c", "title": "最低生活保障", "text": "区民政局"},
    ]), encoding="utf-8")
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q1", "question": "低保怎么申请", "answer_id": "c"}\n{"id": "q2", "question": "领结婚证"}\n',
                       encoding="utf-8")
    assert evaluate.main([str(kb), str(queries)]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    assert lines[0]["ranked"][0] == "c" and sorted(lines[0]["ranked"]) == ["a", "b", "c"]
    assert "questions with answer_id: 1, top-1 1.000" in err


def test_qa_eval_names_the_bad_lines(tmp_path, capsys):
    kb = tmp_path / "kb.jsonl"
    kb.write_text('not json\n{"id": "x"}\n', encoding="utf-8")
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q1", "question": "低保"}\n', encoding="utf-8")
    assert evaluate.main([str(kb), str(queries)]) == 2
    err = capsys.readouterr().err
    assert "第 1 行" in err and "第 2 行：缺少“text”" in err
