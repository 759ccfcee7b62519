"""One score per sentence: /annotate (inside its article, after every stage) and /claims
(the sentence alone) agree, through the real service (gunicorn, real model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_server import post

MIN_SENTENCES = 300


def polnear_dev_texts(data_dir: Path) -> list[str]:
    root = data_dir / "polnear" / "dev" / "text"
    paths = sorted(root.glob("*.txt"))
    if not paths:
        pytest.skip(f"no PolNeAR dev texts under {root}")
    return [p.read_text(encoding="utf-8") for p in paths[::4]]  # every outlet, a spread of dates


def test_annotate_and_claims_give_a_sentence_the_same_score(live_server, data_dir: Path) -> None:
    annotated: list[tuple[str, float]] = []
    for text in polnear_dev_texts(data_dir):
        status, body, _ = post(live_server.base, "/api/v1/annotate", {"text": text})
        assert status == 200
        annotated += [(c["text"], c["checkworthiness"]) for c in body["claims"]]
        if len(annotated) >= MIN_SENTENCES:
            break
    assert len(annotated) >= MIN_SENTENCES
    sentences = [s for s, _ in annotated]
    status, body, _ = post(live_server.base, "/api/v1/claims", {"sentences": sentences})
    assert status == 200
    differ = [(s, a, c) for (s, a), c in zip(annotated, body["scores"]) if abs(a - c) > 1e-6]
    assert not differ, f"{len(differ)} of {len(sentences)} sentences score differently, e.g. {differ[:3]}"
    # Not a constant: the scores spread over the range, so equality means something.
    scores = body["scores"]
    assert min(scores) < 0.2 and max(scores) > 0.8
