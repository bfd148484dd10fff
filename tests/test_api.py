"""api.py: check_text options (kind, front matter, select/ignore) and check_paths over files and folders."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.api import RunOptions, check_paths
from claimcheck.config import Config

# Long enough (> 60 words) for the document rules; makes an efficacy claim; no disclaimer, no risk words.
LONG = (
    "Pembrolizumab shrinks tumours in people with advanced melanoma, and doctors at the city hospital now "
    "offer it to more of their patients every month. The drug is given as an infusion every three weeks in "
    "the clinic. Nurses explain the schedule, and families plan visits around it. The hospital hopes to open "
    "a second clinic next spring so that patients from the countryside can travel less for each dose.\n"
)
HYPE = "Some text.\n\nThis miracle drug cures cancer and is a breakthrough.\n"


def test_document_rules_fire_on_a_long_article(rule_ids) -> None:  # type: ignore[no-untyped-def]
    ids = rule_ids(LONG)
    assert "disclaimer.missing-disclaimer" in ids
    assert "disclaimer.missing-risks" in ids


def test_news_kind_drops_the_disclaimer_rule_but_keeps_missing_risks(rule_ids) -> None:  # type: ignore[no-untyped-def]
    ids = rule_ids(LONG, kind="news")
    assert "disclaimer.missing-disclaimer" not in ids
    assert "disclaimer.missing-risks" in ids


def test_short_article_is_not_judged_by_document_rules(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert not [r for r in rule_ids("Pembrolizumab shrinks tumours.") if r.startswith("disclaimer.")]


def test_front_matter_kind_and_disable(rule_ids) -> None:  # type: ignore[no-untyped-def]
    body = "# A breakthrough for melanoma\n\n" + LONG
    assert {"hype.breakthrough", "disclaimer.missing-disclaimer"} <= set(rule_ids(body))
    front = "---\ntitle: Clinic news\nclaimcheck:\n  kind: news\n  disable: [hype.breakthrough]\n---\n\n"
    ids = rule_ids(front + body)
    assert "hype.breakthrough" not in ids
    assert "disclaimer.missing-disclaimer" not in ids
    assert "disclaimer.missing-risks" in ids


def test_kind_argument_overrides_front_matter(rule_ids) -> None:  # type: ignore[no-untyped-def]
    front = "---\nclaimcheck:\n  kind: news\n---\n\n"
    assert "disclaimer.missing-disclaimer" in rule_ids(front + LONG, kind="article")


def test_bad_front_matter_settings_are_an_error(linter) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown article kind"):
        linter.check_text("---\nclaimcheck:\n  kind: gossip\n---\n\nText.\n", "a.md")
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        linter.check_text("---\nclaimcheck:\n  colour: red\n---\n\nText.\n", "a.md")


def test_invalid_front_matter_becomes_a_note(linter) -> None:  # type: ignore[no-untyped-def]
    report = linter.check_text("---\ntitle: [oops\n---\n\nThis miracle treatment.\n", "a.md")
    assert any("front matter" in note for note in report.notes)
    assert [f.rule for f in report.findings] == ["hype.miracle"]


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    ((), (), {"hype.miracle", "hype.breakthrough", "overclaim.cure"}),
    (("hype.miracle",), (), {"hype.miracle"}),
    (("hype",), (), {"hype.miracle", "hype.breakthrough"}),
    (("hype.",), (), {"hype.miracle", "hype.breakthrough"}),
    ((), ("hype",), {"overclaim.cure"}),
    ((), ("hype.miracle",), {"hype.breakthrough", "overclaim.cure"}),
    (("hype", "overclaim"), ("hype.breakthrough",), {"hype.miracle", "overclaim.cure"}),
    (("all",), ("overclaim.",), {"hype.miracle", "hype.breakthrough"}),
])
def test_select_and_ignore(rule_ids, select, ignore, expected) -> None:  # type: ignore[no-untyped-def]
    ids = set(rule_ids(HYPE, config=Config(select=select, ignore=ignore)))
    assert {i for i in ids if i.split(".")[0] in ("hype", "overclaim")} == expected
    assert ids <= expected | {i for i in ids if not i.startswith(("hype.", "overclaim."))}


def test_module_level_check_text() -> None:
    report = api.check_text(HYPE, "a.md", select=["hype"], ignore=["hype.breakthrough"])
    assert [f.rule for f in report.findings] == ["hype.miracle"]
    assert report.path == "a.md"


def test_severity_override_in_config(findings) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.finding import Severity

    result = findings(HYPE, config=Config(severity={"hype": Severity.INFO, "overclaim.cure": Severity.WARNING}))
    by_rule = {f.rule: f.severity for f in result}
    assert by_rule["hype.miracle"] is Severity.INFO
    assert by_rule["overclaim.cure"] is Severity.WARNING


# ----- check_paths ---------------------------------------------------------------------------------

@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "drafts").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.md").write_text("This miracle treatment helps.\n", encoding="utf-8")
    (root / "b.txt").write_text("A calm note about appointments.\n", encoding="utf-8")
    (root / "c.rst").write_text("This miracle treatment helps.\n", encoding="utf-8")
    (root / "drafts" / "d.md").write_text("A breakthrough treatment.\n", encoding="utf-8")
    (root / ".hidden" / "e.md").write_text("A breakthrough treatment.\n", encoding="utf-8")
    return root


def test_check_paths_walks_a_folder_in_order(tree: Path) -> None:
    report = check_paths([str(tree)], RunOptions(no_config=True))
    paths = [Path(f.path).relative_to(tree).as_posix() for f in report.files]
    assert paths == ["a.md", "b.txt", "drafts/d.md"]
    assert [f.rule for f in report.files[0].findings] == ["hype.miracle"]
    assert report.files[1].findings == ()
    assert [f.rule for f in report.files[2].findings] == ["hype.breakthrough"]
    assert "hype.miracle" in report.rules


def test_check_paths_include_and_exclude_from_config(tree: Path) -> None:
    (tree / ".claimcheck.yaml").write_text('include: ["*.md"]\nexclude: ["drafts/**"]\n', encoding="utf-8")
    report = check_paths([str(tree)])
    assert [Path(f.path).name for f in report.files] == ["a.md"]


def test_check_paths_extra_include_and_exclude(tree: Path) -> None:
    options = RunOptions(no_config=True, extra_include=("*.rst",), extra_exclude=("drafts",))
    report = check_paths([str(tree)], options)
    assert [Path(f.path).name for f in report.files] == ["a.md", "b.txt", "c.rst"]


def test_a_binary_file_is_an_error_report_and_the_rest_are_linted(tree: Path) -> None:
    (tree / "blob.md").write_bytes(b"\x89PNG\x00\x00\x01binary")
    report = check_paths([str(tree)], RunOptions(no_config=True))
    by_name = {Path(f.path).name: f for f in report.files}
    assert "binary" in (by_name["blob.md"].error or "")
    assert by_name["blob.md"].findings == ()
    assert [f.rule for f in by_name["a.md"].findings] == ["hype.miracle"]
    assert len(report.errors) == 1


def test_a_missing_path_is_an_error_report(tree: Path) -> None:
    missing = str(tree / "nope.md")
    report = check_paths([missing, str(tree / "a.md")], RunOptions(no_config=True))
    assert report.files[0].path == missing
    assert "no such file" in (report.files[0].error or "")
    assert [f.rule for f in report.files[1].findings] == ["hype.miracle"]


def test_max_size_from_options(tree: Path) -> None:
    report = check_paths([str(tree / "a.md")], RunOptions(no_config=True, max_size=5))
    assert "limit" in (report.files[0].error or "")


def test_counts(tree: Path) -> None:
    report = check_paths([str(tree)], RunOptions(no_config=True))
    counts = report.counts()
    assert counts["files"] == 3
    assert counts["findings"] == 2
    assert counts["warning"] == 2 and counts["error"] == 0
