"""The annotation cache: keys, the in-process LRU, and a real redis-server that goes away."""

from __future__ import annotations

from sourcelight.web.cache import LRUCache, RedisCache, cache_key


def test_key_depends_on_every_input():
    base = cache_key("v1", "text", "https://a.example/x", "T")
    assert base == cache_key("v1", "text", "https://a.example/x", "T")
    assert len({base, cache_key("v2", "text", "https://a.example/x", "T"),
                cache_key("v1", "text!", "https://a.example/x", "T"),
                cache_key("v1", "text", "https://b.example/x", "T"),
                cache_key("v1", "text", "https://a.example/x", None)}) == 5
    # Length-prefixed parts: moving a character between fields changes the key.
    assert cache_key("v", "ab", "c") != cache_key("v", "a", "bc")


def test_lru_evicts_least_recently_used():
    lru = LRUCache(2)
    lru.set("a", "1")
    lru.set("b", "2")
    assert lru.get("a") == "1"  # a is now the most recent
    lru.set("c", "3")
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == ("1", None, "3")


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
    from sourcelight.pipeline import PipelineConfig, data_fingerprint

    ratings = tmp_path / "ratings"
    ratings.mkdir()
    (ratings / "domain_pc1.csv").write_text("domain,pc1\nexample.org,0.5\n")
    before = data_fingerprint(PipelineConfig(ratings_dir=ratings))
    assert before == data_fingerprint(PipelineConfig(ratings_dir=ratings))
    (ratings / "domain_pc1.csv").write_text("domain,pc1\nexample.org,0.6\n")
    assert data_fingerprint(PipelineConfig(ratings_dir=ratings)) != before
    weights = tmp_path / "claims.npz"
    weights.write_bytes(b"other weights")
    assert data_fingerprint(PipelineConfig(ratings_dir=ratings, claim_model=weights)) != \
        data_fingerprint(PipelineConfig(ratings_dir=ratings))
