"""Baselines: findings are matched by rule, path and normalised sentence, never by position."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.baseline import Baseline, apply_baseline, load_baseline, normalise_sentence, write_baseline
from claimcheck.errors import ConfigError
from claimcheck.finding import Category, FileReport, Finding, Position, Report, Scope, Severity


def span(rule: str, offset: int, sentence: str, line: int = 1) -> Finding:
    return Finding(rule=rule, category=Category.OVERCLAIM, severity=Severity.ERROR, message=f"{rule} fired",
                   offset=offset, end_offset=offset + 4, start=Position(line, 1), end=Position(line, 5),
                   sentence=sentence)


def document(rule: str = "disclaimer.missing") -> Finding:
    return Finding(rule=rule, category=Category.DISCLAIMER, severity=Severity.INFO, message="no disclaimer",
                   scope=Scope.DOCUMENT)


def report_of(*findings: Finding, path: str = "docs/a.md") -> Report:
    return Report(files=(FileReport(path=path, findings=findings),))


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def baseline_of(report: Report, tmp_path: Path) -> Baseline:
    write_baseline(report, tmp_path / "baseline.json")
    return load_baseline(tmp_path / "baseline.json")


def test_written_file_is_sorted_normalised_and_counted(tmp_path: Path) -> None:
    report = Report(files=(
        FileReport(path=str(tmp_path / "docs" / "b.md"),
                   findings=(span("hype.miracle", 3, "A \u201cMiracle\u201d\n drug."),)),
        FileReport(path="./docs/a.md", findings=(
            span("overclaim.cure", 50, "It cures."), span("overclaim.cure", 90, "It  CURES."), document())),
    ))
    assert write_baseline(report, tmp_path / "baseline.json") == 4
    assert json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8")) == {
        "claimcheck_baseline": 1,
        "entries": [
            {"rule": "disclaimer.missing", "path": "docs/a.md", "sentence": "", "count": 1},
            {"rule": "overclaim.cure", "path": "docs/a.md", "sentence": "it cures.", "count": 2},
            {"rule": "hype.miracle", "path": "docs/b.md", "sentence": 'a "miracle" drug.', "count": 1},
        ],
    }


def test_normalise_sentence() -> None:
    assert normalise_sentence("  It\u2019s a\n\t\u201cCURE\u201d  ") == "it's a \"cure\""
    assert normalise_sentence(None) == ""


def test_moving_a_paragraph_keeps_the_match(tmp_path: Path) -> None:
    original = report_of(span("overclaim.cure", 10, "It cures cancer.", line=2), document())
    baseline = baseline_of(original, tmp_path)
    moved = report_of(span("overclaim.cure", 700, "It cures\ncancer.", line=30), document())
    filtered, matched, unmatched = apply_baseline(moved, baseline)
    assert filtered.findings == ()
    assert (matched, unmatched) == (2, 0)


def test_editing_the_sentence_unmatches_it(tmp_path: Path) -> None:
    baseline = baseline_of(report_of(span("overclaim.cure", 10, "It cures cancer.")), tmp_path)
    edited = span("overclaim.cure", 10, "It cures most cancers.")
    filtered, matched, unmatched = apply_baseline(report_of(edited), baseline)
    assert filtered.findings == (edited,)
    assert (matched, unmatched) == (0, 1)


def test_counts_let_a_new_identical_finding_through(tmp_path: Path) -> None:
    old = [span("overclaim.cure", offset, "It cures.") for offset in (10, 50)]
    baseline = baseline_of(report_of(*old), tmp_path)
    assert baseline.total == 2
    now = [span("overclaim.cure", offset, "It cures.") for offset in (10, 50, 300)]
    filtered, matched, unmatched = apply_baseline(report_of(now[2], now[0], now[1]), baseline)
    assert filtered.findings == (now[2],)  # the last one in the file stays
    assert (matched, unmatched) == (2, 0)


def test_other_rule_or_path_does_not_match(tmp_path: Path) -> None:
    baseline = baseline_of(report_of(span("overclaim.cure", 10, "It cures.")), tmp_path)
    other_rule = span("hype.miracle", 10, "It cures.")
    filtered, matched, unmatched = apply_baseline(report_of(other_rule), baseline)
    assert (filtered.findings, matched, unmatched) == ((other_rule,), 0, 1)
    other_path = report_of(span("overclaim.cure", 10, "It cures."), path="docs/b.md")
    filtered, matched, unmatched = apply_baseline(other_path, baseline)
    assert (len(filtered.findings), matched, unmatched) == (1, 0, 0)  # docs/a.md was not linted this run


def test_errors_and_order_are_kept(tmp_path: Path) -> None:
    baseline = baseline_of(report_of(span("overclaim.cure", 10, "It cures.")), tmp_path)
    late, early = span("hype.miracle", 90, "Wow."), span("hype.miracle", 5, "Huge.")
    report = Report(files=(
        FileReport(path="docs/a.md", findings=(late, span("overclaim.cure", 40, "It cures."), early)),
        FileReport(path="bad.md", error="cannot read"),
    ), notes=("note",))
    filtered, matched, _ = apply_baseline(report, baseline)
    assert filtered.files[0].findings == (late, early)
    assert filtered.files[1].error == "cannot read"
    assert filtered.notes == ("note",)
    assert matched == 1


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "baseline is not valid JSON"),
    ("[]", "not a claimcheck baseline"),
    ('{"claimcheck_baseline": 2, "entries": []}', "unsupported baseline version 2"),
    ('{"claimcheck_baseline": 1, "entries": {}}', "\"entries\" must be a list"),
    ('{"claimcheck_baseline": 1, "entries": [{"rule": "r", "path": "p", "count": 1}]}',
     "baseline entry 0 needs a string 'sentence'"),
    ('{"claimcheck_baseline": 1, "entries": [{"rule": "r", "path": "p", "sentence": "", "count": 0}]}',
     "baseline entry 0 needs a positive integer 'count'"),
])
def test_bad_baseline_is_a_config_error(tmp_path: Path, content: str, problem: str) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_baseline(bad)
    assert caught.value.path == str(bad)
    assert problem in caught.value.problem


def test_missing_baseline_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="baseline file not found"):
        load_baseline(tmp_path / "nope.json")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text('{\n  "claimcheck_baseline": 1,\n  "entries": [,]\n}', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_baseline(bad)
    assert (caught.value.line, caught.value.column) == (3, 15)
