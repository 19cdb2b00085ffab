"""Checks on the code base itself: lint, and that lower layers never import higher ones."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# An app may import apps below it, never above. core is the base; pages sit on top.
LAYERS = [{"core"}, {"catalog"}, {"accounts"}, {"certs"}, {"exchange"}, {"rules"}, {"processes"}, {"cases"},
          {"business", "bundles"}, {"stats", "portal", "console", "kiosk"}, {"demo"}]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "onestop", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _layer_of(app: str) -> int | None:
    return next((i for i, apps in enumerate(LAYERS) if app in apps), None)


def test_no_app_imports_a_higher_layer():
    offences = []
    for path in (ROOT / "onestop").rglob("*.py"):
        parts = path.relative_to(ROOT / "onestop").parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        own = _layer_of(parts[0])
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                if name.startswith("onestop."):
                    target = _layer_of(name.split(".")[1])
                    if target is not None and target > own:
                        offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []
