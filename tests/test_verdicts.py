"""Verdicts for every relation: supported, contradicted, not in the reference, with the fact."""
from __future__ import annotations

import pytest

from claimcheck.data import reference_dir
from claimcheck.reference import Reference, cached_reference
from claimcheck.verdicts import CONTRADICTED, NOT_IN_REFERENCE, SUPPORTED, covers, indications_of, judge


@pytest.fixture(scope="module")
def ref() -> Reference:
    return cached_reference((str(reference_dir()),))


@pytest.mark.parametrize(("subject", "cancer", "status", "fact_part"), [
    ("pembrolizumab", "melanoma", SUPPORTED, "FDA-approved for melanoma in 2014"),
    ("pembrolizumab", "lung_cancer", SUPPORTED, "non-small cell lung cancer"),        # a wider group
    ("pembrolizumab", "pancreatic_cancer", SUPPORTED, "solid tumour"),              # tissue-agnostic MSI-H
    ("pembrolizumab", "chronic_lymphocytic_leukaemia", CONTRADICTED, "not for chronic lymphocytic"),
    ("car_t_cell_therapy", "breast_cancer", CONTRADICTED, "multiple myeloma"),     # a class: its members' labels
    ("atezolizumab", "triple_negative_breast_cancer", SUPPORTED, "since withdrawn"),
    ("hpv_vaccine", "cervical_cancer", CONTRADICTED, "prevents an infection"),
    ("imatinib", "chronic_myeloid_leukaemia", NOT_IN_REFERENCE, "no approved indications"),
    ("pembrolizumab_subcutaneous", "melanoma", SUPPORTED, "pembrolizumab"),         # same_as the IV form
])
def test_treats(ref: Reference, subject: str, cancer: str, status: str, fact_part: str) -> None:
    verdict = judge(ref, "treats", subject, cancer)
    assert verdict.status == status
    assert fact_part in verdict.fact
    if status != NOT_IN_REFERENCE:
        assert verdict.sources


def test_contradicted_treats_lists_the_indications(ref: Reference) -> None:
    verdict = judge(ref, "treats", "mosunetuzumab", "kidney_cancer")
    assert verdict.fact == "mosunetuzumab is FDA-approved for follicular lymphoma, not for kidney cancer"
    assert "LABEL_LUNSUMIO" in verdict.sources and not verdict.verified
    # a line verified in the label keeps the entry's label and adds the copy it was read in
    verdict = judge(ref, "treats", "tebentafusp", "kidney_cancer")
    assert verdict.fact == "tebentafusp is FDA-approved for uveal melanoma, not for kidney cancer"
    assert {"LABEL_KIMMTRAK", "KIMMTRAK_LABEL_INDICATION"} <= set(verdict.sources) and verdict.verified


def test_covers_goes_both_ways_along_the_cancer_tree(ref: Reference) -> None:
    assert covers(ref, "lung_cancer", "non_small_cell_lung_cancer")
    assert covers(ref, "non_small_cell_lung_cancer", "lung_cancer")
    assert not covers(ref, "melanoma", "lung_cancer")
    assert len(indications_of(ref, "car_t_cell_therapy")) >= 7


@pytest.mark.parametrize(("subject", "molecule", "status"), [
    ("pembrolizumab", "PD-1", SUPPORTED), ("pembrolizumab", "CTLA-4", CONTRADICTED),
    ("blinatumomab", "CD3", SUPPORTED), ("pembrolizumab", "XYZ9", NOT_IN_REFERENCE),
])
def test_targets(ref: Reference, subject: str, molecule: str, status: str) -> None:
    assert judge(ref, "targets", subject, molecule).status == status


@pytest.mark.parametrize(("subject", "cell", "status"), [
    ("nivolumab", "t_cell", SUPPORTED), ("nivolumab", "nk_cell", CONTRADICTED),
    ("checkpoint_inhibitor", "macrophage", CONTRADICTED), ("aldesleukin", "nk_cell", SUPPORTED),
    ("nivolumab", "b_cell", CONTRADICTED), ("nivolumab", "dendritic_cell", NOT_IN_REFERENCE),
    ("imatinib", "t_cell", NOT_IN_REFERENCE),
])
def test_acts_through(ref: Reference, subject: str, cell: str, status: str) -> None:
    verdict = judge(ref, "acts_through", subject, cell)
    assert verdict.status == status
    if status == CONTRADICTED:
        assert "works through T cells" in verdict.fact and verdict.sources


@pytest.mark.parametrize(("subject", "described", "status"), [
    ("ipilimumab", "checkpoint_inhibitor", SUPPORTED), ("imatinib", "immunotherapy", CONTRADICTED),
    ("pembrolizumab", "targeted_therapy", SUPPORTED),  # imprecise, as NCI and FDA have worded it
])
def test_is_a(ref: Reference, subject: str, described: str, status: str) -> None:
    assert judge(ref, "is_a", subject, described).status == status


@pytest.mark.parametrize(("subject", "described", "scope", "status", "fact_part"), [
    ("ipilimumab", "checkpoint_inhibitor", None, SUPPORTED, "2011"),
    ("nivolumab", "checkpoint_inhibitor", None, CONTRADICTED, "was ipilimumab (FDA, 2011)"),
    ("lifileucel", "cell_therapy", "solid_tumour", CONTRADICTED, "sipuleucel-T (FDA, 2010)"),
    ("lifileucel", "adoptive_cell_therapy", "solid_tumour", SUPPORTED, "lifileucel"),
    ("tisagenlecleucel", "car_t_cell_therapy", None, SUPPORTED, "2017"),
    ("sipuleucel_t", "immunotherapy", None, CONTRADICTED, "interferon alfa-2b"),
    # no `firsts` entry for the cancer: read from the indications (same year: either may be called the first)
    ("pembrolizumab", "pd1_inhibitor", "melanoma", SUPPORTED, "2014"),
    ("nivolumab", "pd1_inhibitor", "melanoma", SUPPORTED, "2014"),
    ("tarlatamab", "immunotherapy", "small_cell_lung_cancer", CONTRADICTED, "nivolumab (FDA, 2018)"),
    ("tarlatamab", "immunotherapy", "small_cell_lung_cancer", CONTRADICTED, "earliest still approved is atezolizumab"),
    ("ipilimumab", "immunotherapy", "melanoma", CONTRADICTED, "interferon alfa-2b (FDA, 1995)"),
    ("tisagenlecleucel", "immunotherapy", "leukaemia", CONTRADICTED, "hairy cell leukaemia in 1986"),
    ("bcg_live", "immunotherapy", "bladder_cancer", SUPPORTED, "1990"),
    ("pembrolizumab", "immunotherapy", "pancreatic_cancer", NOT_IN_REFERENCE, "does not record"),
])
def test_first_of(ref: Reference, subject: str, described: str, scope: str | None, status: str,
                  fact_part: str) -> None:
    verdict = judge(ref, "first_of", subject, described, scope)
    assert verdict.status == status
    assert fact_part in verdict.fact


@pytest.mark.parametrize(("marker", "word", "status"), [
    ("pd_l1", "mutation", CONTRADICTED), ("pd_l1", "mutations", CONTRADICTED), ("pd_l1", "expression", SUPPORTED),
    ("tmb", "fusion", CONTRADICTED), ("braf_v600e", "mutation", SUPPORTED), ("tmb", "expression", NOT_IN_REFERENCE),
])
def test_biomarker_kind(ref: Reference, marker: str, word: str, status: str) -> None:
    verdict = judge(ref, "biomarker_kind", word, marker)
    assert verdict.status == status
    if status == CONTRADICTED:
        assert verdict.fact.startswith(ref.facts.biomarkers[marker].name)


def test_an_unnamed_subject_is_not_judged(ref: Reference) -> None:
    assert judge(ref, "treats", None, "melanoma").status == NOT_IN_REFERENCE
    with pytest.raises(ValueError):
        judge(ref, "cures", "pembrolizumab", "melanoma")
