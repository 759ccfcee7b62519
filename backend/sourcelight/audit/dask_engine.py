"""The Dask engine: the same work on a ``dask.distributed`` cluster.

Without ``--scheduler`` it starts a ``LocalCluster`` (worker processes, one thread each);
with one it joins an existing cluster (``dask scheduler`` / ``dask worker``, or one the
Dask Kubernetes operator runs). A worker plugin loads the pipeline once per worker
process, and again on any worker that joins or replaces a dead one. Each partition is one
task; this process writes a partition the moment its task is done, so a killed worker
loses only the partition it was working on, which the scheduler runs again elsewhere.
"""

from __future__ import annotations

import asyncio
import hashlib
import pickle
import uuid
from collections.abc import Iterable
from contextlib import ExitStack
from typing import Any

from sourcelight.audit import work
from sourcelight.audit.local import Partitions, Writer

try:
    from distributed import Client, LocalCluster, as_completed
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the audit extra is not installed; the local engine still works
    Client = None  # type: ignore[assignment,misc]
    WorkerPlugin = object  # type: ignore[assignment,misc]


class LoadPipeline(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline when a worker starts (or joins later), off the worker's event loop."""

    idempotent = True  # registering it again (a second run on the same cluster) keeps the loaded model

    def __init__(self, settings: work.Settings) -> None:
        self.settings = settings

    async def setup(self, worker: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(None, work.load, self.settings)


def plugin_name(settings: work.Settings) -> str:
    return "sourcelight-pipeline-" + hashlib.sha256(pickle.dumps(settings)).hexdigest()[:12]


def run(partitions: Partitions, settings: work.Settings, write: Writer, progress: Any, workers: int,
        scheduler: str | None = None, in_flight: int | None = None) -> None:
    if Client is None:
        raise SystemExit("--engine dask needs dask.distributed: pip install 'sourcelight[audit]'")
    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        client.register_plugin(LoadPipeline(settings), name=plugin_name(settings))
        submit_all(client, partitions, settings, write, progress,
                   in_flight or 2 * max(1, len(client.scheduler_info()["workers"])) + 2)


def submit_all(client: Any, partitions: Iterable[tuple[int, list]], settings: work.Settings,
               write: Writer, progress: Any, in_flight: int) -> None:
    """Keep ``in_flight`` partitions on the cluster; write each as it completes."""
    pending = as_completed()
    index_of: dict[str, int] = {}
    token = uuid.uuid4().hex[:8]  # task keys unique to this run, on a cluster others may share
    source = iter(partitions)

    def submit_next() -> bool:
        for index, items in source:
            future = client.submit(work.annotate_items, items, settings, pure=False,
                                   key=f"sourcelight-audit-{token}-{index:05d}")
            index_of[future.key] = index
            pending.add(future)
            return True
        return False

    for _ in range(in_flight):
        if not submit_next():
            break
    for future in pending:
        records = future.result()  # raises if the task failed for good (e.g. killed on every retry)
        write(index_of.pop(future.key), records)
        progress.update(len(records))
        future.release()
        submit_next()
