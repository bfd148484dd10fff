"""GitHub Actions annotations: exact workflow-command lines, with GitHub's escaping."""
from __future__ import annotations

from pathlib import Path

from claimcheck.finding import Category, FileReport, Finding, Position, Report, Scope, Severity
from claimcheck.formatters import FormatOptions
from claimcheck.formatters.github import escape_data, escape_property, format_github


def finding(rule: str, severity: Severity, start: tuple[int, int] | None = None,
            end: tuple[int, int] | None = None, message: str = "msg",
            suggestion: str | None = None) -> Finding:
    if start is None or end is None:
        return Finding(rule=rule, category=Category.HYPE, severity=severity, message=message,
                       suggestion=suggestion, scope=Scope.DOCUMENT)
    return Finding(rule=rule, category=Category.HYPE, severity=severity, message=message,
                   suggestion=suggestion, offset=start[0] * 100 + start[1], end_offset=end[0] * 100 + end[1],
                   start=Position(*start), end=Position(*end), sentence="s")


def test_one_command_per_finding_by_severity(tmp_path: Path) -> None:
    report = Report(files=(FileReport(path=str(tmp_path / "docs" / "a.md"), findings=(
        finding("hype.miracle", Severity.WARNING, (3, 5), (3, 12), "'miracle' is hype", "Say what it does."),
        finding("overclaim.cure", Severity.ERROR, (1, 1), (1, 5), "'cure' overclaims"),
        finding("evidence.mice", Severity.INFO, (7, 2), (7, 9), "mouse study"),
        finding("disclaimer.missing", Severity.WARNING, message="No medical disclaimer"),
    )),))
    assert format_github(report, FormatOptions(base_dir=tmp_path)) == (
        "::warning file=docs/a.md,title=disclaimer.missing::No medical disclaimer\n"
        "::error file=docs/a.md,line=1,col=1,endLine=1,endColumn=5,title=overclaim.cure::'cure' overclaims\n"
        "::warning file=docs/a.md,line=3,col=5,endLine=3,endColumn=12,title=hype.miracle::"
        "'miracle' is hype Suggestion: Say what it does.\n"
        "::notice file=docs/a.md,line=7,col=2,endLine=7,endColumn=9,title=evidence.mice::mouse study\n"
    )


def test_multi_line_span_omits_columns() -> None:
    report = Report(files=(FileReport(path="a.md", findings=(
        finding("overclaim.cure", Severity.ERROR, (2, 30), (3, 4), "cure"),)),))
    assert format_github(report, FormatOptions()) == (
        "::error file=a.md,line=2,endLine=3,title=overclaim.cure::cure\n")


def test_escaping_of_properties_and_message() -> None:
    assert escape_data("50% of\r\npatients: yes, really") == "50%25 of%0D%0Apatients: yes, really"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    report = Report(files=(FileReport(path="odd, name:1.md", findings=(
        finding("hype.x", Severity.INFO, message="100% safe,\nno: risk"),)),))
    assert format_github(report, FormatOptions()) == (
        "::notice file=odd%2C name%3A1.md,title=hype.x::100%25 safe,%0Ano: risk\n")


def test_file_error_and_empty_report() -> None:
    report = Report(files=(FileReport(path="bad.md", error="not valid UTF-8 (byte 0xff on line 1)"),
                           FileReport(path="clean.md")))
    assert format_github(report, FormatOptions()) == (
        "::error file=bad.md,title=claimcheck::not valid UTF-8 (byte 0xff on line 1)\n")
    assert format_github(Report(files=()), FormatOptions()) == ""
