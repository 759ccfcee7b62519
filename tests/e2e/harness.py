"""Pieces the end-to-end tests drive: a static site, a relay, the extension, page probes.

Nothing here imitates a Sourcelight component. The backend is `sourcelight serve`
started as a user starts it (``ServedBackend``, in conftest.py); the extension is the
unpacked repo root loaded into Debian's Chromium. The relay is a transparent HTTP forwarder in front of the real
backend so that tests can count what reaches it (and, for one test, a hostile peer
that rewrites the real backend's answer).
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import shutil
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
CHROMIUM = "/usr/bin/chromium"
ENABLED_HOST = "news.sourcelight.test"
OTHER_HOST = "other.sourcelight.test"
# The site access the tests give the extension, as a reader would on chrome://extensions
# ("Site access: on specific sites") and then grant when the popup asks.
TEST_SITES = ("http://*.sourcelight.test/*", "https://*.sourcelight.test/*")
SCRIPT_ID = "sourcelight-sites"


def poll(fn: Callable[[], object], timeout: float, what: str, every: float = 0.1):
    """Call `fn` until it returns something truthy; that value. A wait, not a timing check:
    `timeout` is only how long to wait before calling it a failure."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


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


_EXTENSIONS: dict[int, "Extension"] = {}


def extension_of(page) -> "Extension":
    """The Extension loaded in the browser context a page belongs to."""
    return _EXTENSIONS[id(page.context)]


REGISTERED_JS = """async ([hosts, id]) => {
  const want = [];
  for (const h of hosts) {
    const name = /^[\\d.]+$/.test(h) ? h : '*.' + h;
    const origins = ['http://' + name + '/*', 'https://' + name + '/*'];
    if (await chrome.permissions.contains({origins})) want.push(...origins);
  }
  const [script] = await chrome.scripting.getRegisteredContentScripts({ids: [id]});
  const have = script ? script.matches : [];
  return JSON.stringify(want.sort()) === JSON.stringify([...have].sort());
}"""

# Asks a tab's content script through the extension (the page cannot see this channel).
ASK_TAB_JS = """async ([url, message]) => {
  const tabs = (await chrome.tabs.query({})).filter(t => t.url === url || t.pendingUrl === url);
  tabs.sort((a, b) => b.id - a.id);
  if (!tabs.length) return {error: 'no tab at ' + url};
  try {
    return {answer: await chrome.tabs.sendMessage(tabs[0].id, message, {frameId: 0})};
  } catch (e) {
    return {answer: null, error: String(e)};
  }
}"""


class Extension:
    """The loaded extension seen through its service worker."""

    def __init__(self, context) -> None:
        self.context = context
        sw = context.service_workers[0] if context.service_workers else None
        if sw is None:
            sw = context.wait_for_event("serviceworker", timeout=20_000)
        self.sw = sw
        self.id = sw.url.split("/")[2]
        _EXTENSIONS[id(context)] = self

    def page_url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def grant_sites(self, patterns=TEST_SITES) -> None:
        """Give the extension access to sites as a reader does: allow them in the browser's
        extension settings (chrome://extensions, developerPrivate.addHostPermission, the
        call behind "Site access"), then grant them when the extension asks
        (permissions.request, from a click in an extension page)."""
        settings = self.context.new_page()
        try:
            settings.goto("chrome://extensions")
            for pattern in patterns:
                err = settings.evaluate(
                    """([id, host]) => new Promise(res => chrome.developerPrivate.addHostPermission(
                         id, host, () => res(chrome.runtime.lastError ? chrome.runtime.lastError.message : '')))""",
                    [self.id, pattern])
                assert not err, f"chrome://extensions refused {pattern}: {err}"
        finally:
            settings.close()
        page = self.context.new_page()
        try:
            page.goto(self.page_url("extension/options.html"))
            page.evaluate(
                """(origins) => {
                     const b = document.createElement('button');
                     b.id = 'grant-for-test';
                     b.textContent = 'grant';
                     b.onclick = async () => { window.granted = await chrome.permissions.request({origins}); };
                     document.body.append(b);
                   }""", list(patterns))
            page.click("#grant-for-test")
            page.wait_for_function("window.granted !== undefined", timeout=10_000)
            assert page.evaluate("window.granted") is True, "the site access was not granted"
        finally:
            page.close()

    def wait_registered(self, timeout: float = 10.0) -> None:
        """Wait until the registered content script matches the listed, granted sites."""
        hosts = self.get("autoAnnotate").get("autoAnnotate") or []
        poll(lambda: self._worker().evaluate(REGISTERED_JS, [hosts, SCRIPT_ID]), timeout,
             "the content script registration to follow autoAnnotate")

    def registered_matches(self) -> list[str]:
        return self._worker().evaluate(
            """async (id) => ((await chrome.scripting.getRegisteredContentScripts({ids: [id]}))[0] || {}).matches || []""",
            SCRIPT_ID)

    def ask(self, page, message: dict):
        """Send `message` to the content script in `page`'s tab, as the background does;
        its answer, or None when the tab has no content script."""
        return self._worker().evaluate(ASK_TAB_JS, [page.url, message]).get("answer")

    def probe(self, page) -> dict | None:
        """What the content script knows of the page (state, skipped, timings, card)."""
        return self.ask(page, {"type": "probe"})

    def command(self, page, name: str):
        """A keyboard command (manifest `commands`) as the background relays it."""
        return self.ask(page, {"type": "command", "command": name})

    def _worker(self):
        # A service worker can be stopped and restarted by Chromium; find the live one.
        workers = self.context.service_workers
        return workers[-1] if workers else self.sw

    def set(self, **items) -> None:
        self._worker().evaluate("(items) => chrome.storage.local.set(items)", items)
        if "autoAnnotate" in items:
            self.wait_registered()

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


def tab_status(ext: "Extension", page) -> dict | None:
    """The content script's own status for `page` (state, counts, view), asked through
    the extension's channel (tabs.sendMessage from its service worker), never the page."""
    return ext.ask(page, {"type": "get-status"})


def wait_view(ext: "Extension", page, mode: str, timeout_s: float = 10.0, **expect) -> dict:
    """Wait until the page is painted in view `mode` (and `expect`, e.g. focus=True);
    the status's `view`."""
    waited = 0.0
    while True:
        status = tab_status(ext, page) or {}
        view = status.get("view") or {}
        if (status.get("state") == "painted" and view.get("mode") == mode
                and all(view.get(k) == v for k, v in expect.items())):
            return view
        if waited >= timeout_s:
            raise AssertionError(f"view {mode!r} not painted: {status}")
        page.wait_for_timeout(100)
        waited += 0.1


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

def highlights(page) -> dict:
    return page.evaluate(HIGHLIGHTS_JS)


def probe(page) -> dict:
    """The content script's own account of the page, read through the extension's
    messaging (never from the page, which carries no trace of it); {} without one."""
    return extension_of(page).probe(page) or {}


def state(page) -> str:
    """`idle` | `annotating` | `painted` | `error:<code>`; '' when no content script runs."""
    return probe(page).get("state", "")


def skipped(page) -> str:
    """What the extension left out of the text it sent, e.g. `furniture:5, hidden:1`."""
    return probe(page).get("skipped", "")


def measures(page, name: str) -> list[float]:
    """Durations (ms) of the extension's timings called `name` (`sourcelight-paint`, ...)."""
    return [m["duration"] for m in probe(page).get("measures", []) if m["name"] == name]


def wait_state(page, prefix: str = "painted", timeout: float = 60_000) -> str:
    return poll(lambda: (lambda s: s if s.startswith(prefix) else "")(state(page)),
                timeout / 1000, f"state {prefix!r} (last: {state(page)!r})")


def wait_settled(page, timeout: float = 60_000) -> str:
    """Wait until the extension is done with the page, painted or failed."""
    return poll(lambda: (lambda s: s if s == "painted" or s.startswith("error") else "")(state(page)),
                timeout / 1000, "the extension to paint or fail")


def closed_shadow_nodes(page, host_selector: str | None = None) -> list[dict]:
    """Every element inside a closed shadow root (the card host's has a random name;
    `host_selector` narrows to hosts of one tag), read through the DevTools protocol,
    which sees closed shadow roots that page scripts cannot."""
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
            closed = root.get("shadowRootType") == "closed"
            walk(root, inside or (closed and host_selector in (None, name)))
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


def card(page) -> dict | None:
    """The card as the extension describes it: {open: 'true'|'false', kind, text, label,
    role, announced, focused}; None before the first card was opened on the page."""
    c = probe(page).get("card")
    if not c:
        return None
    return {**c, "open": "true" if c["open"] else "false"}


def wait_card_open(page, timeout: float = 10_000) -> dict:
    return poll(lambda: (lambda c: c if c and c["open"] == "true" else None)(card(page)),
                timeout / 1000, "a card to open")


def wait_card_closed(page, timeout: float = 10_000) -> None:
    poll(lambda: (lambda c: c is None or c["open"] == "false")(card(page)), timeout / 1000,
         "the card to close")


def wait_card_text(page, needle: str, timeout: float = 15_000) -> dict:
    return poll(lambda: (lambda c: c if c and needle in c["text"] else None)(card(page)),
                timeout / 1000, f"{needle!r} in the card")


def replay(backend_url: str, seen: Seen) -> dict:
    """Send a request the extension made straight to the real backend; its JSON answer."""
    headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(backend_url + seen.path, data=seen.body, headers=headers,
                                 method=seen.method)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def norm(s: str) -> str:
    return " ".join(s.split())


# Installed before any page script: records the page's long tasks. The extension's state
# changes and timings come from the extension itself (`read_perf`), in the same clock
# (the page's performance.now()), so tests can tell which long tasks fall inside the
# time the extension was at work.
PERF_INIT = """(() => {
  if (window.top !== window) return;
  const rec = window.__slperf = {longtasks: []};
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) rec.longtasks.push({start: e.startTime, duration: e.duration});
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { rec.error = String(e); }
})();"""

PERF_READ_JS = """() => {
  const rec = window.__slperf || {longtasks: []};
  const nav = performance.getEntriesByType('navigation')[0];
  // Marks and measures anyone wrote, and every resource the page's context fetched.
  const traces = performance.getEntries().filter(e => e.entryType === 'mark' || e.entryType === 'measure')
    .map(e => e.name);
  const resources = performance.getEntriesByType('resource').map(e => e.name);
  return {...rec, page_traces: traces, resources, dcl: nav ? nav.domContentLoadedEventEnd : null,
          load: nav ? nav.loadEventEnd : null};
}"""


def read_perf(page) -> dict:
    """The page's long tasks with the extension's own state changes (`states`) and
    timings (`own`), for `extension_long_tasks`."""
    perf = page.evaluate(PERF_READ_JS)
    p = probe(page)
    perf["states"] = p.get("timeline", [])
    perf["own"] = p.get("measures", [])
    return perf


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


# Timing is a figure for `make bench`, never a pass/fail line on a busy machine: tests
# record the extension's long tasks here (sourcelight bench prints them against the 50 ms
# target) and assert only a generous bound that catches work left unsliced altogether.
BENCH_DIR = ROOT / "var" / "bench"
LONG_TASKS_JSON = BENCH_DIR / "longtasks.json"
UNSLICED_MS = 1000.0


def record_long_tasks(name: str, tasks: list[dict], window) -> float:
    """Store page `name`'s extension long tasks for the bench; the longest (0 if none)."""
    longest = max((t["duration"] for t in tasks), default=0.0)
    figures = json.loads(LONG_TASKS_JSON.read_text()) if LONG_TASKS_JSON.exists() else {}
    figures[name] = {"longest_ms": longest, "count": len(tasks), "tasks": tasks, "window": window}
    save_json(LONG_TASKS_JSON, figures)
    return longest


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


def tab_id(page) -> int:
    """The extension's id for the tab showing `page` (-1 when not found)."""
    return extension_of(page)._worker().evaluate(
        """async (url) => {
             const tabs = (await chrome.tabs.query({})).filter(t => t.url === url).sort((a, b) => b.id - a.id);
             return tabs.length ? tabs[0].id : -1;
           }""", page.url)


def extension_page(page_of_tab, path: str):
    """Open one of the extension's own pages (popup.html, panel.html) in a new tab, about
    the tab showing `page_of_tab` (their `?tab=` parameter); records its errors."""
    ext = extension_of(page_of_tab)
    ui = page_of_tab.context.new_page()
    ui.errors = []
    ui.on("pageerror", lambda e: ui.errors.append(str(e)))
    ui.goto(ext.page_url(f"extension/{path}?tab={tab_id(page_of_tab)}"))
    return ui


def in_content_world(page, expression: str):
    """Evaluate `expression` (awaited) in the isolated world of the extension's content
    script in `page`, through the DevTools protocol: what a compromised content script
    (a renderer the page took over) could do with the extension's own APIs."""
    ext = extension_of(page)
    cdp = page.context.new_cdp_session(page)
    contexts: list[dict] = []
    cdp.on("Runtime.executionContextCreated", lambda e: contexts.append(e["context"]))
    try:
        cdp.send("Runtime.enable")
        ours = [c for c in contexts if c.get("origin", "").startswith(f"chrome-extension://{ext.id}")
                or (c.get("auxData", {}).get("type") == "isolated" and c.get("name") == "Sourcelight")]
        if not ours:
            raise RuntimeError(f"no content script world in {page.url}: {contexts}")
        result = cdp.send("Runtime.evaluate", {"expression": expression, "contextId": ours[0]["id"],
                                               "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")
    finally:
        cdp.detach()


# --------------------------------------------------------------------------- reading view (issue 15)

# Highlight name -> kind of mark; a character under two kinds is "stacked".
MARK_KINDS = {
    "sourcelight-source": "source", "sourcelight-hedge": "hedge",
    "sourcelight-claim-high": "claim", "sourcelight-claim-medium": "claim",
    "sourcelight-claim-low": "claim", "sourcelight-person": "entity", "sourcelight-org": "entity",
    "sourcelight-place": "entity", "sourcelight-entity": "entity", "sourcelight-entity-quiet": "entity",
}

READING_JS = """(kinds) => {
  const names = Object.keys(kinds);
  const kindIds = [...new Set(Object.values(kinds))];
  const bits = new Map();       // Text node -> Uint8Array of kind bits per character
  const isWord = (c) => !!c && /[\\p{L}\\p{M}\\p{N}_]/u.test(c);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const near = (node, dir) => { walker.currentNode = node;
    const n = dir < 0 ? walker.previousNode() : walker.nextNode(); return n ? n.data : ''; };
  const before = (node, off) => off > 0 ? node.data[off - 1] : near(node, -1).slice(-1);
  const after = (node, off) => off < node.data.length ? node.data[off] : near(node, 1).slice(0, 1);
  const insideWord = [];
  const ranges = [];
  let count = 0;
  for (const name of names) {
    const hl = CSS.highlights.get(name);
    if (!hl) continue;
    const bit = 1 << kindIds.indexOf(kinds[name]);
    for (const r of hl) {
      count += 1;
      const s = r.startContainer, e = r.endContainer;
      if (s.nodeType === 3 && isWord(before(s, r.startOffset)) && isWord(after(s, r.startOffset)))
        insideWord.push({name, text: r.toString(), side: 'start'});
      if (e.nodeType === 3 && isWord(before(e, r.endOffset)) && isWord(after(e, r.endOffset)))
        insideWord.push({name, text: r.toString(), side: 'end'});
      const it = document.createTreeWalker(r.commonAncestorContainer.nodeType === 3
        ? r.commonAncestorContainer.parentNode : r.commonAncestorContainer, NodeFilter.SHOW_TEXT);
      const ownBits = [];
      for (let n = it.currentNode.nodeType === 3 ? it.currentNode : it.nextNode(); n; n = it.nextNode()) {
        if (!r.intersectsNode(n)) continue;
        const a = n === s ? r.startOffset : 0, b = n === e ? r.endOffset : n.data.length;
        if (!bits.has(n)) bits.set(n, new Uint8Array(n.data.length));
        const arr = bits.get(n);
        for (let i = a; i < b; i++) arr[i] |= bit;
        ownBits.push([n, a, b]);
      }
      ranges.push({bit, parts: ownBits});
    }
  }
  let painted = 0, stacked = 0;
  const stackedTexts = [];
  const byKind = Object.fromEntries(kindIds.map(k => [k, 0]));
  for (const [n, arr] of bits) {
    for (let i = 0; i < arr.length; i++) {
      if (!arr[i] || /\\s/.test(n.data[i])) continue;
      painted += 1;
      kindIds.forEach((k, j) => { if (arr[i] & (1 << j)) byKind[k] += 1; });
      if (arr[i] & (arr[i] - 1)) { stacked += 1; if (stackedTexts.length < 10) stackedTexts.push(n.data.slice(Math.max(0, i - 10), i + 10)); }
    }
  }
  // Marks that share a character with a mark of another kind.
  let overlapping = 0;
  for (const m of ranges) {
    if (m.parts.some(([n, a, b]) => { const arr = bits.get(n);
        for (let i = a; i < b; i++) if (arr[i] & ~m.bit) return true; return false; })) overlapping += 1;
  }
  return {ranges: count, painted_chars: painted, by_kind: byKind, stacked_chars: stacked, stacked_examples: stackedTexts,
          overlapping_marks: overlapping, inside_word: insideWord};
}"""


def reading_figures(page, sent_text: str) -> dict:
    """What the reader sees: non-space characters painted (union over our highlights) as a
    share of the article text the extension sent, characters under two kinds of mark, marks
    overlapping a mark of another kind, and ranges that start or end inside a word."""
    figures = page.evaluate(READING_JS, MARK_KINDS)
    article = sum(1 for c in sent_text if not c.isspace())
    figures["article_chars"] = article
    figures["coverage"] = figures["painted_chars"] / max(1, article)
    figures["share_by_kind"] = {k: n / max(1, article) for k, n in figures["by_kind"].items()}
    return figures


def highlight_sizes(page) -> dict:
    return {k: v["size"] for k, v in highlights(page).items()}


def wait_highlights(page, condition_js: str, timeout: float = 10_000) -> None:
    """Wait until `condition_js` (a function of {name: size}) holds for our highlights."""
    page.wait_for_function(
        "() => { const sizes = {};"
        " for (const [n, hl] of CSS.highlights) if (n.startsWith('sourcelight-')) sizes[n] = hl.size;"
        f" return ({condition_js})(sizes); }}", timeout=timeout)


def click_in_card(page, text: str) -> None:
    """Click the button labelled `text` inside the card's closed shadow root. Page
    scripts cannot reach it; the DevTools protocol can, as it can see closed roots."""
    cdp = page.context.new_cdp_session(page)
    try:
        doc = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
        found: list[int] = []

        def label(node: dict) -> str:
            return "".join(c.get("nodeValue", "") if c.get("nodeType") == 3 else label(c)
                           for c in node.get("children", []) or [])

        def walk(node: dict, inside: bool) -> None:
            if inside and node.get("localName") == "button" and label(node).strip() == text:
                found.append(node["backendNodeId"])
            for root in node.get("shadowRoots", []) or []:
                # The card host has a random name and a closed shadow root.
                walk(root, inside or root.get("shadowRootType") == "closed")
            for child in node.get("children", []) or []:
                walk(child, inside)

        walk(doc["root"], False)
        if not found:
            raise AssertionError(f"no button {text!r} in the card")
        quad = cdp.send("DOM.getBoxModel", {"backendNodeId": found[0]})["model"]["content"]
    finally:
        cdp.detach()
    page.mouse.click((quad[0] + quad[4]) / 2, (quad[1] + quad[5]) / 2)


def shot(page, name: str) -> None:
    """Screenshots go to test-artifacts/; SOURCELIGHT_SCREENSHOTS=docs also refreshes the
    README's pictures in docs/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    if os.environ.get("SOURCELIGHT_SCREENSHOTS") == "docs":
        shutil.copy(path, ROOT / "docs" / name)


def default_settings(backend_url: str) -> dict:
    return {
        "backendUrl": backend_url,
        "apiToken": "",
        "autoAnnotate": [ENABLED_HOST],
        "categories": {"entities": True, "claims": True, "sources": True, "hedges": True},
        "wikipediaSummaries": False,
        # The tests written before the calm default check every kind of mark: they use
        # the Everything view; test_reading_view.py checks the default one.
        "viewMode": "everything",
        "firstRunSeen": True,
    }
