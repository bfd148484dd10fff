"""JUnit XML: one test case per file, findings as one failure, unreadable files as errors."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from claimcheck.finding import Category, FileReport, Finding, Position, Report, Scope, Severity
from claimcheck.formatters import FormatOptions
from claimcheck.formatters.junit import format_junit


def finding(rule: str, severity: Severity, message: str, start: tuple[int, int] | None = None) -> Finding:
    if start is None:
        return Finding(rule=rule, category=Category.HYPE, severity=severity, message=message,
                       scope=Scope.DOCUMENT)
    return Finding(rule=rule, category=Category.HYPE, severity=severity, message=message,
                   offset=start[0] * 100 + start[1], end_offset=start[0] * 100 + start[1] + 3,
                   start=Position(*start), end=Position(start[0], start[1] + 3))


def sample_report(root: Path) -> Report:
    return Report(files=(
        FileReport(path=str(root / "a.md"), findings=(
            finding("overclaim.cure", Severity.ERROR, "'cure' & <overclaims>", (4, 2)),
            finding("disclaimer.missing", Severity.INFO, "No medical disclaimer"),
            finding("hype.miracle", Severity.WARNING, "hype", (1, 7)),
        )),
        FileReport(path=str(root / "clean.md")),
        FileReport(path=str(root / "bad.md"), error="not valid UTF-8\x00 (byte 0xff)"),
        FileReport(path=str(root / "one.md"),
                   findings=(finding("hype.miracle", Severity.WARNING, "hype", (2, 1)),)),
    ))


def test_exact_document(tmp_path: Path) -> None:
    assert format_junit(sample_report(tmp_path), FormatOptions(base_dir=tmp_path)) == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="claimcheck" tests="4" failures="2" errors="1">
  <testsuite name="claimcheck" tests="4" failures="2" errors="1" skipped="0">
    <testcase classname="claimcheck" name="a.md">
      <failure message="3 findings" type="claimcheck">document info disclaimer.missing No medical disclaimer
1:7 warning hype.miracle hype
4:2 error overclaim.cure 'cure' &amp; &lt;overclaims&gt;</failure>
    </testcase>
    <testcase classname="claimcheck" name="clean.md" />
    <testcase classname="claimcheck" name="bad.md">
      <error message="not valid UTF-8\ufffd (byte 0xff)" type="claimcheck" />
    </testcase>
    <testcase classname="claimcheck" name="one.md">
      <failure message="1 finding" type="claimcheck">2:1 warning hype.miracle hype</failure>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_parses_back_with_counts(tmp_path: Path) -> None:
    root = ET.fromstring(format_junit(sample_report(tmp_path), FormatOptions(base_dir=tmp_path)).encode())
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["a.md", "clean.md", "bad.md", "one.md"]
    assert [len(case) for case in cases] == [1, 0, 1, 1]
    empty = ET.fromstring(format_junit(Report(files=()), FormatOptions()).encode())
    assert (empty.get("tests"), empty.get("failures"), empty.get("errors")) == ("0", "0", "0")
