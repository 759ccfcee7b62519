"""``sourcelight audit`` with the real model: the local engine's worker processes, and a
real Dask scheduler with two worker processes (a ``LocalCluster``), on six short PolNeAR
dev articles plus bad lines. Each worker process loads the model once for the module.
Last, the command line against a cluster started by Dask's own ``dask scheduler`` and
``dask worker`` commands, as on a Kubernetes cluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import validate
from sourcelight.audit import work
from sourcelight.audit.polnear import articles
from sourcelight.audit.run import Summary, audit
from sourcelight.measure.processes import free_port, stop_process, wait_for_port
from sourcelight.pipeline import PipelineConfig

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = work.Settings(pipeline=PipelineConfig(ratings_dir=(ROOT / "var" / "ratings").resolve()), max_chars=6000)
KOREAN = ("서울시는 내년부터 대중교통 요금을 인상한다고 7일 밝혔다. 시는 지하철과 버스 기본요금을 각각 150원씩 "
          "올리는 방안을 시의회에 제출했으며, 시민 의견을 듣는 공청회를 다음 달 열 계획이다. 시 관계자는 "
          "운영 적자가 누적돼 더는 미룰 수 없다고 설명했다.\n") * 2
BAD_LINES = [
    "this line is not JSON",
    json.dumps({"id": "empty", "text": "  \n "}),
    json.dumps({"id": "too-long", "text": "word " * 1300}),  # 6,500 characters, over max_chars
    json.dumps({"text": "An article without an id."}),
    json.dumps({"id": "korean", "text": KOREAN}),  # refused as /annotate refuses it
]
EXPECTED_ERRORS = {2: "invalid_json", 4: "empty_text", 6: "text_too_long", 8: "invalid_field",
                   10: "unsupported_language"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """Six short dev articles from three outlets, with a bad line after each of the first five."""
    picked = sorted(articles(data_dir / "polnear", "dev"), key=lambda a: len(a["text"]))[:6]
    lines: list[str] = []
    for i, article in enumerate(picked):
        lines.append(json.dumps(article))
        if i < len(BAD_LINES):
            lines.append(BAD_LINES[i])
    path = tmp_path_factory.mktemp("archive") / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        yield cluster, client


def records(out: Path) -> list[dict[str, Any]]:
    lines = []
    for path in sorted((out / "annotations").glob("part-*.jsonl")):
        lines += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return lines


def comparable(out: Path) -> list[dict[str, Any]]:
    """The records without their timings, which differ from run to run."""
    return [{k: v for k, v in r.items() if k != "timing_ms"} for r in records(out)]


def run_dask(archive: Path, out: Path, cluster: Any, **kwargs: Any) -> Summary:
    return audit(archive, out, SETTINGS, engine="dask", scheduler=cluster[0].scheduler_address,
                 partition_size=1, **kwargs)


@pytest.fixture(scope="module")
def local_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    audit(archive, out, SETTINGS, engine="local", workers=2, partition_size=4)
    return out


def test_local_engine_answers_as_the_api_does(local_run: Path, archive: Path, client: Any):
    lines = [line for line in archive.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = records(local_run)
    assert [r["line"] for r in out] == list(range(1, len(lines) + 1))  # one record per input line, in order
    assert {r["line"]: r["error"]["code"] for r in out if "error" in r} == EXPECTED_ERRORS
    annotated = [r for r in out if "error" not in r]
    assert len(annotated) == 6 and any(r["sources"] for r in annotated)
    for r in annotated:
        validate(r, "Annotation")
        assert r["id"] == json.loads(lines[r["line"] - 1])["id"]
    for r in out:
        if "error" in r:
            validate({"error": r["error"]}, "Error")
    # The audit's line for an article is the /annotate answer for it (timings aside).
    first = json.loads(lines[0])
    served = client.post("/api/v1/annotate", json={"text": first["text"]}).get_json()
    audited = {k: v for k, v in annotated[0].items() if k not in {"id", "line", "article"}}
    assert audited.keys() == served.keys()
    assert {k: v for k, v in audited.items() if k != "timing_ms"} == {k: v for k, v in served.items()
                                                                      if k != "timing_ms"}
    for name in ("by_outlet_month.csv", "by_outlet_month.parquet", "by_outlet.parquet", "report.html"):
        assert (local_run / name).stat().st_size > 0
    assert "5 lines could not be annotated" in (local_run / "report.html").read_text(encoding="utf-8")


def test_dask_engine_gives_the_local_engines_output(archive: Path, local_run: Path, cluster: Any, tmp_path: Path):
    summary = run_dask(archive, tmp_path, cluster)
    assert summary.partitions == 11 and summary.skipped == 0
    assert comparable(tmp_path) == comparable(local_run)
    assert (tmp_path / "by_outlet.csv").read_text() == (local_run / "by_outlet.csv").read_text()


def test_resume_after_an_interrupted_run(archive: Path, local_run: Path, cluster: Any, tmp_path: Path):
    written: list[int] = []

    def interrupt(index: int) -> None:
        written.append(index)
        if len(written) == 3:
            raise KeyboardInterrupt  # as Ctrl-C would, with three partitions on disk

    with pytest.raises(KeyboardInterrupt):
        run_dask(archive, tmp_path, cluster, on_written=interrupt)
    before = {i: os.stat(tmp_path / "annotations" / f"part-{i:05d}.jsonl") for i in written}
    assert not (tmp_path / "report.html").exists()

    again: list[int] = []
    summary = run_dask(archive, tmp_path, cluster, on_written=again.append)
    assert summary.skipped == 3 and summary.partitions == 8
    assert not set(again) & set(written)  # finished partitions were not sent again
    for i, stat in before.items():
        assert os.stat(tmp_path / "annotations" / f"part-{i:05d}.jsonl").st_mtime_ns == stat.st_mtime_ns
    assert comparable(tmp_path) == comparable(local_run)
    assert (tmp_path / "report.html").exists()


def test_a_worker_killed_mid_run_loses_nothing_finished(archive: Path, local_run: Path, cluster: Any,
                                                        tmp_path: Path):
    client = cluster[1]
    killed: list[int] = []
    first: dict[int, int] = {}

    def kill_a_busy_worker(index: int) -> None:
        if killed:
            return
        first[index] = os.stat(tmp_path / "annotations" / f"part-{index:05d}.jsonl").st_mtime_ns
        busy = [address for address, keys in client.processing().items() if keys]
        pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    summary = run_dask(archive, tmp_path, cluster, on_written=kill_a_busy_worker)
    assert killed, "no worker was killed"
    assert summary.partitions == 11
    assert comparable(tmp_path) == comparable(local_run)  # the killed worker's partition was run again
    for index, mtime in first.items():  # what was finished before the kill was kept, not redone
        assert os.stat(tmp_path / "annotations" / f"part-{index:05d}.jsonl").st_mtime_ns == mtime
    client.wait_for_workers(2, timeout=120)  # the nanny replaced the killed worker
    assert killed[0] not in client.run(os.getpid).values()


def test_the_command_joins_a_cluster_started_by_dasks_own_commands(archive: Path, local_run: Path, tmp_path: Path):
    """The path a Kubernetes deployment takes: scheduler and workers are separate processes
    started by ``dask scheduler`` / ``dask worker`` (the operator runs the same commands),
    and ``sourcelight audit --engine dask --scheduler`` joins them from a third process."""
    bin_dir = Path(sys.executable).parent
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "SOURCELIGHT_MAX_TEXT_CHARS": str(SETTINGS.max_chars),
           "SOURCELIGHT_RATINGS_DIR": str(SETTINGS.pipeline.ratings_dir)}
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("scheduler", "worker")}  # noqa: SIM115
    started = [subprocess.Popen([bin_dir / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], stdout=logs["scheduler"], stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)]
    try:
        wait_for_port(port, timeout=60)
        started.append(subprocess.Popen([bin_dir / "dask", "worker", address, "--nworkers", "2", "--nthreads", "1",
                                         "--no-dashboard"], stdout=logs["worker"], stderr=subprocess.STDOUT,
                                        env=env, start_new_session=True))
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        out = tmp_path / "out"
        run = subprocess.run([bin_dir / "sourcelight", "audit", str(archive), "--out", str(out), "--engine", "dask",
                              "--scheduler", address, "--partition-size", "1"],
                             env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        assert comparable(out) == comparable(local_run)
        assert (out / "by_outlet.csv").read_text() == (local_run / "by_outlet.csv").read_text()
    finally:
        for process in reversed(started):
            stop_process(process, timeout=30)
        for log in logs.values():
            log.close()
