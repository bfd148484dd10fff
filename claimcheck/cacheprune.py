"""Keeping the caches bounded: least recently used entries go once a cache outgrows its cap.

A results cache (`.claimcheck_cache/`) holds one small JSON entry per article version and rule set;
edits, rule updates and claimcheck upgrades leave old entries behind that are never read again. A
hit refreshes its entry's modification time (`touch`), so after a run that wrote entries the
least recently used ones are deleted until the folder is at most `PRUNE_TO` of `cache_max_mb:`.
Folders of an older cache layout (`v0/` when the layout is `v1/`) are deleted whole, and stray
temporary files of a write that was interrupted are deleted once they are an hour old.

The compiled-data folder (pickles in the user's cache folder, one per version of the rules,
reference and code) keeps its `COMPILED_KEEP` most recently used pickles.

Every step tolerates another run working in the same folder at the same time: a file that is gone
by the time it is deleted is skipped, a run that finds its entry deleted lints the file again, and
nothing is written in place (entries are replaced atomically), so pruning never leaves a torn entry.
Folders are left in place, so a concurrent write never finds its folder removed under it.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from claimcheck.atomic import write_atomic

DEFAULT_MAX_MB = 100
PRUNE_TO = 0.8  # prune down to this share of the cap, so a full cache is not pruned on every run
COMPILED_KEEP = 8
STALE_TEMPORARY_S = 3600.0
PRUNE_INTERVAL_S = 600.0
_STAMP = ".pruned"


@dataclass(frozen=True)
class PruneResult:
    """What one pruning pass did: entries and bytes removed, and the bytes kept."""

    removed: int
    removed_bytes: int
    kept_bytes: int


def touch(path: Path) -> None:
    """Mark an entry as just used (its modification time is what least-recently-used goes by)."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache folder still serves hits; it just cannot order them


def _entries(folder: Path) -> tuple[list[tuple[float, int, Path]], list[tuple[float, Path]]]:
    """(mtime, size, path) of every entry under `folder`, and (mtime, path) of temporary files."""
    entries: list[tuple[float, int, Path]] = []
    temporaries: list[tuple[float, Path]] = []
    for directory, _subdirs, files in os.walk(folder):
        for name in files:
            path = Path(directory) / name
            try:
                status = path.stat()
            except OSError:
                continue  # removed by another run meanwhile
            if name.startswith(".") and name.endswith(".tmp"):
                temporaries.append((status.st_mtime, path))
            elif name.endswith(".json"):
                entries.append((status.st_mtime, status.st_size, path))
    return entries, temporaries


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False  # already gone (another run pruned it), or not ours to delete
    return True


def prune_results(folder: Path, current_layout: str, max_bytes: int, now: float | None = None) -> PruneResult:
    """Bound a results cache folder to `max_bytes` (0: no bound), least recently used entries first.

    `current_layout` is the name of the layout folder in use (`v1`); other `v<N>` folders beside it
    can never be read again and are deleted."""
    now = time.time() if now is None else now
    removed = removed_bytes = 0
    try:
        layouts = [p for p in folder.iterdir() if p.is_dir() and p.name[:1] == "v" and p.name[1:].isdigit()]
    except OSError:
        return PruneResult(0, 0, 0)
    for layout in layouts:
        if layout.name != current_layout:
            shutil.rmtree(layout, ignore_errors=True)
    entries, temporaries = _entries(folder / current_layout)
    for mtime, path in temporaries:
        if now - mtime > STALE_TEMPORARY_S and _unlink(path):
            removed += 1
    total = sum(size for _mtime, size, _path in entries)
    if max_bytes > 0 and total > max_bytes:
        target = int(max_bytes * PRUNE_TO)
        for _mtime, size, path in sorted(entries, key=lambda e: (e[0], str(e[2]))):
            if total <= target:
                break
            if _unlink(path):
                removed += 1
                removed_bytes += size
            total -= size  # gone either way (another run may have removed it)
    return PruneResult(removed, removed_bytes, max(total, 0))


def prune_if_due(folder: Path, current_layout: str, max_bytes: int, written: int,
                 now: float | None = None) -> PruneResult | None:
    """`prune_results` after a run that wrote `written` bytes, unless the last measurement is
    recent and leaves room for them (then None); the measurement is recorded for the next run."""
    now = time.time() if now is None else now
    stamp = folder / current_layout / _STAMP
    try:
        measured_at = stamp.stat().st_mtime
        measured = int(stamp.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        measured_at, measured = 0.0, 0
    if 0 <= now - measured_at < PRUNE_INTERVAL_S and (max_bytes <= 0 or measured + written <= max_bytes):
        _record(stamp, measured + written, measured_at)  # keep the time of the real measurement
        return None
    result = prune_results(folder, current_layout, max_bytes, now)
    _record(stamp, result.kept_bytes, now)
    return result


def _record(stamp: Path, total: int, when: float) -> None:
    try:
        write_atomic(stamp, str(total))
        os.utime(stamp, (when, when))
    except OSError:
        pass  # a read-only folder: measured again next time


def prune_compiled(folder: Path, keep: int = COMPILED_KEEP, spare: str | None = None) -> PruneResult:
    """Keep the `keep` most recently used pickles in the compiled-data folder (and always `spare`,
    the one just written)."""
    pickles: list[tuple[float, int, Path]] = []
    try:
        names = list(folder.iterdir())
    except OSError:
        return PruneResult(0, 0, 0)
    for path in names:
        if path.suffix != ".pickle":
            continue
        try:
            status = path.stat()
        except OSError:
            continue
        pickles.append((status.st_mtime, status.st_size, path))
    pickles.sort(key=lambda p: (p[0], str(p[2])), reverse=True)
    removed = removed_bytes = kept = 0
    for index, (_mtime, size, path) in enumerate(pickles):
        if index < keep or path.name == spare:
            kept += size
        elif _unlink(path):
            removed += 1
            removed_bytes += size
    return PruneResult(removed, removed_bytes, kept)
