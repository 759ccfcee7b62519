"""The request's time limit, checked cooperatively inside long stages.

``Pipeline.annotate`` runs the components inside ``running(deadline)``; any stage loop
that could take long calls ``check(stage)``, which raises ``AnnotateTimeout`` once the
deadline (a ``time.monotonic()`` value) has passed. The API turns that into a JSON 422
``timeout`` and the worker goes on serving. A context variable, so that stages need no
extra argument and a stage run outside a request (tests, the CLI) is never limited.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_deadline: ContextVar[float | None] = ContextVar("sourcelight_deadline", default=None)


class AnnotateTimeout(Exception):
    """The deadline passed while (or before) ``stage`` ran."""

    def __init__(self, stage: str, timing: dict[str, float] | None = None) -> None:
        super().__init__(f"deadline passed in {stage}")
        self.stage = stage
        self.timing = timing or {}


@contextmanager
def running(deadline: float | None) -> Iterator[None]:
    """Make ``deadline`` the one ``check`` enforces, for the duration of the block."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def passed(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def check(stage: str) -> None:
    """Raise ``AnnotateTimeout`` when the current deadline has passed (cheap: one clock read)."""
    if passed(_deadline.get()):
        raise AnnotateTimeout(stage)


def checker(deadline: float | None, stage: str) -> Callable[[], None]:
    """A callable that raises ``AnnotateTimeout`` once ``deadline`` has passed, for code that
    takes its check as an argument (tokenizing in ``chunking.py``, ``/claims`` scoring)."""

    def check_deadline() -> None:
        if passed(deadline):
            raise AnnotateTimeout(stage)

    return check_deadline


def every(items: Iterable[T], stage: str, step: int = 64) -> Iterator[T]:
    """Yield ``items``, checking the deadline every ``step`` items (for stage loops)."""
    for n, item in enumerate(items):
        if n % step == 0:
            check(stage)
        yield item
