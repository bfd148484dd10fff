"""yamlio.py: located mappings, duplicate keys, syntax errors as path:line:col, YAML 1.2 booleans."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.errors import DataError
from claimcheck.yamlio import Located, error_at, load_yaml_file, load_yaml_text


def test_mappings_know_their_position_and_their_keys() -> None:
    data = load_yaml_text("top: 1\nnested:\n  inner: x\n  other: y\n", "f.yaml")
    assert isinstance(data, Located)
    assert data.where() == (1, 1)
    assert data.where("nested") == (2, 1)
    assert data["nested"].where() == (3, 3)
    assert data["nested"].where("other") == (4, 3)
    assert data.where("missing") == (1, 1)


def test_duplicate_key_is_an_error_with_its_line() -> None:
    with pytest.raises(DataError) as info:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert info.value.path == "dup.yaml"
    assert info.value.line == 3
    assert "duplicate key 'a'" in info.value.problem


def test_syntax_error_is_path_line_column() -> None:
    with pytest.raises(DataError) as info:
        load_yaml_text("ok: 1\nlist: [a, b\nnext: 2\n", "bad.yaml")
    error = info.value
    assert error.path == "bad.yaml"
    assert error.line is not None and error.column is not None
    assert str(error).startswith(f"bad.yaml:{error.line}:{error.column}: invalid YAML")


def test_yes_and_no_stay_strings_true_and_false_are_booleans() -> None:
    data = load_yaml_text("a: yes\nb: no\nc: on\nd: off\ne: true\nf: false\ng: True\nphrases: [no, not]\n", "f.yaml")
    assert data["a"] == "yes" and data["b"] == "no" and data["c"] == "on" and data["d"] == "off"
    assert data["e"] is True and data["f"] is False and data["g"] is True
    assert data["phrases"] == ["no", "not"]


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(DataError):
        load_yaml_text("x: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")


def test_load_yaml_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin.yaml"
    bad.write_bytes(b"a: caf\xe9\n")
    with pytest.raises(DataError) as info:
        load_yaml_file(bad)
    assert info.value.path == str(bad)
    with pytest.raises(DataError) as info:
        load_yaml_file(tmp_path / "missing.yaml")
    assert "cannot read" in info.value.problem


def test_error_at_uses_the_key_position() -> None:
    data = load_yaml_text("a: 1\nb: 2\n", "f.yaml")
    error = error_at("f.yaml", data, "bad b", "b")
    assert (error.path, error.line, error.column) == ("f.yaml", 2, 1)
    assert str(error) == "f.yaml:2:1: bad b"
    assert str(error_at("f.yaml", ["not located"], "oops")) == "f.yaml: oops"


# ----- untrusted YAML: no object-building tags, no alias bombs --------------------------------------

def _laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_document_is_refused_quickly_naming_the_line() -> None:
    with pytest.raises(DataError) as info:
        load_yaml_text(_laughs(9), "bomb.yaml")  # 9**9 = 387 million strings once expanded
    error = info.value
    assert (error.path, error.line) == ("bomb.yaml", 6)  # the first list that expands past the bound
    assert "aliases expand this document to more than 100,000 extra values" in error.problem


def test_modest_aliases_and_merge_keys_still_work() -> None:
    data = load_yaml_text(_laughs(3) + "base: &base {kind: phrase}\nrule: {<<: *base, severity: info}\n", "ok.yaml")
    assert len(data["l2"]) == 9 and data["l2"][0][0] == ["lol"] * 9
    assert data["rule"] == {"kind": "phrase", "severity": "info"}


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(DataError) as info:
        load_yaml_text("a: &a [1, *a]\n", "loop.yaml")
    assert str(info.value) == "loop.yaml:1:4: invalid YAML: an alias refers to a value that contains it (a recursive alias)"


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system",
                                 "!!python/object:collections.OrderedDict {}"])
def test_tags_that_build_objects_are_refused(tag: str) -> None:
    with pytest.raises(DataError) as info:
        load_yaml_text(f"key: {tag}\n", "evil.yaml")
    assert info.value.line == 1 and "could not determine a constructor" in info.value.problem


def test_very_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(DataError) as info:
        load_yaml_text("[" * 5000 + "]" * 5000, "deep.yaml")
    assert info.value.path == "deep.yaml"
