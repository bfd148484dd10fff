"""The default report for people: grouped by file, the sentence with the span marked, the fix."""
from __future__ import annotations

from claimcheck.finding import Finding, Report, Severity
from claimcheck.formatters import FormatOptions, register

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _marked_sentence(finding: Finding) -> list[str]:
    """The sentence, shortened around the match, with carets under the match."""
    sentence, text = finding.sentence or "", " ".join((finding.text or "").split())
    at = finding.sentence_column if finding.sentence_column is not None else sentence.find(text) if text else -1
    if not sentence or at < 0:
        return []
    lo = max(0, at - 60)
    hi = min(len(sentence), at + len(text) + 60)
    prefix = "…" if lo else ""
    shown = prefix + sentence[lo:hi] + ("…" if hi < len(sentence) else "")
    caret_at = len(prefix) + at - lo
    return [f"    {shown}", f"    {' ' * caret_at}{'^' * max(1, min(len(text), hi - at))}"]


def render_finding(path: str, finding: Finding, color: bool) -> list[str]:
    where = f"{path}:{finding.start.line}:{finding.start.column}" if finding.start else path
    severity = _paint(finding.severity.label, _COLOURS[finding.severity], color)
    lines = [f"{_paint(where, _BOLD, color)}: {severity} {finding.rule} {finding.message}"]
    lines.extend(_marked_sentence(finding))
    if finding.suggestion:
        lines.append(f"    suggestion: {finding.suggestion}")
    if finding.sources:
        lines.append(_paint(f"    source: {finding.sources[0]}" +
                            (f" (+{len(finding.sources) - 1} more)" if len(finding.sources) > 1 else ""), _DIM, color))
    return lines


def summary_line(report: Report) -> str:
    counts = report.counts()
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
             f"{counts['info']} info"]
    files = counts["files"]
    line = f"{counts['findings']} finding{'s' if counts['findings'] != 1 else ''} ({', '.join(parts)}) " \
           f"in {files} file{'s' if files != 1 else ''}"
    unreadable = len(report.errors)
    if unreadable:
        line += f"; {unreadable} file{'s' if unreadable != 1 else ''} could not be linted"
    return line


@register("text")
def format_text(report: Report, options: FormatOptions) -> str:
    lines: list[str] = []
    for file_report in report.files:
        if file_report.error:
            lines.append(f"{file_report.path}: {_paint('error', _COLOURS[Severity.ERROR], options.color)} "
                         f"cannot lint: {file_report.error}")
        for finding in file_report.findings:
            lines.extend(render_finding(file_report.path, finding, options.color))
        for note in file_report.notes:
            lines.append(f"{file_report.path}: note: {note}")
        if file_report.findings or file_report.error or file_report.notes:
            lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
