"""Degenerate inputs: repeated structures must cost work linear in their size, and the
time limit must reach inside Sourcelight's stages.

No timing here (CI is a busy machine; ``sourcelight bench`` reports the time ratios
against bare spaCy). Instead each family of degenerate text is annotated at two sizes
and the Python lines our stages execute are counted: work linear in the text grows 4x
for 4x the text, a quadratic loop 16x.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sourcelight import chunking, deadline
from sourcelight.measure import degenerate
from sourcelight.pipeline import AnnotateTimeout, Pipeline

PACKAGE = str(Path(deadline.__file__).parent)
SMALL, LARGE = 1_500, 6_000  # characters: 4x
MAX_GROWTH = 6.0  # allowed growth of the work for 4x the text (linear: about 4)
# Measured, not asserted: sl_outlets costs at most one pass over the ratings table per
# distinct source name (a constant bound), but longer names admit more domain labels, so
# it grows up to 10x here.
UNCHECKED_STAGES = {"sl_outlets"}


def stage_lines(pipeline: Pipeline, text: str) -> Counter:
    """Lines of Sourcelight's own code executed per stage, the model's components untraced."""
    doc = chunking.make_doc(pipeline.nlp, text)
    counts: Counter = Counter()
    for name, component in pipeline.nlp.pipeline:
        if not name.startswith("sl_"):
            doc = component(doc)
            continue

        def tracer(frame, event, arg, name=name):
            if not frame.f_code.co_filename.startswith(PACKAGE):
                return None  # do not trace into spaCy or the standard library
            if event == "line":
                counts[name] += 1
            return tracer

        sys.settrace(tracer)
        try:
            doc = component(doc)
        finally:
            sys.settrace(None)
    return counts


@pytest.mark.parametrize("family", sorted(degenerate.FAMILIES))
def test_work_grows_linearly(pipeline: Pipeline, family: str) -> None:
    small = stage_lines(pipeline, degenerate.sized(family, SMALL))
    large = stage_lines(pipeline, degenerate.sized(family, LARGE))
    growth = {stage: round(large[stage] / max(small[stage], 1), 2) for stage in large}
    print(family, growth)
    steep = {s: g for s, g in growth.items() if g > MAX_GROWTH and s not in UNCHECKED_STAGES and large[s] > 2_000}
    assert not steep, f"{family}: work grows faster than the text: {steep}"


def test_many_sources_reach_the_source_lookups(pipeline: Pipeline) -> None:
    """The many_sources family exercises what it is for: each person is a source of its
    own, and the "he"/"she" and "the spokesman" after them resolve to that person (the
    lookups of earlier sources by position and by word), not to new sources."""
    sources = pipeline.annotate(degenerate.many_sources(30))["sources"]
    assert len(sources) == 30
    for source in sources:
        later = [m["text"] for m in source["mentions"][1:]]
        assert later in (["He", "He", "The spokesman"], ["She", "She", "The spokesman"]), source


def test_anonymous_sources_reach_the_anonymity_marks(pipeline: Pipeline) -> None:
    """Each organisation of the anonymous_sources family is a source made anonymous by
    the "anonymously" in its own sentence."""
    sources = pipeline.annotate(degenerate.anonymous_sources(30))["sources"]
    assert len(sources) == 30
    for source in sources:
        assert source["anonymous"] and source["anonymous_reason"]["text"].startswith("The " + source["name"])


@pytest.mark.parametrize("stage", ["sl_furniture", "sl_entities", "sl_attribution", "sl_sources"])
def test_the_deadline_reaches_inside_each_stage(pipeline: Pipeline, stage: str) -> None:
    """With the deadline already past, the stage itself stops (not only the loop between stages)."""
    text = degenerate.sized("definitions", 3_000) + degenerate.sized("unclosed_quotes", 3_000)
    doc = chunking.make_doc(pipeline.nlp, text)
    for name, component in pipeline.nlp.pipeline:
        if name == stage:
            break
        doc = component(doc)
    with deadline.running(time.monotonic() - 1), pytest.raises(AnnotateTimeout) as stopped:
        component(doc)
    assert stopped.value.stage == stage
    component(doc)  # outside a request nothing is limited


@pytest.mark.parametrize("family", sorted(degenerate.FAMILIES))
def test_large_degenerate_text_is_answered(make_app, family: str) -> None:
    """At 20,000 characters every family gets its annotation or a clear 422, and the same
    app answers the next request."""
    client = make_app(ANNOTATE_TIMEOUT=30).test_client()
    response = client.post("/api/v1/annotate", json={"text": degenerate.sized(family, 20_000)})
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:300]
    if response.status_code == 422:
        assert response.get_json()["error"]["code"] in {"timeout", "too_many_tokens"}
    assert client.post("/api/v1/annotate", json={"text": "The mayor said the bridge would reopen."}).status_code == 200
