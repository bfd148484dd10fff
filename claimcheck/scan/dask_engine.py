"""`--engine dask`: the same tasks as a dask.bag on a Dask cluster (an existing one, or a LocalCluster).

Each worker gets the job once, through a worker plugin that also keeps the worker's Linter (built
on the worker's first task, in its task thread, and reused for every later task). Each task reads
its own slice of the dataset and writes its own parts, so reading and writing run in parallel on
the workers. When a worker is lost, the scheduler runs its tasks again elsewhere (part names are
fixed per task, so a retried task replaces whatever its first attempt wrote); a task that kills
`distributed.scheduler.allowed-failures` + 1 workers becomes error rows, not a failed scan.

Import this module only after `require_dask()`: it imports dask at the top.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

import dask.bag as db
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from claimcheck.scan.dataset import Task
from claimcheck.scan.worker import ArticleLinter, Job, TaskResult, fail_task, run_task


class LinterPlugin(WorkerPlugin):
    """The job and, once built, the Linter of one worker."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._linter: ArticleLinter | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:
        return {"job": self.job}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["job"])  # type: ignore[misc, arg-type]

    def linter(self) -> ArticleLinter:
        with self._lock:
            if self._linter is None:
                self._linter = ArticleLinter(self.job)
            return self._linter


def _lint_task(task: Task, plugin_name: str) -> TaskResult:
    plugin = get_worker().plugins[plugin_name]
    return run_task(task, plugin.linter())


def run_dask(tasks: tuple[Task, ...], job: Job, workers: int, scheduler: str | None) -> Iterator[TaskResult]:
    """Results as tasks finish, from a cluster at `scheduler` or a LocalCluster of `workers` processes."""
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    name = f"claimcheck-scan-{job.run}"
    try:
        client.register_plugin(LinterPlugin(job), name=name)
        if not tasks:
            return
        bag = db.from_sequence(tasks, partition_size=1).map(_lint_task, name)
        futures = client.compute(bag.to_delayed())
        task_of = {future.key: task for future, task in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            try:
                yield from future.result()
            except KilledWorker:
                yield fail_task(task_of[future.key], job, "not linted: the Dask workers running this batch died")
    finally:
        with contextlib.suppress(Exception):  # the cluster may already be gone: nothing to clean up then
            client.unregister_worker_plugin(name)
        client.close()
        if cluster is not None:
            cluster.close()
