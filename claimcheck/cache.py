"""A content-keyed cache of lint results, so an unchanged re-run costs file reads, not spaCy.

A file's entry is keyed on a hash of its text, the settings that change its findings (select,
ignore, severity, kind, spaCy model, markup type), and a *data key*: the contents of every rule and
reference folder in use (every file in them, since new data files appear), claimcheck's version
and its own code. The rule metadata the formatters need (SARIF rule descriptors, selector checks)
is cached under the data key, so a run whose files all hit never builds the pipeline.

Entries are JSON written atomically (`write_atomic`), so two runs at once never read a torn entry;
an entry that does not parse or does not match its key is ignored and rewritten.
"""
from __future__ import annotations

import copyreg
import functools
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimcheck import __version__, regexpickle
from claimcheck.atomic import write_atomic
from claimcheck.cacheprune import PruneResult, prune_compiled, prune_if_due, touch
from claimcheck.config import Config
from claimcheck.errors import ClaimcheckError
from claimcheck.finding import Category, FileReport, Finding, Position, RuleInfo, Scope, Severity

CACHE_FORMAT = 1
CACHE_FOLDER = ".claimcheck_cache"
ENV_CACHE_DIR = "CLAIMCHECK_CACHE_DIR"
_TAG_NAME = "CACHEDIR.TAG"
# The standard cache-directory tag (https://bford.info/cachedir/): backup tools skip the folder,
# and `claimcheck cache clean` deletes only folders that carry it.
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by claimcheck (claimcheck cache clean removes it).\n")
_PACKAGE = Path(__file__).resolve().parent


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def tree_digest(folders: Iterable[str | os.PathLike[str]]) -> str:
    """A hash of every file (relative path and bytes) under each folder, in a fixed order."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        digest.update(f"\0folder {root}\0".encode())
        for directory, subdirs, files in os.walk(root):
            subdirs.sort()
            for name in sorted(files):
                file = Path(directory) / name
                try:
                    data = file.read_bytes()
                except OSError:
                    continue  # a file that vanished or cannot be read: loading the data reports it
                digest.update(f"\0{file.relative_to(root).as_posix()}\0{len(data)}\0".encode())
                digest.update(data)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """claimcheck's own code: an edited engine (an editable install) must not reuse old results."""
    files = sorted(p for p in _PACKAGE.rglob("*.py") if "_data" not in p.parts)
    return _sha256(*(p.relative_to(_PACKAGE).as_posix().encode() + b"\0" + p.read_bytes() for p in files))


@functools.lru_cache(maxsize=1)
def _spacy_version() -> str:
    """spaCy's version, read from its `about.py` without importing spaCy (a cached run never does;
    importlib.metadata would scan every installed distribution)."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.origin:
        return "unknown"
    try:
        about = (Path(spec.origin).parent / "about.py").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)", about, re.M)
    return found.group(1) if found else "unknown"


def data_key(rule_folders: Iterable[str], reference_folders: Iterable[str], spacy_model: str | None) -> str:
    """The key for everything but the article: rules, reference, lexicon, version, code, model."""
    parts = {"format": CACHE_FORMAT, "version": __version__, "code": code_digest(),
             "rules": tree_digest(rule_folders), "reference": tree_digest(reference_folders),
             "spacy_model": spacy_model, "spacy": _spacy_version(), "python": sys.version_info[:2]}
    return _sha256(json.dumps(parts, sort_keys=True).encode())


def file_key(data: str, text: str, path: str, config: Config, kind: str | None) -> str:
    """The key for one article's findings under `data` (a `data_key`)."""
    settings = {"select": list(config.select), "ignore": list(config.ignore),
                "severity": {k: v.label for k, v in sorted(config.severity.items())},
                "kind": config.kind, "kind_flag": kind,
                "suffix": Path(path).suffix.lower()}  # the suffix picks the parser (Markdown or text)
    return _sha256(data.encode(), json.dumps(settings, sort_keys=True).encode(),
                   text.encode("utf-8", "surrogatepass"))


def cache_folder(config: Config, start: Path | None = None) -> Path:
    """$CLAIMCHECK_CACHE_DIR, else `cache_dir:` from config, else `.claimcheck_cache/` beside the
    config file in use, else in the current folder."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR]).resolve()
    if config.cache_dir:
        return Path(config.cache_dir)
    if config.path and config.root:
        return Path(config.root) / CACHE_FOLDER
    return (start or Path.cwd()).resolve() / CACHE_FOLDER


# -- (de)serialising records ------------------------------------------------------------------
def _finding_to_json(f: Finding) -> list[Any]:
    return [f.rule, f.category.value, f.severity.label, f.message, f.suggestion, list(f.sources), f.scope.value,
            f.offset, f.end_offset, [f.start.line, f.start.column] if f.start else None,
            [f.end.line, f.end.column] if f.end else None, f.text, f.sentence, f.sentence_offset, f.sentence_column]


def _finding_from_json(row: list[Any]) -> Finding:
    (rule, category, severity, message, suggestion, sources, scope, offset, end_offset, start, end, text,
     sentence, sentence_offset, sentence_column) = row
    return Finding(rule, Category(category), Severity.parse(severity), message, suggestion, tuple(sources),
                   Scope(scope), offset, end_offset, Position(*start) if start else None,
                   Position(*end) if end else None, text, sentence, sentence_offset, sentence_column)


def _rule_to_json(r: RuleInfo) -> list[Any]:
    return [r.id, r.category.value, r.severity.label, r.kind, r.scope, r.message, r.description, r.suggestion,
            list(r.sources), list(r.examples_fail), list(r.examples_pass)]


def _rule_from_json(row: list[Any]) -> RuleInfo:
    (rule_id, category, severity, kind, scope, message, description, suggestion, sources, fail, passing) = row
    return RuleInfo(rule_id, Category(category), Severity.parse(severity), kind, scope, message, description,
                    suggestion, tuple(sources), tuple(fail), tuple(passing))


@dataclass(frozen=True)
class Cache:
    """One cache folder: `files/<key>.json` per article, `rules/<data key>.json` per rule set."""

    folder: Path

    def _path(self, section: str, key: str) -> Path:
        return self.folder / f"v{CACHE_FORMAT}" / section / key[:2] / f"{key}.json"

    def _read(self, section: str, key: str) -> dict[str, Any] | None:
        path = self._path(section, key)
        try:
            entry = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        if not (isinstance(entry, dict) and entry.get("key") == key):
            return None
        touch(path)  # just used: the last to go when the cache is pruned
        return entry

    def prune(self, max_bytes: int, written: int = 0) -> PruneResult | None:
        """Delete the least recently used entries beyond `max_bytes` (0: no limit), and the folders
        of other cache layouts, after a run that wrote `written` bytes; None when the last scan was
        recent and left room for them (claimcheck.cacheprune.prune_if_due)."""
        return prune_if_due(self.folder, f"v{CACHE_FORMAT}", max_bytes, written)

    def _write(self, section: str, key: str, payload: dict[str, Any]) -> int:
        """Store an entry; the bytes written (0 when the folder cannot be written)."""
        target = self._path(section, key)
        data = json.dumps({"key": key, **payload}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            if not (self.folder / _TAG_NAME).is_file():
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomic(self.folder / _TAG_NAME, _TAG)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        except OSError:
            return 0  # a read-only or full disk costs the speed-up, never the run
        return len(data)

    def load_report(self, key: str, path: str, text: str | None = None) -> FileReport | None:
        """The cached report for `key`, shown under `path` (with the file's `text` for formatters
        that show it); None if absent or unreadable."""
        entry = self._read("files", key)
        if entry is None:
            return None
        try:
            return FileReport(path, tuple(_finding_from_json(row) for row in entry["findings"]), entry["error"],
                              tuple(entry["notes"]), entry["kind"], bool(entry["kind_inferred"]), text)
        except (KeyError, TypeError, ValueError):
            return None  # corrupt or from another layout: lint again, and the entry is rewritten

    def store_report(self, key: str, report: FileReport) -> int:
        """Store a file's report; the bytes written."""
        return self._write("files", key, {"findings": [_finding_to_json(f) for f in report.findings],
                                   "error": report.error, "notes": list(report.notes), "kind": report.kind,
                                   "kind_inferred": report.kind_inferred})

    def load_rules(self, key: str) -> dict[str, RuleInfo] | None:
        entry = self._read("rules", key)
        if entry is None:
            return None
        try:
            infos = [_rule_from_json(row) for row in entry["rules"]]
        except (KeyError, TypeError, ValueError):
            return None
        return {info.id: info for info in infos} or None

    def store_rules(self, key: str, infos: Mapping[str, RuleInfo]) -> None:
        self._write("rules", key, {"rules": [_rule_to_json(info) for info in infos.values()]})


# -- compiled data ----------------------------------------------------------------------------
# Loading and validating the rules and reference and building the pipeline and rule set costs
# about 1 s of CPU per run; unpickling the built objects about half of that (benchmarks/README.md).
# Pickles are executable, so they live in the user's own cache folder, never in a project folder
# that a repository could ship.


def _mapping_proxy(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(data)


copyreg.pickle(MappingProxyType, lambda proxy: (_mapping_proxy, (dict(proxy),)))


def compiled_folder() -> Path:
    """$CLAIMCHECK_CACHE_DIR/compiled, else $XDG_CACHE_HOME/claimcheck (~/.cache/claimcheck)."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR]).resolve() / "compiled"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck" / "compiled"


def load_compiled(key: str) -> Any | None:
    """The objects stored under a data key, or None (absent, corrupt, or from other code)."""
    path = compiled_folder() / f"{key}.pickle"
    try:
        entry = pickle.loads(path.read_bytes())  # noqa: S301 - our own file
    except Exception:  # noqa: BLE001 - any unreadable entry is a miss, rebuilt and rewritten
        return None
    if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key):
        return None
    touch(path)  # the most recently used pickles are the ones kept (claimcheck.cacheprune)
    return entry[1]


def store_compiled(key: str, value: Any) -> None:
    folder = compiled_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.pickle", regexpickle.dumps((key, value)))  # regexes with their code
    except Exception:  # noqa: BLE001 - an object that cannot be pickled, a full disk: build next time too
        return
    prune_compiled(folder, spare=f"{key}.pickle")  # one pickle per code and data version: keep the recent


def clean(folder: Path) -> bool:
    """Delete a cache folder; False if there is none. Refuses a folder that is not a claimcheck cache."""
    if not folder.exists():
        return False
    tag = folder / _TAG_NAME
    if not folder.is_dir() or not tag.is_file() or not tag.read_text(encoding="utf-8", errors="replace") \
            .startswith(_TAG.splitlines()[0]):
        raise ClaimcheckError("not a claimcheck cache folder (no CACHEDIR.TAG); not deleted", path=str(folder))
    shutil.rmtree(folder)
    return True
