import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from onestop.complaints import taxonomy
from onestop.complaints.models import Category
from onestop.complaints.routing import TRAIN, Router, read_jsonl

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "onestop" / "complaints" / "eval"


@pytest.mark.django_db
def test_the_first_level_is_exactly_the_15_categories_of_12345_hotlines():
    assert list(Category.objects.filter(level=1).values_list("name", flat=True)) == taxonomy.FIRST_LEVEL
    assert len(taxonomy.FIRST_LEVEL) == 15


@pytest.mark.django_db
def test_every_first_level_has_second_and_third_levels_each_with_a_department():
    for first in Category.objects.filter(level=1):
        seconds = list(first.children.all())
        assert seconds, first.name
        assert all(s.children.exists() for s in seconds), first.name
    assert not Category.objects.filter(department__isnull=True).exists()
    assert Category.objects.get(name="纪检监察").department.name == "区纪委监委"


def test_the_evaluation_set_has_300_messages_across_all_15_first_levels_in_separate_splits():
    train, test = read_jsonl(EVAL / "train.jsonl"), read_jsonl(EVAL / "test.jsonl")
    assert len(train) + len(test) >= 300
    for split in (train, test):
        assert {m["category"][0] for m in split} == set(taxonomy.FIRST_LEVEL)
    assert not {m["text"] for m in train} & {m["text"] for m in test}
    valid = {(n["name"], c["name"]) for n in taxonomy.read_taxonomy()["categories"] for c in n["children"]}
    assert all(tuple(m["category"]) in valid for m in train + test)


def test_the_router_reads_only_the_training_split():
    router = Router(embed=False)
    texts = {p.text for p in router.passages}
    test_texts = {f"{m['title']}。{m['text']}" for m in read_jsonl(EVAL / "test.jsonl")}
    assert not texts & test_texts
    assert len(router.passages) == len(read_jsonl(TRAIN)) + len(taxonomy.nodes()) - sum(
        1 for n in taxonomy.nodes() if n["level"] == 3)


def test_keyword_evidence_alone_routes_clear_messages():
    router = Router(embed=False)
    assert router.suggest("工资被拖欠", "工厂老板拖欠我们三个月工资不发").path[0] == "劳动和社会保障"
    assert router.suggest("村干部收红包", "村干部在低保评定中收受红包，优亲厚友").path[0] == "纪检监察"


def test_the_fused_router_names_category_and_department_for_an_unseen_message():
    suggestion = Router().suggest("小区门口路灯不亮", "我们小区门口那段路的路灯坏了两个星期，晚上黑漆漆的，老人出门很危险")
    assert suggestion.path[:2] == ["城乡建设", "市政设施"]
    assert suggestion.department == "区城市管理综合执法局"


def test_route_eval_prints_one_line_per_message_then_the_accuracy(tmp_path):
    messages = tmp_path / "m.jsonl"
    messages.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in [
        {"id": "a", "title": "电动车被偷", "text": "停在楼下的电动车昨晚被盗，请派出所调查", "category": "政法"},
        {"id": "b", "title": "手机信号差", "text": "家里手机信号很差，经常断线"},
    ]), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "onestop.complaints.evaluate", str(messages)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert all(set(line) == {"id", "category", "department"} and line["category"][0] in taxonomy.FIRST_LEVEL
               for line in lines)
    assert re.search(r"first-level accuracy: [01]\.\d{3} \([01]/1\)", result.stderr), result.stderr
