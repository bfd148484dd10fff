"""cli.py: exit codes, the JSON contract, the sub-commands, and errors as one line (never a traceback)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimcheck import __version__
from claimcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
CAREFUL = ROOT / "samples" / "careful-checkpoint-inhibitors.md"
BAD = "This miracle drug cures cancer.\n"

FINDING_KEYS = {"rule", "category", "severity", "message", "suggestion", "sources", "scope", "line", "column",
                "end_line", "end_column", "offset", "end_offset", "text", "sentence"}
SUMMARY_KEYS = {"files", "findings", "error", "warning", "info"}


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture()
def bad_file(tmp_path: Path) -> Path:
    file = tmp_path / "bad.md"
    file.write_text(BAD, encoding="utf-8")
    return file


# ----- check --------------------------------------------------------------------------------------

def test_clean_sample_exits_0() -> None:
    result = run("check", "--no-config", str(CAREFUL))
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output


def test_findings_exit_1_with_text_report(bad_file: Path) -> None:
    result = run("check", "--no-config", "--no-color", str(bad_file))
    assert result.exit_code == 1
    assert f"{bad_file}:1:6: warning hype.miracle" in result.output
    assert f"{bad_file}:1:19: error overclaim.cure" in result.output
    assert "1 error" in result.output


def test_missing_path_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.md"
    assert_one_line_error(run("check", str(missing)), str(missing), "no such file")


def test_bad_format_exits_2(bad_file: Path) -> None:
    result = run("check", "--format", "yaml", str(bad_file))
    assert result.exit_code == 2
    assert "yaml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("error", 1), ("warning", 1), ("info", 1)])
def test_fail_on_with_errors(bad_file: Path, fail_on: str, code: int) -> None:
    assert run("check", "--no-config", "--fail-on", fail_on, str(bad_file)).exit_code == code


def test_fail_on_warning_with_only_warnings(tmp_path: Path) -> None:
    file = tmp_path / "w.md"
    file.write_text("This miracle treatment is here.\n", encoding="utf-8")
    assert run("check", "--no-config", str(file)).exit_code == 0
    assert run("check", "--no-config", "--fail-on", "warning", str(file)).exit_code == 1


def test_json_contract(bad_file: Path) -> None:
    result = run("check", "--no-config", "--format", "json", str(bad_file))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"claimcheck", "files", "summary"}
    assert data["claimcheck"] == __version__
    (file,) = data["files"]
    assert {"path", "findings"} <= set(file) and file["path"] == str(bad_file)
    assert set(data["summary"]) >= SUMMARY_KEYS
    assert set(data["summary"]) - SUMMARY_KEYS <= {"unreadable"}
    assert data["summary"] == {**data["summary"], "files": 1, "findings": 2, "error": 1, "warning": 1, "info": 0}
    by_rule = {f["rule"]: f for f in file["findings"]}
    for finding in file["findings"]:
        assert set(finding) == FINDING_KEYS
    cure = by_rule["overclaim.cure"]
    assert cure == {**cure, "category": "overclaim", "severity": "error", "scope": "span", "line": 1, "column": 19,
                    "end_line": 1, "end_column": 31, "offset": 18, "end_offset": 30, "text": "cures cancer",
                    "sentence": BAD.strip()}
    assert isinstance(cure["sources"], list) and cure["sources"]


def test_json_document_finding_has_null_positions(tmp_path: Path) -> None:
    file = tmp_path / "long.md"
    file.write_text(
        "Pembrolizumab shrinks tumours in people with advanced melanoma, and doctors at the city hospital now "
        "offer it to more of their patients every month. The drug is given as an infusion every three weeks in "
        "the clinic. Nurses explain the schedule, and families plan visits around it. The hospital hopes to open "
        "a second clinic next spring so that patients from the countryside can travel less for each dose.\n",
        encoding="utf-8")
    data = json.loads(run("check", "--no-config", "--format", "json", str(file)).stdout)
    documents = [f for f in data["files"][0]["findings"] if f["scope"] == "document"]
    assert documents
    for finding in documents:
        assert set(finding) == FINDING_KEYS
        assert all(finding[k] is None for k in ("line", "column", "end_line", "end_column", "offset",
                                                 "end_offset", "text"))


def test_output_file_gets_the_report_and_terminal_a_summary(bad_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("check", "--no-config", "--format", "json", "--output", str(out), str(bad_file))
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["findings"] == 2
    assert result.stdout == ""
    assert "2 findings" in result.stderr and str(out) in result.stderr


def test_select_and_ignore_flags(bad_file: Path) -> None:
    data = json.loads(run("check", "--no-config", "--format", "json", "--select", "hype", str(bad_file)).stdout)
    assert [f["rule"] for f in data["files"][0]["findings"]] == ["hype.miracle"]
    result = run("check", "--no-config", "--format", "json", "--ignore", "overclaim.cure", str(bad_file))
    assert result.exit_code == 0
    assert [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]] == ["hype.miracle"]


def test_stdin(tmp_path: Path) -> None:
    result = run("check", "--no-config", "--format", "json", "-", input=BAD)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "-"
    assert {f["rule"] for f in data["files"][0]["findings"]} == {"hype.miracle", "overclaim.cure"}


def test_stdin_filename_selects_plain_text() -> None:
    text = "# claimcheck-disable-next-line\nThis miracle drug cures cancer.\n"
    as_text = run("check", "--no-config", "--format", "json", "--stdin-filename", "x.txt", "-", input=text)
    assert as_text.exit_code == 0
    assert json.loads(as_text.stdout)["files"][0]["path"] == "x.txt"


def test_baseline_round_trip(bad_file: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first = run("check", "--no-config", "--write-baseline", str(baseline), str(bad_file))
    assert first.exit_code == 1
    assert "wrote 2 entries" in first.stderr
    assert baseline.is_file()
    second = run("check", "--no-config", "--format", "json", "--baseline", str(baseline), str(bad_file))
    assert second.exit_code == 0
    assert json.loads(second.stdout)["summary"]["findings"] == 0
    assert "2 findings hidden" in second.stderr
    bad_file.write_text(BAD + "\nAnother miracle treatment arrived.\n", encoding="utf-8")
    third = run("check", "--no-config", "--format", "json", "--baseline", str(baseline), str(bad_file))
    assert third.exit_code == 0  # the new finding is only a warning
    (new,) = json.loads(third.stdout)["files"][0]["findings"]
    assert (new["rule"], new["line"]) == ("hype.miracle", 3)


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    blob = tmp_path / "blob.md"
    blob.write_bytes(b"\x00\x01binary")
    result = run("check", "--no-config", str(blob))
    assert result.exit_code == 2
    assert f"claimcheck: error: {blob}:" in result.stderr
    assert "Traceback" not in result.output


def test_bad_rules_folder_is_one_line(tmp_path: Path, bad_file: Path) -> None:
    folder = tmp_path / "rules" / "hype"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("kind: phrase\nseverity: loud\n", encoding="utf-8")
    assert_one_line_error(run("check", "--no-config", "--rules", str(tmp_path / "rules"), str(bad_file)),
                          str(folder / "x.yaml"))


# ----- rules, explain, claims, config, reference ---------------------------------------------------

def test_rules_lists_every_id(linter) -> None:  # type: ignore[no-untyped-def]
    result = run("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip() and "." in line.split()[0]]
    assert listed == [r.id for r in linter.rules]
    as_json = json.loads(run("rules", "--format", "json").stdout)
    assert [r["id"] for r in as_json] == listed


def test_explain_shows_examples_and_sources(linter) -> None:  # type: ignore[no-untyped-def]
    rule = {r.id: r for r in linter.rules}["overclaim.cure"]
    result = run("explain", "overclaim.cure")
    assert result.exit_code == 0
    assert result.stdout.startswith("overclaim.cure  [overclaim, ")
    for example in rule.examples_fail + rule.examples_pass:
        assert example in result.stdout
    for source_id in rule.sources:
        assert linter.reference.sources[source_id].url in result.stdout


def test_explain_unknown_rule() -> None:
    assert_one_line_error(run("explain", "nope"), "unknown rule 'nope'", "claimcheck rules")
    assert_one_line_error(run("explain", "overclaim.cur"), "did you mean", "overclaim.cure")


def test_claims_json_shows_context(tmp_path: Path) -> None:
    file = tmp_path / "c.md"
    file.write_text("Intro.\n\nPembrolizumab may cure melanoma. Nivolumab does not cure it.\n", encoding="utf-8")
    result = run("claims", str(file), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    rows = [(c["treatment_id"], c["predicate"], c["context"], c["line"]) for c in data["claims"]]
    assert rows == [("pembrolizumab", "cure", ["hedged"], 3), ("nivolumab", "cure", ["negated"], 3)]
    text = run("claims", str(file))
    assert "[hedged]" in text.stdout and "[negated]" in text.stdout and "2 claims" in text.stdout


def test_config_prints_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".claimcheck.yaml").write_text("kind: blog\nfail_on: warning\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("config", str(tmp_path / "a.md"))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["kind"] == "blog" and data["fail_on"] == "warning"
    assert data["config_file"] == str(tmp_path / ".claimcheck.yaml")
    assert json.loads(run("config", "--no-config", str(tmp_path / "a.md")).stdout)["kind"] is None  # inferred per article


def test_reference_show() -> None:
    result = run("reference", "show", "pembrolizumab")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("pembrolizumab  (agent, id pembrolizumab)")
    assert "Keytruda" in out and "MK-3475" in out
    assert "immune checkpoint inhibitor" in out.split("class:")[1].splitlines()[0]
    assert "target:        PD-1" in out
    assert "side effects:" in out and "    - colitis" in out
    assert "sources:" in out and "https://" in out.split("sources:")[1]


def test_reference_show_by_brand() -> None:
    result = run("reference", "show", "Keytruda")
    assert result.exit_code == 0 and "id pembrolizumab" in result.stdout


def test_reference_show_typo_suggests() -> None:
    assert_one_line_error(run("reference", "show", "pembrolizamab"), "'pembrolizamab' is not in the reference",
                          "did you mean", "pembrolizumab")


def test_reference_validate() -> None:
    result = run("reference", "validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("reference OK: ")


def test_reference_validate_bad_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "side_effects:\n  - id: sparkles\n    name: sparkles\n    flavour: sweet\n    sources: [NCI_SE]\n",
        encoding="utf-8")
    assert_one_line_error(run("reference", "validate", str(tmp_path)), f"{tmp_path / 'mine.yaml'}:4",
                          "unknown key 'flavour'")


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_include_and_exclude_globs_when_walking_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    (tmp_path / "c.rst").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    (tmp_path / ".hidden.md").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(tmp_path), "--no-config", "--format", "json", "--exclude", "*.txt",
                                  "--include", "*.rst"])
    paths = sorted(Path(f["path"]).name for f in json.loads(result.output)["files"])
    assert paths == ["a.md", "c.rst"]


def test_bad_front_matter_fails_that_file_only(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\nclaimcheck: {kind: nws}\n---\nText.\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-config", "--format", "json", str(tmp_path / "bad.md"),
                                       str(tmp_path / "good.md")])
    assert result.exit_code == 2
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["bad.md"]["error"].startswith("line 2: front matter 'claimcheck': unknown article kind 'nws'")
    assert [f["rule"] for f in files["good.md"]["findings"]] == ["hype.miracle", "overclaim.cure"]


def test_unknown_selector_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-config", "--select", "hpye", str(tmp_path / "a.md")])
    assert result.exit_code == 2
    assert "--select: no rule or category named hpye" in result.output


def test_force_exclude_applies_config_excludes_to_named_files(tmp_path: Path) -> None:
    (tmp_path / ".claimcheck.yaml").write_text("exclude: [drafts/*]\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "a.md"
    draft.write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(draft)]).exit_code == 1
    result = CliRunner().invoke(main, ["check", "--force-exclude", str(draft)])
    assert result.exit_code == 0 and "in 0 files" in result.output


def test_unwritable_output_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    target = tmp_path / "missing" / "out.json"
    result = CliRunner().invoke(main, ["check", "--no-config", str(tmp_path / "a.md"), "-o", str(target)])
    assert result.exit_code == 2
    assert f"{target}: cannot write the report" in result.output
    assert "Traceback" not in result.output


def test_text_report_marks_the_reported_occurrence(tmp_path: Path) -> None:
    (tmp_path / "c.md").write_text("Doctors do not say it cures anything, but Keytruda cures melanoma.\n",
                                   encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-config", "--no-color", str(tmp_path / "c.md")])
    lines = result.output.splitlines()
    assert lines[0].endswith("overclaim.cure 'cures melanoma': an unhedged cure claim.") and ":1:52:" in lines[0]
    assert lines[2].index("^") == lines[1].index("cures melanoma")


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.md").write_text("This miracle drug cures cancer.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    written = CliRunner().invoke(main, ["check", "--no-config", "a.md", "--write-baseline", "b.json"])
    assert written.exit_code == 1
    assert json.loads((folder / "b.json").read_text())["entries"][0]["path"] == "a.md"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-config", "site/a.md", "--baseline", "site/b.json"])
    assert result.exit_code == 0
    assert "2 findings hidden, 0 baseline entries no longer match" in result.output


# ----- CI-facing flags through the CLI ---------------------------------------------------------------

def _git(cwd: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": __import__("os").environ["PATH"]})


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_diff_base_reports_only_changed_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.md"
    article.write_text("This miracle drug cures cancer.\n\nA plain sentence.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "first")
    article.write_text("This miracle drug cures cancer.\n\nThis wonder drug is a game-changer.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("check", "--no-config", "--format", "json", "--diff-base", "HEAD", "a.md").stdout)
    found = sorted((f["rule"], f["line"]) for f in data["files"][0]["findings"])
    assert found == [("hype.game-changer", 3), ("hype.miracle", 3)]  # line 1 did not change


def test_diff_base_outside_a_repository_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--no-config", "--diff-base", "HEAD", "a.md")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "git" in result.output.lower()


@pytest.mark.parametrize(("fmt", "marker"), [("sarif", '"version": "2.1.0"'), ("junit", "<testsuites"),
                                             ("github", "::error file=")])
def test_ci_formats_through_the_cli(bad_file: Path, fmt: str, marker: str) -> None:
    result = run("check", "--no-config", "--format", fmt, str(bad_file))
    assert result.exit_code == 1
    assert marker in result.stdout
    assert "overclaim.cure" in result.stdout


def test_config_file_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / ".claimcheck.yaml").write_text("ignore: [hype]\nfail_on: warning\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("This miracle drug is new.\n", encoding="utf-8")
    assert run("check", str(article)).exit_code == 0            # hype ignored by the config
    assert run("check", "--no-config", "--fail-on", "warning", str(article)).exit_code == 1
    (tmp_path / ".claimcheck.yaml").write_text("colour: red\n", encoding="utf-8")
    other = tmp_path / "sub"
    other.mkdir()
    (other / "b.md").write_text("Text.\n", encoding="utf-8")
    result = run("check", "--config", str(tmp_path / ".claimcheck.yaml"), str(other / "b.md"))
    assert result.exit_code == 2 and "unknown key 'colour'" in result.output


def test_sarif_of_the_samples_is_valid(tmp_path: Path) -> None:
    schema_file = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_file.is_file():
        pytest.skip("../shared is absent: SARIF schema not available")
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / "report.sarif"
    result = run("check", str(ROOT / "samples"), "--format", "sarif", "--output", str(out))
    assert result.exit_code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads(schema_file.read_text(encoding="utf-8"))).validate(report)
    results = report["runs"][0]["results"]
    assert results and all(r["ruleId"] in {d["id"] for d in report["runs"][0]["tool"]["driver"]["rules"]}
                           for r in results)


def test_the_cli_offers_every_article_kind() -> None:
    from claimcheck.cli import ARTICLE_KINDS
    from claimcheck.rules import KINDS_OF_ARTICLE

    assert tuple(ARTICLE_KINDS) == KINDS_OF_ARTICLE
