"""The ``sourcelight`` command: serve | annotate | audit | bench | data | train-claims."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

DEFAULT_RATINGS = Path("var/ratings")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sourcelight", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API under gunicorn")
    serve.add_argument("--host", default=os.environ.get("SOURCELIGHT_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("SOURCELIGHT_PORT", 8765)))
    serve.add_argument("--workers", type=int,
                       default=int(os.environ.get("SOURCELIGHT_WORKERS", os.cpu_count() or 1)))

    annotate = commands.add_parser("annotate", help="annotate a text file (or - for stdin)")
    annotate.add_argument("file", help="a UTF-8 text file, or - for stdin")
    annotate.add_argument("--url")
    annotate.add_argument("--title")
    annotate.add_argument("--format", choices=["json", "table"], default="json")
    annotate.add_argument("--jsonl", action="store_true",
                          help='input is JSON lines {"text", "url"?, "title"?}; output one annotation per line')
    annotate.add_argument("--offsets", choices=["utf16", "codepoints"], default="utf16")
    annotate.add_argument("--batch-size", type=int, default=8)

    audit = commands.add_parser("audit", help="annotate an archive and report how each outlet sources its news")
    audit.add_argument("input", type=Path, help='JSON lines {"id", "text", "url"?, "title"?, "published"?, '
                       '"outlet"?}, or a folder of .txt files')
    audit.add_argument("--out", type=Path, required=True, help="output folder (a rerun with the same one resumes)")
    audit.add_argument("--engine", choices=["local", "dask"], default="local")
    audit.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    audit.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                       help="worker processes (local engine, or the LocalCluster)")
    audit.add_argument("--partition-size", type=int, default=100, help="articles per output partition")

    bench = commands.add_parser("bench", help="latency, throughput and memory against bare spaCy")
    bench.add_argument("--data", type=Path, help="shared data dir (default SOURCELIGHT_DATA_DIR or ../shared/data)")
    bench.add_argument("--workers", type=int, default=2)
    bench.add_argument("--limit", type=int, help="use only the first N texts")
    bench.add_argument("--part", choices=["all", "service", "audit"], default="all",
                       help="the service against bare spaCy, the audit's throughput, or both")

    data = commands.add_parser("data", help="install outlet ratings")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    fetch = data_commands.add_parser("fetch", help="download from the public addresses (sha256 checked)")
    fetch.add_argument("--dest", type=Path, default=None)
    fetch.add_argument("--url-template", help="a mirror, e.g. https://host/{repository}/{commit}/{path}")
    imp = data_commands.add_parser("import", help="copy from a local directory (sha256 checked)")
    imp.add_argument("--from", dest="src", type=Path, required=True)
    imp.add_argument("--dest", type=Path, default=None)
    data_commands.add_parser("knowledge", add_help=False, help="rebuild the shipped knowledge table from ../shared/data")

    train = commands.add_parser("train-claims", help="train the claim check-worthiness model")
    train.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["train-claims"]:  # everything after belongs to the trainer's own parser
        return run_train_claims(argv[1:])
    if argv[:2] == ["data", "knowledge"]:  # so does everything after "data knowledge"
        from sourcelight.stages.knowledge import build_knowledge

        return build_knowledge.main(argv[2:])
    args = build_parser().parse_args(argv)
    handler = {"serve": run_serve, "annotate": run_annotate, "audit": run_audit, "bench": run_bench,
               "data": run_data}
    return handler[args.command](args) or 0


def run_serve(args: argparse.Namespace) -> int:
    from sourcelight.web.server import serve

    serve(host=args.host, port=args.port, workers=args.workers)
    return 0


def run_annotate(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    from sourcelight import offsets
    from sourcelight.config import Config
    from sourcelight.pipeline import Pipeline
    from sourcelight.web.loader import pipeline_config

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    handle = stdin if args.file == "-" else open(args.file, encoding="utf-8")
    with handle:
        pipeline = Pipeline(pipeline_config(Config.from_env()))
        if args.jsonl:
            items = list(read_jsonl(handle))
            for (text, _, _), result in zip(items, annotate_batch(pipeline, items, args.batch_size)):
                result = offsets.convert(result, text, args.offsets)
                stdout.write(json.dumps({**result, "offsets": args.offsets}, ensure_ascii=False) + "\n")
            return 0
        text = handle.read()
    result = offsets.convert(pipeline.annotate(text, args.url, args.title), text, args.offsets)
    result["offsets"] = args.offsets
    stdout.write(format_table(result) if args.format == "table" else json.dumps(result, ensure_ascii=False, indent=2))
    stdout.write("\n")
    return 0


def read_jsonl(handle: TextIO) -> Iterator[tuple[str, str | None, str | None]]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
        except (ValueError, KeyError, TypeError):
            raise SystemExit(f"line {number}: expected a JSON object with a 'text' string") from None
        yield text, item.get("url"), item.get("title")


def annotate_batch(pipeline: Any, items: list[tuple[str, str | None, str | None]], batch_size: int) -> Iterator[dict]:
    """Through nlp.pipe; a progress bar (on stderr) when the batch is long."""
    from tqdm import tqdm

    results = pipeline.annotate_many(items, batch_size=batch_size)
    yield from tqdm(results, total=len(items), unit="doc", disable=len(items) < 20, file=sys.stderr)


def format_table(result: dict[str, Any]) -> str:
    """A plain-text view for people: one section per kind, one row per item."""
    lines: list[str] = []

    def section(title: str, rows: list[tuple[str, ...]]) -> None:
        lines.append(f"{title} ({len(rows)})")
        for row in rows:
            lines.append("  " + "  ".join(row))

    section("Entities", [(f"{e['start']:>6}-{e['end']:<6}", f"{e['label']:<11}", e["text"]) for e in result["entities"]])
    section("Claims", [(f"{c['checkworthiness']:.2f}", f"{c['type']:<12}", _clip(c["text"])) for c in result["claims"]])
    section("Attributions", [(f"{a['kind']:<12}", (a["source"] or {}).get("text", "-"), "->", _clip(a["content"]["text"], 60))
                             for a in result["attributions"]])
    section("Sources", [(f"{s['type']:<20}", "anonymous" if s["anonymous"] else "named    ", s["name"]) for s in result["sources"]])
    outlet = result.get("outlet")
    lines.append(f"Outlet: {json.dumps(outlet, ensure_ascii=False) if outlet else '-'}")
    return "\n".join(lines)


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run_audit(args: argparse.Namespace) -> int:
    from sourcelight.audit import work
    from sourcelight.audit.run import audit
    from sourcelight.audit.store import ResumeMismatch
    from sourcelight.config import Config
    from sourcelight.web.loader import pipeline_config

    if not args.input.exists():
        print(f"sourcelight audit: {args.input} does not exist", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("sourcelight audit: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    config = Config.from_env()
    pipeline = pipeline_config(config)
    if pipeline.ratings_dir:  # worker processes may start elsewhere
        pipeline = dataclasses.replace(pipeline, ratings_dir=pipeline.ratings_dir.resolve())
    settings = work.Settings(pipeline=pipeline, timeout=config.ANNOTATE_TIMEOUT,
                             max_chars=config.MAX_TEXT_CHARS)
    try:
        summary = audit(args.input, args.out, settings, engine=args.engine, workers=max(1, args.workers),
                        scheduler=args.scheduler, partition_size=max(1, args.partition_size))
    except ResumeMismatch as exc:
        print(f"sourcelight audit: {exc}", file=sys.stderr)
        return 2
    print(f"{summary.records} records in {summary.partitions} partitions ({summary.seconds:.1f} s); "
          f"{summary.skipped} partitions were already done")
    for path in summary.outputs:
        print(f"wrote {path}")
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from sourcelight.measure import bench

    return bench.main(data_dir=args.data, workers=args.workers, limit=args.limit, part=args.part)


def run_data(args: argparse.Namespace) -> int:
    from sourcelight import ratings
    from sourcelight.config import Config

    dest = args.dest or Config.from_env().RATINGS_DIR
    if args.data_command == "fetch":
        template = args.url_template or ratings.RAW_URL
        installed = ratings.fetch(dest, url_template=template)
    else:
        installed = ratings.import_from(args.src, dest)
    for path in installed:
        print(f"installed {path}")
    return 0


def run_train_claims(argv: list[str]) -> int:
    # --encoder: the fine-tuned encoder (needs the train extra), else the token model
    trainer = "train_encoder" if "--encoder" in argv else "train_claims"
    argv = [a for a in argv if a != "--encoder"]
    try:
        module = importlib.import_module(f"sourcelight.stages.claims.{trainer}")
    except ModuleNotFoundError:
        print(f"sourcelight.stages.claims.{trainer} is not available in this install (the encoder needs the train "
              "extra: torch, transformers)", file=sys.stderr)
        return 2
    return module.main(argv) or 0


if __name__ == "__main__":
    raise SystemExit(main())
