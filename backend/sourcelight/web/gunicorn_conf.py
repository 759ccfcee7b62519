"""Gunicorn settings for ``sourcelight serve`` (also usable as ``gunicorn -c``).

Sync workers: annotation is CPU-bound, so one request per process and one process
per core is the fastest shape, and a stuck request can be killed by ``timeout``.
Each worker builds the app after the fork and loads the model once.
"""

from __future__ import annotations

import os
from typing import Any

from sourcelight.config import Config

_config = Config.from_env()

bind = f"{os.environ.get('SOURCELIGHT_HOST', '127.0.0.1')}:{os.environ.get('SOURCELIGHT_PORT', '8765')}"
workers = int(os.environ.get("SOURCELIGHT_WORKERS", os.cpu_count() or 1))
worker_class = "sync"
# The API's own deadline answers "timeout" first; this only kills a worker stuck inside
# one component (a hung worker is replaced rather than left blocking its slot).
timeout = int(_config.ANNOTATE_TIMEOUT * 3 + 30)
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5
limit_request_line = 8190
accesslog = "-"  # method, path, status, size, time: never the body
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = _config.LOG_LEVEL.lower()
preload_app = False  # the model must load in each worker, after the fork
# gunicorn's runtime control socket has one default path per user: several servers on
# one machine (tests, bench, a dev server) would fight over it, and we do not use it.
control_socket_disable = True


def post_fork(server: Any, worker: Any) -> None:
    """Replacement workers load before accepting, so a running service never answers 503.

    The first generation loads in the background (and /health says "loading").
    ``worker.age`` counts spawns, so an age beyond the worker count is a replacement.
    """
    if worker.age > server.num_workers:
        os.environ["SOURCELIGHT_LOAD_SYNC"] = "1"
