"""Inline suppressions: `<!-- claimcheck-disable RULE -->` … `<!-- claimcheck-enable -->`,
`<!-- claimcheck-disable-next-line RULE -->` (and `# claimcheck-…` lines in plain text).

A RULE is a rule id, a category or a prefix; none means every rule. A suppression that silenced
nothing is reported back so it can be cleaned up.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.config import rule_selected
from claimcheck.finding import Finding
from claimcheck.markup import Directive
from claimcheck.source import LineIndex

DIRECTIVES = ("claimcheck-disable", "claimcheck-enable", "claimcheck-disable-next-line")


@dataclass
class _Region:
    selectors: tuple[str, ...]   # empty: every rule
    start: int                   # source offsets [start, end)
    end: int
    line: int
    used: bool = False
    excluded: tuple[str, ...] = ()  # re-enabled inside a disable-all region

    def covers(self, finding: Finding) -> bool:
        if finding.offset is None:
            return False
        if not (self.start <= finding.offset < self.end):
            return False
        category = finding.category.value
        if self.excluded and rule_selected(finding.rule, category, self.excluded, ()):
            return False
        return not self.selectors or rule_selected(finding.rule, category, self.selectors, ())


def _selectors(argument: str) -> tuple[str, ...]:
    return tuple(s for s in (part.strip() for part in argument.replace(",", " ").split()) if s)


def regions(directives: Sequence[Directive], lines: LineIndex, length: int) -> tuple[list[_Region], list[str]]:
    """Turn directives into suppressed regions; also return problems (unknown directive names)."""
    found: list[_Region] = []
    open_regions: list[_Region] = []
    problems: list[str] = []
    for directive in directives:
        line = lines.position(directive.offset).line
        selectors = _selectors(directive.argument)
        if directive.name == "claimcheck-disable":
            region = _Region(selectors, directive.end_offset, length, line)
            open_regions.append(region)
            found.append(region)
        elif directive.name == "claimcheck-enable":
            for region in list(open_regions):
                if selectors and region.selectors and not set(region.selectors) & set(selectors):
                    continue
                region.end = directive.offset
                open_regions.remove(region)
                if not selectors:
                    continue
                # Re-enable only what was named; the rest stays disabled from here on.
                if region.selectors:
                    rest = tuple(s for s in region.selectors if s not in selectors)
                    excluded: tuple[str, ...] = ()
                else:
                    rest, excluded = (), tuple(dict.fromkeys(region.excluded + selectors))
                if rest or not region.selectors:
                    remainder = _Region(rest, directive.end_offset, length, region.line, excluded=excluded)
                    open_regions.append(remainder)
                    found.append(remainder)
        elif directive.name == "claimcheck-disable-next-line":
            start = lines.line_start(line + 1)
            end = lines.line_start(line + 2) if line + 1 < lines.line_count else length
            found.append(_Region(selectors, start, end if end > start else length, line))
        else:
            problems.append(f"line {line}: unknown directive '{directive.name}' "
                            f"(expected {', '.join(DIRECTIVES)})")
    return found, problems


def apply_suppressions(findings: Sequence[Finding], directives: Sequence[Directive], lines: LineIndex,
                       length: int) -> tuple[list[Finding], list[str]]:
    """Drop suppressed findings; return the rest and notes on unused or unknown directives."""
    if not directives:
        return list(findings), []
    found, problems = regions(directives, lines, length)
    kept = []
    for finding in findings:
        covering = [r for r in found if r.covers(finding)]
        for region in covering:
            region.used = True
        if not covering:
            kept.append(finding)
    used_lines = {region.line for region in found if region.used}
    reported: set[int] = set()
    for region in found:  # a region split by a partial enable counts as one suppression
        if region.line not in used_lines and region.line not in reported:
            reported.add(region.line)
            what = ", ".join(region.selectors) or "all rules"
            problems.append(f"line {region.line}: suppression of {what} silenced nothing")
    return kept, problems
