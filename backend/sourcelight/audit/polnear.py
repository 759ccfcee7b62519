"""PolNeAR articles as audit input: ``text/*.txt`` + ``metadata.tsv`` -> JSON Lines.

    python -m sourcelight.audit.polnear --split dev --out var/polnear-dev.jsonl

PolNeAR ships no urls, so each line carries its outlet explicitly (the publisher's
domain), its title and its publication date from the metadata. The corpus is read by
path (``SOURCELIGHT_DATA_DIR``), never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# PolNeAR's publisher names -> the outlets' domains.
OUTLETS = {
    "breitbart": "breitbart.com",
    "huff-post": "huffingtonpost.com",
    "nyt": "nytimes.com",
    "politico": "politico.com",
    "usa-today": "usatoday.com",
    "wash-post": "washingtonpost.com",
    "west-journal": "westernjournalism.com",
}


def metadata(root: Path) -> dict[str, dict[str, str]]:
    with open(root / "metadata.tsv", encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def articles(root: Path, split: str) -> Iterator[dict[str, Any]]:
    rows = metadata(root)
    for path in sorted((root / split / "text").glob("*.txt")):
        row = rows.get(path.stem)
        if row is None:
            raise SystemExit(f"{path.name} has no row in {root / 'metadata.tsv'}")
        yield {"id": path.stem, "text": path.read_text(encoding="utf-8"), "title": row["title"],
               "published": row["publication_date"], "outlet": OUTLETS.get(row["publisher"], row["publisher"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("SOURCELIGHT_DATA_DIR", "../shared/data")))
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for article in articles(args.data_dir / "polnear", args.split):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
            count += 1
    print(f"wrote {count} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
