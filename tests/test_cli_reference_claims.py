"""`claimcheck claims` with triples and verdicts, and `claimcheck reference show|validate` for the
new reference sections."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claimcheck.cli import main


def test_claims_shows_each_triple_with_its_verdict(tmp_path: Path) -> None:
    file = tmp_path / "t.md"
    file.write_text("Intro.\n\nKeytruda is approved for melanoma. Opdivo was the first checkpoint inhibitor.\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", str(file), "--format", "json"])
    assert result.exit_code == 0
    rows = {(t["relation"], t["subject_id"], t["object_id"], t["verdict"], t["line"])
            for t in json.loads(result.stdout)["triples"]}
    assert ("treats", "pembrolizumab", "melanoma", "supported", 3) in rows
    assert ("first_of", "nivolumab", "checkpoint_inhibitor", "contradicted", 3) in rows
    text = CliRunner().invoke(main, ["claims", str(file)]).stdout
    assert "(Keytruda, treats, melanoma) [asserted] → supported" in text
    assert "reference: the first immune checkpoint inhibitor was ipilimumab (FDA, 2011)" in text


def test_every_triple_on_the_samples_has_a_verdict() -> None:
    samples = Path(__file__).resolve().parents[1] / "samples"
    seen = 0
    for sample in sorted(samples.glob("*.md")):
        result = CliRunner().invoke(main, ["claims", str(sample), "--format", "json"])
        assert result.exit_code == 0, sample
        for triple in json.loads(result.stdout)["triples"]:
            seen += 1
            assert triple["verdict"] in ("supported", "contradicted", "not in reference")
            assert triple["fact"]
    assert seen


def test_reference_show_lists_indications_with_sources() -> None:
    result = CliRunner().invoke(main, ["reference", "show", "pembrolizumab"])
    assert result.exit_code == 0
    out = result.stdout
    assert "approved for:" in out and "- melanoma (FDA 2014)" in out
    assert "query=Keytruda" in out


def test_reference_validate_counts_the_fact_sections() -> None:
    result = CliRunner().invoke(main, ["reference", "validate"])
    assert result.exit_code == 0
    assert "indications" in result.stdout and "misconceptions" in result.stdout


def test_reference_validate_reports_an_unknown_cancer_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        "sources:\n  - id: MINE\n    title: Mine\n    url: https://example.org\n"
        "indications:\n  - agent: pembrolizumab_copy_free\n    agency: FDA\n    sources: [MINE]\n"
        "    approvals:\n      - {cancer: melanoma, year: 2020}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["reference", "validate", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'x.yaml'}:6" in result.stderr and "unknown agent" in result.stderr
