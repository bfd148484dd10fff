"""Why were annotated claims missed? For every missed sentence-level item of an annotated corpus,
count whether a guard silenced a candidate there (and which context), a finding of another category
sat on it, or no rule had a candidate at all. Prints counts only unless --show is given, so it can
be run on a held-out half without reading it.

    python benchmarks/miss_causes.py ../shared/eval/dev-pages --half check
    python benchmarks/miss_causes.py benchmarks/accuracy --show

A debugging aid for rule authors (not part of the package). "No candidate" means the rules lack the
vocabulary or frame; "silenced" means the context model or a nearby cue judged it fine.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import trace_guards  # noqa: E402  (wraps kinds.base.guards_pass and records what it silenced)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--half", choices=["tune", "check"])
    parser.add_argument("--scorer", type=Path, default=Path(__file__).parent.parent.parent / "shared/eval/score.py")
    parser.add_argument("--show", action="store_true", help="print each missed item (never on a held-out half)")
    parser.add_argument("--why", action="store_true",
                        help="count causes with the rule and context that silenced them (no sentence text: fine on a held-out half)")
    args = parser.parse_args()
    if args.show and args.half == "check":
        parser.error("--show lists the held-out half's sentences: counts only for --half check")
    if not args.scorer.is_file():
        parser.error(f"scorer not found: {args.scorer}")
    sys.path.insert(0, str(args.scorer.parent))
    import score  # the eval scorer: article loading and span matching

    trace_guards.install()
    from claimcheck.api import Linter

    articles = [score.load_article(md) for md in sorted(args.corpus.glob("*.md"))
                if md.with_suffix(".yaml").exists() and _in_half(md, args.half)]
    found = score.run_by_kind("claimcheck check --format json --fail-on never", articles)
    linter, causes = Linter(), Counter()
    for article in articles:
        findings = [f for f in found.get(str(article["path"].resolve()), []) if not score.is_document_level(f)]
        silenced = trace_guards.silenced_spans(linter, article["path"].read_text(encoding="utf-8"),
                                               "news" if article["kind"] == "news" else None)
        for item in article["gold"]:
            if not item["region"] or any(f["category"] == item["category"] and score.overlaps(f, item["region"])
                                         for f in findings):
                continue
            lo, hi = item["region"]
            other = sorted({f["rule"] for f in findings if score.overlaps(f, item["region"])})
            here = sorted({(rule, why) for start, end, rule, why in silenced if start < hi and end > lo})
            cause = (f"found as {', '.join(other)}" if other else
                     "silenced: " + "; ".join(f"{r} by {w}" for r, w in here) if here else "no candidate")
            causes[(item["category"], cause if args.show or args.why else cause.split(":")[0])] += 1
            if args.show:
                print(f"{article['path'].name[:40]} {item['category']}: {item.get('quote', '')[:70]!r} -> {cause}")
    for (category, cause), count in sorted(causes.items()):
        print(f"{count:3d}  {category:<15} {cause}")
    return 0


def _in_half(md: Path, half: str | None) -> bool:
    number = re.match(r"\d+", md.name)
    return half is None or number is None or (int(number.group()) % 2 == 1) == (half == "tune")


if __name__ == "__main__":
    raise SystemExit(main())
