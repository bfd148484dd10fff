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
