#!/usr/bin/env python
"""Fuzz claimcheck: generated Markdown, plain text and raw bytes through the API, properties checked.

The same strategies and properties as tests/test_fuzz.py (tests/strategies.py), at a much larger
scale and with a fresh random seed each run unless --seed is given. A case fails when linting raises
anything but a ClaimcheckError (bad front matter settings are reported for the file by design), when
decoding raises anything but an InputError, or when a finding's offsets, text or line:column disagree
with the text. Failures are counted, not shrunk, so the run always completes; the first few are printed.

Run:  python benchmarks/fuzz.py [--cases 10000] [--seed N]
Last line:  fuzz: <cases> cases (<markdown> markdown, <text> text, <bytes> bytes) in <s> s: <rate> cases/s, <n> failures
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import encoded_document, markdown_document, plain_document, problems  # noqa: E402

from claimcheck.api import get_linter  # noqa: E402
from claimcheck.errors import ClaimcheckError, InputError  # noqa: E402
from claimcheck.source import decode  # noqa: E402

SHARES = (("markdown", 0.6), ("text", 0.2), ("bytes", 0.2))


def run(kind: str, count: int, run_seed: int, failures: list[str]) -> int:
    """Run `count` generated cases of one kind; returns how many ran."""
    linter = get_linter()
    ran = [0]

    def lint(text: str, path: str, shown: object) -> None:
        try:
            report = linter.check_text(text, path)
        except ClaimcheckError:
            return
        except Exception:  # noqa: BLE001 - counting, not stopping
            failures.append(f"{kind}: {shown!r:.300}\n{traceback.format_exc(limit=4)}")
            return
        found = list(problems(text, report))
        if found:
            failures.append(f"{kind}: {shown!r:.300}\n  " + "\n  ".join(found))

    def case(value: str | bytes) -> None:
        ran[0] += 1
        if kind == "bytes":
            assert isinstance(value, bytes)
            try:
                text = decode(value, "fuzz.md")
            except InputError:
                return
            except Exception:  # noqa: BLE001
                failures.append(f"bytes: {value!r:.300}\n{traceback.format_exc(limit=4)}")
                return
            lint(text, "fuzz.md", value)
        else:
            assert isinstance(value, str)
            lint(value, "fuzz.md" if kind == "markdown" else "fuzz.txt", value)

    strategy: st.SearchStrategy[str] | st.SearchStrategy[bytes] = {
        "markdown": markdown_document(), "text": plain_document(), "bytes": encoded_document()}[kind]
    runner: Callable[[], None] = seed(run_seed)(settings(
        max_examples=count, deadline=None, database=None, phases=[Phase.generate],
        suppress_health_check=list(HealthCheck))(given(strategy)(case)))
    runner()
    return ran[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="total cases (default 10,000)")
    parser.add_argument("--seed", type=int, default=None, help="seed (default: a random one, printed)")
    parser.add_argument("--show", type=int, default=5, help="failures to print in full")
    args = parser.parse_args()
    run_seed = args.seed if args.seed is not None else random.randrange(2**32)
    get_linter()  # load rules, reference and pipeline before the clock starts
    failures: list[str] = []
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for index, (kind, share) in enumerate(SHARES):
        wanted = round(args.cases * share) if index < len(SHARES) - 1 else args.cases - sum(counts.values())
        counts[kind] = run(kind, wanted, run_seed + index, failures)
        print(f"  {kind}: {counts[kind]} cases, {len(failures)} failures so far", file=sys.stderr)
    elapsed = time.perf_counter() - started
    for failure in failures[:args.show]:
        print(failure, file=sys.stderr)
    total = sum(counts.values())
    print(f"seed {run_seed}")
    print(f"fuzz: {total} cases ({counts['markdown']} markdown, {counts['text']} text, {counts['bytes']} bytes) "
          f"in {elapsed:.1f} s: {total / elapsed:.1f} cases/s, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
