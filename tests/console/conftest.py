"""The console in Debian's headless Chromium (driven by Playwright), against the local stack.

One stack and one browser for the whole session; each test gets a fresh context (its own
sessionStorage). Every page a test opens runs under the console's real CSP: a CSP violation,
an uncaught script error or any JavaScript dialog fails the test. ``audit_page`` runs axe-core
(vendored, see vendor/axe-core) at 1280 px and 390 px and saves a screenshot of each width into
``CONSOLE_SCREENSHOTS`` (``make screenshots`` points it at docs/console/) or a temporary folder;
at 390 px it also checks that nothing makes the page scroll sideways.

``fresh_console`` is the same tab on a stack of its own whose org has nothing in it yet (started
only when a test asks for it), for the empty states.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import RunningStack, start_stack, stop_stack

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


SEES_WRITES_AT_ONCE = ("--parameter-overrides", "PolicyCacheSeconds=0")


@pytest.fixture(scope="package")
def console_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    # As `make run` serves it: writes are seen by the next evaluate (no policy cache bound)
    running = start_stack(tmp_path_factory.mktemp("console-stack"), *SEES_WRITES_AT_ONCE)
    yield running
    stop_stack(running)


@pytest.fixture(scope="package")
def fresh_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    running = start_stack(tmp_path_factory.mktemp("console-fresh-stack"), "--org", "org-fresh", *SEES_WRITES_AT_ONCE)
    yield running
    stop_stack(running)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: scripts/install_chromium.sh installs it (make test runs it)")
        pytest.skip("Chromium is missing: run scripts/install_chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="package")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("CONSOLE_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Console:
    """A browser tab on the console, and what happened in it that must not."""

    page: Any
    base: str
    shots: Path
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)

    def open(self, route: str) -> None:
        self.page.goto(f"{self.base}/console/#{route}")
        self.settle()

    def settle(self) -> None:
        """Wait until no loading message is left on the page."""
        self.page.wait_for_function(
            "() => ![...document.querySelectorAll('main [role=status]')].some(e => /…$/.test(e.textContent.trim()))",
            timeout=TIMEOUT_MS,
        )

    def sign_in(self, key: str) -> None:
        self.open("/signin")
        self.page.get_by_label("API key").fill(key)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.locator("#me-org").wait_for(timeout=TIMEOUT_MS)

    def audit_page(self, name: str, at: str | None = None) -> None:
        """axe-core at both widths (no serious or critical violation) and a screenshot of each,
        from the top of the page or with the element ``at`` (a selector) in view."""
        for width, viewport in (("1280", WIDE), ("390", NARROW)):
            self.page.set_viewport_size(viewport)
            if at is None:
                self.page.evaluate("() => window.scrollTo(0, 0)")
            else:
                self.page.locator(at).first.scroll_into_view_if_needed()
            self.page.wait_for_timeout(100)
            result = self.page.evaluate(
                "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
                " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
            )
            bad = [v for v in result if v["impact"] in ("serious", "critical")]
            assert not bad, f"axe on {name} at {width} px: {json.dumps(bad, indent=1)}"
            if viewport is NARROW:
                self.assert_no_sideways_scroll(name)
            self.page.screenshot(path=str(self.shots / f"{name}-{width}.png"))
        self.page.set_viewport_size(WIDE)
        self.audited.append(name)

    def assert_no_sideways_scroll(self, name: str) -> None:
        """The page is no wider than the window (wide tables scroll inside their own region)."""
        widths = self.page.evaluate(
            "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth,"
            " wide: [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5"
            " && !e.closest('.table-wrap, .skip'))"
            ".slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
            " + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))})"
        )
        assert widths["page"] <= widths["window"], f"{name} scrolls sideways at {widths['window']} px: {widths}"


@contextmanager
def console_tab(browser: Any, stack: RunningStack, shots: Path) -> Iterator[Console]:
    context = browser.new_context(viewport=WIDE, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    tab = Console(page, stack.api_url, shots)

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: Any) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    yield tab
    context.close()
    # Then nothing the page did broke the CSP, threw, or opened a dialog
    assert not tab.dialogs, f"dialogs fired: {tab.dialogs}"
    unexpected = [e for e in tab.errors if "Failed to load resource" not in e]
    assert not unexpected, f"errors in the page: {unexpected}"


@pytest.fixture
def console(browser: Any, console_stack: RunningStack, shots: Path) -> Iterator[Console]:
    with console_tab(browser, console_stack, shots) as tab:
        yield tab


@pytest.fixture
def fresh_console(browser: Any, fresh_stack: RunningStack, shots: Path) -> Iterator[Console]:
    with console_tab(browser, fresh_stack, shots) as tab:
        yield tab
