"""Chooses routing.BM25_WEIGHT by leave-one-out on the training split only (eval/train.jsonl): each
training message is routed with its own passage removed, for weights 0.0 … 1.0. The test split is
never read. `python -m onestop.complaints.tune` prints one line per weight."""

from __future__ import annotations

import sys

import numpy as np

from .routing import TRAIN, Router, read_jsonl


def main() -> int:
    examples = read_jsonl(TRAIN)
    router = Router(examples)
    offset = len(router.passages) - len(examples)
    owners = [p.first for p in router.passages]
    everything = list(range(len(router.passages)))
    evidence = [router._evidence(e["title"], e["text"], exclude=offset + i) for i, e in enumerate(examples)]
    for weight in np.linspace(0, 1, 11):
        router.bm25_weight = float(weight)
        right = sum(
            router.firsts[int(np.argmax(router._fuse(lex, sem, everything, owners, router.firsts)))] == e["category"][0]
            for e, (lex, sem) in zip(examples, evidence))
        print(f"bm25_weight {weight:.1f}: leave-one-out first-level accuracy {right / len(examples):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
