"""The pure API under the CLI: `check_text()` for one text, `check_paths()` for files and folders.

Nothing here prints or exits; bad data raises `ClaimcheckError`, bad input files become a
`FileReport` with an `error` so the other files are still linted.
"""
from __future__ import annotations

import fnmatch
import functools
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck import __version__
from claimcheck.article_kind import load_kind_model
from claimcheck.cache import Cache, cache_folder, data_key, file_key
from claimcheck.config import (
    Config,
    discover,
    front_matter_settings,
    load_config_file,
    rule_selected,
    unknown_selectors,
)
from claimcheck.data import article_kinds_file, context_file, reference_dir, rules_dir
from claimcheck.deadline import DeadlineExceeded, deadline
from claimcheck.errors import ClaimcheckError, ConfigError, DataError, InputError
from claimcheck.finding import FileReport, Finding, Report, RuleInfo
from claimcheck.safefile import folder_link_problem, walk_problem
from claimcheck.source import SourceText, read_source, read_stdin, without_surrogates

if TYPE_CHECKING:  # spaCy and the engine are imported when a file is linted, not on a cached run
    from spacy.tokens import Doc

    from claimcheck.engine import RuleSet
    from claimcheck.markup import ProseDocument
    from claimcheck.reference import Reference
    from claimcheck.rules import Rule


@dataclass(frozen=True)
class RunOptions:
    """What the command line adds on top of configuration files."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    kind: str | None = None
    config_file: str | None = None
    no_config: bool = False
    rules: tuple[str, ...] = ()
    reference: tuple[str, ...] = ()
    max_size: int | None = None
    timeout: float | None = None  # seconds per file; None: the config's (default 60), 0: no limit
    stdin_name: str = "-"
    extra_include: tuple[str, ...] = ()
    extra_exclude: tuple[str, ...] = field(default_factory=tuple)
    force_exclude: bool = False  # apply `exclude` to files named explicitly (as pre-commit names them)
    cache: bool = False  # reuse and store results in the cache folder (claimcheck.cache)
    jobs: int = 1        # worker processes for files that need linting (1 = in this process)
    # Load the rules, reference and pipeline from the compiled-data cache in the user's cache folder
    # (claimcheck.cache; keyed on the data, code and versions, so it never changes a finding). On
    # with `cache`; the CLI also keeps it on with --no-cache, which is about results only.
    compiled: bool = False


class Linter:
    """Rules, reference and pipeline, loaded once; check as many texts as you like."""

    def __init__(self, extra_rules: Sequence[str] = (), extra_reference: Sequence[str] = (),
                 spacy_model: str | None = None, compiled: bool = False) -> None:
        """`compiled`: take the loaded rules and reference and the built pipeline and rule set from
        claimcheck's compiled-data cache (a pickle keyed on the data, claimcheck's code and version and
        spaCy's version) when it holds them, and store them there after building them."""
        from claimcheck.cache import load_compiled, store_compiled
        from claimcheck.engine import RuleSet
        from claimcheck.lexicon import load_lexicon
        from claimcheck.pipeline import cached_pipeline
        from claimcheck.reference import cached_reference, remember_reference
        from claimcheck.rules import cached_rules

        self.reference_folders = (str(reference_dir()), *extra_reference)
        self.rule_folders = (str(rules_dir()), *extra_rules)
        key = data_key(self.rule_folders, self.reference_folders, spacy_model) if compiled else None
        loaded = load_compiled(key) if key else None
        self.reference: Reference
        self.rules: tuple[Rule, ...]
        self.ruleset: RuleSet
        if loaded is not None:
            from claimcheck.pipeline.extensions import register_extensions

            # The article-kind model is in the rules folder, so in the data key: its cue regexes load
            # compiled (claimcheck.regexpickle) rather than being read from YAML and compiled again.
            self.reference, self.rules, self.nlp, self.ruleset, self.kind_model = loaded
            register_extensions()  # Doc/Span extensions live in spaCy's classes, not in the pickle
            remember_reference(self.reference_folders, self.reference)
            self.lexicon = self.ruleset.context.lexicon
        else:
            self.reference = cached_reference(self.reference_folders)
            self.rules = cached_rules(self.rule_folders)
            check_rule_sources(self.rules, self.reference)
            self.lexicon = load_lexicon(str(context_file()))
            self.nlp = cached_pipeline(self.reference_folders, None, spacy_model)
            self.ruleset = RuleSet(self.rules, self.nlp, self.reference, self.lexicon)
            self.kind_model = load_kind_model(str(article_kinds_file()))
            if key:
                store_compiled(key, (self.reference, self.rules, self.nlp, self.ruleset, self.kind_model))
        self._subsets: dict[tuple[str, ...], RuleSet] = {}

    def rule_infos(self) -> dict[str, RuleInfo]:
        return {rule.id: rule.info(self.reference.source_urls(rule.sources)) for rule in self.rules}

    def _ruleset_for(self, select: Sequence[str], ignore: Sequence[str]) -> RuleSet:
        chosen = tuple(r.id for r in self.rules if rule_selected(r.id, r.category.value, select, ignore))
        if len(chosen) == len(self.rules):
            return self.ruleset
        if chosen not in self._subsets:
            self._subsets[chosen] = self.ruleset.subset(chosen)
        return self._subsets[chosen]

    def annotate(self, text: str, path: str = "<text>") -> tuple[Doc, ProseDocument]:
        from claimcheck.engine import prose_text
        from claimcheck.markup import parse
        from claimcheck.pipeline import annotate

        prose = parse(without_surrogates(text), path)
        joined, blocks, _placement = prose_text(prose)
        return annotate(self.nlp, joined, blocks), prose

    def check_text(self, text: str, path: str = "<text>", config: Config | None = None,
                   kind: str | None = None) -> FileReport:
        """Lint one article's text. `kind` (e.g. "news") overrides front matter and config."""
        from claimcheck.claims_library import apply_library, attach_library
        from claimcheck.engine import link_chars, prose_text, to_findings
        from claimcheck.longwords import describe_long_words, describe_unaligned
        from claimcheck.markup import NESTING_LIMIT
        from claimcheck.nesting import describe_skipped
        from claimcheck.pieces import iter_pieces, merge_findings
        from claimcheck.pipeline import annotate
        from claimcheck.source import LineIndex
        from claimcheck.suppress import apply_suppressions

        config = config or Config()
        source_text, text = text, without_surrogates(text)
        pieces = iter_pieces(text, path)  # one piece, the whole text, unless it is over 1 M characters
        prose = next(pieces)
        notes: list[str] = []
        if prose.front_matter_problem:
            notes.append(prose.front_matter_problem)
        notes.extend(filter(None, (describe_skipped(prose.unlinted, NESTING_LIMIT),
                                   describe_long_words(prose.long_words), describe_unaligned(prose.unaligned))))
        front_kind, disabled = front_matter_settings(prose.front_matter, path)
        typos = unknown_selectors(disabled, (r.id for r in self.rules))
        if typos:
            raise ConfigError(f"front matter 'claimcheck': disable names no rule or category: {', '.join(typos)}",
                              path=path)
        ruleset = self._ruleset_for(config.select, config.ignore + disabled)
        first = prose_text(prose)
        given = kind or front_kind or config.kind
        article_kind = given or self.kind_model.infer(first[0]).kind
        lines = LineIndex(text)
        per_piece: list[list[Finding]] = []
        directives = []
        # Each later piece is parsed and joined only when its turn comes.
        prepared = itertools.chain(((prose, first),), ((piece, prose_text(piece)) for piece in pieces))
        for piece, (joined, blocks, placement) in prepared:
            directives.extend(piece.directives)
            if joined.strip():
                doc = annotate(self.nlp, joined, blocks, ruleset.triple_relations)
                library_matches = attach_library(doc, config.claims_library)
                hits = ruleset.check(doc, article_kind, link_chars(piece, placement))
                found = to_findings(hits, doc, placement, source_text, lines, self.reference)
                if library_matches:
                    found, library_notes = apply_library(found, library_matches, placement, lines)
                    notes.extend(library_notes)
                per_piece.append(found)
                del doc, hits  # a piece's Doc is freed before the next is built
        if not per_piece:
            return FileReport(path, (), None, tuple(notes), article_kind, given is None, text)
        findings = per_piece[0] if len(per_piece) == 1 else merge_findings(per_piece)
        findings = [_with_severity(f, config) for f in findings]
        findings, suppression_notes = apply_suppressions(findings, directives, lines, len(text))
        notes.extend(suppression_notes)
        return FileReport(path, tuple(findings), None, tuple(notes), article_kind, given is None, text)


def check_rule_sources(rules: Iterable[Rule], reference: Reference) -> None:
    """Every source a rule cites is a reference source id or a URL."""
    for rule in rules:
        for source in rule.sources:
            if source not in reference.sources and not source.startswith(("http://", "https://")):
                raise DataError(f"unknown source {source!r} (not a reference source id or a URL)",
                                path=rule.path, line=rule.line)


def _with_severity(finding: Finding, config: Config) -> Finding:
    """Per-rule (or per-category) severity from configuration; the most specific key wins."""
    if not config.severity:
        return finding
    for key in (finding.rule, finding.rule.rsplit(".", 1)[0], finding.category.value):
        if key in config.severity:
            return replace(finding, severity=config.severity[key])
    return finding


@functools.lru_cache(maxsize=8)
def get_linter(extra_rules: tuple[str, ...] = (), extra_reference: tuple[str, ...] = (),
               spacy_model: str | None = None, compiled: bool = False) -> Linter:
    return Linter(extra_rules, extra_reference, spacy_model, compiled)


def check_text(text: str, path: str = "<text>", kind: str | None = None, select: Sequence[str] = (),
               ignore: Sequence[str] = ()) -> FileReport:
    """Lint a text with the shipped rules and reference (the simplest entry point)."""
    config = Config(select=tuple(select), ignore=tuple(ignore))
    return get_linter().check_text(text, path, config, kind)


def _config_for(file: Path | None, options: RunOptions, found: dict[str, Config] | None = None) -> Config:
    """`found`: configs already discovered in this run, by folder (files in one folder share one)."""
    if options.no_config:
        config = Config()
    elif options.config_file:
        config = load_config_file(str(Path(options.config_file).resolve()))
        if config is None:
            raise ClaimcheckError("no [tool.claimcheck] section in this file", path=options.config_file)
    else:
        folder = str(file.parent if file else Path.cwd())
        if found is None:
            config = discover(folder)
        else:
            config = found[folder] if folder in found else found.setdefault(folder, discover(folder))
    if file is not None:
        config = config.for_file(file)
    return replace(
        config,
        select=options.select or config.select,
        ignore=config.ignore + options.ignore,
        rules=config.rules + options.rules,
        reference=config.reference + options.reference,
        max_size=options.max_size if options.max_size is not None else config.max_size,
        timeout=options.timeout if options.timeout is not None else config.timeout,
    )


def effective_config(path: str, options: RunOptions) -> Config:
    file = None if path == "-" else Path(path)
    return _config_for(file, options)


def _wanted(file: Path, root: Path, config: Config) -> bool:
    name = file.name
    relative = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
    if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(relative, g) for g in config.include):
        return False
    return not _matches_exclude(relative, name, config.exclude)


def _matches_exclude(relative: str, name: str, patterns: Iterable[str]) -> bool:
    """An exclude glob matches the relative path, the file name, or a folder holding the file."""
    return any(fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(name, g) or
               fnmatch.fnmatch(relative, g.rstrip("/") + "/*") for g in patterns)


def expand_paths(paths: Iterable[str], options: RunOptions,
                 skipped: list[str] | None = None) -> Iterator[tuple[str, Path | None]]:
    """Files to lint, as (display path, file); folders are walked (sorted), `-` is stdin.

    While walking, pipes, sockets, devices and links out of the folder are left out, each with a
    note appended to `skipped`; a file named explicitly is always yielded (reading it says why not)."""
    for given in paths:
        if given == "-":
            yield given, None
            continue
        path = Path(given)
        if path.is_dir():
            config = _config_for(path / "_", options)
            include = config.include + options.extra_include
            exclude = config.exclude + options.extra_exclude
            walk_config = replace(config, include=include, exclude=exclude)
            def unreadable(exc: OSError) -> None:
                if skipped is not None:
                    skipped.append(f"{exc.filename}: skipped: cannot read this folder ({exc.strerror or exc})")

            for directory, subdirs, files in os.walk(path, onerror=unreadable):
                subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
                if skipped is not None:
                    skipped.extend(filter(None, (folder_link_problem(Path(directory) / d, path) for d in subdirs)))
                for name in sorted(f for f in files if not f.startswith(".")):
                    file = Path(directory) / name
                    if _wanted(file, path, walk_config):
                        problem = walk_problem(file, path)
                        if problem is None:
                            yield str(file), file
                        elif skipped is not None:
                            skipped.append(problem)
        else:
            if options.force_exclude and _excluded(path, _config_for(path, options), options):
                continue
            yield given, path


def _excluded(file: Path, config: Config, options: RunOptions) -> bool:
    root = Path(config.root) if config.root else Path.cwd()
    try:
        relative = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = file.as_posix()
    return _matches_exclude(relative, file.name, config.exclude + options.extra_exclude)


def check_paths(paths: Sequence[str], options: RunOptions = RunOptions()) -> Report:
    """Lint files, folders and stdin; one FileReport per input, errors kept per file.

    With `options.cache`, a file whose key is in the cache is not linted again, and a run where
    every file hits never imports spaCy. Files that need linting go to `options.jobs` processes."""
    from claimcheck.parallel import LintTask, lint_tasks

    reports: list[FileReport | None] = []
    rule_infos: dict[str, RuleInfo] = {}
    skipped: list[str] = []
    pending: list[tuple[int, LintTask, Cache | None, str | None]] = []  # report index, task, where to store
    data_keys: dict[tuple[object, ...], str] = {}  # each data folder set is hashed once per run
    configs: dict[str, Config] = {}  # each folder's config file is looked for once per run
    known_infos: dict[tuple[object, ...], dict[str, RuleInfo]] = {}  # rule metadata, once per rule set
    for display, file in expand_paths(paths, options, skipped):
        config = _config_for(file, options, configs)
        cache = Cache(cache_folder(config)) if options.cache else None
        data = _data_key(config, data_keys) if cache else None
        infos_key = (cache, data, config.rules, config.reference, config.spacy_model)
        if infos_key not in known_infos:
            known_infos[infos_key] = _rule_infos(config, cache, data, options.cache or options.compiled)
        infos = known_infos[infos_key]
        rule_infos.update(infos)
        _check_selectors(config, options, list(infos))
        try:
            source: SourceText = (read_stdin(config.max_size, options.stdin_name) if file is None
                                  else read_source(file, display, config.max_size))
        except InputError as exc:
            reports.append(FileReport(display, (), exc.problem))
            continue
        key = file_key(data, source.text, source.path, config, options.kind) if cache and data else None
        hit = cache.load_report(key, display, source.text) if cache and key else None
        if hit is None:
            pending.append((len(reports), LintTask(display, source.text, source.path, config, options.kind,
                                                   options.cache or options.compiled), cache, key))
        reports.append(hit)
    results = lint_tasks([task for _index, task, _cache, _key in pending], options.jobs)
    written: dict[Cache, tuple[float, int]] = {}  # each cache folder written to: its size limit, bytes written
    for (index, task, cache, key), (report, cacheable) in zip(pending, results, strict=True):
        reports[index] = report
        if cache and key and cacheable:
            size = cache.store_report(key, report)
            limit, total = written.get(cache, (task.config.cache_max_mb, 0))
            written[cache] = (limit, total + size)
    for cache, (max_mb, size) in written.items():
        cache.prune(int(max_mb * 1024 * 1024), size)
    if not rule_infos:
        rule_infos = _rule_infos(Config(rules=options.rules, reference=options.reference), None, None,
                                 options.cache or options.compiled)
    return Report(tuple(r for r in reports if r is not None), rule_infos, tuple(skipped))


def check_source(text: str, path: str, options: RunOptions = RunOptions()) -> tuple[FileReport, Linter]:
    """Lint text that stands for the file at `path` (an editor's unsaved buffer), with the
    configuration discovered for that file as `check_paths` does; also return the linter used."""
    config = _config_for(None if path == "-" else Path(path), options)
    linter = get_linter(config.rules, config.reference, config.spacy_model)
    _check_selectors(config, options, [rule.id for rule in linter.rules])
    return linter.check_text(text, path, config, options.kind), linter


def lint_source(display: str, text: str, path: str, config: Config, kind: str | None,
                compiled: bool = False) -> tuple[FileReport, bool]:
    """Lint one read file: its report, and whether the report may be cached (not after a bug)."""
    linter = get_linter(config.rules, config.reference, config.spacy_model, compiled)
    try:
        with deadline(config.timeout):
            return linter.check_text(text, path, config, kind), True
    except DeadlineExceeded as exc:
        return FileReport(display, (), f"not linted: it {exc}, the per-file time limit "
                                       "(raise it with --timeout or `timeout:` in config)"), False
    except ConfigError as exc:  # the article's own front matter: this file only
        return FileReport(display, (), f"line {exc.line}: {exc.problem}" if exc.line else exc.problem), True
    except ClaimcheckError:
        raise
    except Exception as exc:  # a bug must not cost the other files their findings
        return FileReport(display, (), f"internal error while linting ({type(exc).__name__}: {exc}); "
                                       "please report it"), False


def _data_key(config: Config, memo: dict[tuple[object, ...], str]) -> str:
    folders = ((str(rules_dir()), *config.rules), (str(reference_dir()), *config.reference), config.spacy_model)
    if folders not in memo:
        memo[folders] = data_key(*folders)
    return memo[folders]


def _rule_infos(config: Config, cache: Cache | None, data: str | None, compiled: bool = False) -> dict[str, RuleInfo]:
    """Rule metadata for a file's rule set: from the cache when the data is unchanged, else from
    the linter (which loads, and so validates, the rules and reference)."""
    cached = cache.load_rules(data) if cache and data else None
    if cached is not None:
        return cached
    infos = get_linter(config.rules, config.reference, config.spacy_model, compiled).rule_infos()
    if cache and data:
        cache.store_rules(data, infos)
    return infos


def _check_selectors(config: Config, options: RunOptions, rule_ids: Sequence[str]) -> None:
    """An unknown --select/--ignore or config selector is an error, not a silent no-op."""
    for flag, values in (("--select", options.select), ("--ignore", options.ignore)):
        typos = unknown_selectors(values, rule_ids)
        if typos:
            raise ConfigError(f"{flag}: no rule or category named {', '.join(typos)} (see `claimcheck rules`)")
    configured = list(config.select) + list(config.ignore)
    for _pattern, settings in config.overrides:
        configured += list(settings.get("select", ())) + list(settings.get("ignore", ()))
    typos = unknown_selectors([s for s in configured if s not in options.select + options.ignore], rule_ids)
    if typos:
        raise ConfigError(f"select/ignore names no rule or category: {', '.join(typos)}", path=config.path)


def version() -> str:
    return __version__
