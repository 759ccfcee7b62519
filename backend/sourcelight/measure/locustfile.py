"""The soak load: real articles, cache hits and bad requests against a running backend.

``python -m sourcelight.measure.soak`` runs this as a library (it starts the server, Redis and
the clock); it also works on its own against any server:
``locust -f backend/sourcelight/locustfile.py --headless -u 4 -H http://127.0.0.1:8765``.

Every request has a *kind* (its locust name) and the statuses it must answer; anything
else is a failure. ``RESULTS`` keeps each kind's raw latencies and status counts so the
soak can print exact percentiles.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

ROOT = Path(__file__).resolve().parents[3]
ANNOTATE = "/api/v1/annotate"
REPEATS = 8  # texts sent again and again with the same url: cache hits after the first
MAX_TEXT_CHARS = 200_000


@dataclass
class Results:
    """What each kind of request got back: statuses, latencies, cache hits."""

    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    unexpected: Counter = field(default_factory=Counter)  # (kind, status) outside the expected set
    cached: Counter = field(default_factory=Counter)  # kind -> answers marked "cached": true
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, ms: float, ok: bool, cached: bool) -> None:
        with self._lock:
            self.statuses[kind][status] += 1
            self.latencies_ms[kind].append(ms)
            self.cached[kind] += cached
            if not ok:
                self.unexpected[(kind, status)] += 1


RESULTS = Results()
CORPUS: list[tuple[str, str]] = []  # (name, text)
_serial = count(1)


def load_corpus(data_dir: Path | None = None) -> list[tuple[str, str]]:
    """The PolNeAR dev texts and the seed article, read by path (never copied)."""
    data_dir = data_dir or Path(os.environ.get("SOURCELIGHT_DATA_DIR", ROOT.parent / "shared" / "data"))
    texts = sorted((data_dir / "polnear" / "dev" / "text").glob("*.txt"))
    corpus = [(path.stem, path.read_text(encoding="utf-8")) for path in texts]
    corpus.append(("seed", (ROOT / "seeds" / "albu-kamal.txt").read_text(encoding="utf-8")))
    return corpus


Request = tuple[dict, bytes, set[int]]  # headers, body, expected statuses


def _bad_requests(token: str | None) -> tuple[dict[str, Request], dict[str, Request]]:
    """kind -> request, for each way a client can get it wrong; and for hostile text."""
    js = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    bad = {
        "bad:malformed_json": (js, b'{"text": "unterminated', {400}),
        "bad:not_an_object": (js, b'["text"]', {400}),
        "bad:wrong_content_type": ({**js, "Content-Type": "text/plain"}, b"The mayor said it rained.", {415}),
        "bad:empty_text": (js, b'{"text": "  \\n\\t "}', {400}),
        "bad:missing_text": (js, b'{"url": "https://example.com/a"}', {400}),
        "bad:text_not_string": (js, b'{"text": 12345}', {400}),
        "bad:lone_surrogate": (js, b'{"text": "abc \\ud800 def"}', {400}),
        "bad:bad_offsets_unit": (js, b'{"text": "It rained.", "offsets": "bytes"}', {400}),
        "bad:huge_text": (js, json.dumps({"text": "word " * (MAX_TEXT_CHARS // 5 + 1)}).encode(), {413}),
        "bad:huge_body": (js, b'{"text": "' + b"a" * 3_000_000 + b'"}', {413}),
    }
    hostile = {  # within the limits: answered (200) or stopped with a 422, never a hung worker
        "hostile:parentheses_20k": (js, json.dumps({"text": "(" * 20_000}).encode(), {200, 422}),
        "hostile:parentheses_200k": (js, json.dumps({"text": "(" * MAX_TEXT_CHARS}).encode(), {422}),
    }
    if token:
        bad["bad:no_token"] = ({"Content-Type": "application/json"}, b'{"text": "It rained."}', {401})
        bad["bad:wrong_token"] = ({**js, "Authorization": "Bearer " + "x" * len(token)}, b'{"text": "It rained."}', {401})
    return bad, hostile


class Reader(FastHttpUser):
    """One extension (or newsroom script) calling the backend in a loop."""

    wait_time = between(0.05, 0.3)
    network_timeout = 180.0  # a long queue behind slow articles is latency, not an error
    connection_timeout = 30.0

    def on_start(self) -> None:
        if not CORPUS:
            CORPUS.extend(load_corpus())
        self.token = os.environ.get("SOURCELIGHT_API_TOKEN") or None
        self.headers = {"Content-Type": "application/json",
                        **({"Authorization": f"Bearer {self.token}"} if self.token else {})}
        self.bad, self.hostile = _bad_requests(self.token)
        self.order = random.sample(range(len(CORPUS)), len(CORPUS))  # each user walks the corpus in its own order
        self.position = 0

    def _call(self, kind: str, method: str, path: str, expected: set[int], headers: dict | None = None,
              body: bytes | None = None) -> None:
        started = time.perf_counter()
        with self.client.request(method, path, data=body, headers=headers or self.headers, name=kind,
                                 catch_response=True) as response:
            ms = (time.perf_counter() - started) * 1000
            status = response.status_code or 0  # 0: connection refused, reset or timed out
            ok, cached, why = status in expected, False, f"status {status}, expected {sorted(expected)}"
            if ok:
                ok, cached, why = _check_body(response.text or "", status)
            RESULTS.record(kind, status, ms, ok, cached)
            response.success() if ok else response.failure(why)

    @task(40)
    def article(self) -> None:
        """A real article the cache has not seen: the url is new each time."""
        name, text = CORPUS[self.order[self.position % len(self.order)]]
        self.position += 1
        body = json.dumps({"text": text, "url": f"https://soak.example/{name}?n={next(_serial)}"}).encode()
        self._call("article", "POST", ANNOTATE, {200}, body=body)

    @task(30)
    def repeat(self) -> None:
        """One of a few articles with a fixed url: served from the cache after the first time."""
        name, text = CORPUS[random.randrange(min(REPEATS, len(CORPUS)))]
        body = json.dumps({"text": text, "url": f"https://soak.example/{name}"}).encode()
        self._call("repeat", "POST", ANNOTATE, {200}, body=body)

    @task(8)
    def claims(self) -> None:
        _, text = random.choice(CORPUS)
        sentences = [line for line in text.splitlines() if line.strip()][:30]
        self._call("claims", "POST", "/api/v1/claims", {200}, body=json.dumps({"sentences": sentences}).encode())

    @task(4)
    def health(self) -> None:
        self._call("health", "GET", "/api/v1/health", {200})

    @task(18)
    def bad_request(self) -> None:
        kind = random.choice(sorted(self.bad))
        headers, body, expected = self.bad[kind]
        self._call(kind, "POST", ANNOTATE, expected, headers=headers, body=body)

    @task(1)
    def hostile_text(self) -> None:
        """Each with a new url, so the pipeline (not the cache) meets it every time."""
        kind = random.choice(sorted(self.hostile))
        headers, body, expected = self.hostile[kind]
        body = body[:-1] + f', "url": "https://soak.example/hostile?n={next(_serial)}"}}'.encode()
        self._call(kind, "POST", ANNOTATE, expected, headers=headers, body=body)


def _check_body(text: str, status: int) -> tuple[bool, bool, str]:
    """(ok, cached, reason): errors in the one JSON shape, no internals in any answer."""
    if "Traceback" in text or 'File "/' in text or "site-packages" in text:
        return False, False, "internals in the response body"
    try:
        body = json.loads(text)
    except ValueError:
        return False, False, "response is not JSON"
    if status >= 400:
        error = body.get("error") if isinstance(body, dict) else None
        if not (isinstance(error, dict) and error.get("code") and error.get("message")):
            return False, False, "error without {error: {code, message}}"
        return True, False, ""
    return True, bool(isinstance(body, dict) and body.get("cached")), ""


@events.init.add_listener
def _load(environment, **_: object) -> None:  # locust -f: read the texts once, before users start
    if not CORPUS:
        CORPUS.extend(load_corpus())
