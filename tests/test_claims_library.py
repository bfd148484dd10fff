"""The approved-claims library: loading (located errors), exact and near matches, and its effect on
a lint run (evidence findings dropped with a note; near-variants flagged)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.claims_library import load_library, match_sentence, normalise
from claimcheck.cli import main
from claimcheck.config import Config
from claimcheck.errors import DataError

LIBRARY = """\
claims:
  - id: trial-response
    text: In our phase 3 trial, 62% of adults with relapsed myeloma responded to Drug Z.
    references: ["Example J, et al. Journal of Examples 2026;1:1-10"]
  - id: studies-show
    text: Studies show that Drug Z works for 62% of adults with relapsed myeloma.
    references: ["Example K, et al. Example Reviews 2026;2:3-4"]
  - id: side-effects
    text: Some patients have serious immune side effects.
    references: [https://example.org/safety]
"""


@pytest.fixture()
def library_file(tmp_path: Path) -> Path:
    path = tmp_path / "approved.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def test_normalise_ignores_case_punctuation_and_spacing() -> None:
    assert normalise("In our  Phase-3 trial, 62 % of adults…") == "in our phase 3 trial 62% of adults"


def test_exact_match_after_normalising(library_file: Path) -> None:
    library = load_library(str(library_file))
    found = match_sentence("in our phase 3 trial 62 % of adults with relapsed myeloma responded to drug Z", library)
    assert found is not None and found.exact and found.claim.id == "trial-response"


@pytest.mark.parametrize(("sentence", "difference"), [
    ("In our phase 3 trial, 82% of adults with relapsed myeloma responded to Drug Z.", "'62%' -> '82%' (number)"),
    ("All patients have serious immune side effects.", "'some' -> 'all' (qualifier)"),
    ("In our phase 3 trial, 62% of children with relapsed myeloma responded to Drug Z.",
     "'adults' -> 'children' (wording)"),
    ("Some patients may have serious immune side effects.", "added 'may' (qualifier)"),
])
def test_near_variants_show_the_difference(library_file: Path, sentence: str, difference: str) -> None:
    found = match_sentence(sentence, load_library(str(library_file)))
    assert found is not None and not found.exact
    assert difference in found.differences


def test_unrelated_sentences_do_not_match(library_file: Path) -> None:
    library = load_library(str(library_file))
    assert match_sentence("Drug Z is given every three weeks by infusion.", library) is None
    assert match_sentence("Side effects.", library) is None


@pytest.mark.parametrize(("body", "problem", "line"), [
    ("claims:\n  - id: a\n    text: Four words are here.\n", "has no references", 2),
    ("claims:\n  - id: a\n    text: Too short\n    references: [x]\n", "at least 4 words", 2),
    ("claims:\n  - id: a\n    text: Four words are here.\n    references: [x]\n    colour: red\n",
     "unknown key 'colour'", 2),
])
def test_bad_library_is_an_error_with_its_line(tmp_path: Path, body: str, problem: str, line: int) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_library(str(path))
    assert problem in info.value.problem and info.value.path == str(path)
    assert info.value.line is not None and info.value.line >= line


def test_lint_run_drops_evidence_on_an_approved_claim_and_notes_it(linter, library_file: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("# Drug Z\n\nStudies show that Drug Z works for 62% of adults with relapsed myeloma.\n\n"
            "Studies show that Drug Z works for 90% of adults with relapsed myeloma.\n")
    without = linter.check_text(text, "a.md", Config())
    assert any(f.category.value == "evidence" and f.start.line == 3 for f in without.findings if f.start)
    report = linter.check_text(text, "a.md", Config(claims_library=str(library_file)))
    on_line = {(f.rule, f.start.line) for f in report.findings if f.start}
    assert not [r for r, line in on_line if line == 3 and r.startswith("evidence.")]
    assert ("evidence.altered-approved-claim", 5) in on_line
    altered = next(f for f in report.findings if f.rule == "evidence.altered-approved-claim")
    assert "'62%' -> '90%' (number)" in altered.message and "studies-show" in altered.message
    assert any("line 3: states approved claim 'studies-show'" in note for note in report.notes)


def test_config_key_and_json_note(tmp_path: Path, library_file: Path) -> None:
    (tmp_path / ".claimcheck.yaml").write_text(f"claims_library: {library_file.name}\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("Some patients have serious immune side effects.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), "--format", "json", "--fail-on", "never"])
    data = json.loads(result.stdout)
    assert any("side-effects" in note for note in data["files"][0]["notes"])
    (tmp_path / ".claimcheck.yaml").write_text("claims_library: 12\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["check", str(article)])
    assert bad.exit_code == 2 and "claims_library" in bad.stderr
