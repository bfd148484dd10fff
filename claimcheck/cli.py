"""The command line. The only module that prints or exits.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration,
data or input error (one clear line on stderr, never a traceback).
"""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.finding import Report, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_SIGINT, EXIT_SIGTERM = 130, 143  # 128 + the signal's number, as shells report it
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> None:
    click.echo(f"claimcheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def handles_errors(func: F) -> F:
    """Turn our errors (bad data, config, input) into one line on stderr and exit code 2."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimcheckError as exc:
            _fail(str(exc))
        except FileNotFoundError as exc:
            _fail(str(exc))
        except BrokenPipeError:  # e.g. `claimcheck rules | head`
            _quiet_stdout()
            sys.exit(EXIT_CLEAN)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: still one line, never a traceback
            _fail(f"internal error: {type(exc).__name__}: {exc} (please report it)")
    return wrapper  # type: ignore[return-value]


def _quiet_stdout() -> None:
    """After the reader of our stdout went away: send what is left to /dev/null, so that Python's
    final flush does not print an error."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Interruptible(click.Group):
    """SIGINT and SIGTERM end a run with one line and 130 or 143, never a traceback or "Aborted!"."""

    def invoke(self, ctx: click.Context) -> Any:
        import signal

        from claimcheck.interrupts import Terminated, raise_on_signals

        try:
            with raise_on_signals():
                return super().invoke(ctx)
        except KeyboardInterrupt:  # before the handlers were in place
            click.echo("claimcheck: interrupted (SIGINT)", err=True)
            sys.exit(EXIT_SIGINT)
        except Terminated as stop:
            if stop.signum == signal.SIGINT:
                click.echo("claimcheck: interrupted (SIGINT)", err=True)
                sys.exit(EXIT_SIGINT)
            click.echo("claimcheck: terminated (SIGTERM)", err=True)
            sys.exit(EXIT_SIGTERM)


# The same as claimcheck.rules.KINDS_OF_ARTICLE (a test checks); not imported, to keep start-up light.
ARTICLE_KINDS = ["article", "news", "reputable", "commercial", "alternative", "blog"]


def selection_options(func: F) -> F:
    """Which rules, reference and configuration a run uses: the options `check` and `scan` share."""
    options = [
        click.option("--select", multiple=True, help="Only these rules, categories or prefixes (repeatable)."),
        click.option("--ignore", multiple=True, help="Skip these rules, categories or prefixes (repeatable)."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="Extra rule folder (rules/<category>/<name>.yaml); repeatable."),
        click.option("--reference", "reference_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="Extra reference folder; repeatable."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(cls=_Interruptible, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """claimcheck: lint articles about cancer treatment for risky medical claims."""


def _exit_code(report: Report, fail_on: str) -> int:
    if report.errors:
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(f.severity >= threshold for f in report.findings) else EXIT_CLEAN


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json", "sarif", "github", "junit", "html"]), help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file; a short summary still goes to the terminal.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding is at or above this severity (default: error, or the config's fail_on).")
@selection_options
@click.option("--kind", type=click.Choice(ARTICLE_KINDS),
              help="Article kind for every file (overrides front matter and config).")
@click.option("--include", multiple=True, help="Also lint files matching this glob when walking folders (repeatable).")
@click.option("--exclude", multiple=True, help="Skip files matching this glob when walking folders (repeatable).")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclude globs to files named on the command line too (use it in pre-commit hooks).")
@click.option("--max-size", type=click.IntRange(min=0), default=None,
              help="Largest file to lint, in bytes (default 10 MiB; 0 = no limit).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None,
              help="Seconds one file may take before it is reported as an error (default 60; 0 = no limit).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Hide findings recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings here.")
@click.option("--diff-base", help="Only report findings on lines changed since this git revision.")
@click.option("--warn-unused-suppressions", is_flag=True, help="Treat a suppression that silenced nothing as a warning.")
@click.option("--stdin-filename", default="-", help="Name to show (and to pick Markdown or text) for '-'.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but findings and errors (no summary).")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: only on a terminal).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of results (.claimcheck_cache/).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for files that need linting (default: the usable cores; 1 = in-process).")
@handles_errors
def check(paths: tuple[str, ...], output_format: str, output: str | None, fail_on: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], rule_dirs: tuple[str, ...],
          reference_dirs: tuple[str, ...], config_file: str | None, no_config: bool, kind: str | None,
          include: tuple[str, ...], exclude: tuple[str, ...], force_exclude: bool, max_size: int | None, timeout: float | None, baseline: str | None, write_baseline: str | None, diff_base: str | None,
          warn_unused_suppressions: bool, stdin_filename: str, quiet: bool, color: bool | None,
          no_cache: bool, jobs: int | None) -> None:
    """Lint articles (Markdown or plain text files, folders, or - for stdin)."""
    from claimcheck.api import RunOptions, check_paths, effective_config
    from claimcheck.formatters import FormatOptions, render
    from claimcheck.formatters.text import summary_line
    from claimcheck.interrupts import raise_if_signalled
    from claimcheck.output import write_output
    from claimcheck.parallel import usable_cores

    for path in paths:
        if path != "-" and not Path(path).exists():
            raise ClaimcheckError("no such file or directory", path=path)
    options = RunOptions(select=select, ignore=ignore, kind=kind, config_file=config_file, no_config=no_config,
                         rules=tuple(str(Path(d).resolve()) for d in rule_dirs),
                         reference=tuple(str(Path(d).resolve()) for d in reference_dirs),
                         max_size=max_size, timeout=timeout, stdin_name=stdin_filename, extra_include=include,
                         extra_exclude=exclude, force_exclude=force_exclude, cache=not no_cache,
                         jobs=jobs or usable_cores(), compiled=True)
    report = check_paths(paths, options)
    raise_if_signalled()  # a stopped run writes nothing, even if the signal's first raise was dropped
    notes: list[str] = [f"claimcheck: note: {note}" for note in report.notes]
    if not report.files:
        notes.append("claimcheck: warning: no article to lint (the paths held no file matching the include "
                     "globs, or all were excluded; see --include and `claimcheck config`)")
    if diff_base:
        from claimcheck.gitdiff import changed_lines, filter_report

        report = filter_report(report, changed_lines([f.path for f in report.files], diff_base))
    if baseline:
        from claimcheck.baseline import apply_baseline, load_baseline

        report, matched, unmatched = apply_baseline(report, load_baseline(Path(baseline)))
        notes.append(f"baseline: {matched} finding{'s' if matched != 1 else ''} hidden, "
                     f"{unmatched} baseline entr{'ies' if unmatched != 1 else 'y'} no longer match")
    if write_baseline:
        from claimcheck.baseline import write_baseline as write

        count = write(report, Path(write_baseline))
        notes.append(f"baseline: wrote {count} entr{'ies' if count != 1 else 'y'} to {write_baseline}")
    fail_threshold = fail_on or effective_config(paths[0], options).fail_on
    exit_code = _exit_code(report, fail_threshold)
    if warn_unused_suppressions and exit_code == EXIT_CLEAN and fail_threshold in ("warning", "info") and any(
            "silenced nothing" in n for f in report.files for n in f.notes):
        exit_code = EXIT_FINDINGS
    use_color = sys.stdout.isatty() if color is None else color
    rendered = render(output_format, report, FormatOptions(color=use_color and not output, version=__version__,
                                                            base_dir=Path.cwd()))
    if output:
        try:
            write_output(output, rendered)  # atomic: an interrupted run leaves the previous report whole
        except OSError as exc:
            raise ClaimcheckError(f"cannot write the report: {exc.strerror or exc}", path=output) from None
        if not quiet:
            click.echo(f"{summary_line(report)}; report written to {output}", err=output_format != "text")
    else:
        if quiet and output_format == "text":
            rendered = "\n".join(line for line in rendered.splitlines()[:-1]) + "\n"
        try:
            click.echo(rendered, nl=False)
        except BrokenPipeError:  # `claimcheck check … | head`: the verdict still stands
            _quiet_stdout()
            sys.exit(exit_code)
    if not quiet:
        for note in notes:
            click.echo(note, err=True)
    for file_report in report.errors:
        click.echo(f"claimcheck: error: {file_report.path}: {file_report.error}", err=True)
    sys.exit(exit_code)


@main.command()
@click.argument("dataset")
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False),
              help="FINDINGS folder: findings/ and summary/ parts (Parquet or JSONL).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool on this machine; dask: a Dask cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (local pool or LocalCluster; default: one per CPU).")
@click.option("--scheduler", help="Address of an existing Dask scheduler (with --engine dask).")
@click.option("--id-column", default="id", show_default=True, help="Field holding each article's id.")
@click.option("--text-column", default="text", show_default=True, help="Field holding each article's text.")
@click.option("--kind-column", default="kind", show_default=True, help="Optional field with the article kind.")
@click.option("--path-column", default="path", show_default=True,
              help="Optional field with the article's path (for config overrides).")
@click.option("--format", "text_format", type=click.Choice(["markdown", "text"]), default="markdown",
              show_default=True, help="How to read the texts.")
@click.option("--output-format", type=click.Choice(["parquet", "jsonl"]), default=None,
              help="Default: from the output's suffix, else the dataset's format.")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Rows per task and per output part.")
@click.option("--resume", is_flag=True, help="Continue a scan: skip articles that already have a summary row.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="never",
              show_default=True, help="Exit 1 when a finding is at or above this severity.")
@selection_options
@click.option("--kind", type=click.Choice(ARTICLE_KINDS),
              help="Article kind for every row (overrides the kind column and front matter).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: only on a terminal).")
@handles_errors
def scan(dataset: str, output: str, engine: str, workers: int | None, scheduler: str | None, id_column: str,
         text_column: str, kind_column: str, path_column: str, text_format: str, output_format: str | None,
         batch_size: int, resume: bool, fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...],
         rule_dirs: tuple[str, ...], reference_dirs: tuple[str, ...], config_file: str | None, no_config: bool,
         kind: str | None, progress: bool | None) -> None:
    """Lint a dataset of articles (JSONL or Parquet: a file, a folder of parts or a glob). See docs/scan.md."""
    import time

    from claimcheck.api import RunOptions
    from claimcheck.scan import Columns, ScanOptions
    from claimcheck.scan import scan as run_scan
    from claimcheck.scan.progress import final_line, progress_line

    lint = RunOptions(select=select, ignore=ignore, kind=kind, config_file=config_file, no_config=no_config,
                      rules=tuple(str(Path(d).resolve()) for d in rule_dirs),
                      reference=tuple(str(Path(d).resolve()) for d in reference_dirs))
    options = ScanOptions(dataset, output, engine, workers, scheduler,
                          Columns(id_column, text_column, kind_column, path_column), text_format, output_format,
                          batch_size, resume, lint)
    show = sys.stderr.isatty() if progress is None else progress
    started = time.monotonic()

    def on_progress(done: int, total: int) -> None:
        if show:
            click.echo("\r" + progress_line(done, total, time.monotonic() - started), nl=False, err=True)

    result = run_scan(options, on_progress)
    if show:
        click.echo("", err=True)
    click.echo(final_line(result, output), err=True)
    for problem in result.errors:
        click.echo(f"claimcheck: error: {problem}", err=True)
    if result.failed > len(result.errors):
        click.echo(f"claimcheck: … and {result.failed - len(result.errors):,} more rows that could not be linted "
                   "(see the summary table's error column)", err=True)
    if result.failed:
        sys.exit(EXIT_ERROR)
    threshold = None if fail_on == "never" else Severity.parse(fail_on)
    at_or_above = threshold is not None and any(result.severities.get(s.label, 0) for s in Severity if s >= threshold)
    sys.exit(EXIT_FINDINGS if at_or_above else EXIT_CLEAN)


@main.command(name="rules")
@click.option("--format", "output_format", default="text", type=click.Choice(["text", "json"]))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule folder.")
@handles_errors
def list_rules(output_format: str, rule_dirs: tuple[str, ...]) -> None:
    """List the rules: id, category, severity, kind."""
    from claimcheck.api import get_linter

    linter = get_linter(tuple(str(Path(d).resolve()) for d in rule_dirs))
    if output_format == "json":
        click.echo(json.dumps([{"id": r.id, "category": r.category.value, "severity": r.severity.label,
                                "kind": r.kind, "scope": r.scope, "message": r.message}
                               for r in linter.rules], indent=2))
        return
    width = max(len(r.id) for r in linter.rules)
    click.echo(f"{'rule':<{width}}  {'category':<15}{'severity':<9}kind")
    for rule in linter.rules:
        click.echo(f"{rule.id:<{width}}  {rule.category.value:<15}{rule.severity.label:<9}{rule.kind}")
    click.echo(f"\n{len(linter.rules)} rules")


@main.command()
@click.argument("rule_id")
@handles_errors
def explain(rule_id: str) -> None:
    """Explain a rule: what it flags and why, examples, sources."""
    from claimcheck.api import get_linter

    linter = get_linter()
    rules = {r.id: r for r in linter.rules}
    if rule_id not in rules:
        import difflib

        close = difflib.get_close_matches(rule_id, list(rules), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see `claimcheck rules`)"
        raise ClaimcheckError(f"unknown rule {rule_id!r}{hint}")
    rule = rules[rule_id]
    click.echo(f"{rule.id}  [{rule.category.value}, {rule.severity.label}, {rule.kind}, scope {rule.scope}]\n")
    click.echo(rule.description + "\n")
    click.echo(f"Message:    {rule.message}")
    if rule.suggestion:
        click.echo(f"Suggestion: {rule.suggestion}")
    if rule.unless:
        click.echo(f"Not flagged when: {', '.join(sorted(rule.unless))}")
    for article_kind, contexts in sorted(rule.unless_by_kind.items()):
        click.echo(f"  and in {article_kind} articles when: {', '.join(sorted(contexts))}")
    if rule.skip_kinds:
        click.echo(f"Not applied to: {', '.join(sorted(rule.skip_kinds))} articles")
    if rule.only_kinds:
        click.echo(f"Applied only to: {', '.join(sorted(rule.only_kinds))} articles")
    from claimcheck.kinds import KINDS

    kind_lines = KINDS[rule.kind].explain_lines(rule, linter.ruleset.context.wordclasses)
    if kind_lines:
        click.echo("")
        for line in kind_lines:
            click.echo(line)
    click.echo("\nFlagged:")
    for example in rule.examples_fail:
        click.echo(f"  ✗ {example}")
    click.echo("Not flagged:")
    for example in rule.examples_pass:
        click.echo(f"  ✓ {example}")
    click.echo("\nSources:")
    for source_id in rule.sources:
        source = linter.reference.sources.get(source_id)
        click.echo(f"  - {source.title} ({source.publisher}) {source.url}" if source else f"  - {source_id}")


@main.command()
@click.argument("path")
@click.option("--format", "output_format", default="text", type=click.Choice(["text", "json"]))
@handles_errors
def claims(path: str, output_format: str) -> None:
    """List the claims the pipeline found in an article, with their context flags."""
    from claimcheck.api import get_linter
    from claimcheck.engine import prose_text
    from claimcheck.source import LineIndex, read_source, read_stdin

    source = read_stdin() if path == "-" else read_source(Path(path), path)
    linter = get_linter()
    doc, prose = linter.annotate(source.text, path)
    _joined, _blocks, placement = prose_text(prose)
    lines = LineIndex(source.text)
    rows = []
    for claim in doc._.cc_claims or []:
        offset = placement.to_source(claim.sentence.start_char)
        position = lines.position(offset)
        rows.append({
            "line": position.line, "column": position.column,
            "sentence": " ".join(claim.sentence.text.split()),
            "treatment": claim.treatment.text, "treatment_id": claim.treatment.kb_id_ or None,
            "predicate": claim.predicate.text, "kind": claim.kind, "via_pronoun": claim.via_pronoun,
            "context": sorted(claim.context),
        })
    from claimcheck.pipeline.triples import triple_record

    triples = []
    for triple in doc._.cc_triples or []:
        position = lines.position(placement.to_source(doc[triple.start].idx))
        triples.append({"line": position.line, "column": position.column,
                        **triple_record(triple, linter.reference),
                        "sentence": " ".join(triple.sentence.text.split())})
    if output_format == "json":
        click.echo(json.dumps({"path": path, "claims": rows, "triples": triples}, indent=2, ensure_ascii=False))
        return
    for row in rows:
        flags = ", ".join(row["context"]) or "asserted"
        click.echo(f"{path}:{row['line']}:{row['column']}: {row['kind']} claim: "
                   f"{row['treatment']} → {row['predicate']} [{flags}]")
        click.echo(f"    {row['sentence']}")
    for row in triples:
        flags = ", ".join(row["context"]) or "asserted"
        scope = f" (for {row['scope']})" if row["scope"] else ""
        click.echo(f"{path}:{row['line']}:{row['column']}: ({row['subject']}, {row['relation']}, "
                   f"{row['object']}{scope}) [{flags}] → {row['verdict']}")
        click.echo(f"    reference: {row['fact']}")
        if row["sources"]:
            click.echo(f"    source: {row['sources'][0]}" + (f" (+{len(row['sources']) - 1} more)"
                                                          if len(row["sources"]) > 1 else ""))
    click.echo(f"{len(rows)} claim{'s' if len(rows) != 1 else ''}, "
               f"{len(triples)} triple{'s' if len(triples) != 1 else ''}")


@main.command()
@click.option("--debounce", default=0.3, show_default=True, type=click.FloatRange(min=0),
              help="Seconds to wait after an edit before linting the document again.")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only transport).")
@handles_errors
def lsp(debounce: float, stdio: bool) -> None:
    """Run the language server for Markdown and plain text (see docs/editors.md)."""
    try:
        from claimcheck.lsp import serve
    except ImportError as exc:
        raise ClaimcheckError(f"the language server needs pygls ({exc.name or exc} is missing): "
                              "pip install 'claimcheck[lsp]'") from None
    serve(debounce)


@main.command(name="config")
@click.argument("path", default=".")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
@click.option("--no-config", is_flag=True)
@handles_errors
def show_config(path: str, config_file: str | None, no_config: bool) -> None:
    """Print the effective configuration for a file."""
    from claimcheck.api import RunOptions, effective_config

    config = effective_config(path if path != "." else str(Path.cwd() / "_"),
                              RunOptions(config_file=config_file, no_config=no_config))
    click.echo(json.dumps(config.as_dict(), indent=2))


@main.group()
def cache() -> None:
    """Manage the cache of lint results."""


@cache.command(name="clean")
@click.argument("path", default=".", type=click.Path(exists=True))
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
@handles_errors
def cache_clean(path: str, config_file: str | None) -> None:
    """Delete the cache folder used for PATH (default: the current folder)."""
    from claimcheck.api import RunOptions, effective_config
    from claimcheck.cache import cache_folder, clean

    target = Path(path)
    config = effective_config(str(target / "_" if target.is_dir() else target), RunOptions(config_file=config_file))
    folder = cache_folder(config)
    click.echo(f"removed {folder}" if clean(folder) else f"no cache at {folder}")


@main.group()
def reference() -> None:
    """Look things up in, or validate, the curated reference."""


@reference.command(name="show")
@click.argument("name")
@click.option("--reference", "reference_dirs", multiple=True, type=click.Path(file_okay=False))
@handles_errors
def reference_show(name: str, reference_dirs: tuple[str, ...]) -> None:
    """Show what the reference says about a drug, product or class."""
    from claimcheck.data import reference_dir
    from claimcheck.reference import cached_reference

    ref = cached_reference((str(reference_dir()), *(str(Path(d).resolve()) for d in reference_dirs)))
    entry = ref.lookup(name)
    if entry is None:
        close = ref.suggest(name)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise ClaimcheckError(f"{name!r} is not in the reference{hint}")
    click.echo(f"{entry.name}  ({entry.section[:-1].replace('_', ' ')}, id {entry.id})")
    if entry.brands:
        click.echo(f"  brands:        {', '.join(entry.brands)}")
    if entry.codes:
        click.echo(f"  codes:         {', '.join(entry.codes)}")
    if entry.section in ("agents", "classes"):
        lineage = [ref.entries[i].name for i in ref.lineage(entry.id)[1:]]
        click.echo(f"  class:         {' > '.join(lineage) or '(a top-level class)'}")
        if entry.target:
            click.echo(f"  target:        {entry.target}")
        click.echo(f"  immunotherapy: {entry.immunotherapy}")
        if entry.approved:
            click.echo(f"  first FDA approval: {entry.approved}")
        summary = entry.summary or next((ref.entries[i].summary for i in ref.lineage(entry.id) if ref.entries[i].summary), "")
        if summary:
            click.echo(f"  how it works:  {summary}")
        does_not = entry.does_not or next((ref.entries[i].does_not for i in ref.lineage(entry.id) if ref.entries[i].does_not), "")
        if does_not:
            click.echo(f"  does not:      {does_not}")
        effects = ref.known_side_effects(entry.id)
        if effects:
            click.echo("  side effects:")
            for effect_id, note in list(effects.items())[:12]:
                freq = f" ({note.frequency})" if note.frequency else ""
                click.echo(f"    - {ref.entries[effect_id].name}{freq}")
        atypical = ref.atypical_side_effects(entry.id)
        if atypical:
            click.echo("  not typical:")
            for effect_id, note in atypical.items():
                click.echo(f"    - {ref.entries[effect_id].name}: {note.note or ''}")
    from claimcheck.verdicts import indications_of

    indications = indications_of(ref, entry.id) if entry.section == "agents" else []
    if indications:
        original = ref.facts.same_as.get(entry.id)
        click.echo("  approved for:" + (f"  (the indications of {original[0]})" if original else ""))
        for item in indications:
            notes = [n for n in (item.biomarker, "withdrawn" if item.status == "withdrawn" else "",
                                 "prevention" if item.use == "prevention" else "") if n]
            extra = f" [{'; '.join(notes)}]" if notes else ""
            click.echo(f"    - {ref.entries[item.cancer].name} ({item.agency} {item.year}){extra}: {item.setting}")
            click.echo(f"      source: {', '.join(ref.source_urls(item.sources))}"
                       + ("" if item.verified else " (unverified)"))
    if not entry.verified:
        click.echo("  (some facts here are unverified: check them against the sources before relying on them)")
    click.echo("  sources:")
    for url in ref.source_urls(entry.sources):
        click.echo(f"    - {url}")


@reference.command(name="validate")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@handles_errors
def reference_validate(folder: str | None) -> None:
    """Validate the shipped reference, or a folder of your own on top of it."""
    from claimcheck.data import reference_dir
    from claimcheck.reference import load_reference

    folders = [reference_dir()]
    if folder and Path(folder).resolve() != reference_dir().resolve():
        folders.append(Path(folder))
    ref = load_reference(folders)
    counts = {section: len(ref.section(section)) for section in ("classes", "agents", "side_effects", "cancers",
                                                                 "mechanisms")}
    facts = ", ".join(f"{n} {name}" for name, n in ref.facts.counts().items())
    click.echo("reference OK: " + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items()) +
               f", {facts}, {len(ref.sources)} sources")


if __name__ == "__main__":  # pragma: no cover
    main()
