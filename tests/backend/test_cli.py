"""The ``sourcelight`` command, called in-process through its real entry point."""

from __future__ import annotations

import io
import json
import os
import sys
import types

from api_helpers import spans, utf16_slice
from sourcelight import cli

TEXT = "“We will rebuild,” the mayor 🏛️ said on Sunday. Reuters reported 12 deaths in Mosul.\r\n"


def test_annotate_file_prints_json_with_exact_offsets(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8", newline="")
    assert cli.main(["annotate", str(path), "--url", "https://www.reuters.com/x"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["offsets"] == "utf16"
    assert result["entities"]
    for span in spans(result):
        assert utf16_slice(TEXT, span["start"], span["end"]) == span["text"]


def test_annotate_stdin_as_table(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEXT))
    assert cli.main(["annotate", "-", "--format", "table"]) == 0
    out = capsys.readouterr().out
    for heading in ("Entities (", "Claims (", "Attributions (", "Sources (", "Outlet:"):
        assert heading in out
    assert "Mosul" in out


def test_annotate_jsonl_batches(monkeypatch, capsys):
    lines = [{"text": TEXT}, {"text": "Officials said 3 people were hurt.", "url": "https://apnews.com/a"},
             {"text": "Nothing much 😀 here."}]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n\n"))
    assert cli.main(["annotate", "-", "--jsonl", "--offsets", "codepoints"]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(results) == 3
    for item, result in zip(lines, results):
        assert result["offsets"] == "codepoints"
        for span in spans(result):
            assert item["text"][span["start"]:span["end"]] == span["text"]


def test_data_import(data_dir, tmp_path, capsys):
    dest = tmp_path / "ratings"
    assert cli.main(["data", "import", "--from", str(data_dir / "outlets"), "--dest", str(dest)]) == 0
    assert {p.name for p in dest.iterdir()} >= {"domain_pc1.csv", "mbfc.csv", "provenance.json"}
    assert "installed" in capsys.readouterr().out


def test_serve_defaults():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8765, os.cpu_count() or 1)


def test_train_claims_passes_its_arguments_through(monkeypatch):
    seen = []
    # Stands in for the claims engineer's trainer: only the dispatch is under test here.
    module = types.ModuleType("sourcelight.stages.claims.train_claims")
    module.main = lambda argv: seen.append(argv) or 0
    monkeypatch.setitem(sys.modules, "sourcelight.stages.claims.train_claims", module)
    assert cli.main(["train-claims", "--data", "some/path.json", "--help-me"]) == 0
    assert seen == [["--data", "some/path.json", "--help-me"]]
