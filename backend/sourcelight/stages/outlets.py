"""Stage sl_outlets (runs last): how the page's outlet, and outlets it cites, are rated.

Two public rating sets, loaded once per process in the factory:
- Lin et al. 2023 (PNAS Nexus) ``domain_pc1.csv``: an aggregate quality score, 0..1;
- Media Bias/Fact Check as scraped by Burdisso et al. 2024, ``mbfc.csv``: factual
  reporting, bias, media type, credibility, country.
Every rating carries its provenance. A domain in neither set is "not rated": nothing
is guessed from similar domains. Cited organisations are matched to a rated domain
only when the domain spells their name ("Syrian Observatory for Human Rights" ->
syriahr.com: syria-n, h-uman, r-ights).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from sourcelight import ratings as ratings_files
from sourcelight.annotation import Source
from sourcelight.stages.sources.source_types import ORG_TYPES

PC1_FILE, MBFC_FILE, PROVENANCE_FILE = "domain_pc1.csv", "mbfc.csv", "provenance.json"
# Used when the installed ratings carry no provenance.json: the pinned sets' own record.
PROVENANCE: dict[str, dict[str, str]] = ratings_files.provenance()
MOBILE_PREFIXES = ("www.", "m.", "amp.", "mobile.")
MBFC_FIELDS = {
    "factual_reporting": "factual_reporting",
    "bias": "bias",
    "media_type": "media_type",
    "credibility": "mbfc_credibility_rating",
    "country": "country",
    "press_freedom": "press_freedom",
}
# Source types that can be an outlet or a rated organisation (never a person).
RATABLE_TYPES = ORG_TYPES - {"social_media"}
STOPWORDS = {"the", "of", "for", "and", "on", "in", "a", "an", "&"}


@dataclass(slots=True)
class Ratings:
    pc1: dict[str, float] = field(default_factory=dict)
    mbfc: dict[str, dict[str, str]] = field(default_factory=dict)
    provenance: dict[str, dict[str, str]] = field(default_factory=dict)
    by_prefix: dict[str, list[str]] = field(default_factory=dict)  # 1st letter -> labels
    label_domain: dict[str, str] = field(default_factory=dict)  # "syriahr" -> syriahr.com
    by_name: dict[str, str | None] = field(default_factory=dict)  # memo of domain_for_name

    @property
    def loaded(self) -> bool:
        return bool(self.pc1 or self.mbfc)


def load_ratings(ratings_dir: str | Path | None) -> Ratings:
    """Both rating sets from an installed directory; empty Ratings when absent."""
    ratings = Ratings()
    if not ratings_dir or not Path(ratings_dir).is_dir():
        return ratings
    root = Path(ratings_dir)
    if (root / PC1_FILE).exists():
        with open(root / PC1_FILE, encoding="utf-8", newline="") as f:
            ratings.pc1 = {r["domain"].lower(): float(r["pc1"]) for r in csv.DictReader(f) if r.get("pc1")}
    if (root / MBFC_FILE).exists():
        with open(root / MBFC_FILE, encoding="utf-8", newline="") as f:
            ratings.mbfc = {r["source"].lower(): r for r in csv.DictReader(f) if r.get("source")}
    ratings.provenance = _provenance(root)
    _index_names(ratings)
    return ratings


def _provenance(root: Path) -> dict[str, dict[str, str]]:
    path = root / PROVENANCE_FILE
    installed = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {name: {**PROVENANCE[name], **installed.get(name, {})} for name in PROVENANCE}


def _index_names(ratings: Ratings) -> None:
    """Index each rated bare domain by its first label, for name matching."""
    for domain in (*ratings.mbfc, *ratings.pc1):
        if "/" in domain or domain.count(".") != 1:
            continue  # subdomains and paths never stand for a whole organisation
        label = domain.split(".")[0]
        if len(label) >= 4 and label not in ratings.label_domain:
            ratings.label_domain[label] = domain
            ratings.by_prefix.setdefault(label[0], []).append(label)


def normalize_host(url: str) -> str | None:
    """The lower-case host of a URL or bare domain, without www./m./amp. prefixes."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # e.g. "http://[oops": whatever a client sent, no host means no rating
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    stripped = True
    while stripped:
        stripped = False
        for prefix in MOBILE_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host, stripped = host[len(prefix):], True
    return host


def candidate_domains(host: str) -> list[str]:
    """The host, then each parent domain down to two labels (the registered domain)."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def rating(ratings: Ratings, url: str | None) -> dict[str, Any] | None:
    """The outlet record for a URL or domain; None without a URL."""
    host = normalize_host(url or "")
    if host is None:
        return None
    for domain in candidate_domains(host):
        if domain in ratings.pc1 or domain in ratings.mbfc:
            return rated(ratings, domain)
    return {"rated": False, "domain": host, "label": "not rated", "ratings_loaded": ratings.loaded}


def rated(ratings: Ratings, domain: str) -> dict[str, Any]:
    record: dict[str, Any] = {"rated": True, "domain": domain, "label": "rated", "provenance": []}
    if domain in ratings.pc1:
        record["pc1"] = round(ratings.pc1[domain], 3)
        record["provenance"].append({"field": "pc1", **ratings.provenance[PC1_FILE]})
    row = ratings.mbfc.get(domain)
    if row is not None:
        record.update({key: row.get(col) or None for key, col in MBFC_FIELDS.items()})
        record["provenance"].append({"field": "mbfc", **ratings.provenance[MBFC_FILE]})
    return record


# ------------------------------------------------------------- name -> domain


def name_words(name: str) -> list[str]:
    words = [w.lower() for w in name.replace("-", " ").split()]
    return [w for w in ("".join(ch for ch in w if ch.isalnum()) for w in words) if w and w not in STOPWORDS]


MAX_SPELLED_WORDS = 8  # longer names are phrases, not organisations a domain spells


def spells(label: str, words: list[str]) -> bool:
    """Whether ``label`` is made of prefixes of ``words`` in order, from the first word
    to the last, skipping at most one between: "syriahr" <- syria(n) h(uman) r(ights)."""
    if not words:
        return False

    def walk(pos: int, w: int, skipped: int, used: int) -> bool:
        if pos == len(label):
            return used >= 1 and w == len(words)
        if w >= len(words):
            return False
        word = words[w]
        for n in range(min(len(word), len(label) - pos), 0, -1):
            if label[pos:pos + n] == word[:n] and walk(pos + n, w + 1, skipped, used + 1):
                return True
        return 0 < w < len(words) - 1 and skipped < 1 and walk(pos, w + 1, skipped + 1, used)

    return label[0] == words[0][0] and walk(0, 0, 0, 0)


def domain_for_name(ratings: Ratings, name: str) -> str | None:
    """The rated domain that spells an organisation's name; the longest spelling wins
    (MBFC-rated first), a tie between different domains gives None."""
    if name not in ratings.by_name:
        if len(ratings.by_name) > 50_000:
            ratings.by_name.clear()
        ratings.by_name[name] = _spelled_domain(ratings, name)
    return ratings.by_name[name]


def _spelled_domain(ratings: Ratings, name: str) -> str | None:
    words = name_words(name)
    if not words or sum(len(w) for w in words) < 4 or len(words) > MAX_SPELLED_WORDS:
        return None  # too short to tell, or a phrase no domain spells (each word gives a letter)
    limit = sum(len(w) for w in words)
    labels = [label for label in ratings.by_prefix.get(words[0][0], [])
              if len(label) <= limit and spells(label, words)]
    if not labels:
        return None
    def rank(label: str) -> tuple[bool, int]:  # MBFC-rated first, then the longest
        return ratings.label_domain[label] in ratings.mbfc, len(label)

    top = max(rank(label) for label in labels)
    best = [label for label in labels if rank(label) == top]
    return ratings.label_domain[best[0]] if len(best) == 1 else None


def rate_sources(ratings: Ratings, sources: list[Source]) -> None:
    for source in sources:
        if source.anonymous or source.type not in RATABLE_TYPES:
            continue
        domain = domain_for_name(ratings, source.name)
        if domain is not None:
            source.outlet = rated(ratings, domain)


@Language.factory("sl_outlets", assigns=["doc._.sl_outlet"])
def make_stage(nlp: Language, name: str, ratings_dir: str | None = None):
    ratings = load_ratings(ratings_dir)  # once per process, not per doc

    def stage(doc: Doc) -> Doc:
        doc._.sl_outlet = rating(ratings, doc._.sl_url)
        if ratings.loaded:
            rate_sources(ratings, doc._.sl_sources or [])
        return doc

    return stage
