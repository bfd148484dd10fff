"""wordclasses.py: lemmas become every inflected form; bad lexicon files name file, line and problem."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.data import lexicon_file
from claimcheck.errors import DataError
from claimcheck.wordclasses import inflections, load_wordclasses, parse_wordclasses
from claimcheck.yamlio import load_yaml_file


def test_verbs_nouns_and_adjectives_are_inflected_by_lemminflect() -> None:
    assert {"cure", "cures", "cured", "curing"} <= inflections("cure", "VERB")
    assert {"wipe out", "wipes out", "wiped out", "wiping out"} <= inflections("wipe out", "VERB")
    assert {"side effect", "side effects"} <= inflections("side effect", "NOUN")
    assert "healthy parts of the body" in inflections("healthy part of the body", "NOUN")
    assert {"safe", "safer", "safest"} <= inflections("safe", "ADJ")
    assert inflections("non-toxic", "ADJ") == {"non-toxic"}  # no comparative invented for it


def test_two_word_nouns_match_written_either_way(tmp_path: Path) -> None:
    classes = _load(tmp_path, "classes:\n  A: {nouns: [wonder drug, t-cell]}\n  B: {words: [wonder drug]}\n").classes
    assert {"wonder drug", "wonder-drug", "wonder drugs", "wonder-drugs", "t-cell", "t cell", "t cells"} <= classes["A"].forms
    assert classes["B"].forms == {"wonder drug"}  # `words` are taken as written


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    file = tmp_path / "lexicon.yaml"
    file.write_text(text, encoding="utf-8")
    return parse_wordclasses(load_yaml_file(file), str(file))


def test_classes_include_classes_and_entities(tmp_path: Path) -> None:
    classes = _load(tmp_path, "classes:\n  A: {verbs: [heal]}\n  B: {include: [A], words: [mend], entities: [CANCER]}\n")
    assert {"heal", "heals", "healed", "mend"} <= classes["B"].forms
    assert classes["B"].entities == frozenset({"CANCER"})


@pytest.mark.parametrize(("text", "problem", "line"), [
    ("classes:\n  lower: {words: [x]}\n", "must be upper case", 2),
    ("classes:\n  A: {word: [x]}\n", "unknown key 'word'", 2),
    ("classes:\n  A: {include: [B]}\n", "unknown class 'B'", 2),
    ("classes:\n  A: {entities: [DRUG]}\n", "unknown entity label 'DRUG'", 2),
    ("classes:\n  A: {description: nothing}\n", "has no words", 2),
    ("classes:\n  A: {words: [x]}\nextra: 1\n", "unknown key 'extra'", 3),
])
def test_bad_lexicon_names_the_line_and_problem(tmp_path: Path, text: str, problem: str, line: int) -> None:
    with pytest.raises(DataError) as info:
        _load(tmp_path, text)
    assert problem in info.value.problem and info.value.line == line and str(tmp_path) in str(info.value)


def test_a_class_including_itself_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="includes itself"):
        _load(tmp_path, "classes:\n  A: {include: [B]}\n  B: {include: [A]}\n")


def test_the_shipped_lexicon_loads() -> None:
    classes = load_wordclasses(str(lexicon_file()))
    assert "CURE_VERB" in classes and "eradicated" in classes["CURE_VERB"].forms
    assert ";" in classes.clause_boundaries
