"""How many gunicorn workers are ready: a small table in memory shared across the fork.

Under gunicorn every worker loads the model before it accepts a connection, so a worker
that answers is ready; until one is, connections wait in the listen backlog instead of
getting 503. The table only lets ``/health`` say how many of the configured workers are
serving. The master creates it before the first fork (``open_table``); a worker writes
its pid once loaded (``mark_ready``); the master clears a pid when it reaps that worker
(``forget``), which also covers a worker killed with SIGKILL. Outside gunicorn (the dev
server, the CLI, tests' in-process apps) there is no table and ``status()`` is None.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.sharedctypes import SynchronizedArray
from typing import Any

_table: SynchronizedArray | None = None
_configured = 0


def open_table(configured: int) -> None:
    """In the master, before workers fork: room for every worker plus replacements in flight."""
    global _table, _configured
    _configured = configured
    _table = multiprocessing.Array("i", max(2 * configured, 4))


def mark_ready(pid: int) -> None:
    _set(0, pid)


def forget(pid: int) -> None:
    _set(pid, 0)


def _set(old: int, new: int) -> None:
    if _table is None:
        return
    with _table.get_lock():
        for slot, value in enumerate(_table):
            if value == old:
                _table[slot] = new
                return


def status() -> dict[str, Any] | None:
    """``{"ready": n, "configured": m}`` under gunicorn, else None."""
    if _table is None:
        return None
    with _table.get_lock():
        ready = sum(1 for pid in _table if pid)
    return {"ready": ready, "configured": _configured}
