"""The local engine: worker processes on this machine, each loading the pipeline once.

A ``ProcessPoolExecutor`` whose initializer loads the model; each partition is cut into
small chunks so every core stays busy (and the progress bar moves) even when there are
fewer partitions than cores. A partition is written as soon as its last chunk is back.
At most a few partitions are in flight, so memory stays bounded however long the input.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from sourcelight.audit import work
from sourcelight.audit.reader import Item

Partitions = Iterable[tuple[int, list[Item]]]
Writer = Callable[[int, list[dict[str, Any]]], None]
CHUNK = 8  # articles per task: one batched model call


def run(partitions: Partitions, settings: work.Settings, write: Writer, progress: Any, workers: int) -> None:
    # spawn, not fork: the parent may hold threads (tqdm's monitor), which fork does not copy safely.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=work.load, initargs=(settings,)) as pool:
        chunks: dict[int, list[Future]] = {}  # partition -> its chunks, in order
        running: dict[Future, tuple[int, int]] = {}  # chunk -> (partition, articles)
        for index, items in partitions:
            chunks[index] = []
            for start in range(0, len(items), CHUNK):
                part = items[start:start + CHUNK]
                future = pool.submit(work.annotate_items, part, settings)
                chunks[index].append(future)
                running[future] = (index, len(part))
            while len(running) >= 4 * workers:
                collect(running, chunks, write, progress)
        while running:
            collect(running, chunks, write, progress)


def collect(running: dict[Future, tuple[int, int]], chunks: dict[int, list[Future]],
            write: Writer, progress: Any) -> None:
    """Wait for some chunk to finish; write every partition that is now complete."""
    done, _ = wait(running, return_when=FIRST_COMPLETED)
    for future in done:
        index, count = running.pop(future)
        future.result()  # a dead worker process ends the run here; finished partitions stay written
        progress.update(count)
        if index in chunks and all(f.done() for f in chunks[index]):
            write(index, [record for f in chunks.pop(index) for record in f.result()])
