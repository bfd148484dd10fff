"""config.py: discovery (nearest wins), pyproject, validation, per-path overrides, severity, fail_on."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.api import RunOptions, check_paths, effective_config
from claimcheck.cli import main
from claimcheck.config import Config, discover, load_config_file, parse_config, rule_selected
from claimcheck.errors import ConfigError
from claimcheck.finding import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path) -> None:
    config = effective_config(str(tmp_path / "a.md"), RunOptions(no_config=True))
    assert config == Config()
    assert config.kind is None and config.fail_on == "error"


def test_nearest_config_wins_walking_up_from_the_file(tmp_path: Path) -> None:
    outer = write(tmp_path / ".claimcheck.yaml", "kind: blog\n")
    inner = write(tmp_path / "site" / "news" / ".claimcheck.yml", "kind: news\n")
    (tmp_path / "site" / "news" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "site" / "other").mkdir(parents=True)
    deep = discover(str(tmp_path / "site" / "news" / "deep" / "er"))
    assert (deep.kind, deep.path) == ("news", str(inner))
    other = discover(str(tmp_path / "site" / "other"))
    assert (other.kind, other.path) == ("blog", str(outer))
    assert effective_config(str(tmp_path / "site" / "news" / "a.md"), RunOptions()).kind == "news"


def test_pyproject_section(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.claimcheck]\nkind = "reputable"\nignore = ["hype.new-era"]\n')
    config = discover(str(tmp_path))
    assert config.kind == "reputable"
    assert config.ignore == ("hype.new-era",)
    assert config.path == f"{tmp_path / 'pyproject.toml'} [tool.claimcheck]"


def test_pyproject_without_the_section_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".claimcheck.yaml", "kind: blog\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config_file(str(tmp_path / "pkg" / "pyproject.toml")) is None
    assert discover(str(tmp_path / "pkg")).kind == "blog"


def test_yaml_config_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.claimcheck]\nkind = "reputable"\n')
    write(tmp_path / ".claimcheck.yaml", "kind: blog\n")
    assert discover(str(tmp_path)).kind == "blog"


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    file = write(tmp_path / ".claimcheck.yaml", "kind: news\ncolour: red\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(str(file))
    assert info.value.path == str(file)
    assert info.value.line == 2
    assert "unknown key 'colour'" in info.value.problem


def test_unknown_key_in_pyproject(tmp_path: Path) -> None:
    file = write(tmp_path / "pyproject.toml", '[tool.claimcheck]\ncolour = "red"\n')
    with pytest.raises(ConfigError) as info:
        load_config_file(str(file))
    assert str(file) in str(info.value) and "'colour'" in str(info.value)


def test_unknown_key_is_exit_2_through_the_cli(tmp_path: Path) -> None:
    file = write(tmp_path / ".claimcheck.yaml", "colour: red\n")
    article = write(tmp_path / "a.md", "A calm note.\n")
    result = CliRunner().invoke(main, ["check", str(article)])
    assert result.exit_code == 2
    assert str(file) in result.output and "'colour'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("text", "problem"), [
    ("fail_on: sometimes\n", "'fail_on'"),
    ("kind: gossip\n", "unknown article kind"),
    ("severity: {hype: loud}\n", "unknown severity"),
    ("select: 3\n", "'select'"),
    ("max_size: -1\n", "'max_size'"),
    ("overrides: {'news/**': {colour: red}}\n", "unknown key 'colour' in override"),
    ("kind: [unclosed\n", "invalid YAML"),
])
def test_invalid_values(tmp_path: Path, text: str, problem: str) -> None:
    file = write(tmp_path / ".claimcheck.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config_file(str(file))
    assert problem in str(info.value)
    assert str(file) in str(info.value)


def test_overrides_by_glob(tmp_path: Path) -> None:
    write(tmp_path / ".claimcheck.yaml",
          "kind: article\noverrides:\n  'news/**':\n    kind: news\n    ignore: [hype.new-era]\n")
    news = effective_config(str(tmp_path / "news" / "2025" / "a.md"), RunOptions())
    assert news.kind == "news" and news.ignore == ("hype.new-era",)
    assert effective_config(str(tmp_path / "blog" / "a.md"), RunOptions()).kind == "article"


def test_override_kind_changes_findings(tmp_path: Path) -> None:
    article = (
        "Pembrolizumab shrinks tumours in people with advanced melanoma, and doctors at the city hospital now "
        "offer it to more of their patients every month. The drug is given as an infusion every three weeks "
        "in the clinic. Nurses explain the schedule, and families plan visits around it. The hospital hopes to "
        "open a second clinic next spring so that patients from the countryside can travel less.\n"
    )
    write(tmp_path / ".claimcheck.yaml", "overrides:\n  'news/**':\n    kind: news\n")
    write(tmp_path / "news" / "a.md", article)
    write(tmp_path / "pages" / "a.md", article)
    report = check_paths([str(tmp_path)])
    rules = {Path(f.path).parent.name: {x.rule for x in f.findings} for f in report.files}
    assert "disclaimer.missing-disclaimer" in rules["pages"]
    assert "disclaimer.missing-disclaimer" not in rules["news"]
    assert "disclaimer.missing-risks" in rules["news"]


def test_severity_override_per_rule_and_category(tmp_path: Path) -> None:
    write(tmp_path / ".claimcheck.yaml", "severity:\n  hype: info\n  overclaim.cure: warning\n")
    write(tmp_path / "a.md", "This miracle drug cures cancer.\n")
    report = check_paths([str(tmp_path / "a.md")])
    severities = {f.rule: f.severity for f in report.findings}
    assert severities["hype.miracle"] is Severity.INFO
    assert severities["overclaim.cure"] is Severity.WARNING


def test_fail_on_from_config(tmp_path: Path) -> None:
    # Discovery is cached per folder within a process, so each case gets its own folder.
    plain = write(tmp_path / "plain" / "a.md", "This miracle treatment is here.\n")  # one warning, no error
    write(tmp_path / "strict" / ".claimcheck.yaml", "fail_on: warning\n")
    strict = write(tmp_path / "strict" / "a.md", "This miracle treatment is here.\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(plain)]).exit_code == 0
    assert runner.invoke(main, ["check", str(strict)]).exit_code == 1
    assert runner.invoke(main, ["check", "--fail-on", "never", str(strict)]).exit_code == 0
    assert effective_config(str(strict), RunOptions()).fail_on == "warning"


def test_explicit_config_file_and_no_config(tmp_path: Path) -> None:
    write(tmp_path / ".claimcheck.yaml", "kind: blog\n")
    other = write(tmp_path / "elsewhere" / "cc.yaml", "kind: commercial\n")
    target = str(tmp_path / "a.md")
    assert effective_config(target, RunOptions()).kind == "blog"
    assert effective_config(target, RunOptions(config_file=str(other))).kind == "commercial"
    assert effective_config(target, RunOptions(no_config=True)).kind is None


def test_rule_and_reference_folders_resolve_against_the_config_file(tmp_path: Path) -> None:
    config = parse_config({"rules": ["my-rules"], "reference": ["../ref"]}, "cfg", tmp_path / "site")
    assert config.rules == (str((tmp_path / "site" / "my-rules").resolve()),)
    assert config.reference == (str((tmp_path / "ref").resolve()),)


@pytest.mark.parametrize(("selector", "selected"), [
    ("hype.miracle", True), ("hype", True), ("hype.", True), ("all", True),
    ("hype.mir", False), ("overclaim", False), ("hyp", False),
])
def test_rule_selected(selector: str, selected: bool) -> None:
    assert rule_selected("hype.miracle", "hype", [selector], []) is selected
    assert rule_selected("hype.miracle", "hype", [], [selector]) is not selected
