"""regexguard.py: REGEX in token patterns that can backtrack catastrophically is refused at load, with file:line."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from claimcheck.errors import DataError
from claimcheck.regexguard import pattern_regexes, regex_problem
from claimcheck.rules import load_rules


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*$", r"(a*)*", r"(x+x+)+y", r"(a+){2,5}", r"(\s|.)*",
                                     r"^(?:[A-Z][a-z]+)+$"])
def test_backtracking_shapes_are_refused(pattern: str) -> None:
    assert "can backtrack for ever" in (regex_problem(pattern) or "")


@pytest.mark.parametrize("pattern", [r"^cur(e|es|ed)$", r"\d+(\.\d+)?", r"(a{3})*", r"(cat|dog)*", r"(a++)+",
                                     r"(?>a+)+", r"([a-z]|[0-9])*", r"^[A-Z][A-Z0-9-]{2,}$"])
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert regex_problem(pattern) is None


def test_an_invalid_pattern_is_a_problem_too() -> None:
    assert regex_problem("[") == "invalid regular expression '[': unterminated character set at position 0"


def test_pattern_regexes_finds_every_regex_with_its_mapping() -> None:
    data = [[{"LOWER": "a"}, {"TEXT": {"REGEX": "x+"}}], [{"NORM": {"REGEX": "y"}}]]
    assert sorted(regex for regex, _holder in pattern_regexes(data)) == ["x+", "y"]


def test_a_rule_file_with_a_catastrophic_regex_fails_to_load_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules" / "hype"
    folder.mkdir(parents=True)
    (folder / "greedy.yaml").write_text(textwrap.dedent("""\
        kind: pattern
        severity: warning
        message: "'{match}': hype."
        description: A test rule with a dangerous regular expression.
        sources: ["https://example.org/guide"]
        patterns:
          - - {LOWER: miracle}
            - TEXT:
                REGEX: "^(a+)+$"
        examples:
          fail: ["A miracle aaaa."]
          pass: ["Nothing to see."]
        """), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_rules([tmp_path / "rules"])
    error = info.value
    assert (error.path, error.line, error.column) == (str(folder / "greedy.yaml"), 9, 9)
    assert "nests a variable repeat inside another repeat" in error.problem
