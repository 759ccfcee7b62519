"""Installs the outlet rating files the sl_outlets stage reads.

The files are public data from elsewhere: ``fetch`` downloads them from their
public addresses, ``import_from`` copies a local copy (CI, offline installs); both
check each file's sha256 before installing it. Installed layout::

    <dest>/domain_pc1.csv  <dest>/mbfc.csv  <dest>/provenance.json

Nothing here runs at import time; only ``sourcelight data fetch|import`` calls it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"


@dataclass(frozen=True)
class RatingFile:
    filename: str
    name: str
    repository: str
    commit: str
    path: str
    sha256: str
    citation: str
    licence: str

    @property
    def url(self) -> str:
        return self.url_in(RAW_URL)

    def url_in(self, template: str) -> str:
        return template.format(repository=self.repository, commit=self.commit, path=self.path)

    def provenance(self) -> dict[str, str]:
        """Where this rating set comes from, as shown beside every rating."""
        return {"url": self.url, **{k: v for k, v in asdict(self).items() if k not in {"filename", "path"}}}


FILES = (
    RatingFile(
        filename="domain_pc1.csv",
        name="Lin et al. 2023 aggregate news domain quality (pc1)",
        repository="hauselin/domain-quality-ratings",
        commit="5671d57e545e48225ef2cbf559a6ab7f8f77a9de",
        path="data/domain_pc1.csv",
        sha256="18221d8c4ce30e25ceab4ce3d1c9a7babaf9e935bd42ed2c89e3c52fc19d5e1a",
        citation="Lin, Lasser, Lewandowsky, Cole, Gully, Rand, Pennycook, 'High level of "
        "correspondence across different news domain quality rating sets', PNAS Nexus 2(9), "
        "2023, doi:10.1093/pnasnexus/pgad286",
        licence="reuse invited by the authors",
    ),
    RatingFile(
        filename="mbfc.csv",
        name="Media Bias/Fact Check, as collected by Burdisso et al. 2024",
        repository="idiap/News-Media-Reliability",
        commit="c3f50254a9fc07402ac529a1c50ff6abf7aeba10",
        path="data/golden_truth/mbfc/mbfc.csv",
        sha256="ff9cec9fec5733c9e9d37c91343a5c0a264d7f48f0091a620fa535f7bdf56c9c",
        citation="Burdisso et al., NAACL 2024 (scraped from Media Bias/Fact Check)",
        licence="Apache-2.0",
    ),
)


class ChecksumError(ValueError):
    """A rating file's content is not the pinned one."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def install(staged: Path, spec: RatingFile, dest: Path) -> Path:
    """Move a staged file into ``dest`` if its sha256 matches; never install a mismatch."""
    actual = sha256_of(staged)
    if actual != spec.sha256:
        raise ChecksumError(f"{spec.filename}: sha256 {actual} does not match the pinned {spec.sha256}")
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / spec.filename
    shutil.copyfile(staged, target.with_suffix(".tmp"))
    target.with_suffix(".tmp").replace(target)  # atomic: readers see old or new, never half
    return target


def provenance(files: tuple[RatingFile, ...] = FILES) -> dict[str, dict[str, str]]:
    return {f.filename: f.provenance() for f in files}


def write_provenance(dest: Path, files: tuple[RatingFile, ...] = FILES) -> Path:
    path = dest / "provenance.json"
    path.write_text(json.dumps(provenance(files), indent=2) + "\n", encoding="utf-8")
    return path


def import_from(src_dir: Path, dest: Path, files: tuple[RatingFile, ...] = FILES) -> list[Path]:
    """Install the rating files from a local directory (e.g. ../shared/data/outlets)."""
    missing = [f.filename for f in files if not (src_dir / f.filename).is_file()]
    if missing:
        raise FileNotFoundError(f"not in {src_dir}: {', '.join(missing)}")
    installed = [install(src_dir / f.filename, f, dest) for f in files]
    write_provenance(dest, files)
    return installed


def fetch(dest: Path, files: tuple[RatingFile, ...] = FILES, timeout: float = 60.0,
          url_template: str = RAW_URL) -> list[Path]:
    """Download the rating files from their public addresses and install them.

    ``url_template`` (``{repository}``, ``{commit}``, ``{path}``) points at a mirror.
    """
    installed = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in files:
            staged = Path(tmp) / spec.filename
            with urllib.request.urlopen(spec.url_in(url_template), timeout=timeout) as response, \
                    staged.open("wb") as out:
                shutil.copyfileobj(response, out)
            installed.append(install(staged, spec, dest))
    write_provenance(dest, files)
    return installed
