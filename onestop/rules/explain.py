"""Chinese text for rule decisions: values, `{name}` templates, and evaluation errors as reasons."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
UNKNOWN_TEXT = "未知"


def display_key(value) -> str:
    """The key a `display` map uses for a value: true/false, null, or the value as text."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return render(value)


def render(value, display: dict | None = None) -> str:
    """A value as a person reads it: 是/否, 无, lists joined with 、, whole floats without .0."""
    if display:
        words = display.get(display_key(value))
        if words is not None:
            return words
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None:
        return "无"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return "、".join(render(v) for v in value) if value else "无"
    if isinstance(value, dict):
        return "；".join(f"{k}：{render(v)}" for k, v in value.items()) if value else "无"
    return str(value)


def split_template(text: str) -> tuple[tuple[str, str | None], ...]:
    """'年龄 {age} 周岁' -> (('年龄 ', 'age'), (' 周岁', None)); done once, at parse time."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts.append((text[position : match.start()], match.group(1).strip()))
        position = match.end()
    parts.append((text[position:], None))
    return tuple(parts)


def fill(parts, values: dict) -> str:
    """Fill a split template; `values` maps a name to its rendered text (missing -> 未知)."""
    if len(parts) == 1:
        return parts[0][0]
    return "".join([literal + (values.get(name, UNKNOWN_TEXT) if name is not None else "") for literal, name in parts])


_LOCATION = re.compile(r"<input>:(\d+):(\d+):\s*(.*)")
_UNDEFINED = re.compile(r"Undefined variable or function: '([^']{1,60})'")


def compile_message(error: Exception) -> str:
    """The useful line of a CEL syntax error: '第 1 行第 4 列：Syntax error: …'."""
    text = str(error)
    match = _LOCATION.search(text)
    if match:
        return f"第 {match.group(1)} 行第 {match.group(2)} 列：{match.group(3)[:160]}"
    return text.splitlines()[0][:200] if text else type(error).__name__


def error_reason(error: Exception | None, subject: str, function_message: str | None = None) -> str:
    """Why `subject` (「年龄」, 检查项「户籍」) could not be evaluated, in Chinese, for the reviewer."""
    if function_message:
        return f"缺少数据：无法计算{subject}（{function_message}）"
    if isinstance(error, KeyError):
        key = error.args[0] if error.args else "?"
        return f"缺少数据：计算{subject}所需的字段 {key} 不存在"
    if isinstance(error, ZeroDivisionError):
        return f"无法计算{subject}：除数为零"
    if isinstance(error, OverflowError):
        return f"无法计算{subject}：数值超出范围"
    if isinstance(error, TypeError):
        return f"无法计算{subject}：数据为空或类型不符"
    message = str(error)
    undefined = _UNDEFINED.search(message)
    if undefined:  # names were checked when parsing, so the function does not apply to this type of value
        return f"无法计算{subject}：数据类型不符（{undefined.group(1)} 不适用于该值）"
    if "string parse error" in message or "parse" in message:
        return f"无法计算{subject}：数据格式不正确"
    return f"无法计算{subject}：{type(error).__name__}"
