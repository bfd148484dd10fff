"""Refuse regular expressions that can backtrack catastrophically, when a rule file is loaded.

A rule folder proposed in a pull request can hold spaCy token patterns with `REGEX`; Python's `re`
backtracks, so `(a+)+$` against a long word takes exponential time. At load time we reject the two
shapes behind nearly all such cases: a repeat inside a repeat where one of them is unbounded
(`(a+)+`, `(\\w+\\s?)*`), and alternatives that can start with the same character inside an
unbounded repeat (`(a|ab)*`). Possessive repeats and atomic groups do not backtrack and pass. The
per-file `--timeout` remains the guard for whatever slips through.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_C = sre_constants
_BACKTRACKING_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT)
_Interval = tuple[int, int]


def regex_problem(pattern: str) -> str | None:
    """Why `pattern` is refused (invalid, or can backtrack catastrophically), or None."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"invalid regular expression {pattern!r}: {exc}"
    problem = _scan(list(parsed), outer=None)
    return f"regular expression {pattern!r} {problem}; rewrite it without nesting" if problem else None


def _scan(items: list[tuple[Any, Any]], outer: tuple[int, int] | None) -> str | None:
    """`outer` is the (min, max) of the nearest enclosing backtracking repeat, if any."""
    for op, av in items:
        if op in _BACKTRACKING_REPEATS:
            low, high, body = av
            if outer is not None and _can_vary(low, high) and (
                    high == _C.MAXREPEAT or outer[1] == _C.MAXREPEAT):
                return "nests a variable repeat inside another repeat (e.g. (a+)+), which can backtrack for ever"
            if high == _C.MAXREPEAT and _overlapping_branch(list(body)):
                return ("repeats alternatives that can start with the same character (e.g. (a|ab)*), "
                        "which can backtrack for ever")
            inner = (low, high) if high > 1 else outer
            problem = _scan(list(body), inner)
        elif op is _C.SUBPATTERN:
            problem = _scan(list(av[-1]), outer)
        elif op is _C.BRANCH:
            problem = next((p for alt in av[1] if (p := _scan(list(alt), outer))), None)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            problem = _scan(list(av[1]), outer)
        elif op in (_C.POSSESSIVE_REPEAT, _C.ATOMIC_GROUP):
            body = av[-1] if op is _C.POSSESSIVE_REPEAT else av
            problem = _scan(list(body), None)  # no backtracking into it
        else:
            problem = None
        if problem:
            return problem
    return None


def _can_vary(low: int, high: int) -> bool:
    return high > 1 and low != high


def _overlapping_branch(items: list[tuple[Any, Any]]) -> bool:
    """A BRANCH (possibly inside groups) whose alternatives' first characters overlap."""
    while len(items) == 1 and items[0][0] is _C.SUBPATTERN:
        items = list(items[0][1][-1])
    if not items or items[0][0] is not _C.BRANCH:
        return False
    firsts = [_first_chars(list(alt)) for alt in items[0][1][1]]
    for index, first in enumerate(firsts):
        for other in firsts[index + 1:]:
            if first is None or other is None or _intersect(first, other):
                return True
    return False


def _first_chars(items: list[tuple[Any, Any]]) -> list[_Interval] | None:
    """Code point intervals an alternative can start with; None when it could be anything."""
    if not items:
        return None
    op, av = items[0]
    if op is _C.LITERAL:
        return [(av, av)]
    if op is _C.IN:
        intervals: list[_Interval] = []
        for item_op, item_av in av:
            if item_op is _C.LITERAL:
                intervals.append((item_av, item_av))
            elif item_op is _C.RANGE:
                intervals.append(item_av)
            else:  # NEGATE, CATEGORY (\w, \s …): too wide to reason about
                return None
        return intervals
    if op is _C.SUBPATTERN:
        return _first_chars(list(av[-1]) + items[1:])
    return None


def _intersect(first: list[_Interval], other: list[_Interval]) -> bool:
    return any(a <= d and c <= b for a, b in first for c, d in other)


def pattern_regexes(data: Any) -> Iterator[tuple[str, Any]]:
    """Every `REGEX` value in a rule's data, with the mapping that holds it (for its line)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "REGEX" and isinstance(value, str):
                    yield value, node
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
