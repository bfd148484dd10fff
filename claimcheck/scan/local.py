"""`--engine local`: a pool of worker processes on this machine, each with its own Linter.

Tasks are handed out a few at a time (at most two per worker in flight) and each worker reads its
task's rows and writes its own parts, so the parent holds only small results and memory stays
bounded whatever the dataset's size. A worker that dies (killed, out of memory) breaks the pool:
the pool is started again and the unfinished tasks are retried, up to MAX_ATTEMPTS times each.
"""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from claimcheck.scan.dataset import Task
from claimcheck.scan.worker import ArticleLinter, Job, TaskResult, fail_task, run_task

MAX_ATTEMPTS = 3
IN_FLIGHT_PER_WORKER = 2

# The pool initializer's per-process linter: a process pool offers no other place to keep it.
_process_linter: ArticleLinter | None = None


def _start_worker(job: Job) -> None:
    global _process_linter
    _die_with_parent()
    _process_linter = ArticleLinter(job)


def _die_with_parent() -> None:
    """On Linux, a worker whose parent is killed (even by SIGKILL) is killed too, not left writing parts."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _run_in_worker(task: Task) -> TaskResult:
    assert _process_linter is not None, "the pool initializer builds the linter"
    return run_task(task, _process_linter)


def run_local(tasks: tuple[Task, ...], job: Job, workers: int) -> Iterator[TaskResult]:
    """Results as tasks finish (in no particular order); one worker runs in this process."""
    if workers <= 1:
        linter = ArticleLinter(job)
        for task in tasks:
            yield run_task(task, linter)
        return
    remaining = deque(tasks)
    attempts: dict[int, int] = {}
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    while remaining:
        pending: dict[Future[TaskResult], Task] = {}
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(job,))
        try:
            while remaining or pending:
                while remaining and len(pending) < workers * IN_FLIGHT_PER_WORKER:
                    task = remaining.popleft()
                    pending[pool.submit(_run_in_worker, task)] = task
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    result = future.result()  # BrokenProcessPool if a worker died
                    del pending[future]
                    yield result
        except BrokenProcessPool:
            for future, task in sorted(pending.items(), key=lambda item: item[1].index, reverse=True):
                if future.done() and not future.cancelled() and future.exception() is None:
                    yield future.result()
                    continue
                attempts[task.index] = attempts.get(task.index, 0) + 1
                if attempts[task.index] >= MAX_ATTEMPTS:
                    yield fail_task(task, job, f"not linted: a worker process died {MAX_ATTEMPTS} times on this batch")
                else:
                    remaining.appendleft(task)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
