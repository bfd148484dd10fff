"""`claimcheck scan`: datasets in, findings and summary tables out, on the local pool and on Dask.

The datasets are generated here from a few fixture articles written for these tests. Dask tests run
on a LocalCluster of 2 worker processes, shared by the module.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimcheck.api import Linter
from claimcheck.cli import main
from claimcheck.scan import Columns, ScanOptions, scan
from claimcheck.scan.progress import final_line, progress_line

DRUGS = ("pembrolizumab", "nivolumab", "ipilimumab", "atezolizumab")
CANCERS = ("melanoma", "lung cancer", "kidney cancer")
TEMPLATES = (
    "# {drug} for {cancer}\n\n{Drug} cures {cancer}. It has no side effects at all.\n",
    "# What to ask your team\n\nSome people with {cancer} respond to {drug}; tiredness and rashes are common "
    "side effects. Talk to your doctor about your own options.\n",
    "Immunotherapy is a miracle breakthrough that works for everyone with {cancer}.\n",
    "Our clinic's claim list says `{drug} cures {cancer}` and we quote it only to correct it.\n",
    "",
)


def articles(count: int, start: int = 0) -> list[dict[str, Any]]:
    rows = []
    for number in range(start, start + count):
        drug, cancer = DRUGS[number % len(DRUGS)], CANCERS[number % len(CANCERS)]
        text = TEMPLATES[number % len(TEMPLATES)].format(drug=drug, Drug=drug.capitalize(), cancer=cancer)
        row: dict[str, Any] = {"id": f"a{number:03d}", "text": text}
        if number % 7 == 3:
            row["kind"] = "news"
        rows.append(row)
    return rows


def long_articles(count: int) -> list[dict[str, Any]]:
    """Articles long enough (~2,000 words) that a scan of a few dozen takes some seconds."""
    rows = articles(count)
    for row in rows:
        row["text"] = "\n\n".join([TEMPLATES[0].format(drug="nivolumab", Drug="Nivolumab", cancer="melanoma"),
                                   *(TEMPLATES[1].format(drug=d, cancer=c) for d in DRUGS for c in CANCERS)] * 6)
    return rows


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows),
                    encoding="utf-8")
    return path


def write_parquet(path: Path, rows: list[dict[str, Any]], row_group_size: int = 4) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    columns = {name: [row.get(name) for row in rows] for name in ("id", "text", "kind")}
    pq.write_table(pa.table(columns), path, row_group_size=row_group_size)
    return path


def read_table(folder: Path, table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in sorted((folder / table).iterdir()):
        if part.suffix == ".jsonl":
            rows += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
        elif part.suffix == ".parquet":
            import pyarrow.parquet as pq

            rows += pq.read_table(part).to_pylist()
    return rows


def tables(folder: Path, drop: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """Both tables as sorted JSON strings, so runs compare regardless of part order and names."""
    def canonical(rows: list[dict[str, Any]]) -> list[str]:
        return sorted(json.dumps({k: v for k, v in row.items() if k not in drop}, sort_keys=True) for row in rows)

    return canonical(read_table(folder, "findings")), canonical(read_table(folder, "summary"))


def run_scan(dataset: Path, output: Path, **options: Any) -> Any:
    options.setdefault("workers", 1)
    options.setdefault("batch_size", 3)
    return scan(ScanOptions(str(dataset), str(output), **options))


def wait_for_parts(output: Path, count: int, running: Any, timeout: float = 60) -> None:
    """Until `count` summary parts are written (or the scan stops, or the timeout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and running():
        if len(list((output / "summary").glob("*.jsonl"))) >= count:
            return
        time.sleep(0.02)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, ["scan", *args])


# -- rows ------------------------------------------------------------------------------------------

def test_rows_are_the_findings_of_check_text(tmp_path: Path, linter: Linter) -> None:
    rows = articles(10)
    result = run_scan(write_jsonl(tmp_path / "d.jsonl", rows), tmp_path / "out")
    findings = read_table(tmp_path / "out", "findings")
    summary = {row["id"]: row for row in read_table(tmp_path / "out", "summary")}
    assert result.rows == result.linted == 10 and result.failed == 0
    for row in rows:
        report = linter.check_text(row["text"], "<scan>.md", None, row.get("kind"))
        expected = [(f.rule, (f.start.line, f.start.column) if f.start else (None, None), f.text)
                    for f in report.findings]
        got = [(f["rule"], (f["line"], f["column"]), f["text"]) for f in findings if f["id"] == row["id"]]
        assert sorted(got, key=str) == sorted(expected, key=str)
        assert summary[row["id"]]["findings"] == len(report.findings)
        assert summary[row["id"]]["kind"] == report.kind  # given, or inferred from the text
    cure = next(f for f in findings if f["id"] == "a000" and f["rule"] == "overclaim.cure")
    assert (cure["line"], cure["column"], cure["end_line"], cure["end_column"]) == (3, 15, 3, 29)
    assert cure["text"] == "cures melanoma" and cure["category"] == "overclaim" and cure["severity"] == "error"
    assert cure["scope"] == "span" and cure["offset"] == 44 and cure["suggestion"]
    assert summary["a000"]["category_overclaim"] >= 1 and summary["a000"]["severity_error"] >= 2
    assert summary["a004"]["findings"] == 0 and summary["a004"]["error"] is None  # the empty article


def test_text_format_lints_what_markdown_treats_as_code(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", [{"id": "x", "text": "Our old flyer said: `Nivolumab cures melanoma.`\n"}])
    run_scan(dataset, tmp_path / "md")
    run_scan(dataset, tmp_path / "txt", text_format="text")
    assert [f["rule"] for f in read_table(tmp_path / "md", "findings")] == []
    assert "overclaim.cure" in [f["rule"] for f in read_table(tmp_path / "txt", "findings")]


def test_jsonl_and_parquet_in_and_out_give_the_same_rows(tmp_path: Path) -> None:
    rows = articles(14)
    jsonl = write_jsonl(tmp_path / "in" / "d.jsonl", rows)
    parquet = write_parquet(tmp_path / "pq" / "d.parquet", rows)
    for name, dataset in (("j", jsonl), ("p", parquet)):
        for output_format in ("jsonl", "parquet"):
            result = run_scan(dataset, tmp_path / f"{name}-{output_format}", output_format=output_format)
            assert result.rows == 14 and result.output_format == output_format
    reference = tables(tmp_path / "j-jsonl", drop=("source",))
    assert reference[0] and len(reference[1]) == 14
    for folder in ("j-parquet", "p-jsonl", "p-parquet"):
        assert tables(tmp_path / folder, drop=("source",)) == reference, folder
    parts = {p.suffix for p in (tmp_path / "p-parquet" / "summary").iterdir()}
    assert parts == {".parquet"}


def test_parquet_folder_reads_with_pandas_and_types_are_stable(tmp_path: Path) -> None:
    import pandas as pd

    run_scan(write_jsonl(tmp_path / "d.jsonl", articles(9)), tmp_path / "out.parquet")  # suffix picks parquet
    summary = pd.read_parquet(tmp_path / "out.parquet" / "summary")
    findings = pd.read_parquet(tmp_path / "out.parquet" / "findings")  # some parts hold no finding at all
    assert len(summary) == 9 and summary["findings"].sum() == len(findings)
    assert set(findings["id"]) <= set(summary["id"])


def test_dataset_as_folder_or_glob(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "parts" / "part-1.jsonl", articles(4))
    write_jsonl(tmp_path / "parts" / "sub" / "part-2.jsonl", articles(3, start=4))
    write_jsonl(tmp_path / "parts" / "_ignored.jsonl", articles(2, start=50))
    assert run_scan(tmp_path / "parts", tmp_path / "folder").rows == 7
    assert run_scan(Path(f"{tmp_path}/parts/part-*.jsonl"), tmp_path / "glob").rows == 4


# -- bad input -------------------------------------------------------------------------------------

def test_bad_rows_become_error_rows(tmp_path: Path) -> None:
    good = articles(2)
    lines: list[Any] = [
        good[0],
        {"id": "no-text"},
        {"id": "null-text", "text": None},
        {"id": "number-text", "text": 42},
        {"id": "list-text", "text": ["a", "b"]},
        {"text": "no id"},
        {"id": True, "text": "a boolean id"},
        {"id": 7, "text": "An integer id is fine."},
        {"id": "a000", "text": "Nivolumab cures melanoma."},   # a duplicate of the first row's id
        "",
        "{not json",
        "[1, 2]",
        {"id": "bad-kind", "text": "x", "kind": "tabloid"},
        good[1],
    ]
    dataset = write_jsonl(tmp_path / "d.jsonl", lines)
    result = run_scan(dataset, tmp_path / "out")
    summary = {row["source"].rsplit(":", 1)[1]: row for row in read_table(tmp_path / "out", "summary")}
    errors = {line: row["error"] for line, row in summary.items()}
    assert errors["1"] is None and errors["8"] is None and errors["14"] is None
    assert errors["2"] == "no text (field 'text')"
    assert errors["3"] == "the text is null (field 'text')"
    assert errors["4"] == "the text is a number, not a string (field 'text')"
    assert errors["5"] == "the text is a list, not a string (field 'text')"
    assert errors["6"] == "no id (field 'id')"
    assert errors["7"] == "the id is a boolean, not a string or an integer (field 'id')"
    assert errors["9"] == f"duplicate id (first at {dataset}:1); not linted" and summary["9"]["duplicate"]
    assert "10" not in summary  # a blank line is no row
    assert errors["11"].startswith("not valid JSON (")
    assert errors["12"] == "not a JSON object but a list"
    assert errors["13"].startswith("unknown kind 'tabloid'")
    assert summary["8"]["id"] == "7"
    assert result.rows == 13 and result.linted == 3 and result.failed == 10
    assert {f["id"] for f in read_table(tmp_path / "out", "findings")} == {"a000"}  # the duplicate is not linted


def test_front_matter_naming_an_unknown_rule_fails_that_article_only(tmp_path: Path) -> None:
    bad = "---\nclaimcheck: {disable: [hype.no-such-rule]}\n---\nNivolumab cures melanoma.\n"
    run_scan(write_jsonl(tmp_path / "d.jsonl", [{"id": "fm", "text": bad}, *articles(1)]), tmp_path / "out")
    errors = {row["id"]: row["error"] for row in read_table(tmp_path / "out", "summary")}
    assert errors["fm"] == "front matter 'claimcheck': disable names no rule or category: hype.no-such-rule"
    assert errors["a000"] is None


def test_cli_reports_bad_rows_and_exits_2(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", [*articles(2), {"id": "x"}])
    result = invoke(str(dataset), "-o", str(tmp_path / "out"), "--workers", "1", "--no-progress")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("scan: 3 rows; 2 linted; 1 could not be linted; ")
    assert lines[1] == f"claimcheck: error: {dataset}:3: no text (field 'text')"


def test_cli_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", articles(1))
    assert invoke(str(dataset), "-o", str(tmp_path / "a"), "--workers", "1").exit_code == 0
    assert invoke(str(dataset), "-o", str(tmp_path / "b"), "--workers", "1", "--fail-on", "error").exit_code == 1
    clean = write_jsonl(tmp_path / "c.jsonl", [{"id": "c", "text": ""}])
    assert invoke(str(clean), "-o", str(tmp_path / "c"), "--workers", "1", "--fail-on", "info").exit_code == 0


@pytest.mark.parametrize(("setup", "args", "message"), [
    (lambda p: None, ["missing.jsonl"], "missing.jsonl: no such file or directory"),
    (lambda p: write_jsonl(p / "d.jsonl", [{"id": 1, "body": "x"}]), ["d.jsonl"],
     "d.jsonl: no record has a 'text' field (see --text-column)"),
    (lambda p: (p / "d.parquet").write_bytes(b"not parquet"), ["d.parquet"], "d.parquet: not a readable Parquet file"),
    (lambda p: write_jsonl(p / "d.jsonl", [{"id": 1, "text": "x"}]), ["d.jsonl", "--select", "hpye"],
     "--select: no rule or category named hpye"),
    (lambda p: write_jsonl(p / "d.jsonl", [{"id": 1, "text": "x"}]), ["d.jsonl", "--scheduler", "tcp://h:8786"],
     "--scheduler needs --engine dask"),
])
def test_bad_dataset_or_options_exit_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     setup: Any, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    setup(tmp_path)
    result = invoke(*args, "-o", "out", "--workers", "1", "--no-config")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"claimcheck: error: {message}")


def test_output_folder_in_use_needs_resume(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", articles(2))
    assert invoke(str(dataset), "-o", str(tmp_path / "out"), "--workers", "1").exit_code == 0
    again = invoke(str(dataset), "-o", str(tmp_path / "out"), "--workers", "1")
    assert again.exit_code == 2 and "give --resume to continue that scan" in again.stderr
    other = invoke(str(dataset), "-o", str(tmp_path / "out"), "--workers", "1", "--resume", "--select", "hype")
    assert other.exit_code == 2 and "cannot resume: this scan was started with other select" in other.stderr


# -- missing extras --------------------------------------------------------------------------------

def test_dask_engine_without_the_extra_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("dask", "dask.bag", "distributed"):
        monkeypatch.setitem(sys.modules, module, None)  # `import dask` now raises ImportError
    dataset = write_jsonl(tmp_path / "d.jsonl", articles(1))
    result = invoke(str(dataset), "-o", str(tmp_path / "out"), "--engine", "dask")
    assert result.exit_code == 2
    assert result.stderr == 'claimcheck: error: --engine dask needs the dask extra: pip install "claimcheck[dask]"\n'
    assert not (tmp_path / "out").exists()


def test_parquet_without_pyarrow_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", articles(2))
    for module in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, module, None)
    assert invoke(str(dataset), "-o", str(tmp_path / "j"), "--workers", "1").exit_code == 0  # JSONL needs no extra
    result = invoke(str(dataset), "-o", str(tmp_path / "p"), "--output-format", "parquet", "--workers", "1")
    assert result.exit_code == 2
    assert result.stderr == 'claimcheck: error: reading or writing Parquet needs pyarrow: pip install "claimcheck[scan]"\n'


# -- resume ----------------------------------------------------------------------------------------

def test_resume_after_a_kill_gives_the_rows_of_one_whole_run(tmp_path: Path) -> None:
    rows = long_articles(40)
    dataset = write_jsonl(tmp_path / "d.jsonl", rows)
    output = tmp_path / "out"
    command = [sys.executable, "-m", "claimcheck", "scan", str(dataset), "-o", str(output), "--workers", "1",
               "--batch-size", "2", "--no-progress"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_parts(output, 2, lambda: process.poll() is None)
    os.killpg(process.pid, signal.SIGKILL)  # the scan and its worker processes, mid-write if need be
    process.wait()
    process.stderr.close()  # type: ignore[union-attr]
    written = len(list((output / "summary").glob("*.jsonl")))
    assert 2 <= written < 20, "the kill should land midway through the 20 batches"
    (output / "findings" / "part-00000000-999999-0000.jsonl").write_text('{"torn": true}\n')  # a findings part
    # whose summary part never came: resume must drop it
    result = run_scan(dataset, output, resume=True, batch_size=2)
    assert result.skipped >= 2 * written - 2 and result.skipped + result.linted == 40
    run_scan(dataset, tmp_path / "whole", batch_size=2)
    assert tables(output) == tables(tmp_path / "whole")
    ids = [row["id"] for row in read_table(output, "summary")]
    assert sorted(ids) == sorted(row["id"] for row in rows)  # each article exactly once


def test_resume_of_a_finished_scan_lints_nothing(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", [*articles(5), {"id": "a001", "text": "dup"}, {"text": "no id"}])
    first = run_scan(dataset, tmp_path / "out")
    again = run_scan(dataset, tmp_path / "out", resume=True)
    assert first.rows == again.rows == again.skipped == 7 and again.linted == again.failed == 0
    assert len(read_table(tmp_path / "out", "summary")) == 7


# -- engines ---------------------------------------------------------------------------------------

def test_local_pool_builds_one_linter_per_worker(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", articles(16))
    run_scan(dataset, tmp_path / "inline", batch_size=2)
    result = run_scan(dataset, tmp_path / "pool", workers=2, batch_size=2)  # 8 tasks on 2 processes
    assert 1 <= len(result.linter_builds) <= 2 and os.getpid() not in {int(b.split(":")[0]) for b in result.linter_builds}
    assert tables(tmp_path / "pool") == tables(tmp_path / "inline")


def run_in_thread(*args: Any, **options: Any) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def background() -> None:
        try:
            outcome["result"] = run_scan(*args, **options)
        except BaseException as exc:  # reported by the caller's assertion
            outcome["error"] = exc

    thread = threading.Thread(target=background)
    thread.start()
    return thread, outcome


def test_local_pool_survives_a_killed_worker(tmp_path: Path) -> None:
    import multiprocessing

    dataset = write_jsonl(tmp_path / "d.jsonl", long_articles(24))
    run_scan(dataset, tmp_path / "inline", batch_size=1)
    older = {p.pid for p in multiprocessing.active_children()}  # children of earlier tests are not this pool's
    thread, outcome = run_in_thread(dataset, tmp_path / "pool", workers=2, batch_size=1)
    wait_for_parts(tmp_path / "pool", 1, thread.is_alive)
    first_pool = [p for p in multiprocessing.active_children() if p.pid not in older and "Dask" not in p.name]
    assert first_pool, "the scan started its pool's worker processes"
    os.kill(first_pool[0].pid, signal.SIGKILL)  # type: ignore[arg-type]
    thread.join(120)
    assert "error" not in outcome and outcome["result"].linted == 24 and outcome["result"].failed == 0
    assert tables(tmp_path / "pool") == tables(tmp_path / "inline")
    builders = {int(build.split(":")[0]) for build in outcome["result"].linter_builds}
    assert builders - {p.pid for p in first_pool}, "the restarted pool's workers built their own linters"


@pytest.fixture(scope="module")
def cluster() -> Any:
    from distributed import LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                         silence_logs=logging.ERROR)
    yield local
    local.close()


def test_dask_gives_the_rows_of_local_and_one_linter_per_worker(tmp_path: Path, cluster: Any) -> None:
    rows = articles(20)
    jsonl = write_jsonl(tmp_path / "d.jsonl", rows)
    parquet = write_parquet(tmp_path / "d.parquet", rows, row_group_size=3)
    run_scan(jsonl, tmp_path / "local", batch_size=2)
    result = run_scan(jsonl, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, batch_size=2)
    assert result.rows == 20 and len(result.linter_builds) == 2  # 10 tasks, 2 workers, 2 linters
    assert tables(tmp_path / "dask") == tables(tmp_path / "local")
    run_scan(parquet, tmp_path / "dask-pq", engine="dask", scheduler=cluster.scheduler_address,
             output_format="parquet")
    assert tables(tmp_path / "dask-pq", drop=("source",)) == tables(tmp_path / "local", drop=("source",))


def test_dask_survives_a_lost_worker(tmp_path: Path, cluster: Any) -> None:
    from distributed import Client

    dataset = write_jsonl(tmp_path / "d.jsonl", long_articles(24))
    run_scan(dataset, tmp_path / "local", batch_size=1)
    output = tmp_path / "dask"
    thread, outcome = run_in_thread(dataset, output, engine="dask", scheduler=cluster.scheduler_address, batch_size=1)
    wait_for_parts(output, 1, thread.is_alive)
    with Client(cluster) as client:
        pids = client.run(os.getpid)
        busy = [address for address, keys in client.processing().items() if keys]
        victim = pids[busy[0]]  # a worker that holds tasks of the scan
        os.kill(victim, signal.SIGKILL)
        thread.join(120)
        assert victim not in client.run(os.getpid).values()  # it really died (its nanny started another)
    assert "error" not in outcome and outcome["result"].linted == 24
    assert tables(output) == tables(tmp_path / "local")


def test_cli_dask_engine_starts_a_local_cluster(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", articles(6))
    run_scan(dataset, tmp_path / "local")
    result = invoke(str(dataset), "-o", str(tmp_path / "dask"), "--engine", "dask", "--workers", "2",
                    "--batch-size", "3", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert tables(tmp_path / "dask") == tables(tmp_path / "local")


# -- progress --------------------------------------------------------------------------------------

def test_progress_line_shows_rows_rate_and_eta() -> None:
    line = progress_line(50, 200, 10.0)
    assert line == "[######..................] 50/200 rows  5.0 rows/s  ETA 30s"
    assert progress_line(0, 200, 0.0).endswith("0/200 rows  0.0 rows/s  ETA ?")


def test_final_line_is_one_plain_line(tmp_path: Path) -> None:
    result = run_scan(write_jsonl(tmp_path / "d.jsonl", [*articles(3), {"id": "x"}]), tmp_path / "out")
    line = final_line(result, "out")
    assert "\n" not in line and line.startswith("scan: 4 rows; 3 linted; 1 could not be linted; ")
    assert line.endswith("jsonl written to out")


def test_configuration_and_path_overrides_apply_as_for_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".claimcheck.yaml").write_text('ignore: [hype]\noverrides:\n  "archive/**": {ignore: [overclaim]}\n')
    monkeypatch.chdir(tmp_path)
    text = "Nivolumab cures melanoma. It is a miracle breakthrough.\n"
    dataset = write_jsonl(tmp_path / "d.jsonl", [{"id": "new", "text": text, "path": "posts/a.md"},
                                                 {"id": "old", "text": text, "path": "archive/b.md"}])
    run_scan(dataset, tmp_path / "one", batch_size=1)
    run_scan(dataset, tmp_path / "pool", batch_size=1, workers=2)  # the configuration travels to workers
    rules = {(f["id"], f["category"]) for f in read_table(tmp_path / "one", "findings")}
    assert ("new", "overclaim") in rules and ("old", "overclaim") not in rules
    assert not any(category == "hype" for _id, category in rules)
    assert tables(tmp_path / "pool") == tables(tmp_path / "one")


def test_empty_dataset_writes_empty_tables(tmp_path: Path) -> None:
    result = run_scan(write_jsonl(tmp_path / "d.jsonl", []), tmp_path / "out", workers=2)
    assert (result.rows, result.linted, result.failed) == (0, 0, 0)
    assert read_table(tmp_path / "out", "summary") == [] and (tmp_path / "out" / "_scan.json").is_file()


def test_columns_can_be_renamed(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", [{"doc": "k1", "body": "Nivolumab cures melanoma."}])
    result = run_scan(dataset, tmp_path / "out", columns=Columns(id="doc", text="body"))
    assert result.linted == 1 and read_table(tmp_path / "out", "findings")[0]["id"] == "k1"
