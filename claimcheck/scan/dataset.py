"""Reading a dataset of articles: JSONL or Parquet, as a file, a folder of part files or a glob.

Planning reads the dataset once, cheaply (the id field of each JSONL line, the id column of each
Parquet row group), to cut it into tasks and to find duplicate ids; a task is then read on its own
by whichever process lints it, so reading is as parallel as linting. A row that cannot be linted
(bad JSON, no text, a text that is not a string) becomes a `Row` with a `problem`, never an
exception: one bad record must not stop an archive scan.
"""
from __future__ import annotations

import glob
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.errors import InputError
from claimcheck.rules import KINDS_OF_ARTICLE

FORMAT_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
PARQUET_HINT = 'reading or writing Parquet needs pyarrow: pip install "claimcheck[scan]"'


@dataclass(frozen=True)
class Columns:
    """Which field holds what; `kind` and `path` are optional (used when present)."""

    id: str = "id"
    text: str = "text"
    kind: str = "kind"
    path: str = "path"


@dataclass(frozen=True)
class Task:
    """A slice of one file that one process reads, lints and writes as one or more parts."""

    index: int
    file: str        # absolute, for opening (on any machine that shares the filesystem)
    display: str     # as the user named or we found it, for `source` strings
    format: str      # "jsonl" | "parquet"
    start: int       # JSONL: first byte; Parquet: row group
    end: int         # JSONL: end byte (exclusive); Parquet: unused
    first_row: int   # 1-based line (JSONL) or row (Parquet) number of the slice's first record
    rows: int


@dataclass(frozen=True)
class Row:
    """One record, checked: either something to lint or the problem that stops it."""

    source: str                 # file:line (JSONL) or file:row (Parquet), 1-based
    id: str | None
    text: str | None = None
    kind: str | None = None
    path: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Plan:
    tasks: tuple[Task, ...]
    total_rows: int
    first_of_duplicate: Mapping[str, str] = field(default_factory=dict)  # duplicated id -> first source


def dataset_files(spec: str) -> list[Path]:
    """The part files a DATASET argument names, sorted; hidden and `_`-prefixed files are skipped."""
    path = Path(spec)
    if path.is_file():
        if _format_of(path) is None:
            raise InputError(f"not a dataset file (expected {', '.join(FORMAT_BY_SUFFIX)})", path=spec)
        return [path]
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and _format_of(p) and not _hidden(p, path))
    elif glob.has_magic(spec):
        found = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file() and _format_of(Path(p)))
    else:
        raise InputError("no such file or directory", path=spec)
    if not found:
        raise InputError(f"no dataset file here (expected {', '.join(FORMAT_BY_SUFFIX)})", path=spec)
    return found


def _format_of(path: Path) -> str | None:
    return FORMAT_BY_SUFFIX.get(path.suffix.lower())


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def article_id(value: Any) -> tuple[str | None, str | None]:
    """(id, problem): ids are strings; integers are accepted and written as strings."""
    if value is None:
        return None, "no id"
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None, f"the id is {_type_name(value)}, not a string or an integer"
    text = str(value)
    return (text, None) if text.strip() else (None, "the id is empty")


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", float: "a number", int: "a number",
             bytes: "bytes"}
    return names.get(type(value), f"a {type(value).__name__}")


def check_record(record: Mapping[str, Any], source: str, columns: Columns) -> Row:
    """Validate one record's fields; the first problem found is the row's problem."""
    article, problem = article_id(record.get(columns.id))
    if problem:
        return Row(source, None, problem=f"{problem} (field '{columns.id}')")
    kind, path = record.get(columns.kind), record.get(columns.path)
    if columns.text not in record:
        problem = f"no text (field '{columns.text}')"
    elif record[columns.text] is None:
        problem = f"the text is null (field '{columns.text}')"
    elif not isinstance(record[columns.text], str):
        problem = f"the text is {_type_name(record[columns.text])}, not a string (field '{columns.text}')"
    elif kind is not None and kind not in KINDS_OF_ARTICLE:
        problem = f"unknown kind {kind!r} (field '{columns.kind}'; expected {', '.join(sorted(KINDS_OF_ARTICLE))})"
    elif path is not None and not isinstance(path, str):
        problem = f"the path is {_type_name(path)}, not a string (field '{columns.path}')"
    if problem:
        return Row(source, article, problem=problem)
    return Row(source, article, record[columns.text], kind, path)


class _IdIndex:
    """First source of every id, to tell a duplicate from the first occurrence it repeats."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}
        self.duplicated: dict[str, str] = {}

    def add(self, article: str | None, source: str) -> None:
        if article is None:
            return
        first = self.first.setdefault(article, source)
        if first != source:
            self.duplicated[article] = first


def plan(files: list[Path], columns: Columns, batch_size: int) -> Plan:
    """Cut the dataset into tasks of at most `batch_size` rows (Parquet: at most a row group)."""
    tasks: list[Task] = []
    index = _IdIndex()
    for file in files:
        planner = _plan_parquet if _format_of(file) == "parquet" else _plan_jsonl
        for task in planner(file, columns, batch_size, index, len(tasks)):
            tasks.append(task)
    return Plan(tuple(tasks), sum(t.rows for t in tasks), index.duplicated)


def _plan_jsonl(file: Path, columns: Columns, batch_size: int, index: _IdIndex, first_index: int) -> Iterator[Task]:
    absolute, display = str(file.resolve()), str(file)
    offset = start = rows = line_number = 0
    first_line = 1
    seen_text = seen_record = False
    with open(file, "rb") as stream:
        for raw in stream:
            line_number += 1
            offset += len(raw)
            stripped = raw.strip()
            if stripped:
                rows += 1
                record = _loads(stripped)
                if isinstance(record, dict):
                    seen_record = True
                    seen_text = seen_text or columns.text in record
                    index.add(article_id(record.get(columns.id))[0], f"{display}:{line_number}")
            if rows == batch_size:
                yield Task(first_index, absolute, display, "jsonl", start, offset, first_line, rows)
                first_index += 1
                start, rows, first_line = offset, 0, line_number + 1
    if rows:
        yield Task(first_index, absolute, display, "jsonl", start, offset, first_line, rows)
    if seen_record and not seen_text:
        raise InputError(f"no record has a '{columns.text}' field (see --text-column)", path=display)


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _parquet_file(file: str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(PARQUET_HINT, path=file) from None
    try:
        return pq.ParquetFile(file)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError …: all mean "not a readable Parquet file"
        raise InputError(f"not a readable Parquet file ({exc})", path=file) from None


def _plan_parquet(file: Path, columns: Columns, batch_size: int, index: _IdIndex, first_index: int) -> Iterator[Task]:
    absolute, display = str(file.resolve()), str(file)
    parquet = _parquet_file(display)
    names = parquet.schema_arrow.names
    for flag, name in (("--id-column", columns.id), ("--text-column", columns.text)):
        if name not in names:
            raise InputError(f"no column '{name}' (columns: {', '.join(names)}; see {flag})", path=display)
    row = 1
    for group in range(parquet.num_row_groups):
        count = parquet.metadata.row_group(group).num_rows
        if not count:
            continue
        ids = parquet.read_row_group(group, columns=[columns.id]).column(0).to_pylist()
        for offset, value in enumerate(ids):
            index.add(article_id(value)[0], f"{display}:{row + offset}")
        yield Task(first_index, absolute, display, "parquet", group, -1, row, count)
        first_index += 1
        row += count


def read_task(task: Task, columns: Columns, batch_size: int) -> Iterator[list[Row]]:
    """The task's rows, checked, in batches of at most `batch_size`."""
    reader = _parquet_rows if task.format == "parquet" else _jsonl_rows
    batch: list[Row] = []
    for row in reader(task, columns, batch_size):
        batch.append(row)
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _jsonl_rows(task: Task, columns: Columns, _batch_size: int) -> Iterator[Row]:
    with open(task.file, "rb") as stream:
        stream.seek(task.start)
        data = stream.read(task.end - task.start)
    for number, raw in enumerate(data.split(b"\n"), start=task.first_row):
        stripped = raw.strip()
        if not stripped:
            continue
        source = f"{task.display}:{number}"
        try:
            record = json.loads(stripped.decode("utf-8"))
        except UnicodeDecodeError:
            yield Row(source, None, problem="not valid UTF-8")
            continue
        except ValueError as exc:
            yield Row(source, None, problem=f"not valid JSON ({getattr(exc, 'msg', exc)}, column {getattr(exc, 'colno', '?')})")
            continue
        if not isinstance(record, dict):
            yield Row(source, None, problem=f"not a JSON object but {_type_name(record)}")
            continue
        yield check_record(record, source, columns)


def _parquet_rows(task: Task, columns: Columns, batch_size: int) -> Iterator[Row]:
    parquet = _parquet_file(task.file)
    names = set(parquet.schema_arrow.names)
    wanted = [c for c in dict.fromkeys((columns.id, columns.text, columns.kind, columns.path)) if c in names]
    number = task.first_row
    for batch in parquet.iter_batches(batch_size=batch_size, row_groups=[task.start], columns=wanted):
        for record in batch.to_pylist():
            yield check_record(record, f"{task.display}:{number}", columns)
            number += 1
