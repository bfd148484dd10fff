"""Changed-lines mode against a real temporary git repository."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from claimcheck.errors import ConfigError
from claimcheck.finding import Category, FileReport, Finding, Position, Report, Scope, Severity
from claimcheck.gitdiff import changed_lines, filter_report, parse_diff

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "user.name", "Test")
    git(root, "config", "commit.gpgsign", "false")
    (root / "docs" / "a.md").write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    (root / "docs" / "same.md").write_text("unchanged\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "initial")
    return root


def test_modified_lines_and_untracked_files(repo: Path) -> None:
    lines = (repo / "docs" / "a.md").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "line 3 edited\n"
    lines[6:8] = ["line 7 edited\n", "inserted\n", "line 8 edited\n"]
    del lines[0]
    (repo / "docs" / "a.md").write_text("".join(lines), encoding="utf-8")
    (repo / "docs" / "new.md").write_text("brand new\n", encoding="utf-8")
    changed = changed_lines(["docs/a.md", "docs/same.md", "docs/new.md"], "HEAD", cwd=repo)
    assert changed == {"docs/a.md": {2, 6, 7, 8}, "docs/same.md": set(), "docs/new.md": None}


def test_keys_are_paths_as_given_from_a_subdirectory(repo: Path) -> None:
    (repo / "docs" / "a.md").write_text("changed first line\n" + "".join(f"line {n}\n" for n in range(2, 11)),
                                        encoding="utf-8")
    changed = changed_lines(["./a.md", str(repo / "docs" / "a.md")], "HEAD", cwd=repo / "docs")
    assert changed == {"./a.md": {1}, str(repo / "docs" / "a.md"): {1}}


def test_file_added_since_base_is_wholly_changed(repo: Path) -> None:
    (repo / "docs" / "added.md").write_text("one\ntwo\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "add")
    assert changed_lines(["docs/added.md"], "HEAD~1", cwd=repo) == {"docs/added.md": None}
    assert changed_lines(["docs/added.md"], "HEAD", cwd=repo) == {"docs/added.md": set()}


def test_outside_a_repository_is_a_config_error(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(ConfigError, match="needs a git repository"):
        changed_lines(["a.md"], "HEAD", cwd=outside)


def test_unknown_revision_is_a_config_error(repo: Path) -> None:
    with pytest.raises(ConfigError, match="unknown git revision 'no-such-branch'"):
        changed_lines(["docs/a.md"], "no-such-branch", cwd=repo)
    with pytest.raises(ConfigError, match="unknown git revision '--output=x'"):
        changed_lines(["docs/a.md"], "--output=x", cwd=repo)


def test_missing_git_is_a_config_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-bin-here"))
    with pytest.raises(ConfigError, match="git is not installed"):
        changed_lines(["docs/a.md"], "HEAD", cwd=repo)


def test_parse_diff_hunks_deletions_and_quoted_names() -> None:
    diff = (
        "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n"
        "@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +10,3 @@ heading\n+x\n+++ not a header\n+y\n"
        "@@ -20,2 +21,0 @@\n--- not a header\n-z\n"
        '--- a/"sp\\303\\251cial.md"\n+++ "b/sp\\303\\251cial.md"\n@@ -1,0 +2,2 @@\n+p\n+q\n'
        "--- /dev/null\n+++ b/new.md\n@@ -0,0 +1,2 @@\n+one\n+two\n\\ No newline at end of file\n"
        "--- a/gone.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"
    )
    assert parse_diff(diff) == {"x.md": {3, 10, 11, 12}, "spécial.md": {2, 3}, "new.md": None}


def span(line: int, end_line: int | None = None, end_column: int = 9) -> Finding:
    return Finding(rule="overclaim.cure", category=Category.OVERCLAIM, severity=Severity.ERROR, message="m",
                   offset=line * 100, end_offset=line * 100 + 8, start=Position(line, 1),
                   end=Position(end_line or line, end_column), sentence="s")


def document() -> Finding:
    return Finding(rule="disclaimer.missing", category=Category.DISCLAIMER, severity=Severity.INFO,
                   message="m", scope=Scope.DOCUMENT)


def test_filter_report_keeps_findings_on_changed_lines() -> None:
    report = Report(files=(
        FileReport(path="a.md",
                   findings=(document(), span(2), span(4, 6), span(8, 9, end_column=1), span(9))),
        FileReport(path="same.md", findings=(document(), span(1))),
        FileReport(path="new.md", findings=(document(), span(1))),
        FileReport(path="bad.md", error="cannot read"),
        FileReport(path="unknown.md", findings=(span(3),)),
    ))
    changed = {"a.md": {5, 9}, "same.md": set(), "new.md": None, "bad.md": set()}
    filtered = filter_report(report, changed)
    assert filtered.files[0].findings == (document(), span(4, 6), span(9))  # 8..9 ending at 9:1 covers only 8
    assert filtered.files[1].findings == ()
    assert filtered.files[2].findings == report.files[2].findings
    assert filtered.files[3].error == "cannot read"
    assert filtered.files[4].findings == (span(3),)


def test_unusual_file_names(repo: Path) -> None:
    odd = repo / "docs" / 'my "notes" \u00e9.md'
    odd.write_text("one\ntwo\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "odd name")
    odd.write_text("one\n-- two\n++ three\n", encoding="utf-8")
    assert changed_lines([str(odd)], "HEAD", cwd=repo) == {str(odd): {2, 3}}
