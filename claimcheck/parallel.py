"""Linting many files on several cores: a process pool whose workers build the pipeline once.

The reports come back in the order of the tasks whatever the number of workers, so `--jobs 4`
prints exactly what `--jobs 1` prints. Small runs stay in this process: starting workers and
building their pipelines costs more than it saves on a few short articles.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from claimcheck.config import Config
from claimcheck.finding import FileReport

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

# Below this much text a run stays in one process (about ten articles of 800 words).
MIN_PARALLEL_CHARS = 50_000


@dataclass(frozen=True)
class LintTask:
    """One read file to lint: what `api.lint_source` needs, in a form a worker can be sent."""

    display: str
    text: str
    path: str
    config: Config
    kind: str | None
    compiled: bool = False  # use the compiled-data cache (RunOptions.compiled)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), not every core of the machine."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def lint_task(task: LintTask) -> tuple[FileReport, bool]:
    from claimcheck.api import lint_source

    return lint_source(task.display, task.text, task.path, task.config, task.kind, task.compiled)


def _lint_remote(task: LintTask) -> tuple[FileReport, bool, bool]:
    """`lint_task` in a worker; the report's text, when it is the task's own, is left out of the
    reply (the parent has it) so it is not pickled back. The flag says it was left out."""
    report, cacheable = lint_task(task)
    if report.text is not None and report.text == task.text:
        return replace(report, text=None), cacheable, True
    return report, cacheable, False


def _start_worker(linter_keys: tuple[tuple[tuple[str, ...], tuple[str, ...], str | None, bool], ...]) -> None:
    """Build each linter the tasks need once, before the first task (a no-op after fork when the
    parent had built it already)."""
    from claimcheck.api import get_linter

    for rules, reference, spacy_model, compiled in linter_keys:
        get_linter(rules, reference, spacy_model, compiled)


def _pool_context() -> BaseContext:
    import multiprocessing

    # fork shares the parent's loaded modules (and linter, if built) at no cost; elsewhere spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def lint_tasks(tasks: Sequence[LintTask], jobs: int) -> list[tuple[FileReport, bool]]:
    """Each task's (report, cacheable), in task order; up to `jobs` worker processes."""
    workers = min(jobs, len(tasks))
    if workers <= 1 or sum(len(t.text) for t in tasks) < MIN_PARALLEL_CHARS:
        return [lint_task(task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    keys = tuple(dict.fromkeys((t.config.rules, t.config.reference, t.config.spacy_model, t.compiled)
                               for t in tasks))
    # Longest first, so one big file does not start last and keep a worker busy alone at the end;
    # in chunks of neighbours, so a short article costs one message per chunk rather than its own.
    # Small chunks (16 a worker): the last chunk, which one worker runs while the others may be
    # done, is then a few short articles (with 4 a worker, 30 of 240 articles: about 0.7 s alone).
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i].text))
    chunk = max(1, len(tasks) // (workers * 16))
    context = _pool_context()
    forked = context.get_start_method() == "fork"
    if forked:
        import gc

        _start_worker(keys)  # built once here, and shared with every worker by fork
        gc.freeze()  # the built objects stay out of the workers' collections (and their pages unshared)
    results: list[tuple[FileReport, bool] | None] = [None] * len(tasks)
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=None if forked else _start_worker,
                                 initargs=() if forked else (keys,)) as pool:
            replies = pool.map(_lint_remote, [tasks[i] for i in order], chunksize=chunk)
            for index, (report, cacheable, text_left_out) in zip(order, replies, strict=True):
                results[index] = (replace(report, text=tasks[index].text) if text_left_out else report, cacheable)
    finally:
        if forked:
            gc.unfreeze()
    return [r for r in results if r is not None]
