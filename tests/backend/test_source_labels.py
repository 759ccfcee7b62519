"""The labelled sets made on article-extraction news pages (typing and agents) and their measures."""

from __future__ import annotations

from pathlib import Path

import pytest
from sourcelight.annotation import Attribution, TextSpan
from sourcelight.measure import agents
from sourcelight.measure import sources as scorer
from sourcelight.measure.extraction_pages import (FOURTH_MIN_CHARS, FOURTH_TYPING_PAGES, FOURTH_WITHOUT_SOURCES,
                                                  SECOND_TYPING_PAGES, THIRD_TYPING_PAGES, TYPING_PAGES,
                                                  WIDER_MAX_CHARS, fourth_typing_pages, ground_truth_path,
                                                  is_english, news_pages, third_typing_pages)
from sourcelight.stages.sources.source_types import ORG_TYPES, PERSON_TYPES


@pytest.fixture(scope="module")
def pages(data_dir: Path):
    if not ground_truth_path(data_dir).is_file():
        pytest.skip(f"{ground_truth_path(data_dir)} is absent")
    return news_pages(data_dir)


def assert_labels_fit(labels: list[scorer.Label], texts: dict[str, str]) -> None:
    """Every label uses the guide's types and each of its mentions still holds its words."""
    assert {lab.type for lab in labels} <= PERSON_TYPES | ORG_TYPES - {"organisation"}
    for lab in labels:
        assert lab.mention_texts is not None and len(lab.mention_texts) == len(lab.mentions), lab.name
        assert scorer.misplaced_mentions(lab, texts[lab.article]) == []


def test_the_page_rule_picks_english_news_one_per_outlet(pages):
    assert len(pages) >= 20
    assert len({page.host for page in pages}) == len(pages)
    assert [page.key for page in pages] == sorted(page.key for page in pages)
    assert all(is_english(page.text) for page in pages)


def test_is_english_rejects_other_languages():
    assert is_english("The minister said that the plan is on track for the year.")
    assert not is_english("Il black Friday incombe su di noi: per chi non lo sapesse.")


def test_typing_labels_cover_the_first_pages_and_fit_their_texts(pages):
    labels = scorer.load_labels(scorer.EXTRACTION_LABELS)
    texts = {page.key: page.text for page in pages}
    hosts = {page.key: page.host for page in pages}
    articles = {lab.article for lab in labels}
    assert articles == {page.key for page in pages[:TYPING_PAGES]}
    assert len(articles) >= 15 and len({hosts[a] for a in articles}) >= 10
    # Halves alternate in page order: tune on dev, report heldout beside it.
    order = [page.key for page in pages[:TYPING_PAGES]]
    assert all(lab.split == ("dev" if order.index(lab.article) % 2 == 0 else "heldout") for lab in labels)
    assert_labels_fit(labels, texts)


def test_second_typing_labels_cover_the_next_pages_and_fit_their_texts(pages):
    labels = scorer.load_labels(scorer.SECOND_EXTRACTION_LABELS)
    chosen = pages[TYPING_PAGES:TYPING_PAGES + SECOND_TYPING_PAGES]
    texts = {page.key: page.text for page in chosen}
    first_hosts = {page.host for page in pages[:TYPING_PAGES]}
    assert {lab.article for lab in labels} == set(texts)
    assert len({page.host for page in chosen}) >= 10 and not first_hosts & {page.host for page in chosen}
    assert {lab.split for lab in labels} == {"heldout"}
    assert_labels_fit(labels, texts)


def test_fourth_typing_labels_cover_their_pages_and_fit_their_texts(pages, data_dir: Path):
    labels = scorer.load_labels(scorer.FOURTH_EXTRACTION_LABELS)
    chosen = fourth_typing_pages(data_dir)
    texts = {page.key: page.text for page in chosen}
    earlier_hosts = {page.host for page in pages[:TYPING_PAGES + SECOND_TYPING_PAGES]} \
        | {page.host for page in third_typing_pages(data_dir)}
    assert len(chosen) == FOURTH_TYPING_PAGES and {lab.article for lab in labels} == set(texts)
    # One page per host, none an earlier set's; the pages skipped for having no source stay out.
    assert len({page.host for page in chosen}) == len(chosen) and not earlier_hosts & {page.host for page in chosen}
    assert not FOURTH_WITHOUT_SOURCES & set(texts)
    assert [page.key for page in chosen] == sorted(page.key for page in chosen)
    assert all(is_english(page.text) and FOURTH_MIN_CHARS <= len(page.text) <= WIDER_MAX_CHARS for page in chosen)
    assert {lab.split for lab in labels} == {"heldout"}
    assert_labels_fit(labels, texts)


def test_third_typing_labels_cover_their_pages_and_fit_their_texts(pages, data_dir: Path):
    labels = scorer.load_labels(scorer.THIRD_EXTRACTION_LABELS)
    chosen = third_typing_pages(data_dir)
    texts = {page.key: page.text for page in chosen}
    earlier_hosts = {page.host for page in pages[:TYPING_PAGES + SECOND_TYPING_PAGES]}
    assert len(chosen) == THIRD_TYPING_PAGES and {lab.article for lab in labels} == set(texts)
    # The rule's own pages first, then longer ones, never a host twice or one of the earlier sets'.
    assert chosen[:len(pages) - TYPING_PAGES - SECOND_TYPING_PAGES] == pages[TYPING_PAGES + SECOND_TYPING_PAGES:]
    assert len({page.host for page in chosen}) == len(chosen) and not earlier_hosts & {page.host for page in chosen}
    assert all(is_english(page.text) and len(page.text) <= WIDER_MAX_CHARS for page in chosen)
    assert {lab.split for lab in labels} == {"heldout"}
    assert_labels_fit(labels, texts)


def test_misplaced_mentions_catch_a_changed_text():
    lab = scorer.Label("heldout", "page", ((4, 9),), "Alice", "person", False, "", ("Alice",))
    assert scorer.misplaced_mentions(lab, "Yes Alice said") == []
    assert scorer.misplaced_mentions(lab, "Yes, Alice said") != []
    assert scorer.misplaced_mentions(lab, "Yes") != []


def test_agent_labels_fit_their_texts(pages):
    labels = agents.load_agent_labels(agents.DEFAULT_LABELS)
    texts = {page.key: page.text for page in pages}
    assert len(labels) >= 300 and len({lab.article for lab in labels}) >= 20
    assert {lab.article for lab in labels} <= set(texts)
    assert not [lab for lab in labels if agents.misplaced(lab, texts[lab.article])]
    assert len({(lab.article, lab.start, lab.end) for lab in labels}) == len(labels)
    assert all(lab.note for lab in labels if not lab.agent), "every 'no' says why"


def attribution(i: int, source: TextSpan | None) -> Attribution:
    span = TextSpan(100 + i, 101 + i, "x")
    return Attribution(id=f"a{i}", kind="indirect", cue=span, source=source, content=span)


def test_agent_score_counts_labelled_and_unlabelled_predictions():
    he, court, clause = TextSpan(0, 2, "He"), TextSpan(10, 15, "Court"), TextSpan(20, 30, "an assault")
    predictions = agents.predicted_sources([attribution(0, clause), attribution(1, he), attribution(2, he),
                                            attribution(3, None), attribution(4, court)])
    assert predictions == [he, court, clause]  # distinct, in text order
    labels = [agents.AgentLabel("p", 0, 2, "He", True), agents.AgentLabel("p", 20, 30, "an assault", False, "event")]
    tally = agents.score("p", predictions, labels)
    assert (tally.predicted, tally.agents, tally.not_agents, len(tally.unlabelled)) == (3, 1, 1, 1)
    assert tally.report()["source precision (agents)"] == 0.5
    assert agents.unlabelled_row(*tally.unlabelled[0]) == "p\t10\t15\tCourt\t?\t"


def test_bad_agent_value_is_an_error(tmp_path: Path):
    path = tmp_path / "agents.tsv"
    path.write_text("article\tstart\tend\ttext\tagent\tnote\np\t0\t2\tHe\tmaybe\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="agent must be yes or no"):
        agents.load_agent_labels(path)


def test_agents_measure_runs_on_a_few_pages(pages, data_dir: Path, capsys):
    tally = agents.main(["--data-dir", str(data_dir), "--limit", "3", "--unlabelled"])
    out = capsys.readouterr().out
    assert "3 pages" in out and "source precision (agents)" in out
    assert tally.predicted > 0 and tally.labelled + len(tally.unlabelled) == tally.predicted
    assert 0.0 <= tally.report()["source precision (agents)"] <= 1.0


def test_sources_measure_scores_the_extraction_set(pages, data_dir: Path, tmp_path: Path, capsys):
    lines = scorer.EXTRACTION_LABELS.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("split\t")]
    first_two = {page.key for page in pages[:2]}
    rows = [line for line in lines if line.split("\t")[1:2] and line.split("\t")[1] in first_two]
    path = tmp_path / "labels.tsv"
    path.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    tallies = scorer.main(["--set", "extraction", "--labels", str(path), "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    assert "extraction dev: 1 articles" in out and "extraction heldout: 1 articles" in out
    assert "extraction all: 2 articles" in out
    tally = tallies["extraction all"]
    assert tally.labelled == tallies["extraction dev"].labelled + tallies["extraction heldout"].labelled
    assert tally.labelled == len(rows) and 0 < tally.found <= tally.labelled
    assert all(0.0 <= value <= 1.0 for value in tally.report().values())


def test_main_refuses_extraction_labels_that_do_not_fit(pages, data_dir: Path, tmp_path: Path):
    lines = scorer.EXTRACTION_LABELS.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("split\t")]
    row = next(line for line in lines if line.startswith("heldout\t")).split("\t")
    row[-1] = "not the text"
    path = tmp_path / "labels.tsv"
    path.write_text("\n".join(header + ["\t".join(row)]) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        scorer.main(["--set", "extraction", "--labels", str(path), "--data-dir", str(data_dir)])
