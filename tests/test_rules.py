"""rules.py: every shipped rule loads; malformed rule files are DataErrors naming file and line."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from claimcheck.data import rules_dir
from claimcheck.errors import DataError
from claimcheck.finding import CATEGORY_NAMES, Category, Severity
from claimcheck.rules import Rule, load_rules


@pytest.fixture(scope="module")
def shipped() -> list[Rule]:
    return load_rules([rules_dir()])


def test_every_shipped_rule_loads(shipped: list[Rule]) -> None:
    assert len(shipped) >= 25
    assert {r.category.value for r in shipped} == set(CATEGORY_NAMES)
    assert len(CATEGORY_NAMES) == 7


def test_ids_come_from_the_path(shipped: list[Rule]) -> None:
    for rule in shipped:
        path = Path(rule.path)
        assert rule.id == f"{path.parent.name}.{path.stem}"
        assert rule.category == Category(path.parent.name)
    assert [r.id for r in shipped] == sorted(r.id for r in shipped)


def test_every_rule_has_metadata_and_examples(shipped: list[Rule]) -> None:
    for rule in shipped:
        assert rule.message and rule.description and rule.sources, rule.id
        assert rule.examples_fail and rule.examples_pass, rule.id
        assert isinstance(rule.severity, Severity)


def test_every_rule_source_resolves(linter) -> None:  # type: ignore[no-untyped-def]
    for rule in linter.rules:
        for source in rule.sources:
            assert source in linter.reference.sources or source.startswith(("http://", "https://")), (rule.id, source)


VALID = """\
kind: phrase
severity: warning
message: "'{match}' is hype."
description: A test rule.
sources: [HNR_CRITERIA]
unless: [negated]
phrases: [wondrous]
examples:
  fail: ["A wondrous drug."]
  pass: ["A drug."]
"""


def write_rule(tmp_path: Path, text: str, category: str = "hype", name: str = "x") -> Path:
    folder = tmp_path / "rules" / category
    folder.mkdir(parents=True)
    file = folder / f"{name}.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    return file


def load_error(tmp_path: Path, text: str, category: str = "hype") -> tuple[DataError, Path]:
    file = write_rule(tmp_path, text, category)
    with pytest.raises(DataError) as info:
        load_rules([tmp_path / "rules"])
    return info.value, file


def test_a_valid_user_rule_loads(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID, "hype", "wondrous")
    (rule,) = load_rules([tmp_path / "rules"])
    assert rule.id == "hype.wondrous"
    assert rule.category is Category.HYPE
    assert rule.severity is Severity.WARNING
    assert rule.unless == frozenset({"negated"})
    assert rule.scope == "sentence"
    assert rule.examples_fail == ("A wondrous drug.",)
    assert rule.line == 1


def test_unknown_key(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID + "colour: red\n")
    assert (error.path, error.line) == (str(file), 11)
    assert "unknown key 'colour'" in error.problem


def test_unknown_kind(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID.replace("kind: phrase", "kind: regex"))
    assert (error.path, error.line) == (str(file), 1)
    assert "unknown or missing rule kind 'regex'" in error.problem


def test_bad_severity(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID.replace("severity: warning", "severity: fatal"))
    assert (error.path, error.line) == (str(file), 2)
    assert "unknown severity 'fatal'" in error.problem


def test_missing_examples(tmp_path: Path) -> None:
    text = VALID.split("examples:")[0]
    error, file = load_error(tmp_path, text)
    assert error.path == str(file) and error.line == 1
    assert "'examples'" in error.problem


def test_missing_pass_example(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID.replace('  pass: ["A drug."]\n', ""))
    assert error.path == str(file) and error.line == 9
    assert "'fail' and one 'pass'" in error.problem


def test_unknown_unless_context(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID.replace("unless: [negated]", "unless: [negated, sarcastic]"))
    assert (error.path, error.line) == (str(file), 6)
    assert "unknown context 'sarcastic'" in error.problem


def test_missing_sources(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID.replace("sources: [HNR_CRITERIA]\n", ""))
    assert error.path == str(file) and error.line == 1
    assert "sources" in error.problem


def test_bad_token_pattern(tmp_path: Path, linter) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.engine import RuleSet

    text = """\
    kind: pattern
    severity: warning
    message: "'{match}' is hype."
    description: A test rule.
    sources: [HNR_CRITERIA]
    patterns:
      - [{LOWER: wondrous}, {NOT_AN_ATTRIBUTE: drug}]
    examples:
      fail: ["A wondrous drug."]
      pass: ["A drug."]
    """
    file = write_rule(tmp_path, text)
    rules = load_rules([tmp_path / "rules"])  # the shape is fine; spaCy's validator decides
    with pytest.raises(DataError) as info:
        RuleSet(rules, linter.nlp, linter.reference, linter.lexicon)
    assert (info.value.path, info.value.line) == (str(file), 1)
    assert "invalid token pattern" in info.value.problem


@pytest.mark.parametrize("attribute", ["LEMMA", "POS", "lemma"])
def test_a_pattern_on_an_attribute_the_pipeline_never_sets_is_refused_at_load(tmp_path: Path, attribute: str) -> None:
    text = VALID.replace("kind: phrase", "kind: pattern").replace(
        "phrases: [wondrous]", f"patterns:\n  - [{{{attribute}: work}}, {{LOWER: wondrous}}]")
    error, file = load_error(tmp_path, text)
    assert (error.path, error.line) == (str(file), 7)
    assert f"token attribute {attribute.upper()} is never set" in error.problem


def test_pattern_that_is_not_a_list_of_mappings(tmp_path: Path) -> None:
    text = VALID.replace("kind: phrase", "kind: pattern").replace("phrases: [wondrous]", "patterns: [wondrous]")
    error, file = load_error(tmp_path, text)
    assert (error.path, error.line) == (str(file), 7)
    assert "'patterns'" in error.problem


def test_folder_that_is_not_a_category(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID, "marketing")
    with pytest.raises(DataError) as info:
        load_rules([tmp_path / "rules"])
    assert info.value.path == str(tmp_path / "rules" / "marketing")
    assert "'marketing' is not a category" in info.value.problem


def test_scope_must_fit_the_kind(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID + "scope: document\n")
    assert (error.path, error.line) == (str(file), 11)


def test_duplicate_id_across_folders(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID, "hype", "miracle")
    with pytest.raises(DataError) as info:
        load_rules([rules_dir(), tmp_path / "rules"])
    assert "'hype.miracle' is already defined" in info.value.problem
    assert info.value.path == str(tmp_path / "rules" / "hype" / "miracle.yaml")


def test_yaml_syntax_error_in_a_rule_file(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, "kind: phrase\nphrases: [unclosed\n")
    assert error.path == str(file) and error.line is not None and error.column is not None


def test_bad_message_placeholder(tmp_path: Path) -> None:
    error, file = load_error(tmp_path, VALID.replace("message:", "message: \"{0} {\" #"))
    assert error.path == str(file)
    assert "'message': bad placeholder" in error.problem


def test_unknown_cue_in_a_rule_is_reported_when_compiled(tmp_path: Path) -> None:
    from claimcheck.api import Linter

    write_rule(tmp_path, VALID + "unless_near: {nocue: sentence}\n", "hype", "cued")
    with pytest.raises(DataError) as info:
        Linter(extra_rules=[str(tmp_path / "rules")])
    assert info.value.path == str(tmp_path / "rules" / "hype" / "cued.yaml")
    assert "unknown cue 'nocue'" in info.value.problem
