"""`make route-eval MESSAGES=m.jsonl`: one JSON line out per message {"id","category","department"};
first-level accuracy (and second-level, where given) to stderr when the lines carry "category"."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .routing import Router, read_jsonl


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m onestop.complaints.evaluate MESSAGES.jsonl", file=sys.stderr)
        return 2
    messages = read_jsonl(Path(argv[0]))
    router = Router()
    right = right2 = labelled = 0
    started = time.perf_counter()
    for message in messages:
        suggestion = router.suggest(str(message.get("title", "")), str(message.get("text", "")))
        print(json.dumps({"id": message.get("id"), "category": suggestion.path, "department": suggestion.department},
                         ensure_ascii=False))
        expected = message.get("category")
        if expected:
            expected = [expected] if isinstance(expected, str) else expected
            labelled += 1
            right += suggestion.path[0] == expected[0]
            right2 += len(expected) > 1 and suggestion.path[:2] == expected[:2]
    elapsed = time.perf_counter() - started
    if labelled:
        print(f"first-level accuracy: {right / labelled:.3f} ({right}/{labelled}); "
              f"second-level: {right2 / labelled:.3f}", file=sys.stderr)
    if messages:
        print(f"{len(messages)} messages, {1000 * elapsed / len(messages):.1f} ms each", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
