"""A user's own reference folder on top of the shipped one, for tests of located data errors."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from claimcheck.data import reference_dir
from claimcheck.errors import DataError
from claimcheck.reference import load_reference

SOURCE = """\
sources:
  - id: MY_SOURCE
    title: My source
    url: https://example.org/mine
"""


def user_folder(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "myref"
    folder.mkdir()
    (folder / "extra.yaml").write_text(SOURCE + textwrap.dedent(body), encoding="utf-8")
    return folder


def load_user(tmp_path: Path, body: str) -> DataError:
    """The DataError a user folder with `body` raises; it names the user's file and a line."""
    folder = user_folder(tmp_path, body)
    with pytest.raises(DataError) as info:
        load_reference([reference_dir(), folder])
    error = info.value
    assert error.path == str(folder / "extra.yaml")
    assert error.line is not None
    return error
