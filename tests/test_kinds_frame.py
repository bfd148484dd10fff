"""kinds/frame.py: frame syntax, matching with bounded gaps inside a clause, judged slots, antiframes."""
from __future__ import annotations

import pytest

from claimcheck.api import get_linter
from claimcheck.kinds.frame import DEFAULT_GAP, describe_frame, parse_frame


def test_a_frame_line_parses_into_slots_and_gaps() -> None:
    frame = parse_frame('TREATMENT ... ^CURE_VERB ..3 DISEASE "for good" #NUM @CANCER')
    assert [(s.kind, s.value, s.judged) for s in frame.slots] == [
        ("class", "TREATMENT", False), ("class", "CURE_VERB", True), ("class", "DISEASE", False),
        ("literal", "for good", False), ("number", "NUM", False), ("entity", "CANCER", False)]
    assert frame.gaps == (DEFAULT_GAP, 3, 0, 0, 0)
    assert frame.judged_index == 1


@pytest.mark.parametrize(("line", "problem"), [
    ("... CURE_VERB", "between two slots"),
    ("CURE_VERB ...", "ends with a gap"),
    ("CURE_VERB ..99 DISEASE", "at most"),
    ("^CURE_VERB ^DISEASE", "at most one slot"),
    ("@DRUG", "unknown entity label"),
    ('CURE_VERB "unclosed', "cannot read frame"),
])
def test_bad_frames_say_what_is_wrong(line: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_frame(line)


def _rules(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in get_linter().check_text(text, "a.md").findings if f.offset is not None]


def test_inflections_and_word_orders_of_one_claim_all_match() -> None:
    for text in ("The vaccine eradicated her tumour.", "Tumours were eradicated by the vaccine.",
                 "The protocol gets rid of cancer.", "Within weeks the cancer had vanished."):
        assert any(rule == "overclaim.cure" for rule, _ in _rules(text)), text


def test_a_gap_never_crosses_a_clause_boundary_or_its_bound() -> None:
    assert _rules("It cures; cancer research goes on.") == []
    assert _rules("It eradicates, after many long and difficult months of treatment, the cancer.") == []


def test_context_is_judged_on_the_marked_slot() -> None:
    assert _rules("Immunotherapy does not cure cancer.") == []  # "not" before the judged cure verb
    assert ("safety.no-side-effects", "no side effects") in _rules("This drug has no side effects.")


def test_an_antiframe_in_the_sentence_silences_the_match() -> None:
    assert _rules("The cancer disappeared in 9 of 38 patients.") == []
    assert ("overclaim.cure", "cancer disappeared") in _rules("The cancer disappeared.")


def test_explain_renders_a_frame_in_words() -> None:
    linter = get_linter()
    frame = parse_frame("^CURE_VERB ..4 DISEASE")
    text = describe_frame(frame, linter.ruleset.context.wordclasses)
    assert "CURE_VERB: cure" in text and "within 4 words" in text and "[context judged here]" in text


def test_an_unknown_class_in_a_rule_is_a_located_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.errors import DataError
    from claimcheck.rules import load_rules

    folder = tmp_path / "rules" / "hype"
    folder.mkdir(parents=True)
    (folder / "odd.yaml").write_text(
        "kind: frame\nseverity: warning\nmessage: m\ndescription: d\nsources: [HONCODE]\n"
        "frames: [\"NO_SUCH_CLASS ..2 DISEASE\"]\nexamples: {fail: [a], pass: [b]}\n", encoding="utf-8")
    rules = load_rules([tmp_path / "rules"])
    linter = get_linter()
    from claimcheck.engine import RuleSet

    with pytest.raises(DataError) as info:
        RuleSet(rules, linter.nlp, linter.reference, linter.lexicon)
    assert "unknown word class 'NO_SUCH_CLASS'" in info.value.problem and info.value.path.endswith("odd.yaml")
