"""The HTML report: one self-contained page for writers and editors (no network, opens from disk).

Each article is shown in full with its findings highlighted where they are; the page works without
JavaScript (highlights link to their messages) and JavaScript adds a detail panel and filters.
Everything from the article or the rules goes through Jinja2's autoescaping, and a Content Security
Policy that allows only this page's own script and style (by hash) backs that up.
"""
from __future__ import annotations

import base64
import functools
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from claimcheck.finding import CATEGORY_NAMES, FileReport, Finding, Report, RuleInfo, Scope, Severity
from claimcheck.formatters import FormatOptions, register

SEVERITIES: tuple[str, ...] = tuple(s.label for s in sorted(Severity, reverse=True))


@dataclass(frozen=True, slots=True)
class Marker:
    """The numbered note after a finding's last piece of text (what a printed page refers to)."""

    id: str
    number: int
    severity: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text covered by the same findings (none: plain text)."""

    text: str
    ids: tuple[str, ...] = ()
    category: str = ""
    severity: str = ""
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One finding as the page lists it."""

    id: str
    number: int
    finding: Finding

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(s for s in self.finding.sources if s.startswith(("https://", "http://")))


@dataclass(frozen=True, slots=True)
class Article:
    index: int
    path: str
    error: str | None
    notes: tuple[str, ...]
    text_available: bool
    pieces: tuple[Piece, ...]
    banner: tuple[Entry, ...]    # document-level findings
    entries: tuple[Entry, ...]   # span findings, in text order
    counts: dict[str, int]


def _anchor(index: int, number: int) -> str:
    return f"f{index}-{number}"


def pieces(text: str, entries: tuple[Entry, ...]) -> tuple[Piece, ...]:
    """Cut the text at every finding boundary; each piece knows which findings cover it.

    Overlapping findings cannot nest as elements, so the text is split into flat runs instead.
    """
    starts: dict[int, list[Entry]] = {}
    ends: dict[int, list[Entry]] = {}
    for entry in entries:
        starts.setdefault(entry.finding.offset or 0, []).append(entry)
        ends.setdefault(entry.finding.end_offset or 0, []).append(entry)
    bounds = sorted({0, len(text), *starts, *ends})
    active: dict[str, Entry] = {}   # the findings covering the current run (a sweep, not a search per run)
    result: list[Piece] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        for entry in ends.get(lo, ()):
            active.pop(entry.id, None)
        for entry in starts.get(lo, ()):
            active[entry.id] = entry
        if not active:
            result.append(Piece(text[lo:hi]))
            continue
        covering = sorted(active.values(), key=lambda e: e.number)
        first = min(covering, key=lambda e: (-e.finding.severity, e.number)).finding
        ending = tuple(Marker(e.id, e.number, e.finding.severity.label)
                       for e in sorted(ends.get(hi, ()), key=lambda e: e.number))
        result.append(Piece(text[lo:hi], tuple(e.id for e in covering), first.category.value,
                            first.severity.label, ending))
    return tuple(result)


def _article(index: int, file_report: FileReport) -> Article:
    numbered = [Entry(_anchor(index, n), n, f) for n, f in enumerate(file_report.findings, start=1)]
    banner = tuple(e for e in numbered if e.finding.scope is Scope.DOCUMENT or e.finding.offset is None)
    text = file_report.text
    placed = tuple(e for e in numbered if e not in banner and text is not None
                   and 0 <= (e.finding.offset or 0) < (e.finding.end_offset or 0) <= len(text))
    unplaced = tuple(e for e in numbered if e not in banner and e not in placed)
    counts = Counter(f.severity.label for f in file_report.findings)
    return Article(index, file_report.path, file_report.error, file_report.notes, text is not None,
                   pieces(text, placed) if text is not None else (), banner, placed + unplaced,
                   {s: counts.get(s, 0) for s in SEVERITIES})


def chart(report: Report) -> list[dict[str, Any]]:
    """Counts per category, split by severity, with bar geometry for the inline SVG."""
    counts = Counter((f.category.value, f.severity.label) for f in report.findings)
    totals = {c: sum(counts[(c, s)] for s in SEVERITIES) for c in CATEGORY_NAMES}
    widest = max(totals.values(), default=0) or 1
    rows = []
    for row, category in enumerate(CATEGORY_NAMES):
        x = 0.0
        parts = []
        for severity in SEVERITIES:
            count = counts[(category, severity)]
            width = 260.0 * count / widest
            if count:
                parts.append({"severity": severity, "count": count, "x": round(x, 1), "width": round(width, 1)})
            x += width
        rows.append({"category": category, "total": totals[category], "y": row * 24, "parts": parts,
                     "end": round(x, 1)})
    return rows


def _rule_list(report: Report) -> list[RuleInfo]:
    used = sorted({f.rule for f in report.findings})
    return [report.rules[r] for r in used if r in report.rules]


def _csp_hash(content: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii") + "'"


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("claimcheck.formatters", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def render_html(report: Report, version: str) -> str:
    env = _environment()
    style = env.get_template("report.css").render()
    script = env.get_template("report.js").render()
    articles = [_article(i, fr) for i, fr in enumerate(report.files, start=1)]
    counts = report.counts()
    rule_counts = Counter(f.rule for f in report.findings)
    category_counts = Counter(f.category.value for f in report.findings)
    return env.get_template("report.html.j2").render(
        version=version, counts=counts, articles=articles, chart=chart(report), severities=SEVERITIES,
        categories=CATEGORY_NAMES, category_counts=category_counts, rule_counts=sorted(rule_counts.items()),
        rules=_rule_list(report), style=style, script=script,
        csp=f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
            "img-src data:; base-uri 'none'; form-action 'none'",
        unreadable=len(report.errors))


@register("html")
def format_html(report: Report, options: FormatOptions) -> str:
    return render_html(report, options.version)
