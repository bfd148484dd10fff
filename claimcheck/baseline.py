"""Baselines: adopt claimcheck on an existing repository without fixing every old finding first.

A finding is remembered by (rule, path, normalised sentence) rather than by its position, so moving a
paragraph or editing elsewhere in the file keeps it matched, while rewording the sentence itself
un-matches it and the finding comes back.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from claimcheck.errors import ConfigError
from claimcheck.finding import Finding, Report
from claimcheck.output import write_output
from claimcheck.safefile import DATA_MAX_BYTES, read_regular

BASELINE_VERSION = 1

BaselineKey = tuple[str, str, str]  # (rule, path, normalised sentence)

_WHITESPACE = re.compile(r"\s+")
_QUOTE_FOLDS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})


@dataclass(frozen=True, slots=True)
class Baseline:
    """How many findings were accepted for each key when the baseline was written."""

    counts: Mapping[BaselineKey, int] = field(default_factory=dict)
    base_dir: Path | None = None  # entry paths are relative to the baseline file's folder

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def normalise_sentence(text: str | None) -> str:
    """Lower-case, fold typographic quotes to ASCII and collapse whitespace, so that re-wrapping a
    paragraph or a smart-quote editor does not change a finding's identity."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", text.translate(_QUOTE_FOLDS).lower()).strip()


def portable_path(path: str, base_dir: Path | None) -> tuple[str, bool]:
    """`path` with posix separators, relative to `base_dir` when it lies inside it.

    Returns (path, is_relative). With no `base_dir`, a relative path is only tidied (no "./").
    """
    if path == "-":
        return path, False
    pure = PurePath(path)
    if base_dir is None:
        if pure.is_absolute():
            return pure.as_posix(), False
        return PurePath(os.path.normpath(path)).as_posix(), True
    base = Path(base_dir)
    target = Path(path)
    candidates = ((Path(os.path.abspath(target)), Path(os.path.abspath(base))),
                  (target.resolve(), base.resolve()))
    for absolute, root in candidates:
        try:
            return absolute.relative_to(root).as_posix(), True
        except ValueError:
            continue
    return Path(os.path.abspath(target)).as_posix(), False


def finding_key(finding: Finding, path: str) -> BaselineKey:
    """The baseline identity of a finding; document-level findings have no sentence."""
    sentence = "" if finding.offset is None else normalise_sentence(finding.sentence)
    return finding.rule, path, sentence


def _report_keys(report: Report, base_dir: Path) -> Counter[BaselineKey]:
    keys: Counter[BaselineKey] = Counter()
    for file_report in report.files:
        path = portable_path(file_report.path, base_dir)[0]
        keys.update(finding_key(finding, path) for finding in file_report.findings)
    return keys


def write_baseline(report: Report, path: Path) -> int:
    """Write every finding of `report` to `path`; returns how many findings were recorded."""
    keys = _report_keys(report, Path(path).resolve().parent)
    entries = [
        {"rule": rule, "path": file_path, "sentence": sentence, "count": keys[rule, file_path, sentence]}
        for rule, file_path, sentence in sorted(keys, key=lambda key: (key[1], key[0], key[2]))
    ]
    document = {"claimcheck_baseline": BASELINE_VERSION, "entries": entries}
    try:
        write_output(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline: {exc.strerror or exc}", path=str(path)) from None
    return sum(keys.values())


def load_baseline(path: Path) -> Baseline:
    """Read a baseline written by `write_baseline`; any problem is a ConfigError naming the file."""
    shown = str(path)
    if not os.path.lexists(path):
        raise ConfigError("baseline file not found (create it with --write-baseline)", path=shown)
    data = read_regular(path, shown, DATA_MAX_BYTES, error=ConfigError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("cannot read baseline: not UTF-8 text", path=shown) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline is not valid JSON: {exc.msg}", path=shown, line=exc.lineno,
                          column=exc.colno) from None
    if not isinstance(document, dict) or "claimcheck_baseline" not in document:
        raise ConfigError("not a claimcheck baseline (no \"claimcheck_baseline\" key)", path=shown)
    if document["claimcheck_baseline"] != BASELINE_VERSION:
        raise ConfigError(f"unsupported baseline version {document['claimcheck_baseline']!r} "
                          f"(expected {BASELINE_VERSION})", path=shown)
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise ConfigError("baseline \"entries\" must be a list", path=shown)
    counts: Counter[BaselineKey] = Counter()
    for index, entry in enumerate(entries):
        counts[_parse_entry(entry, index, shown)] += entry["count"]
    return Baseline(dict(counts), Path(path).resolve().parent)


def _parse_entry(entry: object, index: int, shown: str) -> BaselineKey:
    where = f"baseline entry {index}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be an object", path=shown)
    for name in ("rule", "path", "sentence"):
        if not isinstance(entry.get(name), str):
            raise ConfigError(f"{where} needs a string {name!r}", path=shown)
    count = entry.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ConfigError(f"{where} needs a positive integer 'count'", path=shown)
    return entry["rule"], entry["path"], entry["sentence"]


def apply_baseline(report: Report, baseline: Baseline) -> tuple[Report, int, int]:
    """Drop the findings the baseline accepts, at most `count` per key (the first ones in file order).

    Returns (filtered report, findings matched, unmatched): `unmatched` is how many baselined findings
    of the files in this report no longer occur (fixed or reworded), i.e. the leftover counts;
    entries for files not in this run are not counted, so linting a subset does not flag them.
    """
    remaining = Counter(baseline.counts)
    base_dir = baseline.base_dir or Path.cwd()
    matched = 0
    seen_paths: set[str] = set()
    files = []
    for file_report in report.files:
        path = portable_path(file_report.path, base_dir)[0]
        seen_paths.add(path)
        findings = file_report.findings
        dropped: set[int] = set()
        for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key):
            key = finding_key(findings[index], path)
            if remaining[key] > 0:
                remaining[key] -= 1
                dropped.add(index)
        matched += len(dropped)
        kept = tuple(f for index, f in enumerate(findings) if index not in dropped)
        files.append(replace(file_report, findings=kept))
    unmatched = sum(count for (_, path, _), count in remaining.items() if path in seen_paths)
    return replace(report, files=tuple(files)), matched, unmatched
