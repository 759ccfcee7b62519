"""A model that is missing: the server stays up, says so on /health (503) and in one
clear line on stderr, and its workers do not crash-loop (which would hide the cause)."""

from __future__ import annotations

import time


SECRET = "/srv/private-k3y-7f3a/no_such_model"  # a configured path the public must not learn


def test_missing_model_is_503_with_a_clear_log_line(serve):
    server = serve(env={"SOURCELIGHT_MODEL": SECRET}, workers=2, wait_ready=False)
    server.wait_log("model load failed", count=2, timeout=60)  # one line per worker
    pids = server.worker_pids()
    assert len(pids) == 2

    health = server.health()
    assert health.status == 503
    body = health.json()
    assert body["status"] == "error" and "could not be loaded" in body["model"]["error"]

    reply = server.annotate({"text": "The mayor said the bridge would reopen."})
    assert reply.status == 503
    assert reply.json()["error"]["code"] == "model_error"
    assert "Traceback" not in reply.body.decode() and "/" not in reply.json()["error"]["message"]
    # Neither the configured path nor spaCy's exception text reaches a client: only the log.
    for public in (health.body.decode(), reply.body.decode()):
        assert "k3y-7f3a" not in public and "no_such_model" not in public and "E050" not in public

    lines = [line for line in server.stderr().splitlines() if "model load failed" in line]
    assert len(lines) == 2 and all(SECRET in line and "ERROR" in line for line in lines)
    assert "model load failed" not in server.stdout()  # the access log stays the access log

    time.sleep(3)  # still the same two workers, still 503: reported, not restarted in a loop
    assert server.worker_pids() == pids
    assert server.process.poll() is None
    assert server.health().status == 503
    assert server.stderr().count("Booting worker") == 2
    assert server.stop() == 0
