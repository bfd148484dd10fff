"""What one worker process does with a task: read its rows, lint them, write its parts.

The same function serves the local process pool and Dask workers, so both engines give the same
rows. A row that cannot be linted becomes a summary row with an `error`, never a failed task.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.api import Linter, get_linter
from claimcheck.config import Config
from claimcheck.errors import ConfigError
from claimcheck.finding import FileReport
from claimcheck.scan.dataset import Columns, Row, Task, read_task
from claimcheck.scan.parts import Done, PartWriter, part_name
from claimcheck.scan.rows import finding_row, summary_row

MAX_ERRORS_PER_TASK = 5  # error rows a task reports back (all of them are in the summary table)
TEXT_FORMATS = {"markdown": "<scan>.md", "text": "<scan>.txt"}  # markup.parse picks the parser by suffix


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, sent to each worker once (not with every task)."""

    config: Config
    columns: Columns
    writer: PartWriter
    run: str
    batch_size: int
    text_format: str = "markdown"
    kind: str | None = None                    # --kind: overrides the kind column and front matter
    done: Done = Done()
    first_of_duplicate: Mapping[str, str] = field(default_factory=dict)

    def later_duplicate(self, row: Row) -> bool:
        """A row whose id an earlier row of the dataset already had."""
        return row.id is not None and self.first_of_duplicate.get(row.id, row.source) != row.source


@dataclass(frozen=True)
class TaskResult:
    task: int
    rows: int = 0
    linted: int = 0
    skipped: int = 0
    failed: int = 0
    findings: int = 0
    severities: Mapping[str, int] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    linter_build: str = ""                     # which process-level linter served it (pid:object)


class ArticleLinter:
    """One Linter per process, built on first use and kept for every later task."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.linter: Linter = get_linter(job.config.rules, job.config.reference, job.config.spacy_model)
        self.build = f"{os.getpid()}:{id(self.linter)}"

    def lint(self, row: Row) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        job = self.job
        if row.problem:
            return [], summary_row(row.id, row.source, row.path, row.kind, None, row.problem)
        if job.later_duplicate(row):
            return [], summary_row(row.id, row.source, row.path, row.kind, None,
                                   f"duplicate id (first at {job.first_of_duplicate[row.id or '']}); not linted",
                                   duplicate=True)
        config = job.config.for_file(Path(row.path)) if row.path and job.config.overrides else job.config
        kind = job.kind or row.kind
        report = self._check(row.text or "", config, kind)
        findings = [finding_row(row.id or "", f) for f in report.findings]
        return findings, summary_row(row.id, row.source, row.path, report.kind or kind or config.kind, report)

    def _check(self, text: str, config: Config, kind: str | None) -> FileReport:
        path = TEXT_FORMATS[self.job.text_format]
        try:
            return self.linter.check_text(text, path, config, kind)
        except ConfigError as exc:  # the article's own front matter names an unknown rule or kind
            return FileReport(path, (), f"front matter line {exc.line}: {exc.problem}" if exc.line else exc.problem)
        except Exception as exc:  # a bug must not cost the other articles their findings
            return FileReport(path, (), f"internal error while linting ({type(exc).__name__}: {exc}); please report it")


def run_task(task: Task, linter: ArticleLinter) -> TaskResult:
    """Lint a task's rows batch by batch; each batch not already done becomes one pair of parts."""
    return _each_batch(task, linter.job, linter.lint, linter.build)


def fail_task(task: Task, job: Job, reason: str) -> TaskResult:
    """Error rows for a task no worker could finish (its worker died again and again)."""
    def failed(row: Row) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        return [], summary_row(row.id, row.source, row.path, row.kind, None, reason, duplicate=job.later_duplicate(row))

    return _each_batch(task, job, failed, "")


def _each_batch(task: Task, job: Job, lint: Callable[[Row], tuple[list[dict[str, Any]], dict[str, Any]]],
                build: str) -> TaskResult:
    totals = _Totals()
    for number, batch in enumerate(read_task(task, job.columns, job.batch_size)):
        finding_rows: list[dict[str, Any]] = []
        summaries: list[dict[str, Any]] = []
        for row in batch:
            totals.rows += 1
            if job.done.covers(row.id, row.source, job.later_duplicate(row)):
                totals.skipped += 1
                continue
            findings, summary = lint(row)
            finding_rows.extend(findings)
            summaries.append(summary)
            totals.add(findings, summary)
        if summaries:
            job.writer.write(part_name(job.run, task.index, number), finding_rows, summaries)
    return totals.result(task.index, build)


@dataclass
class _Totals:
    rows: int = 0
    linted: int = 0
    skipped: int = 0
    failed: int = 0
    findings: int = 0
    severities: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, findings: list[dict[str, Any]], summary: dict[str, Any]) -> None:
        if summary["error"] is not None:
            self.failed += 1
            if len(self.errors) < MAX_ERRORS_PER_TASK:
                self.errors.append(f"{summary['source']}: {summary['error']}")
            return
        self.linted += 1
        self.findings += len(findings)
        for finding in findings:
            self.severities[finding["severity"]] = self.severities.get(finding["severity"], 0) + 1

    def result(self, task: int, build: str) -> TaskResult:
        return TaskResult(task, self.rows, self.linted, self.skipped, self.failed, self.findings,
                          dict(self.severities), tuple(self.errors), build)
