"""SARIF output: schema-valid, rule metadata rendered from RuleInfo, exact regions and URIs."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from claimcheck.finding import Category, FileReport, Finding, Position, Report, RuleInfo, Scope, Severity
from claimcheck.formatters import FormatOptions
from claimcheck.formatters.sarif import format_sarif

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"

RULES = {
    "hype.miracle": RuleInfo(
        id="hype.miracle", category=Category.HYPE, severity=Severity.WARNING, kind="phrase", scope="sentence",
        message="'{match}' is hype", description="Words like 'miracle' oversell a treatment.",
        suggestion="Describe the measured effect instead.",
        sources=("ASCO style guide", "https://example.org/hype")),
    "disclaimer.missing": RuleInfo(
        id="disclaimer.missing", category=Category.DISCLAIMER, severity=Severity.INFO, kind="absence",
        scope="document", message="No medical disclaimer", description="Patient pages need a disclaimer."),
    "overclaim.cure": RuleInfo(
        id="overclaim.cure", category=Category.OVERCLAIM, severity=Severity.ERROR, kind="pattern",
        scope="sentence", message="'cure' overclaims", description="Immunotherapy rarely cures."),
}


def span(rule: str, severity: Severity, offset: int, start: tuple[int, int], end: tuple[int, int],
         length: int, sentence: str, suggestion: str | None = None) -> Finding:
    return Finding(rule=rule, category=RULES[rule].category, severity=severity, message=f"{rule} fired",
                   suggestion=suggestion, offset=offset, end_offset=offset + length,
                   start=Position(*start), end=Position(*end), sentence=sentence)


def document_finding() -> Finding:
    return Finding(rule="disclaimer.missing", category=Category.DISCLAIMER, severity=Severity.INFO,
                   message="No medical disclaimer", scope=Scope.DOCUMENT)


@pytest.fixture()
def report(tmp_path: Path) -> Report:
    article = str(tmp_path / "docs" / "my article.md")
    return Report(files=(
        FileReport(path=article, findings=(
            span("overclaim.cure", Severity.ERROR, 120, (4, 10), (4, 14), 4, "It  will CURE\nyou."),
            span("hype.miracle", Severity.WARNING, 5, (1, 6), (1, 13), 7, "A miracle drug.",
                 suggestion="Say what it does."),
            document_finding(),
        )),
        FileReport(path=str(tmp_path / "broken.md"), error="not valid UTF-8 (byte 0xff on line 1)"),
    ), rules=RULES)


def render(report: Report, base_dir: Path | None) -> dict:
    return json.loads(format_sarif(report, FormatOptions(version="0.1.0", base_dir=base_dir)))


def test_validates_against_the_sarif_schema(report: Report, tmp_path: Path) -> None:
    if not SCHEMA.exists():
        pytest.skip("../shared is absent: SARIF schema not available")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(render(report, tmp_path))
    jsonschema.Draft4Validator(schema).validate(render(Report(files=()), None))


def test_header_and_driver(report: Report, tmp_path: Path) -> None:
    sarif = render(report, tmp_path)
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("claimcheck", "0.1.0")
    assert driver["informationUri"] == "https://github.com/claimcheck/claimcheck"


def test_rule_metadata_is_rendered_from_rule_info(report: Report, tmp_path: Path) -> None:
    rules = render(report, tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["disclaimer.missing", "hype.miracle", "overclaim.cure"]
    hype = rules[1]
    assert hype == {
        "id": "hype.miracle",
        "name": "hype.miracle",
        "shortDescription": {"text": "'{match}' is hype"},
        "fullDescription": {"text": "Words like 'miracle' oversell a treatment."},
        "help": {"text": "Words like 'miracle' oversell a treatment.\n\n"
                         "Suggestion: Describe the measured effect instead.\n\n"
                         "Sources:\n- ASCO style guide\n- https://example.org/hype"},
        "helpUri": "https://example.org/hype",
        "defaultConfiguration": {"level": "warning"},
        "properties": {"category": "hype", "tags": ["hype"]},
    }
    assert "helpUri" not in rules[0]
    assert [rule["defaultConfiguration"]["level"] for rule in rules] == ["note", "warning", "error"]


def test_results_levels_messages_regions_and_relative_uris(report: Report, tmp_path: Path) -> None:
    results = render(report, tmp_path)["runs"][0]["results"]
    # document-level first, then by offset
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("disclaimer.missing", 0, "note"), ("hype.miracle", 1, "warning"), ("overclaim.cure", 2, "error")]
    hype = results[1]
    assert hype["message"]["text"] == "hype.miracle fired Suggestion: Say what it does."
    location = hype["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/my%20article.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 13,
                                  "charOffset": 5, "charLength": 7}
    assert results[2]["message"]["text"] == "overclaim.cure fired"
    assert results[2]["locations"][0]["physicalLocation"]["region"]["charOffset"] == 120


def test_document_level_finding_has_no_region(report: Report, tmp_path: Path) -> None:
    document = render(report, tmp_path)["runs"][0]["results"][0]
    assert document["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "docs/my%20article.md", "uriBaseId": "%SRCROOT%"}}}]


def test_unreadable_file_becomes_an_error_notification(report: Report, tmp_path: Path) -> None:
    invocation = render(report, tmp_path)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"] == [{
        "level": "error",
        "message": {"text": "not valid UTF-8 (byte 0xff on line 1)"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "broken.md", "uriBaseId": "%SRCROOT%"}}}],
    }]
    clean = Report(files=(FileReport(path="a.md"),), rules=RULES)
    assert render(clean, None)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_file_outside_base_dir_gets_an_absolute_file_uri(tmp_path: Path) -> None:
    report = Report(files=(FileReport(path=str(tmp_path / "a.md"), findings=(document_finding(),)),),
                    rules=RULES)
    artifact = render(report, tmp_path / "elsewhere")["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (tmp_path / "a.md").resolve().as_uri()}


def test_relative_input_without_base_dir_drops_leading_dot_slash() -> None:
    report = Report(files=(FileReport(path="./docs/a.md", findings=(document_finding(),)),), rules=RULES)
    artifact = render(report, None)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]
    assert artifact == {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}


def test_fingerprint_ignores_position_case_and_whitespace(tmp_path: Path) -> None:
    def fingerprint_of(finding: Finding) -> str:
        report = Report(files=(FileReport(path=str(tmp_path / "a.md"), findings=(finding,)),), rules=RULES)
        return render(report, tmp_path)["runs"][0]["results"][0]["partialFingerprints"]["claimcheck/v1"]

    here = span("overclaim.cure", Severity.ERROR, 10, (2, 1), (2, 5), 4, "It will cure you.")
    moved = span("overclaim.cure", Severity.ERROR, 900, (40, 3), (40, 7), 4, "It  will\nCURE you.")
    edited = span("overclaim.cure", Severity.ERROR, 10, (2, 1), (2, 5), 4, "It may cure you.")
    expected = hashlib.sha256(b"overclaim.cure\0a.md\0it will cure you.").hexdigest()
    assert fingerprint_of(here) == fingerprint_of(moved) == expected
    assert fingerprint_of(edited) != expected


def test_rule_missing_from_metadata_still_gets_a_descriptor() -> None:
    finding = Finding(rule="custom.rule", category=Category.HYPE, severity=Severity.ERROR, message="m",
                      scope=Scope.DOCUMENT)
    run = render(Report(files=(FileReport(path="a.md", findings=(finding,)),)), None)["runs"][0]
    assert run["tool"]["driver"]["rules"] == [
        {"id": "custom.rule", "name": "custom.rule", "defaultConfiguration": {"level": "error"}}]
    assert run["results"][0]["ruleIndex"] == 0


def test_output_is_deterministic(report: Report, tmp_path: Path) -> None:
    options = FormatOptions(version="0.1.0", base_dir=tmp_path)
    text = format_sarif(report, options)
    assert text == format_sarif(report, options)
    assert text.endswith("}\n")
    assert text.startswith('{\n  "$schema"')
