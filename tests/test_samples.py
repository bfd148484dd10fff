"""Golden output for samples/: `claimcheck check samples/ --format json`, reduced to `path:line:col: severity rule`.

Regenerate the golden file after an intended change with:  CLAIMCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_samples.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.finding import CATEGORY_NAMES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "samples.txt"
DOCS = {"README.md", "EXPECTED.md"}  # the folder's own notes, excluded by samples/.claimcheck.yaml


@pytest.fixture(scope="module")
def report(monkeypatch_module: pytest.MonkeyPatch) -> dict:  # type: ignore[type-arg]
    monkeypatch_module.chdir(ROOT)  # paths in the report are then "samples/…", the same on every machine
    result = CliRunner().invoke(main, ["check", "samples", "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def golden_lines(report: dict) -> list[str]:  # type: ignore[type-arg]
    lines = []
    for file in report["files"]:
        path = Path(file["path"]).as_posix()
        assert "error" not in file, file
        for finding in file["findings"]:
            where = f"{path}:{finding['line']}:{finding['column']}" if finding["line"] is not None else path
            lines.append(f"{where}: {finding['severity']} {finding['rule']}")
    return lines


def test_every_sample_is_linted(report: dict) -> None:  # type: ignore[type-arg]
    linted = {Path(f["path"]).name for f in report["files"]}
    expected = {p.name for p in (ROOT / "samples").iterdir() if p.suffix in (".md", ".txt")} - DOCS
    assert linted == expected


def test_careful_sample_is_clean(report: dict) -> None:  # type: ignore[type-arg]
    (careful,) = [f for f in report["files"] if f["path"].endswith("careful-checkpoint-inhibitors.md")]
    assert careful["findings"] == []


def test_every_category_appears_across_samples(report: dict) -> None:  # type: ignore[type-arg]
    categories = {f["category"] for file in report["files"] if Path(file["path"]).name not in DOCS
                  for f in file["findings"]}
    assert categories == set(CATEGORY_NAMES)


def test_golden_output(report: dict) -> None:  # type: ignore[type-arg]
    actual = "\n".join(golden_lines(report)) + "\n"
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
        pytest.skip("golden file regenerated")
    if not GOLDEN.is_file():
        pytest.fail(f"{GOLDEN} is missing; create it with CLAIMCHECK_UPDATE_GOLDEN=1")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert actual.splitlines() == expected.splitlines(), (
        "the samples' findings changed; if intended, regenerate with CLAIMCHECK_UPDATE_GOLDEN=1")
