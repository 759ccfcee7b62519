from __future__ import annotations

import pytest
from sourcelight.stages import outlets


@pytest.fixture(scope="module")
def ratings(data_dir):
    return outlets.load_ratings(data_dir / "outlets")


@pytest.mark.parametrize("url, host", [
    ("https://www.middleeasteye.net/news/x", "middleeasteye.net"),
    ("http://m.bbc.co.uk/news", "bbc.co.uk"),
    ("amp.theguardian.com", "theguardian.com"),
    ("https://WWW.Reuters.com:443/a", "reuters.com"),
    ("", None),
    ("http://[oops/x", None),  # urlsplit raises on a broken IPv6 literal (found by schemathesis)
])
def test_normalize_host(url, host):
    assert outlets.normalize_host(url) == host


def test_rated_domain_carries_both_ratings_and_provenance(ratings):
    record = outlets.rating(ratings, "https://www.middleeasteye.net/news/albu-kamal")
    assert record["rated"] and record["domain"] == "middleeasteye.net"
    assert 0 <= record["pc1"] <= 1 and record["factual_reporting"] and record["bias"]
    fields = {p["field"]: p for p in record["provenance"]}
    assert set(fields) == {"pc1", "mbfc"}
    assert fields["pc1"]["commit"] and "pnasnexus" in fields["pc1"]["citation"]


def test_subdomain_falls_back_to_registered_domain(ratings):
    assert outlets.rating(ratings, "https://edition.example-news-that-is-unrated.com/x")["rated"] is False
    assert outlets.rating(ratings, "https://news.syriahr.com/x")["domain"] == "syriahr.com"


def test_unrated_and_missing_data_say_not_rated(ratings, tmp_path):
    assert outlets.rating(ratings, "https://no-such-outlet-xyz.example/")["label"] == "not rated"
    empty = outlets.load_ratings(tmp_path)
    assert outlets.rating(empty, "https://www.middleeasteye.net/")["rated"] is False
    assert outlets.rating(outlets.load_ratings(None), None) is None


@pytest.mark.parametrize("name, domain", [
    ("Syrian Observatory for Human Rights", "syriahr.com"),
    ("Middle East Eye", "middleeasteye.net"),
    ("Reuters", "reuters.com"),
    ("Iraqi army", None),
    ("Observatory", None),
])
def test_domain_for_name(ratings, name, domain):
    assert outlets.domain_for_name(ratings, name) == domain


def test_seed_page_outlet(seed_annotation):
    outlet = seed_annotation["outlet"]
    if not outlet["rated"]:
        pytest.skip("ratings not installed in var/ratings")
    assert outlet["domain"] == "middleeasteye.net" and outlet["provenance"]
