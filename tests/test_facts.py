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


def test_every_misconception_has_a_correction_sources_and_a_recogniser(reference: Reference) -> None:
    assert len(reference.facts.misconceptions) >= 5
    for misconception in reference.facts.misconceptions:
        assert misconception.correction and misconception.sources
        assert bool(misconception.all_of) != bool(misconception.frames), misconception.id


def test_a_verified_indication_cites_a_label_that_was_read(reference: Reference) -> None:
    verified = [i for i in reference.facts.indications if i.verified]
    assert {i.agent for i in verified} >= {"pembrolizumab", "tebentafusp", "lifileucel"}
    for indication in verified:
        read = [s for s in indication.sources if reference.sources[s].provenance in ("read", "mirror")]
        assert read, f"{indication.agent} / {indication.cancer} is verified but cites no source that was read"
    # the rest of an entry keeps the entry's own flag
    assert any(i.agent == "pembrolizumab" and not i.verified for i in reference.facts.indications)


def test_an_approval_with_a_non_boolean_verified_is_an_error(tmp_path: Path) -> None:
    error = load_user(tmp_path, """
indications:
  - agent: pembrolizumab_user_test
    agency: FDA
    sources: [NCI_ICI]
    approvals:
      - {cancer: melanoma, year: 2014, verified: sometimes}
""")
    assert "'verified' must be true or false" in str(error)


def test_a_misconception_needs_frames_or_patterns_and_known_frame_syntax(tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    (tmp_path / "bad").mkdir()
    error = load_user(tmp_path / "none", """
misconceptions:
  - {id: nothing_to_match, category: mechanism, statement: x, correction: y, sources: [NCI_ICI]}
""")
    assert "needs 'frames' or 'all_of'" in str(error)
    error = load_user(tmp_path / "bad", """
misconceptions:
  - {id: bad_frame, category: mechanism, statement: x, correction: y, sources: [NCI_ICI], frames: ["... KILL_VERB"]}
""")
    assert "a gap must stand between two slots" in str(error) and error.line


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
