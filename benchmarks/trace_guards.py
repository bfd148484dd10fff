"""Why did a rule not fire? Print, for each text, the findings and every candidate match that a
guard (context, kind, cue nearby, scope) silenced, with the context that silenced it.

    python benchmarks/trace_guards.py [--kind KIND] "Sentence one." "Sentence two." | FILE.md ...

A debugging aid for rule authors (not part of the package): it wraps `kinds.base.guards_pass`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import claimcheck.kinds.base as base

_original = base.guards_pass
_log: list[str] = []
_spans: list[tuple[int, int, str, str]] = []


def _traced(rule, span, article, exceptions=(), terms_of_art=True):  # type: ignore[no-untyped-def]
    passed = _original(rule, span, article, exceptions, terms_of_art)
    if not passed:
        context = span._.cc_context
        why = sorted((context & rule.unless) | (context & rule.unless_by_kind.get(article.kind, frozenset()))
                     | ({"term_of_art"} & context))
        reason = ', '.join(why) or 'requires / nearby cue / scope'
        _log.append(f"  silenced {rule.id} [{span.text}] by {reason}")
        _spans.append((span.start_char, span.end_char, rule.id, reason))
    return passed


def install() -> None:
    """Route every kind's guard check through the tracer (kinds import the guard by name)."""
    base.guards_pass = _traced
    for name, module in list(sys.modules.items()):
        if name.startswith("claimcheck") and getattr(module, "guards_pass", None) is _original:
            module.guards_pass = _traced


def silenced_spans(linter, text: str, kind: str | None = None) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    """(start char, end char, rule, why) of each candidate a guard silenced in `text`."""
    _spans.clear()
    linter.check_text(text, kind=kind)
    return list(_spans)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", help="article kind (default: inferred)")
    parser.add_argument("texts", nargs="+", help="sentences, or paths of files")
    args = parser.parse_args()
    install()
    from claimcheck.api import Linter

    linter = Linter()
    for item in args.texts:
        path = Path(item)
        text = path.read_text(encoding="utf-8") if path.is_file() else item
        _log.clear()
        report = linter.check_text(text, path=str(path) if path.is_file() else "<text>", kind=args.kind)
        print(item if path.is_file() else text[:100])
        for finding in report.findings:
            where = f"{finding.start.line}:{finding.start.column}" if finding.start else "document"
            print(f"  found {finding.rule} at {where}: {finding.text or ''}")
        print("\n".join(_log))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
