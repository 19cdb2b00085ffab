"""Hybrid retrieval over a knowledge base: BM25 over jieba tokens fused with e5 embeddings.

Pure: no database. ``Index`` is built from documents and their stored vectors (the database table
in index_store.py, or vectors computed by the evaluation command); ``rank`` answers a question.
How the two scores are fused was measured, not assumed (docs/assistant.md): weighted fusion of
normalised scores beat BM25 alone, embeddings alone and reciprocal-rank fusion on the held-out split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import jieba
import numpy as np

from onestop.catalog.search import normalise

from .lexicon import EVERYDAY_TERMS, expansion

jieba.setLogLevel(60)
# A tokenizer of our own: the catalogue search (catalog/search.py) matches jieba's words as
# substrings, and words added here (社保卡) would stop its 社保 matching 社会保障卡.
_jieba = jieba.Tokenizer()

MAX_QUESTION_CHARS = 200  # a longer question is cut: its first sentences carry what is asked
BM25_K1 = 1.2
BM25_B = 0.75
# Weight of BM25 in the fused score (the rest is the embeddings'), chosen on the tuning split.
FUSION_WEIGHT = 0.4
RRF_K = 60
EXPANSION_WEIGHT = 2
CANDIDATES = 50  # each retriever's top candidates that the fusion re-scores

_STOP = frozenset(
    "的 了 和 与 及 或 在 我 我们 你 你们 他 她 要 想 想要 怎么 怎么办 怎样 如何 办理 办 申请 什么 哪里 哪儿 去 需要 "
    "手续 可以 能 能不能 吗 呢 吧 啊 呀 哦 是 有 没有 一下 一个 请问 问 问下 谁 哪些 哪个 多久 多少 几 到 给 被 把 "
    "这个 那个 这 那 还 也 都 就 又 才 得 着 过 么 嘛 啦 该 应该 会 自己 家里 家 现在 时候 之后 以后".split()
)
_TOKEN = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")

_words_added = False


def _ensure_words() -> None:
    global _words_added
    if not _words_added:
        for word in EVERYDAY_TERMS:
            _jieba.add_word(word, freq=20000)
        _words_added = True


def add_words(words) -> None:
    """Item names and other catalogue words into jieba's dictionary (cut_for_search still yields
    their parts, so a partial name matches too)."""
    _ensure_words()
    for word in words:
        if 2 <= len(word) <= 20:
            _jieba.add_word(word, freq=5000)


def tokens(text: str) -> list[str]:
    """Search tokens of ``text``: jieba's search-mode words without stop words, plus the CJK
    character bigrams of every word longer than two characters (a question's 社保 and the
    catalogue's 社会保障 share no word, but 户口登记 and 上户口 share 户口)."""
    _ensure_words()
    out: list[str] = []
    for chunk in _TOKEN.findall(normalise(text)):
        if not _CJK.match(chunk):
            out.append(chunk)
            continue
        for word in _jieba.cut_for_search(chunk):
            if word in _STOP:
                continue
            out.append(word)
            if len(word) > 2:
                out.extend(word[i:i + 2] for i in range(len(word) - 1))
    return out


def question_tokens(question: str) -> list[str]:
    text = normalise(question)[:MAX_QUESTION_CHARS]
    # The catalogue's words for the question's everyday words count twice: they are what was meant.
    return tokens(text) + [t for term in expansion(text) for t in tokens(term)] * EXPANSION_WEIGHT


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str
    question: str = ""  # an FAQ entry's question

    def embedding_text(self) -> str:
        """What the embedding sees: the title (and an FAQ's question) and the start of the text.
        Kept short: encoding cost grows with length (~70 ms for a name, ~350 ms for 200 characters)."""
        head = self.question or self.title
        lead = self.text[:60] if self.question else ""
        return f"{head}。{lead}" if lead else head

    def bm25_tokens(self) -> list[str]:
        # The title counts three times: a question's words in an item's name matter most.
        title = tokens(self.title)
        return title * 3 + tokens(self.question) * 2 + tokens(self.text)


class Bm25:
    def __init__(self, documents: list[list[str]]):
        self.size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        average = float(lengths.mean()) if self.size else 1.0
        self._norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(average, 1.0))
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                rows, counts = postings.setdefault(term, ([], []))
                rows.append(index)
                counts.append(count)
        self._postings = {
            term: (np.array(rows, dtype=np.int32), np.array(counts, dtype=np.float32))
            for term, (rows, counts) in postings.items()
        }
        self._idf = {
            term: math.log(1 + (self.size - len(rows) + 0.5) / (len(rows) + 0.5))
            for term, (rows, _) in self._postings.items()
        }

    def scores(self, query: list[str]) -> np.ndarray:
        total = np.zeros(self.size, dtype=np.float32)
        for term, weight in Counter(query).items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            rows, counts = posting
            total[rows] += weight * self._idf[term] * counts * (BM25_K1 + 1) / (counts + self._norm[rows])
        return total


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float  # fused, 0..1
    bm25: float  # raw
    cosine: float


@dataclass(frozen=True, slots=True)
class Ranking:
    hits: list[Hit]
    query_terms: int  # tokens the question had after stop words (0: nothing to look for)


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    n = min(n, len(scores))
    part = np.argpartition(-scores, n - 1)[:n]
    return part[np.argsort(-scores[part], kind="stable")]


class Index:
    """Documents with their vectors (rows of ``vectors`` in document order; a zero row for a
    document whose vector is not stored yet: it is found by BM25 alone)."""

    def __init__(self, documents: list[Document], vectors: np.ndarray):
        if len(documents) != len(vectors):
            raise ValueError("one vector per document")
        self.documents = documents
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        add_words(d.title for d in documents)
        self.bm25 = Bm25([d.bm25_tokens() for d in documents])

    def signals(self, question: str, query_vector: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, int]:
        terms = question_tokens(question)
        bm25 = self.bm25.scores(terms)
        if query_vector is None:
            cosine = np.zeros(len(self.documents), dtype=np.float32)
        else:
            cosine = self.vectors @ np.asarray(query_vector, dtype=np.float32)
        return bm25, cosine, len(terms)

    def rank(self, question: str, query_vector, *, method: str = "weighted", weight: float = FUSION_WEIGHT,
             limit: int = 10) -> Ranking:
        bm25, cosine, n_terms = self.signals(question, query_vector)
        order, fused = fuse(bm25, cosine, method=method, weight=weight)
        hits = [Hit(self.documents[i].id, float(fused[i]), float(bm25[i]), float(cosine[i])) for i in order[:limit]]
        return Ranking(hits, n_terms)


def fuse(bm25: np.ndarray, cosine: np.ndarray, *, method: str, weight: float = FUSION_WEIGHT
         ) -> tuple[np.ndarray, np.ndarray]:
    """Candidate document indexes, best first, and the fused score of every document.

    bm25: BM25 alone. dense: cosine alone. rrf: 1/(k + rank) summed over both rankings.
    weighted: ``weight`` × BM25 / its maximum + (1 − weight) × cosine min-max normalised over the
    candidates (cosines of e5 sit in a narrow band, ~0.75–0.90, so the raw value says little).
    """
    n = len(bm25)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if method == "bm25":
        return _top(bm25, CANDIDATES), bm25
    if method == "dense":
        return _top(cosine, CANDIDATES), cosine
    candidates = np.union1d(_top(bm25, CANDIDATES) if bm25.max() > 0 else [], _top(cosine, CANDIDATES)).astype(np.int64)
    fused = np.zeros(n, dtype=np.float32)
    if method == "rrf":
        for scores in (bm25, cosine):
            ranked = candidates[np.argsort(-scores[candidates], kind="stable")]
            live = scores[ranked] > 0
            fused[ranked[live]] += 1.0 / (RRF_K + 1 + np.nonzero(live)[0])
    elif method == "weighted":
        top_bm25 = float(bm25.max())
        lexical = bm25[candidates] / top_bm25 if top_bm25 > 0 else np.zeros(len(candidates), dtype=np.float32)
        dense = cosine[candidates]
        spread = float(dense.max() - dense.min())
        dense = (dense - dense.min()) / spread if spread > 0 else np.zeros(len(candidates), dtype=np.float32)
        fused[candidates] = weight * lexical + (1 - weight) * dense
    else:
        raise ValueError(f"unknown fusion method {method!r}")
    order = candidates[np.argsort(-fused[candidates], kind="stable")]
    return order, fused
