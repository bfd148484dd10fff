"""The HTML report of samples/ opened in a real headless browser (Debian's chromium, driven by Playwright).

Regenerate the README's screenshot (docs/report.png) with:
    CLAIMCHECK_UPDATE_SCREENSHOT=1 python -m pytest tests/test_formatters_html_browser.py
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck import __version__
from claimcheck.api import Linter, RunOptions, check_paths
from claimcheck.finding import Report
from claimcheck.formatters import FormatOptions, render
from claimcheck.formatters.json import report_dict
from claimcheck.source import read_source

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "report.png"
HOSTILE = (ROOT / "tests" / "fixtures" / "hostile-article.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (apt-get install -y chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")

# Where each highlight starts in the article's text (in code points, as claimcheck counts) and what it holds.
HIGHLIGHTS_JS = """() => Array.from(document.querySelectorAll(".prose")).map(prose => {
  const found = {}; let at = 0;
  const walk = node => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { at += Array.from(child.data).length; continue; }
      if (child.matches("sup.marker")) continue;
      if (child.matches("a.hl")) {
        for (const id of child.dataset.ids.split(" ")) {
          found[id] = found[id] || {start: at, text: ""};
          found[id].text += child.textContent;
        }
      }
      walk(child);
    }
  };
  walk(prose);
  return {file: Number(prose.dataset.file), found: found, length: at};
})"""


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report, dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # paths in the report are then "samples/…"
        report = check_paths(["samples"], RunOptions())
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(render("html", report, FormatOptions(version=__version__)), encoding="utf-8")
    return page, report, report_dict(report, __version__)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with sync_api.sync_playwright() as driver:
        yield driver


def _launch(playwright: Any, profile: Path, **options: Any) -> Any:
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
        viewport={"width": 1280, "height": 1000}, **options)


@pytest.fixture(scope="module")
def browser(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    context = _launch(playwright, tmp_path_factory.mktemp("profile"))
    yield context
    context.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Any]]:
    """Open a report; afterwards fail on any console error, page error or request that left the file."""
    problems: list[str] = []
    pages = []

    def open_(path: Path) -> Any:
        page = browser.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
        page.goto(path.as_uri())
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()
    assert problems == []


def test_highlights_are_where_the_json_findings_are(samples: tuple[Path, Report, dict[str, Any]],
                                                    open_page: Callable[[Path], Any]) -> None:
    path, report, data = samples
    page = open_page(path)
    shown = {article["file"]: article for article in page.evaluate(HIGHLIGHTS_JS)}
    checked = 0
    for index, (file_data, file_report) in enumerate(zip(data["files"], report.files, strict=True), start=1):
        text = read_source(ROOT / file_report.path).text
        assert shown[index]["length"] == len(text), f"{file_data['path']} is not shown in full"
        for number, finding in enumerate(file_data["findings"], start=1):
            finding_id = f"f{index}-{number}"
            if finding["scope"] == "document":
                assert page.locator(f"#file-{index} .banner li#{finding_id}").count() == 1
                assert finding_id not in shown[index]["found"]
                continue
            placed = shown[index]["found"][finding_id]
            assert (placed["start"], placed["text"]) == (finding["offset"], finding["text"]), finding
            checked += 1
    assert checked == sum(1 for f in report.findings if f.offset is not None) > 30
    assert page.locator("li.finding").count() == data["summary"]["findings"]


def test_a_filter_hides_highlights_and_show_all_brings_them_back(samples: tuple[Path, Report, dict[str, Any]],
                                                                 open_page: Callable[[Path], Any]) -> None:
    path, report, _data = samples
    page = open_page(path)
    overclaim = sum(1 for f in report.findings if f.category.value == "overclaim")
    total = len(report.findings)
    assert overclaim > 0
    page.locator("#filters input[name=category][value=overclaim]").uncheck()
    state = page.evaluate("""() => Array.from(document.querySelectorAll("a.hl")).map(a => ({
        categories: a.dataset.ids.split(" ").map(id => document.getElementById(id).dataset.category),
        off: a.classList.contains("off"), background: getComputedStyle(a).backgroundColor}))""")
    only_overclaim = [h for h in state if set(h["categories"]) == {"overclaim"}]
    assert only_overclaim and all(h["off"] and h["background"] == "rgba(0, 0, 0, 0)" for h in only_overclaim)
    assert all(not h["off"] for h in state if set(h["categories"]) - {"overclaim"})
    assert page.locator("li.finding[data-category=overclaim]:visible").count() == 0
    assert page.locator("#shown").inner_text() == f"{total - overclaim} of {total} findings shown"

    page.locator("#filters input[name=rule][value='safety.no-side-effects']").uncheck()
    assert page.locator("li.finding[data-rule='safety.no-side-effects']:visible").count() == 0
    page.locator("#show-all").click()
    assert page.locator("a.hl.off").count() == 0
    assert page.locator("li.finding:visible").count() == total


def test_click_and_keyboard_focus_show_the_finding_with_its_rule(samples: tuple[Path, Report, dict[str, Any]],
                                                               open_page: Callable[[Path], Any],
                                                               linter: Linter, tmp_path: Path) -> None:
    path, report, _data = samples
    page = open_page(path)
    panel = page.locator("#detail")
    assert not panel.is_visible()
    page.locator("#show-all").focus()  # the last filter control; from there Tab goes into the articles
    for _ in range(100):  # Tab on until a highlight has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hl')"):
            break
    first = page.locator("a.hl:focus")
    assert first.count() == 1
    file_index, number = first.get_attribute("data-ids").split()[0][1:].split("-")
    finding = report.files[int(file_index) - 1].findings[int(number) - 1]
    explanation = linter.rule_infos()[finding.rule].description.split("\n\n")[0]
    assert panel.is_visible()
    assert finding.message in panel.inner_text()
    assert " ".join(explanation.split()) in " ".join(panel.inner_text().split())
    page.keyboard.press("Escape")
    assert not panel.is_visible()

    page.set_viewport_size({"width": 1280, "height": 1100})
    page.locator("#file-2 a.hl", has_text="60% less likely").click()
    assert panel.is_visible() and "evidence.relative-risk-only" in panel.inner_text()
    assert page.url.endswith(".html")  # JS showed the panel instead of jumping to the list
    page.locator("#file-2-title").evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 12)")
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("CLAIMCHECK_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, SCREENSHOT)


def test_a_hostile_article_shows_as_text_and_runs_nothing(linter: Linter, open_page: Callable[[Path], Any],
                                                          tmp_path: Path) -> None:
    file_report = linter.check_text(HOSTILE, "hostile.md")
    path = tmp_path / "hostile.html"
    path.write_text(render("html", Report((file_report,), linter.rule_infos()), FormatOptions()), encoding="utf-8")
    page = open_page(path)
    page.locator(".prose").hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".prose img, .prose script, .prose b").count() == 0
    shown = page.locator(".prose").evaluate(
        "p => { const c = p.cloneNode(true); c.querySelectorAll('sup.marker').forEach(s => s.remove()); "
        "return c.textContent; }")
    assert shown == HOSTILE
    assert page.locator("a.hl").count() == 3


def test_readable_without_javascript_and_in_print(samples: tuple[Path, Report, dict[str, Any]],
                                                  playwright: Any, open_page: Callable[[Path], Any],
                                                  tmp_path: Path) -> None:
    path, report, _data = samples
    context = _launch(playwright, tmp_path / "profile", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        assert not page.locator("#filters").is_visible() and not page.locator("#detail").is_visible()
        assert page.locator("li.finding:visible").count() == len(report.findings)
        highlight = page.locator("a.hl").first
        target = highlight.get_attribute("href")
        highlight.click()  # without JS a highlight is a link to its message
        assert page.url.endswith(target) and page.locator(f"li{target}").is_visible()
    finally:
        context.close()

    page = open_page(path)
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    underline = page.locator("a.hl.sev-error").first.evaluate("a => getComputedStyle(a).borderBottomStyle")
    assert underline == "solid"
    assert page.locator("li.finding:visible").count() == len(report.findings)
