"""cache.py: hits, misses, invalidation by each part of the key, corrupt entries, concurrent runs,
and a fully cached run that never imports spaCy."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import claimcheck.api as api
import claimcheck.cache as cache_module
from claimcheck.api import RunOptions, check_paths
from claimcheck.cache import Cache, cache_folder, clean, data_key, file_key, tree_digest
from claimcheck.config import Config, parse_config
from claimcheck.data import reference_dir, rules_dir
from claimcheck.errors import ClaimcheckError, ConfigError
from claimcheck.finding import Severity

ROOT = Path(__file__).resolve().parents[1]
CLAIM = "# A page\n\nThis miracle drug cures cancer with no side effects.\n"
CAREFUL = "# Notes\n\nSome patients have had long remissions in trials.\n"
FRONT_MATTER_TYPO = "---\nclaimcheck: {disable: [hpye]}\n---\n\nThis miracle drug cures cancer.\n"


@pytest.fixture()
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text(CLAIM, encoding="utf-8")
    (folder / "b.txt").write_text(CAREFUL, encoding="utf-8")
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(tmp_path / "cache"))
    return folder


class LintCounter:
    """Counts the files that were really linted (not served from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = api.lint_source

        def counting(display, *args):  # type: ignore[no-untyped-def]
            self.paths.append(display)
            return real(display, *args)

        monkeypatch.setattr(api, "lint_source", counting)


def cached_run(*paths: str, **options: object) -> api.Report:
    return check_paths(list(paths), RunOptions(no_config=True, cache=True, **options))  # type: ignore[arg-type]


def test_second_run_is_served_from_the_cache(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = LintCounter(monkeypatch)
    first = cached_run(str(articles))
    assert counter.paths == [str(articles / "a.md"), str(articles / "b.txt")]
    second = cached_run(str(articles))
    assert counter.paths == [str(articles / "a.md"), str(articles / "b.txt")]  # nothing linted again
    assert second.files == first.files
    assert second.rules == first.rules
    assert [f.rule for f in second.findings] == [f.rule for f in first.findings]
    assert any(f.rule == "overclaim.cure" for f in second.findings)


def test_cached_report_takes_the_path_as_given_this_time(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_run(str(articles / "a.md"))
    monkeypatch.chdir(articles)
    counter = LintCounter(monkeypatch)
    report = cached_run("a.md")
    assert counter.paths == []
    assert report.files[0].path == "a.md"


def test_an_edited_file_misses_and_the_others_hit(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_run(str(articles))
    counter = LintCounter(monkeypatch)
    (articles / "b.txt").write_text(CAREFUL + "\nThis vaccine cures every cancer.\n", encoding="utf-8")
    report = cached_run(str(articles))
    assert counter.paths == [str(articles / "b.txt")]
    assert any(f.rule == "overclaim.cure" for f in report.files[1].findings)


def test_without_the_cache_option_nothing_is_written(articles: Path, tmp_path: Path) -> None:
    check_paths([str(articles)], RunOptions(no_config=True))
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("change", [
    {"select": ("hype",)}, {"ignore": ("overclaim.cure",)}, {"severity": {"overclaim": Severity.INFO}},
    {"kind": "news"},
])
def test_file_key_changes_with_each_setting(change: dict[str, object]) -> None:
    base = file_key("data", CLAIM, "a.md", Config(), None)
    assert file_key("data", CLAIM, "a.md", Config(**change), None) != base  # type: ignore[arg-type]


def test_file_key_changes_with_text_data_kind_flag_and_parser_but_not_folder() -> None:
    base = file_key("data", CLAIM, "a.md", Config(), None)
    assert file_key("data", CLAIM + " ", "a.md", Config(), None) != base
    assert file_key("other data", CLAIM, "a.md", Config(), None) != base
    assert file_key("data", CLAIM, "a.md", Config(), "news") != base
    assert file_key("data", CLAIM, "a.txt", Config(), None) != base  # plain text is parsed differently
    assert file_key("data", CLAIM, "elsewhere/a.md", Config(), None) == base


def _data_copy(tmp_path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rules = tmp_path / "house-rules" / "hype"
    rules.mkdir(parents=True)
    (rules / "x.yaml").write_text("kind: phrase\n", encoding="utf-8")
    reference = tmp_path / "our-reference"
    reference.mkdir()
    (reference / "drugs.yaml").write_text("agents: []\n", encoding="utf-8")
    return (str(rules_dir()), str(tmp_path / "house-rules")), (str(reference_dir()), str(reference))


def test_data_key_changes_with_rule_and_reference_files(tmp_path: Path) -> None:
    rules, reference = _data_copy(tmp_path)
    base = data_key(rules, reference, None)
    assert data_key(rules, reference, None) == base
    (Path(rules[1]) / "hype" / "x.yaml").write_text("kind: pattern\n", encoding="utf-8")  # an edited rule
    edited_rule = data_key(rules, reference, None)
    assert edited_rule != base
    (Path(reference[1]) / "new-section.yaml").write_text("cancers: []\n", encoding="utf-8")  # a new data file
    assert data_key(rules, reference, None) != edited_rule
    assert data_key(rules, reference, "en_core_web_sm") != data_key(rules, reference, None)
    assert data_key(rules[:1], reference, None) != data_key(rules, reference, None)


def test_data_key_changes_with_version_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    folders = ((str(rules_dir()),), (str(reference_dir()),), None)
    base = data_key(*folders)
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    bumped = data_key(*folders)
    assert bumped != base
    monkeypatch.setattr(cache_module, "code_digest", lambda: "edited engine")
    assert data_key(*folders) not in (base, bumped)


def test_tree_digest_sees_renames(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    before = tree_digest([tmp_path])
    (tmp_path / "a.yaml").rename(tmp_path / "b.yaml")
    assert tree_digest([tmp_path]) != before


def test_an_extra_rule_folder_edit_invalidates_cached_results(articles: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    house = tmp_path / "house" / "hype"
    house.mkdir(parents=True)
    rule = (ROOT / "rules" / "hype" / "miracle.yaml").read_text(encoding="utf-8")
    (house / "house-miracle.yaml").write_text(rule, encoding="utf-8")
    options = {"rules": (str(tmp_path / "house"),)}
    cached_run(str(articles / "a.md"), **options)
    counter = LintCounter(monkeypatch)
    cached_run(str(articles / "a.md"), **options)
    assert counter.paths == []
    (house / "house-miracle.yaml").write_text(rule.replace("severity: warning", "severity: info")
                                              .replace("severity: error", "severity: info"), encoding="utf-8")
    cached_run(str(articles / "a.md"), **options)
    assert counter.paths == [str(articles / "a.md")]


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"key": "another key", "findings": []}',
                                     b'{"key": "KEY", "findings": [["too", "short"]], "error": null, "notes": []}'])
def test_a_corrupt_entry_is_ignored_and_rewritten(articles: Path, monkeypatch: pytest.MonkeyPatch,
                                                  garbage: bytes) -> None:
    first = cached_run(str(articles / "a.md"))
    entries = list((Path(os.environ[cache_module.ENV_CACHE_DIR])).rglob("files/*/*.json"))
    assert len(entries) == 1
    entries[0].write_bytes(garbage.replace(b"KEY", entries[0].stem.encode()))
    counter = LintCounter(monkeypatch)
    again = cached_run(str(articles / "a.md"))
    assert counter.paths == [str(articles / "a.md")]
    assert again.files == first.files
    assert json.loads(entries[0].read_bytes())["key"] == entries[0].stem  # rewritten whole
    cached_run(str(articles / "a.md"))
    assert counter.paths == [str(articles / "a.md")]  # and served from it next time


def test_front_matter_errors_are_cached_too(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (articles / "c.md").write_text(FRONT_MATTER_TYPO, encoding="utf-8")
    first = cached_run(str(articles / "c.md"))
    counter = LintCounter(monkeypatch)
    second = cached_run(str(articles / "c.md"))
    assert counter.paths == []
    assert second.files == first.files and "hpye" in (second.files[0].error or "")


def test_a_bad_selector_is_still_an_error_on_a_cached_run(articles: Path) -> None:
    cached_run(str(articles))
    with pytest.raises(ConfigError, match="hpye"):
        cached_run(str(articles), select=("hpye",))


def test_cache_folder_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache_module.ENV_CACHE_DIR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert cache_folder(Config()) == tmp_path.resolve() / ".claimcheck_cache"
    configured = parse_config({}, str(tmp_path / "site" / ".claimcheck.yaml"), tmp_path / "site")
    assert cache_folder(configured) == tmp_path / "site" / ".claimcheck_cache"
    chosen = parse_config({"cache_dir": "../build/cc"}, "x.yaml", tmp_path / "site")
    assert cache_folder(chosen) == (tmp_path / "build" / "cc").resolve()
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(tmp_path / "env"))
    assert cache_folder(chosen) == (tmp_path / "env").resolve()


def test_cache_dir_must_be_a_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cache_dir"):
        parse_config({"cache_dir": 3}, "x.yaml", tmp_path)


def test_clean_removes_only_a_tagged_cache(tmp_path: Path) -> None:
    folder = tmp_path / "cc"
    Cache(folder).store_rules("k" * 64, {})
    assert (folder / "CACHEDIR.TAG").is_file()
    assert clean(folder) is True and not folder.exists()
    assert clean(folder) is False
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ClaimcheckError, match="not a claimcheck cache"):
        clean(tmp_path / "precious")
    assert (tmp_path / "precious" / "notes.md").exists()


def test_unwritable_cache_folder_costs_only_the_speed_up(articles: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(blocker / "cache"))
    report = cached_run(str(articles))
    assert len(report.files) == 2 and not report.errors


def _run_into(folder: str, out: str) -> None:
    from claimcheck.formatters import FormatOptions, render

    report = check_paths([folder], RunOptions(no_config=True, cache=True))
    Path(out).write_text(render("json", report, FormatOptions()), encoding="utf-8")


def test_two_runs_at_once_share_one_cache(articles: Path, tmp_path: Path) -> None:
    import multiprocessing

    for index in range(6):
        (articles / f"more-{index}.md").write_text(CLAIM + f"\nPart {index} of the series.\n", encoding="utf-8")
    context = multiprocessing.get_context("fork")  # the children share this session's loaded linter
    runs = [context.Process(target=_run_into, args=(str(articles), str(tmp_path / f"out{i}.json"))) for i in (1, 2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(120)
        assert run.exitcode == 0
    first, second = ((tmp_path / f"out{i}.json").read_text(encoding="utf-8") for i in (1, 2))
    assert first == second and json.loads(first)["summary"]["files"] == 8
    cache = Path(os.environ[cache_module.ENV_CACHE_DIR])
    entries = list(cache.rglob("files/*/*.json"))
    assert len(entries) == 8
    for entry in entries:
        assert json.loads(entry.read_bytes())["key"] == entry.stem  # never a torn entry
    assert not list(cache.rglob("*.tmp"))


_CLI = """
import sys
from claimcheck.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    sys.stderr.write(f"exit={exc.code} spacy_imported={'spacy' in sys.modules}\\n")
"""


def test_a_fully_cached_run_does_not_import_spacy(articles: Path) -> None:
    from claimcheck.formatters import FormatOptions, render

    expected = render("json", cached_run(str(articles)), FormatOptions())
    for output_format in ("json", "sarif"):
        done = subprocess.run([sys.executable, "-c", _CLI, "check", "--no-config", "--format", output_format,
                               str(articles)], capture_output=True, timeout=120)
        assert b"exit=1 spacy_imported=False" in done.stderr, done.stderr
        if output_format == "json":
            assert json.loads(done.stdout)["files"] == json.loads(expected)["files"]
        else:  # SARIF rule descriptors come from the cached rule metadata
            rules = json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]
            assert {"overclaim.cure", "disclaimer.missing-disclaimer"} <= {r["id"] for r in rules}
    # An edited file is linted in a fresh process with the pipeline unpickled from the compiled data.
    (articles / "b.txt").write_text(CAREFUL + "\nThis vaccine cures every cancer.\n", encoding="utf-8")
    api.Linter(compiled=True)  # stores the compiled data in this test's cache folder
    assert list(Path(os.environ[cache_module.ENV_CACHE_DIR]).glob("compiled/*.pickle"))
    done = subprocess.run([sys.executable, "-c", _CLI, "check", "--no-config", "--format", "json", str(articles)],
                          capture_output=True, timeout=120)
    assert b"exit=1 spacy_imported=True" in done.stderr and b"internal error" not in done.stderr, done.stderr
    edited = json.loads(done.stdout)["files"][1]
    assert "overclaim.cure" in [f["rule"] for f in edited["findings"]]


def test_compiled_data_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 linter) -> None:  # type: ignore[no-untyped-def]
    import claimcheck.pipeline
    import claimcheck.rules

    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(tmp_path / "cc"))
    api.Linter(compiled=True)  # stores the loaded rules and reference
    [pickled] = list((tmp_path / "cc" / "compiled").glob("*.pickle"))

    def no_yaml(_folders: tuple[str, ...]) -> None:
        raise AssertionError("rules were parsed from YAML although compiled data was stored")

    monkeypatch.setattr(claimcheck.rules, "cached_rules", no_yaml)
    monkeypatch.setattr(claimcheck.pipeline, "cached_pipeline", no_yaml)
    reused = api.Linter(compiled=True)
    assert reused.nlp is not linter.nlp  # the pipeline and rule set came from the pickle
    assert reused.rule_infos() == linter.rule_infos()
    text = (ROOT / "samples" / "overclaim-clinic-page.md").read_text(encoding="utf-8")
    assert reused.check_text(text, "x.md") == linter.check_text(text, "x.md")
    pickled.write_bytes(b"\x80\x05garbage")  # corrupt: ignored, rebuilt from YAML and rewritten
    monkeypatch.undo()
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(tmp_path / "cc"))
    assert cache_module.load_compiled(pickled.stem) is None
    api.Linter(compiled=True)
    assert cache_module.load_compiled(pickled.stem) is not None


def test_cli_no_cache_and_cache_clean(articles: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import main

    folder = tmp_path / "cache"
    skipped = CliRunner().invoke(main, ["check", "--no-config", "--no-cache", "--jobs", "1", str(articles)])
    # No results are read or written; the compiled rules and pipeline (never a result) may be.
    assert skipped.exit_code == 1 and not list(folder.rglob("files")) and not list(folder.rglob("rules"))
    CliRunner().invoke(main, ["check", "--no-config", "--jobs", "1", str(articles)])
    assert list(folder.rglob("files/*/*.json"))
    cleaned = CliRunner().invoke(main, ["cache", "clean", str(articles)])
    assert cleaned.exit_code == 0 and cleaned.stdout.strip() == f"removed {folder.resolve()}"
    assert not folder.exists()
    again = CliRunner().invoke(main, ["cache", "clean", str(articles)])
    assert again.exit_code == 0 and again.stdout.startswith("no cache at")


def test_no_cache_still_loads_the_compiled_data(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--no-cache is about results: the rules, reference and pipeline still come from the compiled
    data (keyed on the data and code, so they cannot change a finding), and nothing is stored."""
    import claimcheck.pipeline
    import claimcheck.rules

    api.Linter(compiled=True)  # stores the compiled data under $CLAIMCHECK_CACHE_DIR/compiled
    api.get_linter.cache_clear()

    def no_yaml(_folders: tuple[str, ...]) -> None:
        raise AssertionError("rules were parsed from YAML although compiled data was stored")

    monkeypatch.setattr(claimcheck.rules, "cached_rules", no_yaml)
    monkeypatch.setattr(claimcheck.pipeline, "cached_pipeline", no_yaml)
    try:
        report = check_paths([str(articles)], RunOptions(no_config=True, cache=False, compiled=True))
    finally:
        api.get_linter.cache_clear()
    assert [f.path for f in report.files] == [str(articles / "a.md"), str(articles / "b.txt")]
    assert "overclaim.cure" in [f.rule for f in report.files[0].findings]
    assert not list(Path(os.environ[cache_module.ENV_CACHE_DIR]).rglob("files"))
