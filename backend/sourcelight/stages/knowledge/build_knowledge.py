"""Build the shipped knowledge table (``data/knowledge.tsv.gz``, beside this builder) from
open tables.

    sourcelight data knowledge [--data ../shared/data] [--out PATH]

Reads the tables in ``<data>/knowledge`` and ``<data>/outlets`` (see their PROVENANCE.md)
and writes one row per lookup key: ``key, kind, type, name, dataset``. ``kind`` is
``name`` (normalised full name or alias), ``acronym`` (upper case, matched only against
upper-case text) or ``domain`` (an outlet's squashed domain label, "foxnews"). The table
is a lookup, not a model: ``knowledge.py`` reads it into one dict.

Which dataset wins when two give one key different types: the order of ``READERS``
(the more specific and curated first). An acronym that two datasets type differently is
ambiguous and left out. Licences and attribution: ``data/knowledge.md``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

# libyaml's loader when present: the pure-Python one takes a minute on these files.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from sourcelight.stages.knowledge.knowledge import DEFAULT_TABLE, FORMAT_VERSION, normalise, squash

Row = tuple[str, str, str, str]  # (alias text, kind, type, canonical name)
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,7}$")
STATE_MEDIA_TYPOLOGY = {"SC", "CaPu", "CaPr"}  # state-controlled, captured public/private
# MBFC media_type values (lower case, first word) that make a domain a news outlet.
OUTLET_MEDIA = ("newspaper", "tv", "website", "magazine", "news", "radio", "journal", "online", "app")
TLD_TYPES = {"gov": "government", "mil": "military", "edu": "university", "int": "international_org"}
FR_REGULATOR = re.compile(r"\bregulat|\bsupervis|\blicens", re.I)
COMPANY_SUFFIXES = re.compile(
    r"[,\s]+(inc\.?|incorporated|corp\.?|corporation|co\.?|company|plc|ltd\.?|limited|llc|l\.p\.|n\.v\.|s\.a\.|ag|se|group|holdings?)$",
    re.I,
)


def name_rows(name: str, kind_type: str, acronyms: list[str] = ()) -> Iterator[Row]:  # type: ignore[assignment]
    """A name, its parenthesised alias ("Xinhua (New China News Agency)") and acronyms."""
    name = re.sub(r"[*]+", "", name or "").strip()
    if not name or name.lower() in {"n/a", "none"}:
        return
    inner = re.findall(r"\(([^)]+)\)", name)
    outer = re.sub(r"\s*\([^)]*\)", "", name).strip()
    canonical = outer or name
    for alias in [outer, *inner]:
        alias = alias.strip()
        if not alias:
            continue
        if ACRONYM.match(alias):
            yield alias, "acronym", kind_type, canonical
        elif re.search(r"[A-Za-z]", alias) and len(alias) > 2:
            yield alias, "name", kind_type, canonical
    for acronym in acronyms:
        acronym = (acronym or "").strip()
        if ACRONYM.match(acronym):
            yield acronym, "acronym", kind_type, canonical


# ---------------------------------------------------------------- one reader per table


def international(data: Path) -> Iterator[Row]:
    orgs = yaml.load((data / "knowledge" / "supraverden-intl-orgs.yaml").read_text(encoding="utf-8"), YamlLoader)
    for key, org in orgs.items():
        name = org.get("Name_en") or key
        yield from name_rows(name, "international_org", [org.get("Abbreviation_en") or ""])
        if key != name:
            yield from name_rows(key, "international_org")


def us_agencies(data: Path) -> Iterator[Row]:
    agencies = json.loads((data / "knowledge" / "us-federalregister-agencies.json").read_text(encoding="utf-8"))
    for agency in agencies:
        name = agency["name"]
        independent = not agency.get("parent_id")
        regulator = FR_REGULATOR.search(agency.get("description") or "") or (
            independent and re.search(r"\b(Commission|Board)$", name))
        kind = "regulator" if regulator else "government"
        yield from name_rows(name, kind, [agency.get("short_name") or ""])
        # "Justice Department" is also "Department of Justice".
        m = re.match(r"^(.+) (Department|Agency|Bureau|Office|Service)$", name)
        if m and "," not in name:
            yield f"{m.group(2)} of {m.group(1)}", "name", kind, name


def state_media(data: Path) -> Iterator[Row]:
    with open(data / "knowledge" / "state-media-matrix.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = "state_media" if row["Typology"].strip("?") in STATE_MEDIA_TYPOLOGY else "media_outlet"
            for field in ("Media company", "Main assets"):
                name = re.sub(r"^(News agency|TV|Radio|Newspaper)\s*:\s*", "", row[field] or "", flags=re.I)
                yield from name_rows(name, kind)
            if row.get("URL"):
                yield from domain_rows(row["URL"], kind)


def domain_rows(url: str, kind: str) -> Iterator[Row]:
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0]
    host = re.sub(r"^(www\d?|m|en|english)\.", "", host)
    label = host.split(".")[0] if "." in host else ""
    # The top-level domain outranks the list's own type: federalreserve.gov is no outlet.
    kind = TLD_TYPES.get(host.rsplit(".", 1)[-1], kind)
    if len(label) >= 3:
        yield label, "domain", kind, host


def outlets(data: Path) -> Iterator[Row]:
    with open(data / "outlets" / "mbfc.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            media = (row.get("media_type") or "").lower()
            if "government" in media:
                kind = "government"
            elif media.startswith("organization"):
                kind = "ngo_monitor"
            elif media.startswith(OUTLET_MEDIA):
                kind = "media_outlet"
            else:
                continue
            yield from domain_rows(row["source"], kind)


def news_domains(data: Path) -> Iterator[Row]:
    """Lin et al.'s rated domains that MBFC does not type: news outlets, except .org
    domains, which there are as often associations (aarp.org, naacp.org) as news sites."""
    with open(data / "outlets" / "domain_pc1.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["domain"].endswith(".org"):
                yield from domain_rows(row["domain"], "media_outlet")


def militant_groups(data: Path) -> Iterator[Row]:
    """UCDP actors: Org 1 (rebel groups) and 2 (informal militias) are armed groups."""
    with open(data / "knowledge" / "ucdp-actor-221.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["Org"].strip() not in {"1", "2"}:
                continue
            names = {row["NameData"], row["NameOrig"], row["NameOrigFullEng"], row.get("NewName") or "",
                     row.get("NewNameFullEng") or ""}
            for name in sorted(n.strip() for n in names if n and n.strip()):
                if ACRONYM.match(name):
                    yield name, "acronym", "militant_group", row["NameData"].strip()
                elif not name.lower().startswith(("government of", "military faction")):
                    yield from name_rows(name, "militant_group")


def companies(data: Path) -> Iterator[Row]:
    with open(data / "knowledge" / "sp500-constituents.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Security"].strip()
            yield from name_rows(name, "company")
            short = name
            while COMPANY_SUFFIXES.search(short):  # "Goldman Sachs Group Inc." -> "Goldman Sachs"
                short = COMPANY_SUFFIXES.sub("", short).strip(" ,")
            if short != name and len(short) > 2:
                yield short, "name", "company", name


def parties(data: Path) -> Iterator[Row]:
    with open(data / "knowledge" / "partyfacts-core-parties.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("technical"):
                continue  # Party Facts' technical codes (independents, others)
            for field in ("name", "name_english"):
                for name in (row[field] or "").split(" / "):
                    yield from name_rows(name, "party")
            short = (row["name_short"] or "").strip()
            if len(short) >= 3 and ACRONYM.match(short):
                yield short, "acronym", "party", row["name_english"] or row["name"]
    with open(data / "knowledge" / "partyfacts-wikidata.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield from name_rows(row["name"], "party")


def politicians(data: Path) -> Iterator[Row]:
    """US Congress members, presidents and vice presidents: politicians by full name."""
    for file in ("us-legislators-current.yaml", "us-executive.yaml"):
        people = yaml.load((data / "knowledge" / file).read_text(encoding="utf-8"), YamlLoader)
        for person in people:
            name = person["name"]
            full = name.get("official_full") or f"{name['first']} {name['last']}"
            yield full, "name", "politician", full
            yield f"{name['first']} {name['last']}", "name", "politician", full
            if name.get("nickname"):
                yield f"{name['nickname']} {name['last']}", "name", "politician", full


def universities(data: Path) -> Iterator[Row]:
    rows = json.loads((data / "knowledge" / "hipo-universities.json").read_text(encoding="utf-8"))
    for row in rows:
        yield from name_rows(row["name"], "university")


# Precedence: first reader wins a key; (dataset code, reader, licence note for knowledge.md).
READERS: list[tuple[str, Callable[[Path], Iterator[Row]]]] = [
    ("supraverden", international),
    ("federalregister", us_agencies),
    ("statemedia", state_media),
    ("ucdp", militant_groups),
    ("legislators", politicians),
    ("sp500", companies),
    ("partyfacts", parties),
    ("hipo", universities),
    ("mbfc", outlets),
    ("pc1", news_domains),
]
INPUTS = [
    "knowledge/supraverden-intl-orgs.yaml", "knowledge/us-federalregister-agencies.json",
    "knowledge/state-media-matrix.csv", "knowledge/ucdp-actor-221.csv",
    "knowledge/us-legislators-current.yaml", "knowledge/us-executive.yaml",
    "knowledge/sp500-constituents.csv", "knowledge/partyfacts-core-parties.csv",
    "knowledge/partyfacts-wikidata.csv", "knowledge/hipo-universities.json",
    "outlets/mbfc.csv", "outlets/domain_pc1.csv",
]


def table_key(alias: str, kind: str) -> str:
    if kind == "acronym":
        return alias.replace(".", "")
    if kind == "domain":
        return squash(alias)
    return normalise(alias)


def build(data: Path) -> list[tuple[str, str, str, str, str]]:
    """Rows (key, kind, type, name, dataset), one per key, by precedence."""
    chosen: dict[tuple[str, str], tuple[str, str, str]] = {}
    ambiguous: set[tuple[str, str]] = set()
    for dataset, reader in READERS:
        for alias, kind, kind_type, name in reader(data):
            key = (table_key(alias, kind), kind)
            if not key[0] or key in ambiguous:
                continue
            prior = chosen.get(key)
            if prior is None:
                chosen[key] = (kind_type, name, dataset)
            elif prior[0] != kind_type and (kind == "acronym" or prior[2] == dataset):
                # Acronyms are short and collide across fields; a key typed two ways
                # within one dataset is no evidence either way. Otherwise the first wins.
                del chosen[key]
                ambiguous.add(key)
    return sorted((k, kind, t, n, d) for (k, kind), (t, n, d) in chosen.items())


def fingerprint(data: Path) -> str:
    digest = hashlib.sha256()
    for rel in INPUTS:
        digest.update(rel.encode() + b"\0" + (data / rel).read_bytes())
    return digest.hexdigest()[:16]


def write(rows: list[tuple[str, str, str, str, str]], out: Path, inputs: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    # No name, mtime=0: the same inputs give byte-identical output (reviewable, cache-stable).
    with open(out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        header = f"# sourcelight knowledge table v{FORMAT_VERSION}; inputs sha256 {inputs}; see knowledge.md\n"
        gz.write(header.encode())
        gz.write(b"key\tkind\ttype\tname\tdataset\n")
        for row in rows:
            gz.write(("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    from sourcelight.config import Config

    parser = argparse.ArgumentParser(prog="sourcelight data knowledge", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data dir (default SOURCELIGHT_DATA_DIR)")
    parser.add_argument("--out", type=Path, default=DEFAULT_TABLE)
    args = parser.parse_args(argv)
    data = args.data or Config.from_env().DATA_DIR
    missing = [rel for rel in INPUTS if not (data / rel).is_file()]
    if missing:
        parser.error(f"missing input tables under {data}: {', '.join(missing)}")
    rows = build(data)
    write(rows, args.out, fingerprint(data))
    counts: dict[str, int] = {}
    for _, _, kind_type, _, _ in rows:
        counts[kind_type] = counts.get(kind_type, 0) + 1
    print(f"wrote {len(rows)} keys to {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
