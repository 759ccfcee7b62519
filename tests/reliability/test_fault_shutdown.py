"""Debug logging, when asked for, does write article text (so the default's silence is a
choice, not an accident); SIGTERM lets the request in flight finish with 200."""

from __future__ import annotations

import signal
import threading
import time


def test_debug_logging_then_graceful_shutdown(serve, seed_text):
    # The limit is not what this test is about: a loaded machine must not turn it into a 422.
    server = serve(env={"SOURCELIGHT_LOG_LEVEL": "DEBUG", "SOURCELIGHT_ANNOTATE_TIMEOUT": "120"})
    marker = "Zyxwquorra Pembleton-Vask"
    assert server.annotate({"text": f"{marker} told reporters the vote was rigged."}).status == 200
    time.sleep(0.3)
    assert marker in server.stderr()  # the debug excerpt, on stderr only
    assert marker not in server.stdout()  # never in the access log

    # A request in flight when SIGTERM arrives still gets its whole answer.
    long_text = "\n\n".join([seed_text] * 30)  # about 78,000 characters: seconds of work
    result: dict = {}

    def call() -> None:
        reply = server.annotate({"text": long_text, "url": "https://example.com/shutdown"})
        result.update(status=reply.status, body=reply.json(), done=time.monotonic())

    client = threading.Thread(target=call)
    client.start()
    # gunicorn's pre_request hook logs "POST /path" at DEBUG as the worker picks a request up.
    server.wait_log("POST /api/v1/annotate", count=2, timeout=30, stderr_only=True)
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    client.join(120)
    assert result.get("status") == 200, result
    assert result["done"] > signalled
    assert result["body"]["entities"] and result["body"]["cached"] is False
    assert server.process.wait(60) == 0
    stderr = server.stderr()
    # The worker finished the annotation after the master had the signal: it was in flight.
    finished = stderr.rindex("annotate chars=")
    assert stderr.index("Handling signal: term") < finished, stderr[-3000:]
    assert "Traceback" not in server.output()
