"""``make qa-eval KB=kb.jsonl QUERIES=questions.jsonl``: builds an in-memory index from the KB file
alone, prints ``{"id", "ranked": [top-10 ids]}`` per question, then top-1/top-5 accuracy over the
questions that carry ``answer_id`` to stderr. No database.

``--compare`` prints, instead, the accuracy of every fusion method (docs/assistant.md), and
``--vectors FILE`` keeps the KB's vectors in a .npy file between runs (keyed by a hash of the texts).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from . import encoder
from .kb_file import parse_kb, parse_questions
from .retrieval import Index, fuse

METHODS = [("bm25", None), ("dense", None), ("rrf", None)] + [("weighted", w / 10) for w in range(1, 10)]


def _vectors(docs, cache: Path | None) -> np.ndarray:
    texts = [d.embedding_text() for d in docs]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache.with_suffix(f".{digest}.npy") if cache else None
    if path and path.exists():
        return np.load(path)
    vectors = encoder.passages(texts)
    if path:
        np.save(path, vectors)
    return vectors


def _accuracy(rows: list[tuple[list[str], str]]) -> tuple[float, float]:
    if not rows:
        return 0.0, 0.0
    top1 = sum(1 for ranked, answer in rows if ranked[:1] == [answer]) / len(rows)
    top5 = sum(1 for ranked, answer in rows if answer in ranked[:5]) / len(rows)
    return top1, top5


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kb", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--split", choices=["all", "tune", "test"], default="all")
    parser.add_argument("--vectors", type=Path)
    args = parser.parse_args(argv)
    docs, errors = parse_kb(args.kb.read_text(encoding="utf-8"))
    questions, q_errors = parse_questions(args.queries.read_text(encoding="utf-8"))
    for error in errors + q_errors:
        print(f"{args.kb if error in errors else args.queries}: {error}", file=sys.stderr)
    if errors or q_errors:
        return 2
    if args.split != "all":
        questions = [q for q in questions if q.get("split", "test") == args.split]
    index = Index(docs, _vectors(docs, args.vectors))
    signals = [index.signals(q["question"], encoder.query(q["question"])) for q in questions]
    if args.compare:
        for method, weight in METHODS:
            rows = []
            for q, (bm25, cosine, _) in zip(questions, signals):
                order, _ = fuse(bm25, cosine, method=method, weight=weight or 0.0)
                if "answer_id" in q:
                    rows.append(([docs[i].id for i in order[:10]], q["answer_id"]))
            top1, top5 = _accuracy(rows)
            label = f"{method} w={weight}" if weight is not None else method
            print(json.dumps({"method": label, "n": len(rows), "top1": round(top1, 3), "top5": round(top5, 3)}))
        return 0
    rows = []
    for q, (bm25, cosine, _) in zip(questions, signals):
        order, _ = fuse(bm25, cosine, method="weighted")
        ranked = [docs[i].id for i in order[:10]]
        print(json.dumps({"id": q["id"], "ranked": ranked}, ensure_ascii=False))
        if "answer_id" in q:
            rows.append((ranked, q["answer_id"]))
    if rows:
        top1, top5 = _accuracy(rows)
        print(f"questions with answer_id: {len(rows)}, top-1 {top1:.3f}, top-5 {top5:.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
