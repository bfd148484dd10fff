"""The two output tables of a scan as plain rows: one row per finding, one summary row per article.

The column lists are data (name, type) so the JSONL and Parquet writers share one schema and every
part of a Parquet folder has the same types, whatever its batch held.
"""
from __future__ import annotations

from typing import Any

from claimcheck.finding import CATEGORY_NAMES, FileReport, Finding, Severity

FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("rule", "string"), ("category", "string"), ("severity", "string"),
    ("scope", "string"), ("offset", "int64"), ("end_offset", "int64"), ("line", "int64"),
    ("column", "int64"), ("end_line", "int64"), ("end_column", "int64"), ("text", "string"),
    ("message", "string"), ("suggestion", "string"),
)

SEVERITY_COLUMNS = tuple(f"severity_{s.label}" for s in sorted(Severity, reverse=True))
CATEGORY_COLUMNS = tuple(f"category_{name}" for name in CATEGORY_NAMES)

SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("source", "string"), ("path", "string"), ("kind", "string"),
    ("findings", "int64"),
    *((name, "int64") for name in SEVERITY_COLUMNS),
    *((name, "int64") for name in CATEGORY_COLUMNS),
    ("error", "string"), ("duplicate", "bool"),
)


def finding_row(article_id: str, finding: Finding) -> dict[str, Any]:
    """One finding as a flat row; document-level findings have null positions."""
    return {
        "id": article_id, "rule": finding.rule, "category": finding.category.value,
        "severity": finding.severity.label, "scope": finding.scope.value,
        "offset": finding.offset, "end_offset": finding.end_offset,
        "line": finding.start.line if finding.start else None,
        "column": finding.start.column if finding.start else None,
        "end_line": finding.end.line if finding.end else None,
        "end_column": finding.end.column if finding.end else None,
        "text": finding.text, "message": finding.message, "suggestion": finding.suggestion,
    }


def summary_row(article_id: str | None, source: str, path: str | None, kind: str | None,
                report: FileReport | None, error: str | None = None, duplicate: bool = False) -> dict[str, Any]:
    """The per-article row: counts by severity and category, or the error that stopped linting."""
    findings = report.findings if report else ()
    row: dict[str, Any] = {"id": article_id, "source": source, "path": path, "kind": kind,
                           "findings": len(findings)}
    for severity in sorted(Severity, reverse=True):
        row[f"severity_{severity.label}"] = sum(1 for f in findings if f.severity is severity)
    for name in CATEGORY_NAMES:
        row[f"category_{name}"] = sum(1 for f in findings if f.category.value == name)
    row["error"] = error if error is not None else (report.error if report else None)
    row["duplicate"] = duplicate
    return row
