"""Process definitions as data: a step graph (DAG) of named steps, each with the handler it runs,
the steps it depends on, a retry policy and a timeout. Pure: no database.

    {"title": "企业开办",
     "steps": [
        {"name": "register", "title": "设立登记", "handler": "business.register"},
        {"name": "seal", "title": "刻制印章", "handler": "business.seal", "depends_on": ["register"],
         "retry": {"max_attempts": 5, "base_delay_seconds": 2, "max_delay_seconds": 300},
         "timeout_seconds": 60}]}

``parse_definition`` validates a spec and raises ``DefinitionError`` with a stable ``code`` and a
Chinese message naming the step at fault."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import Any

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_STEPS = 100
DEFAULT_TIMEOUT_SECONDS = 60
MAX_TIMEOUT_SECONDS = 3600


class DefinitionError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay_seconds: float = 2.0
    max_delay_seconds: float = 300.0

    def delay(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based): exponential, capped, with
        "equal jitter" (half fixed, half random) so that steps failing together do not retry together."""
        ceiling = min(self.max_delay_seconds, self.base_delay_seconds * 2 ** (attempt - 1))
        return ceiling / 2 + rand() * ceiling / 2


@dataclass(frozen=True)
class StepSpec:
    name: str
    title: str
    handler: str
    depends_on: tuple[str, ...]
    retry: RetryPolicy
    timeout_seconds: int


@dataclass(frozen=True)
class Definition:
    title: str
    steps: tuple[StepSpec, ...]  # in a topological order

    def step(self, name: str) -> StepSpec:
        return next(s for s in self.steps if s.name == name)


def _number(value: Any, low: float, high: float, code: str, message: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise DefinitionError(code, message)
    return value


def _retry(step: str, raw: Any) -> RetryPolicy:
    if raw is None:
        return RetryPolicy()
    if not isinstance(raw, dict) or set(raw) - {"max_attempts", "base_delay_seconds", "max_delay_seconds"}:
        raise DefinitionError("bad_retry", f"步骤 {step} 的重试策略只能包含 max_attempts、base_delay_seconds、"
                                           "max_delay_seconds")
    default = RetryPolicy()
    attempts = raw.get("max_attempts", default.max_attempts)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not 1 <= attempts <= 50:
        raise DefinitionError("bad_retry", f"步骤 {step} 的最多尝试次数须为 1 至 50 的整数")
    base = _number(raw.get("base_delay_seconds", default.base_delay_seconds), 0, 3600, "bad_retry",
                   f"步骤 {step} 的重试基础间隔须为 0 至 3600 秒")
    ceiling = _number(raw.get("max_delay_seconds", default.max_delay_seconds), base, 86400, "bad_retry",
                      f"步骤 {step} 的最长重试间隔须不小于基础间隔，且不超过 86400 秒")
    return RetryPolicy(attempts, float(base), float(ceiling))


def _step(raw: Any, index: int, handler_known: Callable[[str], bool]) -> StepSpec:
    if not isinstance(raw, dict):
        raise DefinitionError("malformed", f"第 {index + 1} 个步骤应为对象")
    unknown = set(raw) - {"name", "title", "handler", "depends_on", "retry", "timeout_seconds"}
    if unknown:
        raise DefinitionError("malformed", f"第 {index + 1} 个步骤含有无法识别的字段：{'、'.join(sorted(unknown))}")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise DefinitionError("bad_step_name", f"第 {index + 1} 个步骤的名称须为小写字母开头的英文、数字或下划线"
                                               "（不超过 63 个字符）")
    handler = raw.get("handler")
    if not isinstance(handler, str) or not handler:
        raise DefinitionError("malformed", f"步骤 {name} 未指定处理程序（handler）")
    if not handler_known(handler):
        raise DefinitionError("unknown_handler", f"步骤 {name} 的处理程序 {handler} 未登记")
    depends_on = raw.get("depends_on", [])
    if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
        raise DefinitionError("malformed", f"步骤 {name} 的 depends_on 应为步骤名称的列表")
    if len(set(depends_on)) != len(depends_on):
        raise DefinitionError("malformed", f"步骤 {name} 的 depends_on 中有重复的步骤")
    timeout = raw.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= MAX_TIMEOUT_SECONDS:
        raise DefinitionError("bad_timeout", f"步骤 {name} 的超时时间须为 1 至 {MAX_TIMEOUT_SECONDS} 秒的整数")
    title = raw.get("title", name)
    if not isinstance(title, str) or not 0 < len(title) <= 100:
        raise DefinitionError("malformed", f"步骤 {name} 的标题须为 1 至 100 个字符")
    return StepSpec(name, title, handler, tuple(depends_on), _retry(name, raw.get("retry")), timeout)


def parse_definition(spec: Any, handler_known: Callable[[str], bool]) -> Definition:
    if not isinstance(spec, dict) or not isinstance(spec.get("steps"), list):
        raise DefinitionError("malformed", "流程定义应为含有 steps 列表的对象")
    if not spec["steps"]:
        raise DefinitionError("no_steps", "流程定义至少需要一个步骤")
    if len(spec["steps"]) > MAX_STEPS:
        raise DefinitionError("too_many_steps", f"流程定义最多 {MAX_STEPS} 个步骤")
    title = spec.get("title", "")
    if not isinstance(title, str) or len(title) > 100:
        raise DefinitionError("malformed", "流程标题须为不超过 100 个字符的文字")
    steps: dict[str, StepSpec] = {}
    for index, raw in enumerate(spec["steps"]):
        step = _step(raw, index, handler_known)
        if step.name in steps:
            raise DefinitionError("duplicate_step", f"步骤名称 {step.name} 重复出现")
        steps[step.name] = step
    for step in steps.values():
        for dep in step.depends_on:
            if dep not in steps:
                raise DefinitionError("unknown_dependency", f"步骤 {step.name} 依赖的步骤 {dep} 不存在")
    try:
        order = list(TopologicalSorter({s.name: s.depends_on for s in steps.values()}).static_order())
    except CycleError as err:
        cycle = " → ".join(reversed(err.args[1]))
        raise DefinitionError("cycle", f"步骤之间存在循环依赖：{cycle}") from None
    return Definition(title, tuple(steps[name] for name in order))
