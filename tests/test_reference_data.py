"""Lints the shipped reference data (codespell-style: tests lint the data) and the validator itself."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from user_reference import load_user, user_folder

from claimcheck.data import reference_dir
from claimcheck.errors import DataError
from claimcheck.reference import Reference, load_reference
from claimcheck.yamlio import load_yaml_file


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference([reference_dir()])


def test_shipped_reference_loads_with_enough_entries(reference: Reference) -> None:
    assert len(reference.section("classes")) >= 20
    assert len(reference.section("agents")) >= 120
    assert len(reference.section("side_effects")) >= 40
    assert reference.section("mechanisms")
    assert reference.section("cancers")
    assert reference.sources


def test_ids_are_unique_across_the_folder() -> None:
    ids: Counter[str] = Counter()
    for file in sorted(reference_dir().glob("*.yaml")):
        data = load_yaml_file(file) or {}
        for items in data.values():
            ids.update(str(item["id"]) for item in items if "id" in item)  # indications, firsts: keyed by agent or class
    duplicated = [i for i, n in ids.items() if n > 1]
    assert not duplicated


def test_every_entry_has_sources_that_resolve(reference: Reference) -> None:
    for entry in reference.entries.values():
        if entry.section == "cancers":
            assert all(s in reference.sources for s in entry.sources), entry.id
            continue
        assert entry.sources, f"{entry.id} has no sources"
        for source_id in entry.sources:
            assert source_id in reference.sources, f"{entry.id}: {source_id}"
        for grade in entry.descriptions:
            assert grade.sources and all(s in reference.sources for s in grade.sources), entry.id
        for note in entry.side_effects + entry.atypical_side_effects:
            assert note.sources and all(s in reference.sources for s in note.sources), entry.id


def test_every_source_has_a_url(reference: Reference) -> None:
    for source in reference.sources.values():
        assert source.url, source.id


def test_every_class_is_a_root_or_reaches_one(reference: Reference) -> None:
    roots = {e.id for e in reference.section("classes") if not e.parents}
    assert {"immunotherapy", "chemotherapy", "targeted_therapy"} <= roots
    for entry in reference.section("classes") + reference.section("agents"):
        assert set(reference.lineage(entry.id)) & roots, f"{entry.id} never reaches a root class"


def test_every_name_resolves_to_exactly_one_entry(reference: Reference) -> None:
    for entry in reference.entries.values():
        if entry.section == "mechanisms":
            continue
        for name in entry.names:
            assert reference.by_name[name.lower()] == entry.id, (name, entry.id)
            assert reference.lookup(name) is entry


@pytest.mark.parametrize(("subject", "described_as", "grade"), [
    ("pembrolizumab", "targeted_therapy", "imprecise"),
    ("imatinib", "immunotherapy", "wrong"),
    ("pembrolizumab", "chemotherapy", "wrong"),
    ("car_t_cell_therapy", "cancer_vaccine", "wrong"),
    ("pembrolizumab", "monoclonal_antibody", "correct"),
    ("pembrolizumab", "checkpoint_inhibitor", "correct"),
    ("pembrolizumab", "immunotherapy", "correct"),
])
def test_grading(reference: Reference, subject: str, described_as: str, grade: str) -> None:
    assert reference.grade(subject, described_as).grade == grade


def test_brand_resolves_to_its_agent_for_grading(reference: Reference) -> None:
    keytruda = reference.lookup("Keytruda")
    assert keytruda is not None and keytruda.id == "pembrolizumab"
    assert reference.grade(keytruda.id, "chemotherapy").grade == "wrong"
    assert reference.lookup("mk-3475").id == "pembrolizumab"


def test_wrong_grades_carry_a_note_and_sources(reference: Reference) -> None:
    grade = reference.grade("imatinib", "immunotherapy")
    assert grade.note and grade.sources


def test_checkpoint_inhibitors_do_not_kill_directly_or_activate_checkpoints(reference: Reference) -> None:
    ruled_out = reference.not_mechanisms_of("checkpoint_inhibitor")
    assert {"direct_cytotoxic", "activates_checkpoints"} <= set(ruled_out)
    assert "direct_cytotoxic" in reference.not_mechanisms_of("pembrolizumab")
    assert "releases_immune_brake" in reference.mechanisms_of("pembrolizumab")


def test_side_effects(reference: Reference) -> None:
    assert "colitis" in reference.known_side_effects("pembrolizumab")
    assert "alopecia" in reference.atypical_side_effects("checkpoint_inhibitor")
    assert "alopecia" not in reference.known_side_effects("checkpoint_inhibitor")


# ----- a user's malformed reference folder --------------------------------------------------------

def test_a_valid_user_folder_adds_entries(tmp_path: Path) -> None:
    folder = user_folder(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            sources: [MY_SOURCE]
        """)
    reference = load_reference([reference_dir(), folder])
    assert reference.lookup("Examplimab").id == "examplimab"
    assert reference.grade("examplimab", "chemotherapy").grade == "wrong"


def test_unknown_key(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            colour: blue
            sources: [MY_SOURCE]
        """)
    assert "unknown key 'colour'" in error.problem
    assert error.line == 10


def test_dangling_class_id(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [no_such_class]
            immunotherapy: yes
            sources: [MY_SOURCE]
        """)
    assert "no_such_class" in error.problem
    assert error.line == 6


def test_missing_sources(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
        """)
    assert "sources" in error.problem
    assert error.line == 6


def test_unknown_source_id(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            sources: [NOT_A_SOURCE]
        """)
    assert "NOT_A_SOURCE" in error.problem


def test_name_already_used_by_a_shipped_entry(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            brands: [Keytruda]
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            sources: [MY_SOURCE]
        """)
    assert "Keytruda" in error.problem and "pembrolizumab" in error.problem
    assert error.line == 6


def test_redefined_shipped_id(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: pembrolizumab
            name: my pembrolizumab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            sources: [MY_SOURCE]
        """)
    assert "redefines a shipped id" in error.problem
    assert error.line == 6


def test_unknown_section(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        drugs:
          - id: x
        """)
    assert "unknown section 'drugs'" in error.problem
    assert error.line == 5


def test_bad_grade(tmp_path: Path) -> None:
    error = load_user(tmp_path, """\
        agents:
          - id: examplimab
            name: examplimab
            classes: [checkpoint_inhibitor]
            immunotherapy: yes
            sources: [MY_SOURCE]
            descriptions:
              - class: chemotherapy
                grade: terrible
                sources: [MY_SOURCE]
        """)
    assert "'grade'" in error.problem
    assert error.line == 13


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        load_reference([reference_dir(), tmp_path / "absent"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no reference files"):
        load_reference([reference_dir(), tmp_path / "empty"])
