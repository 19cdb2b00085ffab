"""Reading knowledge-base and question files in JSONL (one JSON object a line), with the line
number in every error. Pure: used by the FAQ import and by the evaluation command."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .retrieval import Document

MAX_ID = 100
MAX_QUESTION = 300
MAX_TITLE = 200
MAX_TEXT = 20_000


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.message}"


def _rows(text: str):
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as error:
            yield number, None, f"不是有效的 JSON（{error.msg}，第 {error.colno} 列）"
            continue
        if not isinstance(row, dict):
            yield number, None, "每行应为一个 JSON 对象"
            continue
        yield number, row, ""


def _string(row: dict, key: str, limit: int, *, required: bool) -> tuple[str, str]:
    value = row.get(key)
    if value is None:
        return "", (f"缺少“{key}”" if required else "")
    if not isinstance(value, str):
        return "", f"“{key}”应为字符串"
    value = value.strip()
    if required and not value:
        return "", f"“{key}”不能为空"
    if len(value) > limit:
        return "", f"“{key}”超过 {limit} 个字符"
    return value, ""


def parse_kb(text: str) -> tuple[list[Document], list[LineError]]:
    """Documents of a KB file and the errors of its bad lines (a duplicate id is an error)."""
    docs: list[Document] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    for number, row, problem in _rows(text):
        if row is None:
            errors.append(LineError(number, problem))
            continue
        id_, e1 = _string(row, "id", MAX_ID, required=True)
        question, e2 = _string(row, "question", MAX_QUESTION, required=False)
        title, e3 = _string(row, "title", MAX_TITLE, required=False)
        body, e4 = _string(row, "text", MAX_TEXT, required=True)
        problems = [p for p in (e1, e2, e3, e4) if p]
        if not problems and not (question or title):
            problems.append("“question”和“title”至少填写一项")
        if not problems and id_ in seen:
            problems.append(f"“id”与第 {seen[id_]} 行重复")
        if problems:
            errors.append(LineError(number, "；".join(problems)))
            continue
        seen[id_] = number
        docs.append(Document(id=id_, title=title, text=body, question=question))
    return docs, errors


def parse_questions(text: str) -> tuple[list[dict], list[LineError]]:
    questions: list[dict] = []
    errors: list[LineError] = []
    for number, row, problem in _rows(text):
        if row is None:
            errors.append(LineError(number, problem))
            continue
        id_, e1 = _string(row, "id", MAX_ID, required=True)
        question, e2 = _string(row, "question", 2000, required=True)
        problems = [p for p in (e1, e2) if p]
        if problems:
            errors.append(LineError(number, "；".join(problems)))
            continue
        questions.append({**row, "id": id_, "question": question})
    return questions, errors
