"""The annotation cache: keys, the in-process LRU, and a real redis-server that goes away."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sourcelight import pipeline as pipeline_module
from sourcelight.pipeline import PipelineConfig, fingerprint
from sourcelight.web.cache import DiskCache, RedisCache, cache_key


def test_key_depends_on_every_input():
    base = cache_key("v1", "text", "https://a.example/x", "T")
    assert base == cache_key("v1", "text", "https://a.example/x", "T")
    assert len({base, cache_key("v2", "text", "https://a.example/x", "T"),
                cache_key("v1", "text!", "https://a.example/x", "T"),
                cache_key("v1", "text", "https://b.example/x", "T"),
                cache_key("v1", "text", "https://a.example/x", None)}) == 5
    # Length-prefixed parts: moving a character between fields changes the key.
    assert cache_key("v", "ab", "c") != cache_key("v", "a", "bc")


def test_disk_cache_is_shared_by_separate_openers(tmp_path):
    """Two caches on one directory stand in for two gunicorn workers of one host."""
    first, second = DiskCache(tmp_path, size_mb=8, ttl=60), DiskCache(tmp_path, size_mb=8, ttl=60)
    first.set("k", "välue 😀")
    assert second.get("k") == "välue 😀"
    assert second.status() == {"backend": "disk", "shared": "workers of this host", "entries": 1, "ok": True}


def test_unusable_cache_directory_degrades_to_no_cache(make_app, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    client = make_app(CACHE_DIR=blocker).test_client()
    body = {"text": "The ministry said 12 people died in the floods."}
    assert [client.post("/api/v1/annotate", json=body).get_json()["cached"] for _ in range(2)] == [False, False]
    health = client.get("/api/v1/health").get_json()
    assert health["status"] == "degraded" and health["cache"] == {"backend": "none", "ok": False}
    assert str(tmp_path) not in str(health)


def test_apps_on_one_cache_directory_share_answers(make_app):
    body = {"text": "The ministry said 12 people died in the floods.", "url": "https://example.com/a"}
    first, second = make_app().test_client(), make_app().test_client()
    assert first.post("/api/v1/annotate", json=body).get_json()["cached"] is False
    assert second.post("/api/v1/annotate", json=body).get_json()["cached"] is True


def test_redis_cache_round_trip(redis_server):
    cache = RedisCache(redis_server.url, ttl=60)
    cache.set("k", "välue 😀")
    assert cache.get("k") == "välue 😀"
    assert cache.status() == {"backend": "redis", "ok": True}


def test_service_survives_redis_going_away_and_recovers(make_app, redis_server):
    # With the rate limiter on Redis too: neither may fail a request while Redis is down.
    client = make_app(REDIS_URL=redis_server.url, RATE_LIMIT="1000/minute").test_client()
    body = {"text": "The ministry said 12 people died in the floods.", "url": "https://example.com/floods"}

    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is False
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is True
    assert client.get("/api/v1/health").get_json()["cache"] == {"backend": "redis", "ok": True}

    redis_server.stop()
    for _ in range(3):  # served without the cache, not failed
        response = client.post("/api/v1/annotate", json=body)
        assert response.status_code == 200 and response.get_json()["cached"] is False
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["cache"]["ok"] is False

    redis_server.start()  # same port, empty
    assert client.get("/api/v1/health").get_json()["status"] == "ok"
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is False
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is True


def test_rate_limits_shared_through_redis(make_app, redis_server):
    # Two app instances stand in for two gunicorn workers: the limit is counted once.
    config = {"REDIS_URL": redis_server.url, "RATE_LIMIT": "3/minute"}
    first, second = make_app(**config).test_client(), make_app(**config).test_client()
    statuses = [c.post("/api/v1/claims", json={"sentences": ["x"]}).status_code
                for c in (first, second, first, second)]
    assert statuses == [200, 200, 200, 429]


def test_pipeline_version_follows_the_data_files(tmp_path):
    """New claim weights or re-installed ratings change the version in every cache key."""
    ratings = tmp_path / "ratings"
    ratings.mkdir()
    (ratings / "domain_pc1.csv").write_text("domain,pc1\nexample.org,0.5\n")
    before = fingerprint(PipelineConfig(ratings_dir=ratings))
    assert before == fingerprint(PipelineConfig(ratings_dir=ratings))
    (ratings / "domain_pc1.csv").write_text("domain,pc1\nexample.org,0.6\n")
    assert fingerprint(PipelineConfig(ratings_dir=ratings)) != before
    weights = tmp_path / "claims.npz"
    weights.write_bytes(b"other weights")
    assert fingerprint(PipelineConfig(ratings_dir=ratings, claim_model=weights)) != \
        fingerprint(PipelineConfig(ratings_dir=ratings))


@pytest.fixture
def package_copy(tmp_path) -> Path:
    copy = tmp_path / "sourcelight"
    shutil.copytree(pipeline_module.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize("changed", ["stages/attribution/component.py",
                                     "stages/attribution/data/reporting_verbs.txt",
                                     "stages/claims/models/claims.npz", "web/api.py"])
def test_fingerprint_follows_every_code_and_data_file(package_copy, changed):
    config = PipelineConfig()
    before = fingerprint(config, package_copy)
    assert before == fingerprint(config, package_copy)
    with (package_copy / changed).open("ab") as f:
        f.write(b"\n")
    assert fingerprint(config, package_copy) != before


def test_a_code_change_invalidates_cached_answers(make_app, pipeline, package_copy, monkeypatch):
    """A deploy with changed code must not answer from the old code's cache entries."""
    body = {"text": "The ministry said 12 people died in the floods.", "url": "https://example.com/deploy"}
    client = make_app().test_client()
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is False
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is True
    # The same pipeline, but its version computed from a copy of the package with one line changed.
    with (package_copy / "stages" / "sources" / "component.py").open("a") as f:
        f.write("# changed\n")
    new_version = pipeline.version.rsplit("/", 1)[0] + "/" + fingerprint(pipeline.config, package_copy)
    assert new_version != pipeline.version
    monkeypatch.setattr(pipeline, "version", new_version)
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is False
    assert client.post("/api/v1/annotate", json=body).get_json()["cached"] is True
