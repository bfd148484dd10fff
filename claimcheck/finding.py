"""The records that flow from the engine to the formatters.

Formatters never see spaCy objects: everything they need is in these frozen dataclasses.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that `--fail-on warning` means `severity >= Severity.WARNING`."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


class Category(enum.StrEnum):
    """The seven finding categories (defined in the accuracy corpus README)."""

    OVERCLAIM = "overclaim"
    HYPE = "hype"
    SAFETY = "safety"
    MECHANISM = "mechanism"
    CLASSIFICATION = "classification"
    EVIDENCE = "evidence"
    DISCLAIMER = "disclaimer"


CATEGORY_NAMES: tuple[str, ...] = tuple(c.value for c in Category)


class Scope(enum.StrEnum):
    SPAN = "span"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the original file: 1-based line and column (in characters)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file. Offsets are character offsets into the decoded file text."""

    rule: str
    category: Category
    severity: Severity
    message: str
    suggestion: str | None = None
    sources: tuple[str, ...] = ()
    scope: Scope = Scope.SPAN
    offset: int | None = None
    end_offset: int | None = None
    start: Position | None = None
    end: Position | None = None
    text: str | None = None
    sentence: str | None = None
    sentence_offset: int | None = None
    sentence_column: int | None = None  # where `text` starts in `sentence` (0-based), for display

    @property
    def sort_key(self) -> tuple:
        """Document-level findings first, then by position, then by rule id."""
        if self.offset is None:
            return (0, 0, 0, self.rule, self.message)
        return (1, self.offset, self.end_offset or 0, self.rule, self.message)


@dataclass(frozen=True, slots=True)
class FileReport:
    """The findings for one input, or the error that stopped it from being linted."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = ()
    kind: str | None = None           # the article kind the rules were run with
    kind_inferred: bool = False       # True when no flag, front matter or config gave it
    # The decoded text the offsets point into, for formatters that show the article (html).
    text: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Rule metadata as formatters and `claimcheck rules` see it (rendered, never copied)."""

    id: str
    category: Category
    severity: Severity
    kind: str
    scope: str
    message: str
    description: str
    suggestion: str | None = None
    sources: tuple[str, ...] = ()
    examples_fail: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """The result of one run over any number of inputs."""

    files: tuple[FileReport, ...]
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for fr in self.files for f in fr.findings)

    @property
    def errors(self) -> tuple[FileReport, ...]:
        return tuple(fr for fr in self.files if fr.error)

    def counts(self) -> dict[str, int]:
        counts = {"files": len(self.files), "findings": 0, "error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts["findings"] += 1
            counts[finding.severity.label] += 1
        return counts
