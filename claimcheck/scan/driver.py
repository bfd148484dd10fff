"""`scan()`: lint every article of a dataset with an engine, and write findings and summary tables.

Pure like the rest of the API: it prints nothing (progress goes to a callback) and raises
`ClaimcheckError` for a bad dataset, option or configuration; a bad row is an error row.
"""
from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck import __version__
from claimcheck.api import RunOptions, _check_selectors, effective_config, get_linter
from claimcheck.errors import ClaimcheckError
from claimcheck.scan.dataset import Columns, dataset_files, plan
from claimcheck.scan.parts import OUTPUT_FORMATS, PartWriter, check_format_available, prepare, stored_format
from claimcheck.scan.worker import TEXT_FORMATS, Job, TaskResult

ENGINES = ("local", "dask")
DASK_HINT = '--engine dask needs the dask extra: pip install "claimcheck[dask]"'


@dataclass(frozen=True)
class ScanOptions:
    dataset: str
    output: str
    engine: str = "local"
    workers: int | None = None           # default: one per CPU
    scheduler: str | None = None         # dask: address of an existing scheduler
    columns: Columns = Columns()
    text_format: str = "markdown"        # how to read each text: markdown | text
    output_format: str | None = None     # parquet | jsonl; default from FINDINGS' suffix, else the dataset's
    batch_size: int = 500
    resume: bool = False
    lint: RunOptions = RunOptions()      # select, ignore, kind, config, rules, reference: as for `check`


@dataclass(frozen=True)
class ScanResult:
    rows: int                            # rows in the dataset
    linted: int
    skipped: int                         # already done by an earlier run (--resume)
    failed: int                          # error rows written this run
    findings: int
    severities: dict[str, int]
    errors: tuple[str, ...]              # the first few error rows, as "source: problem"
    seconds: float
    output_format: str
    linter_builds: frozenset[str] = field(default_factory=frozenset)


def require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ClaimcheckError(DASK_HINT) from None


def scan(options: ScanOptions, on_progress: Callable[[int, int], None] | None = None) -> ScanResult:
    """Lint the dataset into options.output; `on_progress(rows done, rows in all)` after each task."""
    started = time.monotonic()
    if options.engine not in ENGINES:
        raise ClaimcheckError(f"unknown engine {options.engine!r} (expected {', '.join(ENGINES)})")
    if options.text_format not in TEXT_FORMATS:
        raise ClaimcheckError(f"unknown text format {options.text_format!r} (expected {', '.join(TEXT_FORMATS)})")
    if options.scheduler and options.engine != "dask":
        raise ClaimcheckError("--scheduler needs --engine dask")
    if options.engine == "dask":
        require_dask()
    if options.batch_size < 1:
        raise ClaimcheckError("--batch-size must be at least 1")
    files = dataset_files(options.dataset)
    config = effective_config("-", options.lint)
    _check_selectors(config, options.lint, [r.id for r in get_linter(config.rules, config.reference, config.spacy_model).rules])
    root = Path(options.output)
    output_format = _output_format(options, root, files)
    check_format_available(output_format)
    meta = {"claimcheck": __version__, "dataset": options.dataset, "output_format": output_format,
            "columns": vars(options.columns), "text_format": options.text_format,
            "select": list(config.select), "ignore": list(config.ignore), "kind": options.lint.kind}
    done = prepare(root, meta, options.resume)
    work = plan(files, options.columns, options.batch_size)
    job = Job(config, options.columns, PartWriter(str(root.resolve()), output_format), uuid.uuid4().hex[:8],
              options.batch_size, options.text_format, options.lint.kind, done, work.first_of_duplicate)
    workers = options.workers or os.cpu_count() or 1
    if options.engine == "dask":
        from claimcheck.scan.dask_engine import run_dask

        results = run_dask(work.tasks, job, workers, options.scheduler)
    else:
        from claimcheck.scan.local import run_local

        results = run_local(work.tasks, job, workers)
    return _collect(results, work.total_rows, output_format, started, on_progress)


def _output_format(options: ScanOptions, root: Path, files: list[Path]) -> str:
    if options.output_format:
        if options.output_format not in OUTPUT_FORMATS:
            raise ClaimcheckError(f"unknown output format {options.output_format!r} (expected parquet or jsonl)")
        return options.output_format
    earlier = stored_format(root) if options.resume else None
    if earlier:
        return earlier
    for suffix, name in ((".parquet", "parquet"), (".jsonl", "jsonl")):
        if root.name.lower().endswith(suffix):
            return name
    return "parquet" if files[0].suffix.lower() in (".parquet", ".pq") else "jsonl"


def _collect(results: Iterable[TaskResult], total: int, output_format: str, started: float,
             on_progress: Callable[[int, int], None] | None) -> ScanResult:
    rows = linted = skipped = failed = findings = 0
    severities: dict[str, int] = {}
    errors: list[str] = []
    builds: set[str] = set()
    for result in results:
        rows += result.rows
        linted += result.linted
        skipped += result.skipped
        failed += result.failed
        findings += result.findings
        for severity, count in result.severities.items():
            severities[severity] = severities.get(severity, 0) + count
        errors.extend(result.errors[:max(0, 10 - len(errors))])
        if result.linter_build:
            builds.add(result.linter_build)
        if on_progress:
            on_progress(rows, total)
    return ScanResult(rows, linted, skipped, failed, findings, severities, tuple(errors),
                      time.monotonic() - started, output_format, frozenset(builds))
