"""Checks on the code base itself: lint, and that lower layers never import higher ones."""

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# An app may import apps below it, never above. core is the base; pages sit on top.
LAYERS = [{"core"}, {"catalog"}, {"halls"}, {"accounts"}, {"notifications"}, {"certs"}, {"exchange"}, {"rules"},
          {"processes"}, {"cases"}, {"ratings"}, {"business", "bundles", "window", "appointments", "complaints", "assistant", "news"},
          {"stats", "portal", "console", "kiosk"}, {"demo"}]


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


def _imported_modules(path: Path, module: str, package: str) -> set[str]:
    """Every ``onestop`` module ``path`` imports, at the top or inside a function (a lazy import is
    still a dependency)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("onestop.") and name != module}


def test_no_import_cycle_between_modules():
    """Modules import each other in one direction only (cases once had services ↔ instant ↔ tasks,
    held together by imports inside functions). A package that loads its own back-ends lazily
    (certs.signing) is not a cycle: the edges from a package to its sub-modules are left out."""
    graph = {}
    for path in (ROOT / "onestop").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        package = module if is_package else ".".join(parts[:-1])
        imported = _imported_modules(path, module, package)
        graph[module] = {m for m in imported if not (is_package and m.startswith(module + "."))}
    graph = {m: {d for d in deps if d in graph} for m, deps in graph.items()}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as err:
        raise AssertionError("import cycle: " + " → ".join(err.args[1])) from None


def test_every_browser_test_file_runs_among_the_database_tests():
    # pytest-django runs tests without the django_db mark after the transactional ones, whose teardown
    # empties every table: a browser test file without the mark would see a database without the demo
    # data (the complaints journeys once saw no taxonomy for that reason).
    missing = [
        path.name
        for path in sorted((ROOT / "tests" / "e2e").glob("test_*.py"))
        if "pytest.mark.django_db" not in path.read_text(encoding="utf-8")
    ]
    assert missing == []
