"""The wheel ships the rule and reference data, and the installed package finds them there."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"building the wheel failed:\n{result.stderr[-3000:]}"
    (built,) = out.glob("claimcheck-*.whl")
    return built


def test_wheel_contains_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_rules = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    for rule in shipped_rules:
        assert f"claimcheck/_data/rules/{rule}" in names
    assert any(n.startswith("claimcheck/_data/rules/hype/") and n.endswith(".yaml") for n in names)
    assert "claimcheck/_data/rules/context.yaml" in names
    for file in sorted((ROOT / "reference").glob("*.yaml")):
        assert f"claimcheck/_data/reference/{file.name}" in names
    assert "claimcheck/cli.py" in names and "claimcheck/pipeline/context.py" in names
    for template in ("report.html.j2", "report.css", "report.js"):
        assert f"claimcheck/formatters/templates/{template}" in names


def test_extracted_wheel_uses_its_packaged_data(wheel: Path, tmp_path: Path) -> None:
    extracted = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(extracted)
    env = {**os.environ, "PYTHONPATH": str(extracted)}
    code = ("import claimcheck.data as d; print(d.__file__); print(d.rules_dir()); print(d.reference_dir()); "
            "print(d.context_file().is_file())")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    module, rules, reference, context = result.stdout.splitlines()
    for path in (module, rules, reference):
        assert Path(path).resolve().is_relative_to(extracted.resolve()), path
    assert Path(rules) == extracted / "claimcheck" / "_data" / "rules"
    assert context == "True"
