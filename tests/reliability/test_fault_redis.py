"""Redis stopped mid-run, through gunicorn: answers keep coming, /health says degraded,
and the cache (and the rate limiter's storage) come back when Redis does."""

from __future__ import annotations

import time


def test_redis_outage_degrades_and_recovers(serve, redis_server):
    # A rate limit far above the test's load, so the limiter talks to Redis on every call.
    server = serve(env={"SOURCELIGHT_REDIS_URL": redis_server.url, "SOURCELIGHT_RATE_LIMIT": "10000/minute"})
    text = "The mayor of Springfield said on Monday that 40 bridges need repair."

    first, again = server.annotate({"text": text}), server.annotate({"text": text})
    assert (first.status, first.json()["cached"]) == (200, False)
    assert (again.status, again.json()["cached"]) == (200, True)  # served from Redis
    health = server.health().json()
    assert (health["status"], health["cache"]) == ("ok", {"backend": "redis", "ok": True})

    redis_server.stop()
    started = time.monotonic()
    for i in range(3):  # new texts and a repeat: all answered, none from a cache
        reply = server.annotate({"text": f"{text} Outage request {i}."})
        assert (reply.status, reply.json()["cached"]) == (200, False)
    reply = server.annotate({"text": text})
    assert (reply.status, reply.json()["cached"]) == (200, False)
    assert server.request("POST", "/api/v1/claims", {"sentences": [text]}).status == 200
    assert time.monotonic() - started < 60  # no request waits out a string of Redis timeouts
    health = server.health()
    assert health.status == 200
    assert (health.json()["status"], health.json()["cache"]["ok"]) == ("degraded", False)
    assert "redis unavailable" in server.stderr()

    redis_server.start()  # same port, empty
    deadline = time.monotonic() + 20
    while server.health().json()["status"] != "ok":
        assert time.monotonic() < deadline, "health never returned to ok after Redis came back"
        time.sleep(0.5)
    back = f"{text} After the outage."
    assert server.annotate({"text": back}).json()["cached"] is False
    assert server.annotate({"text": back}).json()["cached"] is True  # the cache is in use again
    assert "Traceback" not in server.output()
