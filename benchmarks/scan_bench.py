#!/usr/bin/env python
"""Rows/s of `claimcheck scan` on a generated dataset: local pool vs a Dask LocalCluster.

Generates N short articles (the templates and names of bench.py, no text from anywhere else) as
one JSONL file, then times `claimcheck.scan.scan()` end to end on each engine, with the same
workers and batch size:

  inline   one process, no pool (the floor every engine is measured against);
  local    --engine local, a pool of W spawned worker processes;
  dask     --engine dask, a LocalCluster of W worker processes started by the scan.

Each figure is wall time from the call to its return: planning, starting workers, every worker
building its linter, linting and writing the parts. The linter of this process is loaded before
any timing, so no engine pays for the driver's own load. "Dask overhead" is the Dask run's time
minus the local run's, as seconds and as a share of the local time, in wall time and in CPU time
(this process plus its finished children: CPU time does not depend on what else the machine runs);
the script also times LocalCluster start-up alone, to tell the fixed cost from the per-task cost.

Run:  python benchmarks/scan_bench.py [--articles 10000] [--workers 2] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import Generator, Names, _reference_folder, cpu_model  # noqa: E402

from claimcheck.api import get_linter  # noqa: E402
from claimcheck.scan import ScanOptions, scan  # noqa: E402


def write_dataset(path: Path, articles: int, words: int, seed: int) -> int:
    corpus = Generator(seed, Names(_reference_folder())).corpus(articles, words)
    with open(path, "w", encoding="utf-8") as stream:
        for name, text in corpus:
            stream.write(json.dumps({"id": name.removesuffix(".md"), "text": text}) + "\n")
    return sum(len(text.split()) for _name, text in corpus)


def cpu_seconds() -> float:
    """CPU time of this process and of every finished child (pool workers, Dask nannies and workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_scan(dataset: Path, output: Path, engine: str, workers: int, batch_size: int) -> dict[str, float]:
    cpu = cpu_seconds()
    started = time.perf_counter()
    result = scan(ScanOptions(str(dataset), str(output), engine=engine, workers=workers, batch_size=batch_size))
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    return {"seconds": seconds, "rows": result.rows, "rows_per_second": result.rows / seconds,
            "cpu_seconds": cpu, "rows_per_cpu_second": result.rows / cpu, "load_average": os.getloadavg()[0],
            "findings": result.findings, "failed": result.failed, "linters": len(result.linter_builds)}


def cluster_startup(workers: int) -> float:
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=60, help="mean words per article (±20%%)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--seed", type=int, default=20241202)
    parser.add_argument("--engines", default="inline,local,dask")
    parser.add_argument("--json", dest="json_out", help="write the figures to this file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="scan-bench-"))
    dataset = work / "articles.jsonl"
    words = write_dataset(dataset, args.articles, args.words, args.seed)
    print(f"dataset: {args.articles:,} articles, {words:,} words, {dataset.stat().st_size / 1e6:.1f} MB JSONL")
    get_linter()  # the driver's own load, outside every timing
    figures: dict[str, object] = {
        "articles": args.articles, "words": words, "workers": args.workers, "batch_size": args.batch_size,
        "python": platform.python_version(), "cpu": cpu_model(), "cpus": os.cpu_count(),
    }
    runs: dict[str, dict[str, float]] = {}
    for engine in args.engines.split(","):
        workers = 1 if engine == "inline" else args.workers
        runs[engine] = timed_scan(dataset, work / f"out-{engine}", "local" if engine == "inline" else engine,
                                  workers, args.batch_size)
        run = runs[engine]
        print(f"{engine:<7} {workers} worker{'s' if workers > 1 else ' '}  {run['seconds']:7.1f} s  "
              f"{run['rows_per_second']:8.1f} rows/s  CPU {run['cpu_seconds']:6.1f} s "
              f"({run['rows_per_cpu_second']:.1f} rows/CPU-s)  {run['findings']:,} findings, {run['linters']} linters  "
              f"load {run['load_average']:.1f}")
    if len({run["findings"] for run in runs.values()}) > 1:
        print("warning: the engines found different numbers of findings", file=sys.stderr)
    if "local" in runs and "dask" in runs:
        overhead = runs["dask"]["seconds"] - runs["local"]["seconds"]
        startup = cluster_startup(args.workers)
        figures["dask_overhead_seconds"] = overhead
        figures["dask_overhead_share"] = overhead / runs["local"]["seconds"]
        figures["localcluster_startup_seconds"] = startup
        cpu_overhead = runs["dask"]["cpu_seconds"] - runs["local"]["cpu_seconds"]
        figures["dask_cpu_overhead_seconds"] = cpu_overhead
        print(f"Dask overhead: {overhead:+.1f} s wall ({overhead / runs['local']['seconds']:+.0%} of the local run), "
              f"{cpu_overhead:+.1f} CPU-s ({cpu_overhead / runs['local']['cpu_seconds']:+.0%}); "
              f"LocalCluster start-up alone: {startup:.1f} s")
    figures["runs"] = runs
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
