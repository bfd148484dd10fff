"""Unlisted products the article introduces as members of a known class (claimcheck/kinds/introduced.py)."""
from __future__ import annotations

import pytest

from claimcheck.api import get_linter
from claimcheck.kinds.base import Article
from claimcheck.kinds.introduced import introduced_products


def _article(text: str) -> Article:
    linter = get_linter()
    return Article(linter.nlp(text), "general")


@pytest.mark.parametrize(("text", "name"), [
    ("The firm tested its cancer vaccine, QX-41, in melanoma.", "QX-41"),
    ("QX-41, a cancer vaccine, is in trials.", "QX-41"),
    ("We studied QX-41, an experimental cancer vaccine, in mice.", "QX-41"),
    ("In the trial QX-41 is a checkpoint inhibitor given monthly.", "QX-41"),
])
def test_a_code_named_product_is_introduced_by_its_class(text: str, name: str) -> None:
    found = introduced_products(_article(text))
    assert name in found and found[name] in {"cancer_vaccine", "checkpoint_inhibitor"}


def test_a_capitalised_word_opening_a_sentence_is_not_a_product_name() -> None:
    assert introduced_products(_article("Patients, a cancer vaccine group, were seen.")) == {}
    assert "Keytruda" not in introduced_products(_article("Keytruda, a checkpoint inhibitor, is given."))


def _rules(text: str) -> list[tuple[str, str]]:
    findings = get_linter().check_text(text, "probe.md").findings
    return [(f.rule, f.message.split(" is said")[0]) for f in findings if f.rule.startswith("mechanism.")]


def test_a_claim_about_an_introduced_product_is_judged_by_its_class() -> None:
    text = ("The company released data on its cancer vaccine, QX-41, in pancreatic cancer. "
            "QX-41 works by directly destroying cells that carry the mutation.")
    assert _rules(text) == [("mechanism.class-mechanism", "QX-41")]
    # the same claim of a product introduced as a class that does kill cells directly is left alone
    assert _rules("QX-41, a chemotherapy, is new. QX-41 kills cancer cells directly.") == []
    # a name the article never introduces is left alone
    assert _rules("QX-41 kills cancer cells directly.") == []
