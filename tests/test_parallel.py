"""parallel.py: --jobs N gives the reports of --jobs 1, in the same order; small runs stay in-process."""
from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimcheck.parallel as parallel
from claimcheck.api import RunOptions, check_paths
from claimcheck.cli import main
from claimcheck.config import Config
from claimcheck.parallel import LintTask, lint_tasks, usable_cores

SENTENCES = [
    "This miracle drug cures cancer.",
    "Pembrolizumab is a chemotherapy drug that kills fast-growing cells.",
    "Some patients have had long remissions in trials, but most have not.",
    "The vaccine has no side effects at all.",
    "Studies show the new treatment works for everyone.",
    "Talk to your care team about your treatment options.",
]


@pytest.fixture()
def many(tmp_path: Path) -> Path:
    """Fourteen articles of very different lengths (so that workers finish out of order)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(14):
        repeats = 1 + (index * 7) % 40
        body = "\n\n".join(f"{SENTENCES[(index + k) % len(SENTENCES)]} Part {k}." for k in range(repeats))
        (folder / f"article-{index:02d}.md").write_text(f"# Article {index}\n\n{body}\n", encoding="utf-8")
    return folder


@pytest.fixture()
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every run uses the pool however small it is; the list records each pool's worker count."""
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(workers: int, **kwargs: object) -> concurrent.futures.ProcessPoolExecutor:
        started.append(workers)
        return real(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)
    return started


def test_jobs_two_gives_the_reports_of_jobs_one_in_order(many: Path, pools: list[int]) -> None:
    one = check_paths([str(many)], RunOptions(no_config=True, jobs=1))
    two = check_paths([str(many)], RunOptions(no_config=True, jobs=2))
    assert [f.path for f in two.files] == sorted(str(p) for p in many.iterdir())
    assert two.files == one.files
    assert [f.text for f in two.files] == [f.text for f in one.files]  # not compared by ==
    assert all(f.text for f in two.files)
    assert two.rules == one.rules
    assert sum(len(f.findings) for f in two.files) > 14
    assert pools == [2]


def test_cli_output_is_identical_with_jobs(many: Path, pools: list[int]) -> None:
    runs = [CliRunner().invoke(main, ["check", "--no-config", "--no-cache", "--format", "json", "--jobs", jobs,
                                      str(many)]) for jobs in ("1", "2")]
    assert runs[0].exit_code == runs[1].exit_code == 1
    assert runs[0].stdout == runs[1].stdout
    assert pools == [2]


def test_small_runs_do_not_start_a_pool(monkeypatch: pytest.MonkeyPatch, linter) -> None:  # type: ignore[no-untyped-def]
    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a pool was started for a small run")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    tasks = [LintTask(f"{i}.md", SENTENCES[i], f"{i}.md", Config(), None) for i in range(3)]
    results = lint_tasks(tasks, jobs=8)
    assert [report for report, _cacheable in results] == [linter.check_text(t.text, t.path) for t in tasks]
    assert results[0][0].findings
    assert lint_tasks(tasks[:1], jobs=1)[0][0].path == "0.md"


def test_a_bug_in_one_file_is_reported_and_not_cacheable(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.api import Linter

    def broken(self: Linter, text: str, path: str = "", config: object = None, kind: object = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Linter, "check_text", broken)
    [(report, cacheable)] = lint_tasks([LintTask("x.md", "text", "x.md", Config(), None)], jobs=1)
    assert report.error and "RuntimeError: boom" in report.error
    assert cacheable is False


def test_usable_cores_follows_the_affinity() -> None:
    import os

    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert usable_cores() == expected
