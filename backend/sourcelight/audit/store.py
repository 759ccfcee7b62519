"""The audit's output folder: finished partitions, and the manifest that lets a rerun resume.

    DIR/annotations/part-00000.jsonl   one record per input line of partition 0, in input order
    DIR/manifest.json                  the input's fingerprint, the partition size, finished partitions

A partition file is written whole to a temporary name and renamed into place, then the
manifest (also replaced atomically) records it. So whatever stops the run (Ctrl-C, a
killed worker, a crash of this process) leaves only complete partitions behind, and a
rerun with the same ``--out`` skips every partition the manifest lists.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
ANNOTATIONS = "annotations"


class ResumeMismatch(ValueError):
    """``--out`` holds a run over another input, or with another partition size."""


class Store:
    def __init__(self, out: Path, input_id: dict[str, Any]) -> None:
        """``input_id``: what must match for a rerun to resume (input fingerprint, partition size...)."""
        self.out = out
        self.folder = out / ANNOTATIONS
        self.input_id = input_id
        self.done: dict[str, dict[str, Any]] = {}

    def open(self) -> "Store":
        """Create the folders, or load the manifest of an earlier run and check it is the same input."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.out / MANIFEST
        if path.exists():
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest.get("input") != self.input_id:
                raise ResumeMismatch(
                    f"{self.out} holds an audit of another input or with other settings "
                    f"({manifest.get('input')} vs {self.input_id}); use a new --out, or delete that one.")
            self.done = {key: entry for key, entry in manifest.get("partitions", {}).items()
                         if self.is_intact(int(key), entry)}
        self.write_manifest()
        return self

    def path(self, index: int) -> Path:
        return self.folder / f"part-{index:05d}.jsonl"

    def is_done(self, index: int) -> bool:
        return f"{index:05d}" in self.done

    def is_intact(self, index: int, entry: dict[str, Any]) -> bool:
        path = self.path(index)
        return path.is_file() and path.stat().st_size == entry.get("bytes")

    def write(self, index: int, records: list[dict[str, Any]]) -> None:
        """Write one finished partition, then record it in the manifest."""
        data = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")
        atomic_write(self.path(index), data)
        self.done[f"{index:05d}"] = {
            "records": len(records),
            "errors": sum("error" in record for record in records),
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        self.write_manifest()

    def write_manifest(self) -> None:
        manifest = {"input": self.input_id, "partitions": dict(sorted(self.done.items()))}
        atomic_write(self.out / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record of every finished partition, in input order (read one line at a time)."""
        for key in sorted(self.done):
            with open(self.path(int(key)), encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line)


def atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
