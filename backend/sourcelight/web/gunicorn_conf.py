"""Gunicorn settings for ``sourcelight serve`` (also usable as ``gunicorn -c``).

Sync workers: annotation is CPU-bound, so one request per process and one process
per core is the fastest shape, and a stuck request can be killed by ``timeout``.
Each worker builds the app after the fork and loads the model once, before it accepts
a connection (gunicorn's own model of readiness): until some worker is ready, clients
wait in the listen backlog, so no request ever meets a worker that is still loading.
The model is not preloaded in the master because what it holds (onnxruntime sessions,
Redis connections, threads) does not survive a fork safely.
"""

from __future__ import annotations

import os
from typing import Any

from sourcelight.config import Config
from sourcelight.web import workers as worker_table

_config = Config.from_env()

bind = f"{os.environ.get('SOURCELIGHT_HOST', '127.0.0.1')}:{os.environ.get('SOURCELIGHT_PORT', '8765')}"
workers = int(os.environ.get("SOURCELIGHT_WORKERS", os.cpu_count() or 1))
worker_class = "sync"
# The API's own deadline answers "timeout" first; this only kills a worker stuck inside
# one component (a hung worker is replaced rather than left blocking its slot).
timeout = int(_config.ANNOTATE_TIMEOUT * 3 + 30)
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5
# Recycle a worker after this many requests (0: never), staggered by the jitter so that
# workers do not restart together; the replacement loads before it accepts.
max_requests = int(os.environ.get("SOURCELIGHT_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
limit_request_line = 8190
accesslog = "-"  # method, path, status, size, time: never the body
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = _config.LOG_LEVEL.lower()
preload_app = False  # the model must load in each worker, after the fork
# gunicorn's runtime control socket has one default path per user: several servers on
# one machine (tests, bench, a dev server) would fight over it, and we do not use it.
control_socket_disable = True


def on_starting(server: Any) -> None:
    worker_table.open_table(server.num_workers)


def post_fork(server: Any, worker: Any) -> None:
    """Load the model while building the app, i.e. before this worker accepts."""
    os.environ["SOURCELIGHT_LOAD_SYNC"] = "1"


def post_worker_init(worker: Any) -> None:
    """The app is built and its model loaded (or failed, which /health reports)."""
    holder = worker.wsgi.extensions["sourcelight_pipeline"]
    if holder.state == "ready":
        worker_table.mark_ready(worker.pid)


def child_exit(server: Any, worker: Any) -> None:
    """In the master, for every reaped worker, however it died."""
    worker_table.forget(worker.pid)
