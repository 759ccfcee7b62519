"""Installing outlet ratings: sha256-checked copies and downloads, and the provenance file."""

from __future__ import annotations

import json
import shutil

import pytest
from sourcelight import ratings


@pytest.fixture
def outlets_dir(data_dir):
    path = data_dir / "outlets"
    if not path.is_dir():
        pytest.fail(f"shared data missing: {path}")
    return path


def test_import_installs_files_and_provenance(outlets_dir, tmp_path):
    dest = tmp_path / "ratings"
    installed = ratings.import_from(outlets_dir, dest)
    assert sorted(p.name for p in installed) == ["domain_pc1.csv", "mbfc.csv"]
    provenance = json.loads((dest / "provenance.json").read_text())
    for spec in ratings.FILES:
        entry = provenance[spec.filename]
        assert entry["sha256"] == ratings.sha256_of(dest / spec.filename) == spec.sha256
        assert entry["url"].startswith("https://raw.githubusercontent.com/" + spec.repository + "/" + spec.commit)
        assert entry["citation"] and entry["licence"] and entry["repository"] and entry["commit"]


def test_import_refuses_a_modified_file(outlets_dir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(outlets_dir, src)
    with (src / "mbfc.csv").open("a") as handle:
        handle.write("evil.example,usa,left,high,free,website,low,high credibility,reliable\n")
    dest = tmp_path / "ratings"
    with pytest.raises(ratings.ChecksumError, match="mbfc.csv"):
        ratings.import_from(src, dest)
    assert not (dest / "mbfc.csv").exists() and not (dest / "provenance.json").exists()


def test_import_reports_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="domain_pc1.csv"):
        ratings.import_from(tmp_path, tmp_path / "ratings")


def test_fetch_downloads_through_urls_and_checks(outlets_dir, tmp_path):
    # A file:// mirror laid out like raw.githubusercontent.com: the real download path.
    mirror = tmp_path / "mirror"
    for spec in ratings.FILES:
        target = mirror / spec.repository / spec.commit / spec.path
        target.parent.mkdir(parents=True)
        shutil.copyfile(outlets_dir / spec.filename, target)
    dest = tmp_path / "ratings"
    template = mirror.as_uri() + "/{repository}/{commit}/{path}"
    installed = ratings.fetch(dest, url_template=template)
    assert {p.name for p in installed} == {"domain_pc1.csv", "mbfc.csv"}
    assert (dest / "provenance.json").exists()

    (mirror / ratings.FILES[0].repository / ratings.FILES[0].commit / ratings.FILES[0].path).write_text("domain,pc1\n")
    with pytest.raises(ratings.ChecksumError):
        ratings.fetch(tmp_path / "other", url_template=template)


def test_public_addresses_match_the_data_readme():
    urls = [spec.url for spec in ratings.FILES]
    assert urls == [
        "https://raw.githubusercontent.com/hauselin/domain-quality-ratings/"
        "5671d57e545e48225ef2cbf559a6ab7f8f77a9de/data/domain_pc1.csv",
        "https://raw.githubusercontent.com/idiap/News-Media-Reliability/"
        "c3f50254a9fc07402ac529a1c50ff6abf7aeba10/data/golden_truth/mbfc/mbfc.csv",
    ]
