"""``sourcelight audit``: annotate an archive, then aggregate it and write the report.

    input --reader--> partitions --engine (local | dask)--> DIR/annotations/part-*.jsonl
          --aggregate--> DIR/by_outlet_month.{csv,parquet}, DIR/by_outlet.{csv,parquet}
          --report--> DIR/report.html

The input is cut into partitions of ``partition_size`` consecutive lines; a partition is
the unit of output and of resume. A rerun with the same ``--out`` reads the input again
but sends only the partitions the manifest does not list as finished.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sourcelight.audit import aggregate, reader, report, work
from sourcelight.audit.store import Store

PARTITION_SIZE = 100


@dataclass
class Summary:
    partitions: int  # finished in this run
    skipped: int  # finished before (resume)
    records: int  # written in this run
    seconds: float
    outputs: list[Path]


def partitions(items: Iterator[reader.Item], size: int) -> Iterator[tuple[int, list[reader.Item]]]:
    for index, chunk in enumerate(iter(lambda: list(islice(items, size)), [])):
        yield index, chunk


def audit(source: Path, out: Path, settings: work.Settings, engine: str = "local", workers: int = 2,
          scheduler: str | None = None, partition_size: int = PARTITION_SIZE,
          on_written: Callable[[int], None] | None = None, progress_file: Any = None) -> Summary:
    """Annotate ``source`` into ``out`` (resuming what an earlier run finished), then aggregate and report.

    ``on_written(index)`` is called after each partition is safely on disk (tests use it to
    interrupt a run at a known point).
    """
    from tqdm import tqdm

    store = Store(out, {"fingerprint": reader.fingerprint(source), "partition_size": partition_size,
                        "settings": repr(settings)}).open()
    skipped = len(store.done)
    counts = {"partitions": 0, "records": 0}

    def write(index: int, records: list[dict[str, Any]]) -> None:
        store.write(index, records)
        counts["partitions"] += 1
        counts["records"] += len(records)
        if on_written:
            on_written(index)

    todo = ((i, part) for i, part in partitions(reader.read(source, settings.max_chars), partition_size)
            if not store.is_done(i))
    started = time.perf_counter()
    done_before = sum(entry["records"] for entry in store.done.values())
    with tqdm(total=reader.count(source), initial=done_before, unit="article", file=progress_file or sys.stderr,
              desc=f"audit ({engine})", smoothing=0.1) as bar:
        if engine == "dask":
            from sourcelight.audit import dask_engine

            dask_engine.run(todo, settings, write, bar, workers, scheduler)
        else:
            from sourcelight.audit import local

            local.run(todo, settings, write, bar, workers)
        bar.total = bar.n  # the count ahead was an estimate (blank lines count there)
    seconds = time.perf_counter() - started
    result = aggregate.aggregate(store.records())
    outputs = aggregate.write_tables(result, out)
    outputs.append(report.write(result, out / "report.html", title=source.name))
    return Summary(counts["partitions"], skipped, counts["records"], seconds, outputs)
