"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
from __future__ import annotations

from claimcheck.baseline import portable_path
from claimcheck.finding import Finding, Report, Severity
from claimcheck.formatters import FormatOptions, register
from claimcheck.formatters.sarif import message_text

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice",
}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: list[tuple[str, object]], message: str) -> str:
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{name} {rendered}::{escape_data(message)}"


def _location(finding: Finding) -> list[tuple[str, object]]:
    """GitHub accepts columns only when the annotation starts and ends on the same line."""
    if finding.offset is None or finding.start is None:
        return []
    start, end = finding.start, finding.end or finding.start
    if start.line != end.line:
        return [("line", start.line), ("endLine", end.line)]
    return [("line", start.line), ("col", start.column), ("endLine", end.line), ("endColumn", end.column)]


@register("github")
def format_github(report: Report, options: FormatOptions) -> str:
    lines = []
    for file_report in report.files:
        path = portable_path(file_report.path, options.base_dir)[0]
        if file_report.error:
            lines.append(_command("error", [("file", path), ("title", "claimcheck")], file_report.error))
        for finding in sorted(file_report.findings, key=lambda f: f.sort_key):
            properties = [("file", path), *_location(finding), ("title", finding.rule)]
            lines.append(_command(COMMANDS[finding.severity], properties, message_text(finding)))
    return "".join(f"{line}\n" for line in lines)
