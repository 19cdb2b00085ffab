"""The registry of step handlers, and the contract a handler keeps.

A handler is a plain function ``handler(ctx: StepContext) -> dict`` registered under a dotted key
(``@step_handler("business.seal.order")``). It returns the step's outputs (a JSON object), which the
steps that depend on it receive, or raises:

- ``RetryableFailure`` for a fault that may pass (an outside system down or timing out): the step is
  tried again after an exponential back-off, until its ``max_attempts`` are used up;
- ``PermanentFailure`` for one that will not (the outside system refused the request): the step
  goes to staff ("needs attention") with the reason at once.

Any other exception counts as retryable, with its type as the reason.

A handler whose side effect hands work to people (it opens a department case) returns
``AwaitOutcome(subject, outputs)`` instead of waiting: the step becomes *awaiting*, and finishes when
``services.signal(subject, outcome)`` reports that subject's outcome (done → the step is done with
the outputs merged; failed → the step fails and the steps depending on it are cancelled).

The contract:

1. **Idempotent per (process, step).** A step can run more than once: a worker killed after the side
   effect but before the result was recorded, or a worker slower than the step's timeout, whose
   lease then expired and another worker took the step. ``ctx.idempotency_key`` is the same on every
   attempt of the step; the handler passes it to the outside system (an ``Idempotency-Key`` header,
   an order number) or writes its local effect under a unique constraint on it, so that a repeated
   call has no second effect and answers with the first result.
2. **Bounded in time.** The step's ``timeout`` is its lease: a handler still running after it is
   presumed lost and the step is handed to another worker. A handler bounds its own outside calls
   (their timeouts shorter than the step's) and never waits on a person.
3. **No engine state.** A handler never changes the engine's rows; it reads only ``ctx`` and the
   systems it calls, and its outputs are what later steps see. The result of an attempt whose lease
   was taken over is discarded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class StepFailure(Exception):
    """Raised by a handler. ``reason`` is shown to staff, in Chinese."""

    retryable = True

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryableFailure(StepFailure):
    retryable = True


class PermanentFailure(StepFailure):
    retryable = False


@dataclass(frozen=True)
class StepContext:
    process_id: int
    step: str
    subject: str
    inputs: dict[str, Any]
    upstream: dict[str, dict[str, Any]] = field(default_factory=dict)  # outputs of the steps depended on
    attempt: int = 1
    idempotency_key: str = ""


@dataclass(frozen=True)
class AwaitOutcome:
    """Returned by a handler: the step's effect is done; its result comes later through ``signal``."""

    subject: str  # e.g. "case:123"
    outputs: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[StepContext], dict[str, Any] | AwaitOutcome | None]
_HANDLERS: dict[str, Handler] = {}


def step_handler(key: str) -> Callable[[Handler], Handler]:
    """Registers ``fn`` under ``key``. Registering another function under a taken key is an error."""

    def register(fn: Handler) -> Handler:
        known = _HANDLERS.get(key)
        if known is not None and known.__qualname__ != fn.__qualname__:
            raise ValueError(f"步骤处理程序 {key} 已登记为 {known.__module__}.{known.__qualname__}")
        _HANDLERS[key] = fn
        return fn

    return register


def get_handler(key: str) -> Handler | None:
    return _HANDLERS.get(key)


def is_registered(key: str) -> bool:
    return key in _HANDLERS
