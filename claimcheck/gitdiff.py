"""Changed-lines mode (`--diff-base REV`): report only findings on lines changed since a git revision.

The diff is taken against the working tree, so staged, unstaged and untracked edits all count; that is
what both a pre-commit hook and a pull-request job want.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

from claimcheck.errors import ConfigError
from claimcheck.finding import Finding, Position, Report

_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", "--literal-pathspecs", *args],
            cwd=cwd, capture_output=True, encoding="utf-8", errors="surrogateescape", check=False)
    except OSError as exc:
        raise ConfigError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise ConfigError(f"git {args[0]} failed: {detail[-1] if detail else f'exit code {done.returncode}'}")
    return done.stdout


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names ("a\\303\\251.md")."""
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    raw = bytearray()
    body, index = name[1:-1], 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            following = body[index + 1]
            if following in "01234567":
                raw.append(int(body[index + 1:index + 4], 8))
                index += 4
                continue
            raw.append(_C_ESCAPES.get(following, ord(following)))
            index += 2
            continue
        raw.extend(char.encode("utf-8", "surrogateescape"))
        index += 1
    return raw.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int] | None]:
    """New-side line numbers per file (paths relative to the repository root); None for added files."""
    changed: dict[str, set[int] | None] = {}
    current: str | None = None
    added = False
    old_left = new_left = 0  # hunk body lines still to come, so "--- x" inside a body is not a header
    for line in diff.splitlines():
        if old_left or new_left:
            if line.startswith("-"):
                old_left -= 1
            elif line.startswith("+"):
                new_left -= 1
            continue
        if line.startswith("--- "):
            added = line == "--- /dev/null"
        elif line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            current = None if name == "/dev/null" else name.removeprefix("b/")
            if current is not None:
                changed[current] = None if added else changed.get(current, set())
        elif match := _HUNK.match(line):
            old_left, new_left = int(match.group(1) or 1), int(match.group(3) or 1)
            start = int(match.group(2))
            lines = changed.get(current) if current is not None else None
            if lines is not None:
                lines.update(range(start, start + new_left))
    return changed


def changed_lines(paths: list[str], base: str, cwd: Path | None = None) -> dict[str, set[int] | None]:
    """For each path as given: the lines changed since `base`, None if the whole file is new, or an
    empty set if it is unchanged. Pass files, not directories (e.g. the paths of a Report)."""
    workdir = Path(cwd) if cwd is not None else Path.cwd()
    if shutil.which("git") is None:
        raise ConfigError("--diff-base needs git, and git is not installed (or not on PATH)")
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], workdir).strip())
    except ConfigError as exc:
        raise ConfigError(f"--diff-base needs a git repository, and {workdir} is not inside one "
                          f"({exc.problem})") from None
    if not _is_commit(base, workdir):
        raise ConfigError(
            f"--diff-base: unknown git revision {base!r} (in a shallow CI checkout, fetch it first, "
            "e.g. `git fetch origin main`, or check out with fetch-depth: 0)")
    # standard input has no history: all of it counts as changed
    result: dict[str, set[int] | None] = {path: None if path == "-" else set() for path in paths}
    files = [path for path in paths if path != "-"]
    if not files:
        return result
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "-M", "--src-prefix=a/",
                 "--dst-prefix=b/", base, "--", *files], workdir)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", *files],
                     workdir)
    by_location: dict[Path, set[int] | None] = {}
    for name, lines in parse_diff(diff).items():
        by_location[_location(top / name)] = lines
    for name in untracked.split("\0"):
        if name:
            by_location[_location(top / name)] = None
    for path in files:
        location = _location(workdir / path)
        if location in by_location:
            result[path] = by_location[location]
    return result


def _is_commit(base: str, workdir: Path) -> bool:
    if base.startswith("-"):  # would be read as an option
        return False
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], workdir)
    except ConfigError:
        return False
    return True


def _location(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _finding_lines(start: Position, end: Position | None) -> range:
    """The lines a span covers; a span ending with a newline ends at column 1 of the next line."""
    end = end or start
    last = end.line - 1 if end.column == 1 and end.line > start.line else end.line
    return range(start.line, last + 1)


def filter_report(report: Report, changed: dict[str, set[int] | None]) -> Report:
    """Keep span findings that touch a changed line, document-level findings of changed files, and
    every file error. A file missing from `changed` is kept whole: we do not hide what we cannot judge."""
    files = []
    for file_report in report.files:
        key = file_report.path if file_report.path in changed else os.path.normpath(file_report.path)
        if key not in changed or changed[key] is None:
            files.append(file_report)
            continue
        lines = changed[key]
        kept = tuple(finding for finding in file_report.findings if _keep(finding, lines))
        files.append(replace(file_report, findings=kept))
    return replace(report, files=tuple(files))


def _keep(finding: Finding, lines: set[int]) -> bool:
    if finding.offset is None:
        return bool(lines)
    if finding.start is None:
        return True
    return any(line in lines for line in _finding_lines(finding.start, finding.end))
