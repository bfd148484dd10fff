"""The reference's fact sections: the shipped data is complete and sourced, bad data is located."""
from __future__ import annotations

from pathlib import Path

import pytest
from user_reference import load_user

from claimcheck.data import reference_dir
from claimcheck.reference import Reference, cached_reference


@pytest.fixture(scope="module")
def reference() -> Reference:
    return cached_reference((str(reference_dir()),))


def test_every_fda_approved_immunotherapy_has_indications(reference: Reference) -> None:
    from claimcheck.verdicts import indications_of

    for agent in reference.section("agents"):
        if agent.immunotherapy == "yes" and agent.approved:
            assert indications_of(reference, agent.id), f"{agent.id} has no indications"


def test_every_indication_is_sourced_and_names_a_known_cancer(reference: Reference) -> None:
    for indication in reference.facts.indications:
        assert indication.sources and all(s in reference.sources for s in indication.sources)
        assert reference.entries[indication.cancer].section == "cancers"
        assert 1900 < (indication.year or 0) <= 2026


def test_every_misconception_has_a_correction_and_sources(reference: Reference) -> None:
    assert len(reference.facts.misconceptions) >= 5
    for misconception in reference.facts.misconceptions:
        assert misconception.correction and misconception.sources and misconception.all_of


def test_cancers_nest_in_groups(reference: Reference) -> None:
    assert reference.lineage("non_small_cell_lung_cancer")[:3] == ["non_small_cell_lung_cancer", "lung_cancer",
                                                                   "solid_tumour"]
    assert "blood_cancer" in reference.lineage("diffuse_large_b_cell_lymphoma")


def test_the_firsts_are_earlier_than_the_rest_of_their_class(reference: Reference) -> None:
    for first in reference.facts.firsts:
        if first.scope is None and first.class_id not in ("immunotherapy", "gene_therapy", "preventive_vaccine"):
            members = [m for m in reference.descendants(first.class_id) if reference.entries[m].section == "agents"
                       and reference.entries[m].approved]
            assert all(reference.entries[m].approved >= first.year for m in members), first.class_id


def test_an_unknown_cancer_is_named_with_the_line(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            sources: [MY_SOURCE]
        indications:
          - agent: examplimab
            agency: FDA
            sources: [MY_SOURCE]
            approvals:
              - {cancer: melanoma, year: 2020}
              - {cancer: moon_cancer, year: 2021}
        """)
    assert error.problem == "unknown cancer 'moon_cancer'"
    assert error.line == 17


def test_an_unsourced_indication_is_an_error(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        indications:
          - agent: examplimab
            agency: FDA
            approvals:
              - {cancer: melanoma, year: 2020}
        """)
    assert "missing 'sources'" in error.problem


def test_an_unknown_class_in_a_first_is_an_error(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        firsts:
          - class: telepathy_therapy
            agent: ipilimumab
            year: 2001
            agency: FDA
            sources: [MY_SOURCE]
        """)
    assert error.problem == "unknown class 'telepathy_therapy'"
    assert error.line == 6


def test_a_misconception_with_a_bad_pattern_is_an_error(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        misconceptions:
          - id: broken
            category: mechanism
            statement: something
            all_of: ['(unclosed']
            correction: something else
            sources: [MY_SOURCE]
        """)
    assert "invalid pattern" in error.problem


def test_a_wrong_biomarker_kind_is_refused(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        biomarkers:
          - id: xyz
            name: XYZ
            kind: vibe
            sources: [MY_SOURCE]
        """)
    assert "'kind' must be one of" in error.problem
