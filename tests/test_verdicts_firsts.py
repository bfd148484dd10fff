"""'The first …' claims whose subject is a class, a product the reference does not list, or only a year
(verdicts._first_of, _first_of_unlisted, _first_of_dated, and the first-of triples that feed them)."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from claimcheck.data import reference_dir
from claimcheck.finding import Finding
from claimcheck.reference import Reference, cached_reference
from claimcheck.verdicts import CONTRADICTED, DATED, NOT_IN_REFERENCE, SUPPORTED, UNLISTED, judge

Lint = Callable[..., tuple[Finding, ...]]


@pytest.fixture(scope="module")
def reference() -> Reference:
    return cached_reference((str(reference_dir()),))


def test_a_class_is_the_first_only_if_the_recorded_first_belongs_to_it(reference: Reference) -> None:
    assert judge(reference, "first_of", "cytokine_therapy", "immunotherapy").status == SUPPORTED
    verdict = judge(reference, "first_of", "cancer_vaccine", "immunotherapy")
    assert verdict.status == CONTRADICTED
    assert "interferon alfa-2b (FDA, 1986), not a" in verdict.fact and verdict.sources


def test_an_unlisted_product_called_the_first_is_contradicted_where_a_first_is_recorded(reference: Reference) -> None:
    verdict = judge(reference, "first_of", UNLISTED + "Zorvax", "cancer_vaccine")
    assert verdict.status == CONTRADICTED
    assert "sipuleucel-T" in verdict.fact and "Zorvax is not among the approved products" in verdict.fact
    assert judge(reference, "first_of", UNLISTED + "Zorvax", "cancer_vaccine", "melanoma").status == NOT_IN_REFERENCE


def test_first_of_findings_for_classes_and_unlisted_products(findings: Lint) -> None:
    hits = [f for f in findings("Cancer vaccines were the first immunotherapy.") if f.rule == "classification.first-of"]
    assert [h.text for h in hits] == ["Cancer vaccines were the first immunotherapy"]
    hits = [f for f in findings("In 2026 Zorvax became the first cancer vaccine.") if f.rule == "classification.first-of"]
    assert [h.text for h in hits] == ["Zorvax became the first cancer vaccine"]
    for text in ("Interferon was the first immunotherapy.", "Cytokines were the first immunotherapy.",
                 "The first cancer vaccine was approved in 2010.", "Zorvax is the world's first cancer vaccine."):
        assert not [f for f in findings(text) if f.rule == "classification.first-of"], text


def test_a_first_dated_by_year_is_checked_against_the_recorded_year(reference: Reference) -> None:
    assert judge(reference, "first_of", DATED + "2011", "checkpoint_inhibitor").status == SUPPORTED
    verdict = judge(reference, "first_of", DATED + "2011", "immunotherapy")
    assert verdict.status == CONTRADICTED and "interferon alfa-2b (FDA, 1986)" in verdict.fact and verdict.sources
    # a first read only from the indications is not enough to contradict a year
    assert judge(reference, "first_of", DATED + "2019", "immunotherapy", "lung_cancer").status == NOT_IN_REFERENCE


def test_first_of_findings_for_a_first_dated_by_year(findings: Lint) -> None:
    for text, quote in (("The first CAR-T therapy was approved in 2011.", "first CAR-T therapy was approved in 2011"),
                        ("In 2011, the first immunotherapy was approved by the FDA.",
                         "2011, the first immunotherapy"),
                        ("The first immunotherapy for any cancer was licensed back in 2011.",
                         "first immunotherapy for any cancer was licensed back in 2011")):
        hits = [f for f in findings(text) if f.rule == "classification.first-of"]
        assert [h.text for h in hits] == [quote], text
        assert hits[0].message.startswith("A 2011 approval is called the first")
    for text in ("The first checkpoint inhibitor was approved in 2011.",
                 "Nivolumab was approved in 2014; the first checkpoint inhibitor was approved in 2011.",
                 "The first immunotherapy she received in 2019 was approved years ago.",
                 "The first checkpoint inhibitor was approved for melanoma in 2011.",
                 "Was the first immunotherapy approved in 2011?"):
        assert not [f for f in findings(text) if f.rule == "classification.first-of"], text
