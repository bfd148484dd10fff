"""The HTML report as text: pieces, escaping, banner, counts, CSP. (The browser test opens it for real.)"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from click.testing import CliRunner

from claimcheck.api import Linter
from claimcheck.cli import main
from claimcheck.finding import Category, FileReport, Finding, Report, Scope, Severity
from claimcheck.formatters import FormatOptions, render
from claimcheck.formatters.html import Entry, chart, pieces

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = (FIXTURES / "hostile-article.md").read_text(encoding="utf-8")  # <script>, "onload=, onerror=


def _finding(rule: str, offset: int | None, end: int | None, severity: Severity = Severity.WARNING,
             category: Category = Category.HYPE) -> Finding:
    scope = Scope.SPAN if offset is not None else Scope.DOCUMENT
    return Finding(rule, category, severity, f"message of {rule}", scope=scope, offset=offset, end_offset=end)


def test_pieces_split_overlapping_findings_into_flat_runs() -> None:
    text = "It cures all cancers today."
    #       0123456789012345678901234
    wide = Entry("f1-1", 1, _finding("hype.a", 3, 20))           # "cures all cancers"
    inner = Entry("f1-2", 2, _finding("overclaim.b", 3, 8, Severity.ERROR, Category.OVERCLAIM))  # "cures"
    result = pieces(text, (wide, inner))
    assert [(p.text, p.ids) for p in result] == [
        ("It ", ()), ("cures", ("f1-1", "f1-2")), (" all cancers", ("f1-1",)), (" today.", ())]
    assert "".join(p.text for p in result) == text
    # the most severe finding colours a shared piece; each finding's number follows its last piece
    assert (result[1].category, result[1].severity) == ("overclaim", "error")
    assert [m.id for m in result[1].markers] == ["f1-2"] and [m.id for m in result[2].markers] == ["f1-1"]


def test_article_text_is_escaped_and_only_our_script_is_on_the_page(linter: Linter) -> None:
    file_report = linter.check_text(HOSTILE, "hostile.md")
    assert [f.rule for f in file_report.findings] == ["overclaim.cure", "safety.completely-safe",
                                                      "safety.no-side-effects"]
    page = render("html", Report((file_report,), linter.rule_infos()), FormatOptions(version="test"))
    assert page.count("<script") == 1
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&#34;onload=alert(1) &lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in page
    assert '<b onmouseover' not in page and "&lt;b onmouseover=&#34;alert(3)&#34;&gt;" in page
    # the highlight holds exactly the finding's text
    cure = file_report.findings[0]
    assert f'<a class="hl cat-overclaim sev-error" href="#f1-1" data-ids="f1-1">{cure.text}</a>' in page


def test_csp_allows_exactly_the_inline_script_and_style(linter: Linter) -> None:
    page = render("html", Report((linter.check_text(HOSTILE, "hostile.md"),), linter.rule_infos()),
                  FormatOptions(version="test"))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1).replace("&#39;", "'")
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {digest(script)};" in csp and f"style-src {digest(style)};" in csp
    assert csp.startswith("default-src 'none';")


def test_document_findings_form_a_banner_and_counts_add_up() -> None:
    text = "Immunotherapy is a new era for everyone."
    report = Report((
        FileReport("a.md", (_finding("disclaimer.missing-disclaimer", None, None, category=Category.DISCLAIMER),
                            _finding("hype.new-era", 19, 26)), text=text),
        FileReport("b.md", (), error="not valid UTF-8 (byte 0xff on line 1); save the file as UTF-8 to lint it"),
    ))
    page = render("html", report, FormatOptions(version="test"))
    banner = page[page.index('<div class="banner"'):page.index("</div>", page.index('<div class="banner"'))]
    assert 'id="f1-1"' in banner and "message of disclaimer.missing-disclaimer" in banner
    assert 'id="f1-2"' not in banner
    assert '<a class="hl cat-hype sev-warning" href="#f1-2" data-ids="f1-2">new era</a>' in page
    assert "Cannot lint this file: not valid UTF-8" in page
    rows = {row["category"]: row for row in chart(report)}
    assert rows["hype"]["total"] == 1 and rows["disclaimer"]["total"] == 1 and rows["overclaim"]["total"] == 0
    assert 'data-severity="warning" data-count="1"' in page


def test_a_report_without_the_text_still_lists_the_findings() -> None:
    report = Report((FileReport("a.md", (_finding("hype.new-era", 19, 26),)),))
    page = render("html", report, FormatOptions(version="test"))
    assert "The article's text is not part of this report." in page
    assert 'id="f1-1"' in page and 'class="hl' not in page


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["check", str(article), "--no-config", "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('class="finding"') == 3
    assert "report written to" in result.output
