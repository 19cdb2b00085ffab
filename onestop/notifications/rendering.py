"""Template text with ``{name}`` placeholders, filled from a flat context of strings and numbers.

Deliberately not Django's or Python's format language: administrators edit the wording, and a
placeholder can only name a value the caller passed, never reach an attribute or run a filter."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
STRAY_BRACE = re.compile(r"[{}]")


class TemplateError(ValueError):
    """The text names a value the context lacks, or has a brace that is not a placeholder."""


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def check(text: str, known: set[str]) -> None:
    """Raises TemplateError in Chinese when ``text`` would not render with a context of ``known`` keys."""
    if STRAY_BRACE.search(PLACEHOLDER.sub("", text)):
        raise TemplateError("花括号只能用于参数，如 {number}")
    unknown = sorted(placeholders(text) - known)
    if unknown:
        raise TemplateError(f"未知参数：{'、'.join(unknown)}（可用：{'、'.join(sorted(known)) or '无'}）")


def render(text: str, context: dict) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in context:
            raise TemplateError(f"缺少参数：{name}")
        return str(context[name])

    return PLACEHOLDER.sub(value, text)
