"""Pieces the end-to-end tests drive: the real backend process, a static site, a relay.

Nothing here imitates a Sourcelight component. The backend is `sourcelight serve`
started as a user starts it; the extension is the unpacked repo root loaded into
Debian's Chromium. The relay is a transparent HTTP forwarder in front of the real
backend so that tests can count what reaches it (and, for one test, a hostile peer
that rewrites the real backend's answer).
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PAGES = Path(__file__).resolve().parent / "pages"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"

# Test pages live on made-up hostnames that Chromium resolves to loopback
# (--host-resolver-rules), so "enabled site" and "other site" are real hostnames.
ENABLED_HOST = "news.sourcelight.test"
OTHER_HOST = "other.sourcelight.test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- backend


class Backend:
    """`sourcelight serve` in its own process group; stopped at teardown."""

    def __init__(self, log_path: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.workers = workers
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 180.0) -> None:
        exe = ROOT / ".venv" / "bin" / "sourcelight"
        if not exe.exists():
            raise RuntimeError(f"{exe} missing: run `make setup` first")
        env = dict(os.environ)
        env.setdefault("SOURCELIGHT_RATINGS_DIR", str(ROOT / "var" / "ratings"))
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(exe), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"sourcelight serve exited with {self.proc.returncode}; "
                    f"log: {self.log_path}\n{self.log_path.read_text(errors='replace')[-3000:]}")
            for path in ("/api/v1/health", "/health"):
                try:
                    with urllib.request.urlopen(self.url + path, timeout=2) as r:
                        if r.status == 200:
                            return
                except Exception:
                    pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"backend not healthy after {timeout:.0f}s; log: {self.log_path}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# --------------------------------------------------------------------------- relay


@dataclass
class Seen:
    method: str
    path: str
    body: bytes
    origin: str | None


@dataclass
class Relay:
    """Forwards every request to `upstream`, recording it; `transform` may rewrite
    a JSON answer of POST /api/v1/annotate (used only by the hostile-backend test)."""

    upstream: str
    transform: Callable[[dict], dict] | None = None
    seen: list[Seen] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def annotate_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.method == "POST" and "annotate" in s.path]

    def start(self) -> "Relay":
        relay = self
        up = urlsplit(self.upstream)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def _forward(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                relay.seen.append(Seen(self.command, self.path, body, self.headers.get("Origin")))
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "content-length")}
                conn = http.client.HTTPConnection(up.hostname, up.port, timeout=120)
                try:
                    conn.request(self.command, self.path, body=body or None, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    status, out_headers = resp.status, resp.getheaders()
                except OSError:
                    data, status, out_headers = b"", 502, []
                finally:
                    conn.close()
                if (relay.transform and self.command == "POST" and "annotate" in self.path
                        and status == 200):
                    data = json.dumps(relay.transform(json.loads(data))).encode()
                self.send_response(status)
                for k, v in out_headers:
                    if k.lower() not in ("content-length", "connection", "transfer-encoding",
                                         "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_OPTIONS = do_PUT = do_DELETE = _forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


# --------------------------------------------------------------------------- static site


class Site:
    """A static web server: /seeds/* from seeds/, /pages/* from tests/e2e/pages/,
    /fixtures/* from tests/fixtures/articles/, and pages generated by tests (`put`)."""

    def __init__(self) -> None:
        self.generated: dict[str, tuple[bytes, str]] = {}
        self.requested: list[str] = []
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def translate_path(self, path: str) -> str:
                path = path.split("?", 1)[0].split("#", 1)[0]
                for prefix, base in (("/seeds/", ROOT / "seeds"), ("/pages/", PAGES),
                                     ("/fixtures/", FIXTURES)):
                    if path.startswith(prefix):
                        rel = Path(path[len(prefix):])
                        if ".." in rel.parts:
                            return str(ROOT / "nonexistent")
                        return str(base / rel)
                return str(ROOT / "nonexistent")

            def do_GET(self) -> None:
                site.requested.append(self.path)
                hit = site.generated.get(self.path.split("?", 1)[0])
                if hit is not None:
                    data, ctype = hit
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                super().do_GET()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = ENABLED_HOST) -> str:
        return f"http://{host}:{self.port}{path}"

    def put(self, path: str, html: str, ctype: str = "text/html; charset=utf-8") -> str:
        self.generated[path] = (html.encode("utf-8"), ctype)
        return path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------- extension


def ensure_extension_built() -> Path:
    """The repo root is the unpacked extension; build extension/dist if it is missing."""
    manifest = ROOT / "manifest.json"
    if not manifest.exists():
        raise RuntimeError("manifest.json missing at the repo root: the extension is not there yet")
    dist = ROOT / "extension" / "dist"
    if not dist.exists() or not any(dist.iterdir()):
        if not (ROOT / "node_modules").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
        subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT, check=True)
    return ROOT


def chromium_args(ext_root: Path) -> list[str]:
    return [
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic",
        f"--disable-extensions-except={ext_root}", f"--load-extension={ext_root}",
        "--host-resolver-rules=MAP *.sourcelight.test 127.0.0.1",
        "--window-size=1280,900",
    ]


WIKIPEDIA_STUB = {
    "type": "standard", "title": "Stub", "extract": "A summary served by the test's stub of Wikipedia.",
    "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Stub"}},
}


class Extension:
    """The loaded extension seen through its service worker."""

    def __init__(self, context) -> None:
        self.context = context
        sw = context.service_workers[0] if context.service_workers else None
        if sw is None:
            sw = context.wait_for_event("serviceworker", timeout=20_000)
        self.sw = sw
        self.id = sw.url.split("/")[2]

    def _worker(self):
        # A service worker can be stopped and restarted by Chromium; find the live one.
        workers = self.context.service_workers
        return workers[-1] if workers else self.sw

    def set(self, **items) -> None:
        self._worker().evaluate("(items) => chrome.storage.local.set(items)", items)

    def remove(self, *keys: str) -> None:
        self._worker().evaluate("(keys) => chrome.storage.local.remove(keys)", list(keys))

    def get(self, *keys: str) -> dict:
        return self._worker().evaluate("(keys) => chrome.storage.local.get(keys.length ? keys : null)",
                                       list(keys))

    def badge(self, url: str | None = None) -> str:
        """Badge text for the tab showing `url` (or the global badge)."""
        return self._worker().evaluate(
            """async (url) => {
                 let tabId;
                 try {
                   const tabs = await chrome.tabs.query({});
                   const tab = tabs.find(t => url && t.url === url) || tabs.find(t => t.active);
                   tabId = tab && tab.id;
                 } catch (e) {}
                 const own = tabId != null ? await chrome.action.getBadgeText({tabId}) : '';
                 return own || await chrome.action.getBadgeText({});
               }""", url)


# --------------------------------------------------------------------------- page probes

HIGHLIGHTS_JS = """() => {
  const out = {};
  if (!globalThis.CSS || !CSS.highlights) return out;
  for (const [name, hl] of CSS.highlights) {
    if (!name.startsWith('sourcelight-')) continue;
    const texts = [];
    for (const r of hl) texts.push(r.toString());
    out[name] = {size: hl.size, texts};
  }
  return out;
}"""

STATE_JS = "() => document.documentElement.dataset.sourcelightState || ''"


def highlights(page) -> dict:
    return page.evaluate(HIGHLIGHTS_JS)


def wait_state(page, prefix: str = "painted", timeout: float = 60_000) -> str:
    page.wait_for_function(
        "(p) => (document.documentElement.dataset.sourcelightState || '').startsWith(p)",
        arg=prefix, timeout=timeout)
    return page.evaluate(STATE_JS)


def wait_settled(page, timeout: float = 60_000) -> str:
    """Wait until the extension is done with the page, painted or failed."""
    page.wait_for_function(
        """() => { const s = document.documentElement.dataset.sourcelightState || '';
                   return s === 'painted' || s.startsWith('error'); }""", timeout=timeout)
    return page.evaluate(STATE_JS)


def closed_shadow_nodes(page, host_selector: str = "sourcelight-card") -> list[dict]:
    """Every element inside the (closed) shadow root of the card host, read through the
    DevTools protocol, which sees closed shadow roots that page scripts cannot."""
    cdp = page.context.new_cdp_session(page)
    try:
        doc = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
    finally:
        cdp.detach()
    found: list[dict] = []

    def walk(node: dict, inside: bool) -> None:
        name = node.get("localName", "")
        if inside and node.get("nodeType") == 1:
            attrs = node.get("attributes", [])
            found.append({"tag": name, "attrs": dict(zip(attrs[::2], attrs[1::2]))})
        for root in node.get("shadowRoots", []) or []:
            walk(root, inside or name == host_selector)
        for child in node.get("children", []) or []:
            walk(child, inside)
        if node.get("contentDocument"):
            walk(node["contentDocument"], inside)

    walk(doc["root"], False)
    return found


def save_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")



POINT_JS = """([name, prefer]) => {
  const hl = CSS.highlights.get(name);
  if (!hl) return null;
  const ranges = [...hl].filter(r => r.toString().trim());
  ranges.sort((a, b) => (prefer && b.toString().includes(prefer)) - (prefer && a.toString().includes(prefer)));
  for (const r of ranges) {
    const el = r.startContainer.nodeType === 1 ? r.startContainer : r.startContainer.parentElement;
    el.scrollIntoView({block: 'center'});
    const rects = [...r.getClientRects()].filter(b => b.width > 2 && b.height > 2);
    if (rects.length) {
      const b = rects[0];
      return {x: b.left + Math.min(b.width / 2, 20), y: b.top + b.height / 2, text: r.toString()};
    }
  }
  return null;
}"""


def highlight_point(page, name: str, prefer: str | None = None) -> dict | None:
    """A point on screen inside a range of highlight `name` (scrolled into view)."""
    return page.evaluate(POINT_JS, [name, prefer])


CARD_JS = """() => {
  const c = document.querySelector('sourcelight-card');
  if (!c) return null;
  const d = c.dataset;
  return {open: d.open, kind: d.kind, text: d.text || '', label: c.getAttribute('aria-label') || ''};
}"""


def card(page) -> dict | None:
    return page.evaluate(CARD_JS)


def wait_card_open(page, timeout: float = 10_000) -> dict:
    page.wait_for_function(
        """() => { const c = document.querySelector('sourcelight-card');
                   return c && c.dataset.open && c.dataset.open !== 'false'; }""", timeout=timeout)
    return card(page)


def replay(backend_url: str, seen: Seen) -> dict:
    """Send a request the extension made straight to the real backend; its JSON answer."""
    headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(backend_url + seen.path, data=seen.body, headers=headers,
                                 method=seen.method)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def norm(s: str) -> str:
    return " ".join(s.split())


# Installed before any page script: records long tasks and the extension's state changes,
# so tests can tell which long tasks fall inside the time the extension was at work.
PERF_INIT = """(() => {
  if (window.top !== window) return;
  const rec = window.__slperf = {longtasks: [], states: []};
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) rec.longtasks.push({start: e.startTime, duration: e.duration});
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { rec.error = String(e); }
  const watch = () => new MutationObserver(() => {
    const s = document.documentElement.dataset.sourcelightState || '';
    const last = rec.states[rec.states.length - 1];
    if (!last || last.state !== s) rec.states.push({state: s, t: performance.now()});
  }).observe(document.documentElement, {attributes: true, attributeFilter: ['data-sourcelight-state']});
  if (document.documentElement) watch(); else document.addEventListener('readystatechange', watch, {once: true});
})();"""

PERF_READ_JS = """() => {
  const rec = window.__slperf || {longtasks: [], states: []};
  const own = performance.getEntries().filter(e => e.name.startsWith('sourcelight'))
    .map(e => ({name: e.name, type: e.entryType, start: e.startTime, duration: e.duration}));
  const nav = performance.getEntriesByType('navigation')[0];
  return {...rec, own, dcl: nav ? nav.domContentLoadedEventEnd : null,
          load: nav ? nav.loadEventEnd : null};
}"""


def extension_long_tasks(perf: dict) -> tuple[list[dict], tuple[float, float] | None]:
    """Long tasks that are the extension's: those that start while it is at work (from
    its first observed state change to its last state change or performance entry),
    and the task that ends with its first state change. The content script sets
    'annotating' and then extracts the article synchronously; a MutationObserver sees
    the change only when that task ends, so the extraction task ends at the first
    recorded state change and starts before it."""
    starts = [e["start"] for e in perf["own"]] + [s["t"] for s in perf["states"]]
    ends = [e["start"] + e["duration"] for e in perf["own"]] + [s["t"] for s in perf["states"]]
    if not starts:
        return [], None
    window = (min(starts), max(ends))
    first_change = perf["states"][0]["t"] if perf["states"] else window[0]
    # Long-task durations come rounded to whole ms: 50 means "about 50", not "over 50".
    tasks = [t for t in perf["longtasks"] if t["duration"] > 50 and (
             window[0] <= t["start"] <= window[1]
             or abs(t["start"] + t["duration"] - first_change) <= 5)]
    return tasks, window


def highlights_all_frames(page) -> dict:
    """{name: [texts]} over the top document and every frame (incl. open shadow roots)."""
    out: dict[str, list[str]] = {}
    for frame in page.frames:
        try:
            found = frame.evaluate(HIGHLIGHTS_JS)
        except Exception:
            continue
        for name, v in found.items():
            out.setdefault(name, []).extend(v["texts"])
    return out
