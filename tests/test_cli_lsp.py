"""`claimcheck lsp` without the `lsp` extra: one clear line and exit 2, not a traceback."""
from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from claimcheck.cli import main


def test_lsp_without_pygls_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "claimcheck.lsp", raising=False)
    for name in [m for m in sys.modules if m == "pygls" or m.startswith("pygls.")] + ["pygls"]:
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules makes the import fail
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("claimcheck: error: the language server needs pygls (pygls.lsp.server is "
                                     "missing): pip install 'claimcheck[lsp]'")
