"""Every shipped rule's own examples, run as tests (SQLFluff style): `fail` must fire, `pass` must not.

Each example is linted alone, as a Markdown article. The cases come from the rule files; nothing
about any particular rule is written here except the known failures below, each an open bug.
"""
from __future__ import annotations

import pytest

from claimcheck.api import get_linter
from claimcheck.config import Config
from claimcheck.data import rules_dir
from claimcheck.rules import load_rules

# Examples that fail today because of a bug in the package (see the reason). They are strict xfails:
# when the bug is fixed the test reports XPASS and the entry must be removed.
KNOWN_FAILURES: dict[str, str] = {}


def _cases() -> list:  # type: ignore[type-arg]
    cases = []
    for rule in load_rules([rules_dir()]):
        for expect, examples in (("fail", rule.examples_fail), ("pass", rule.examples_pass)):
            for index, text in enumerate(examples):
                case_id = f"{rule.id}-{expect}-{index}"
                marks = []
                if case_id in KNOWN_FAILURES:
                    marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case_id], strict=True))
                cases.append(pytest.param(rule.id, expect, text, id=case_id, marks=marks))
    return cases


@pytest.mark.parametrize(("rule_id", "expect", "text"), _cases())
def test_rule_example(rule_id: str, expect: str, text: str) -> None:
    rule = next(r for r in get_linter().rules if r.id == rule_id)
    # A rule whose examples need an approved-claims library names one (evidence.altered-approved-claim).
    config = Config(claims_library=rule.options.get("example_library"))
    report = get_linter().check_text(text, "example.md", config)
    assert report.error is None
    fired = [f for f in report.findings if f.rule == rule_id]
    if expect == "fail":
        assert fired, f"{rule_id} did not fire on its fail example: {text!r}"
        for finding in fired:
            if finding.offset is not None:  # a span finding points inside the example
                assert 0 <= finding.offset < finding.end_offset <= len(text)
                assert finding.text == text[finding.offset:finding.end_offset]
    else:
        assert not fired, f"{rule_id} fired on its pass example {text!r}: {[f.text for f in fired]}"


def test_known_failures_name_real_cases() -> None:
    ids = {param.id for param in _cases()}
    assert set(KNOWN_FAILURES) <= ids


MIN_EXAMPLES = 6  # each way: paraphrase-proof examples vary verb, object, inflection, word order, context


def test_every_span_rule_has_enough_examples_each_way() -> None:
    from claimcheck.kinds import KINDS

    short = [f"{rule.id}: {len(rule.examples_fail)} fail, {len(rule.examples_pass)} pass"
             for rule in load_rules([rules_dir()])
             if not KINDS[rule.kind].document_level
             and (len(rule.examples_fail) < MIN_EXAMPLES or len(rule.examples_pass) < MIN_EXAMPLES)]
    assert not short, f"span rules need at least {MIN_EXAMPLES} fail and {MIN_EXAMPLES} pass examples: {short}"
