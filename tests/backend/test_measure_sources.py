"""The sources scorer (measure/sources.py) and the hand labels it reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from sourcelight.annotation import Source, TextSpan
from sourcelight.measure import sources as scorer
from sourcelight.stages.sources.source_types import ORG_TYPES, PERSON_TYPES

ARTICLE = "some-article"


def label(mentions, kind, anonymous=False, name="X"):
    return scorer.Label("dev", ARTICLE, tuple(mentions), name, kind, anonymous, "")


def source(spans, kind, anonymous=False, name="X"):
    return Source(id=name, name=name, type=kind, anonymous=anonymous,
                  mentions=[TextSpan(a, b, "x" * (b - a)) for a, b in spans])


def test_parse_mentions():
    assert scorer.parse_mentions("12-40;45-60") == ((12, 40), (45, 60))


def test_score_counts_recall_type_and_anonymity():
    labels = [
        label([(0, 5), (50, 52)], "politician", name="Trump"),  # found, right
        label([(10, 20)], "official", anonymous=True, name="officials"),  # found, anonymity wrong
        label([(30, 35)], "think_tank", name="Tax Foundation"),  # found, type wrong
        label([(90, 99)], "person", name="voters"),  # missed
    ]
    system = [
        source([(0, 5), (50, 52)], "politician", name="Trump"),
        source([(52, 60)], "person", name="other"),  # touches (50, 52) but does not overlap it
        source([(12, 18)], "official", anonymous=False, name="officials"),
        source([(30, 35)], "ngo_monitor", name="Tax Foundation"),
    ]
    tally = scorer.score(labels, system)
    assert (tally.labelled, tally.found, tally.type_ok, tally.anonymity_ok, tally.both_ok) == (4, 3, 2, 2, 1)
    report = tally.report()
    assert report["source recall"] == 0.75
    assert report["type+anonymity accuracy"] == pytest.approx(1 / 3)
    assert report["type+anonymity, strict"] == 0.25
    assert sum(e.startswith("MISSED") for e in tally.errors) == 1


def test_match_prefers_the_source_sharing_most_mentions():
    lab = label([(0, 5), (20, 25), (40, 45)], "politician")
    few = source([(0, 5)], "person", name="few")
    many = source([(20, 25), (40, 45)], "politician", name="many")
    assert scorer.match(lab, [few, many]) is many


def test_bad_anonymity_value_is_an_error(tmp_path: Path):
    path = tmp_path / "labels.tsv"
    path.write_text("split\tarticle\tmentions\tname\ttype\tanonymous\taffiliation\n"
                    "dev\ta\t0-4\tX\tperson\tmaybe\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="anonymous must be yes or no"):
        scorer.load_labels(path)


def test_shipped_labels_follow_the_guide(data_dir: Path):
    labels = scorer.load_labels(scorer.DEFAULT_LABELS)
    dev = [lab for lab in labels if lab.split == "dev"]
    assert len(dev) >= 80 and len({lab.article for lab in dev}) >= 12
    assert {lab.split for lab in labels} == {"dev", "heldout"}
    allowed = PERSON_TYPES | ORG_TYPES - {"organisation"}
    assert {lab.type for lab in labels} <= allowed
    text_dir = data_dir / "polnear" / "dev" / "text"
    for lab in labels:
        text = (text_dir / f"{lab.article}.txt").read_text(encoding="utf-8")
        for start, end in lab.mentions:
            assert 0 <= start < end <= len(text) and text[start:end].strip(), (lab.article, lab.name)


def test_main_scores_an_article(tmp_path: Path, data_dir: Path, capsys):
    first = scorer.DEFAULT_LABELS.read_text(encoding="utf-8").splitlines()
    header = [line for line in first if line.startswith("split\t")]
    rows = [line for line in first if line.startswith("dev\tbreitbart_2016-09-20")]
    path = tmp_path / "labels.tsv"
    path.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    tallies = scorer.main(["--labels", str(path), "--data-dir", str(data_dir), "--split", "dev", "--errors"])
    out = capsys.readouterr().out
    assert "polnear dev: 1 articles" in out and "type+anonymity accuracy" in out
    assert tallies["polnear dev"].labelled == len(rows) and tallies["polnear dev"].found >= 1


def test_main_refuses_a_missing_corpus(tmp_path: Path):
    with pytest.raises(SystemExit):
        scorer.main(["--data-dir", str(tmp_path)])


def test_one_to_one_lets_a_system_source_stand_for_one_label_only():
    speaker = label([(0, 10)], "person", name="Richardson")
    outlet = label([(16, 25)], "media_outlet", name="USA Today")
    merged = source([(0, 25)], "person", name="Richardson, via USA Today")
    tally = scorer.score([speaker, outlet], [merged])
    assert (tally.found, tally.both_ok) == (2, 1)  # lenient: both found through one source
    assert (tally.found_one_to_one, tally.both_ok_one_to_one) == (1, 1)
    report = tally.report()
    assert report["source recall, one-to-one"] == 0.5 and report["type+anonymity, strict 1:1"] == 0.5
