"""Paraphrase probes for the reference-backed checks (tests/fixtures/probes/reference-claims.yaml).

Each `fires` probe is a short text on which its rule must report a finding; each `quiet` probe is a
correct look-alike on which no mechanism or classification rule may. The probes vary verbs, word
orders, inflections, pronoun and "the drug" subjects, passives and noun forms, so a rule that passes
them recognises a kind of claim, not one sentence.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimcheck.api import get_linter

PROBES = yaml.safe_load((Path(__file__).parent / "fixtures" / "probes" / "reference-claims.yaml").read_text("utf-8"))
FIRES = [(rule, text) for rule, texts in PROBES["fires"].items() for text in texts]
CHECKED = ("mechanism.", "classification.")


def _rules(text: str) -> set[str]:
    return {f.rule for f in get_linter().check_text(text, "probe.md").findings if f.rule.startswith(CHECKED)}


def test_the_probe_set_is_large_enough_to_mean_something() -> None:
    assert len(FIRES) >= 60 and len(PROBES["quiet"]) >= 40


@pytest.mark.parametrize(("rule", "text"), FIRES)
def test_a_wrong_claim_is_reported_by_its_rule(rule: str, text: str) -> None:
    assert rule in _rules(text)


@pytest.mark.parametrize("text", PROBES["quiet"])
def test_a_correct_look_alike_is_left_alone(text: str) -> None:
    assert _rules(text) == set()
