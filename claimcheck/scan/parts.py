"""The FINDINGS folder: parts written atomically, and what a resumed scan may skip.

Layout (EXT is `jsonl` or `parquet`):

    FINDINGS/_scan.json               the options the scan was started with
    FINDINGS/findings/part-R-T-B.EXT  one row per finding
    FINDINGS/summary/part-R-T-B.EXT   one row per article (R run, T task, B batch)

Each part is written to a temporary file and renamed into place, the findings part before the
summary part of the same name. So a killed scan leaves only whole parts, and an article that has a
summary row has all its findings written. A findings part without its summary part (the scan was
killed between the two renames) is removed when the scan is resumed, and its batch is linted again.
"""
from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.atomic import write_atomic
from claimcheck.errors import InputError
from claimcheck.scan.dataset import PARQUET_HINT
from claimcheck.scan.rows import FINDING_COLUMNS, SUMMARY_COLUMNS

FINDINGS, SUMMARY, META = "findings", "summary", "_scan.json"
OUTPUT_FORMATS = ("parquet", "jsonl")


@dataclass(frozen=True)
class Done:
    """What an earlier run of the same scan already wrote: skip these rows."""

    ids: frozenset[str] = frozenset()          # ids with a summary row (first occurrences)
    sources: frozenset[str] = frozenset()      # rows without a usable id, and later duplicates

    def covers(self, article: str | None, source: str, later_duplicate: bool) -> bool:
        if source in self.sources:
            return True
        return article is not None and not later_duplicate and article in self.ids


@dataclass(frozen=True)
class PartWriter:
    """Writes the two parts of one batch; picklable, so workers write their own parts."""

    root: str
    format: str
    columns: Mapping[str, tuple[tuple[str, str], ...]] = field(
        default_factory=lambda: {FINDINGS: FINDING_COLUMNS, SUMMARY: SUMMARY_COLUMNS})

    def write(self, name: str, findings: list[dict[str, Any]], summaries: list[dict[str, Any]]) -> None:
        for table, rows in ((FINDINGS, findings), (SUMMARY, summaries)):  # summary last: it marks the batch done
            write_atomic(Path(self.root) / table / f"{name}.{self.format}", encode(rows, self.columns[table], self.format))


def part_name(run: str, task: int, batch: int) -> str:
    return f"part-{run}-{task:06d}-{batch:04d}"


def encode(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...], output_format: str) -> bytes:
    if output_format == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer)
    return buffer.getvalue()


def check_format_available(output_format: str) -> None:
    if output_format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(PARQUET_HINT) from None


def prepare(root: Path, meta: dict[str, Any], resume: bool) -> Done:
    """Create the folder, or (with resume) check it is the same scan and read what is done."""
    if root.exists() and not root.is_dir():
        raise InputError("the output must be a folder (it holds findings/ and summary/ parts)", path=str(root))
    if not resume and root.exists() and any(root.iterdir()):
        raise InputError("the output folder is not empty; give --resume to continue that scan, or remove it",
                         path=str(root))
    (root / FINDINGS).mkdir(parents=True, exist_ok=True)
    (root / SUMMARY).mkdir(exist_ok=True)
    meta_file = root / META
    if resume and meta_file.exists():
        earlier = json.loads(meta_file.read_text(encoding="utf-8"))
        changed = sorted(k for k in meta if k != "claimcheck" and earlier.get(k) != meta[k])
        if changed:
            raise InputError(f"cannot resume: this scan was started with other {', '.join(changed)} "
                             f"({'; '.join(f'{k}: {earlier.get(k)!r}' for k in changed)})", path=str(meta_file))
        _remove_torn(root, meta["output_format"])
        return read_done(root, meta["output_format"])
    write_atomic(meta_file, json.dumps(meta, indent=2) + "\n")
    return Done()


def stored_format(root: Path) -> str | None:
    """The output format an earlier run chose, if FINDINGS holds one."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        return json.loads((root / META).read_text(encoding="utf-8"))["output_format"]
    return None


def _remove_torn(root: Path, output_format: str) -> None:
    """Temporary files of a killed run, and findings parts whose summary part was never written."""
    for folder in (root / FINDINGS, root / SUMMARY):
        for temporary in folder.glob(".*.tmp"):
            temporary.unlink(missing_ok=True)
    for part in (root / FINDINGS).glob(f"*.{output_format}"):
        if not (root / SUMMARY / part.name).exists():
            part.unlink()


def read_done(root: Path, output_format: str) -> Done:
    ids: set[str] = set()
    sources: set[str] = set()
    for record in summary_records(root, output_format, ("id", "source", "duplicate")):
        if record["id"] is None or record["duplicate"]:
            sources.add(record["source"])
        else:
            ids.add(record["id"])
    return Done(frozenset(ids), frozenset(sources))


def summary_records(root: Path, output_format: str, fields: tuple[str, ...]) -> Iterable[dict[str, Any]]:
    for part in sorted((root / SUMMARY).glob(f"*.{output_format}")):
        if output_format == "jsonl":
            with open(part, encoding="utf-8") as stream:
                for line in stream:
                    record = json.loads(line)
                    yield {name: record.get(name) for name in fields}
        else:
            import pyarrow.parquet as pq

            yield from pq.read_table(part, columns=list(fields)).to_pylist()
