"""End-to-end fixtures: the real backend, a static site, the unpacked extension in Chromium.

One backend and one static site per session; one Chromium (persistent context with the
extension loaded from the repo root, fresh profile) per test module; one tab per test.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    ARTIFACTS,
    CHROMIUM,
    ROOT,
    WIKIPEDIA_STUB,
    Extension,
    Relay,
    Site,
    chromium_args,
    default_settings,
    ensure_extension_built,
)
from sourcelight.measure.processes import ServedBackend



def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def ext_root() -> Path:
    try:
        return ensure_extension_built()
    except Exception as exc:  # a missing build is a failure, said plainly
        pytest.fail(f"cannot load the extension: {exc}")


@pytest.fixture(scope="session")
def backend() -> Iterator[ServedBackend]:
    """`sourcelight serve`, one worker, its log kept in test-artifacts/."""
    ratings = os.environ.get("SOURCELIGHT_RATINGS_DIR", str(ROOT / "var" / "ratings"))
    server = ServedBackend.start(ARTIFACTS / "backend.log", env={"SOURCELIGHT_RATINGS_DIR": ratings})
    try:
        server.wait_healthy(timeout=180)
    except (RuntimeError, TimeoutError) as exc:
        server.stop(15)
        pytest.fail(f"backend did not start; log: {server.log_path}\n{exc}")
    yield server
    server.stop(15)


@pytest.fixture(scope="session")
def relay(backend):
    """A transparent forwarder in front of the real backend; counts what reaches it."""
    r = Relay(backend.base).start()
    yield r
    r.stop()


@pytest.fixture(scope="session")
def site():
    s = Site()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="module")
def browser(playwright_instance, ext_root, relay):
    """(context, extension) for one module: Chromium with the unpacked extension."""
    profile = tempfile.mkdtemp(prefix="sourcelight-profile-")
    context = playwright_instance.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=chromium_args(ext_root),
        viewport={"width": 1280, "height": 900},
    )
    # Wikipedia is a network this machine lacks: answer it at the browser's request layer.
    context.route("**://*.wikipedia.org/**", lambda route: route.fulfill(json=WIKIPEDIA_STUB))
    try:
        extension = Extension(context)
    except Exception as exc:
        context.close()
        pytest.fail(f"the extension's service worker did not start: {exc}")
    try:
        extension.grant_sites()
    except Exception as exc:
        context.close()
        pytest.fail(f"could not give the extension access to the test sites: {exc}")
    extension.set(**default_settings(relay.url))
    yield context, extension
    context.close()


@pytest.fixture
def ext(browser, relay):
    """The extension with default settings (backend = relay, site enabled) for this test."""
    context, extension = browser
    extension.set(**default_settings(relay.url))
    return extension


@pytest.fixture
def open_page(browser, request):
    """open_page(url) -> page; records page errors and dialogs, closes the tab afterwards."""
    context, _ = browser
    pages = []

    def _open(url: str | None = None, init_script: str | None = None):
        page = context.new_page()
        page.errors = []          # uncaught exceptions in the page
        page.dialogs = []         # alert/confirm/prompt: a script ran that should not have
        page.console_errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))

        def on_dialog(d):
            page.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        if init_script:
            page.add_init_script(init_script)
        pages.append(page)
        if url:
            page.goto(url)
        return page

    yield _open
    for page in pages:
        if request.node.rep_call_failed if hasattr(request.node, "rep_call_failed") else False:
            try:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"))
            except Exception:
                pass
        page.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    if rep.when == "call":
        item.rep_call_failed = rep.failed
    return rep
