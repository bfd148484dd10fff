"""The JSON report: a contract CI tools and the accuracy scorer depend on (keep the names)."""
from __future__ import annotations

import json
from typing import Any

from claimcheck.finding import FileReport, Finding, Report
from claimcheck.formatters import FormatOptions, register


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "category": finding.category.value,
        "severity": finding.severity.label,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "sources": list(finding.sources),
        "scope": finding.scope.value,
        "line": finding.start.line if finding.start else None,
        "column": finding.start.column if finding.start else None,
        "end_line": finding.end.line if finding.end else None,
        "end_column": finding.end.column if finding.end else None,
        "offset": finding.offset,
        "end_offset": finding.end_offset,
        "text": finding.text,
        "sentence": finding.sentence,
    }


def file_dict(report: FileReport) -> dict[str, Any]:
    data: dict[str, Any] = {"path": report.path, "findings": [finding_dict(f) for f in report.findings]}
    if report.kind is not None:
        data["kind"] = report.kind
        data["kind_inferred"] = report.kind_inferred
    if report.error:
        data["error"] = report.error
    if report.notes:
        data["notes"] = list(report.notes)
    return data


def report_dict(report: Report, version: str) -> dict[str, Any]:
    counts = report.counts()
    return {
        "claimcheck": version,
        "files": [file_dict(f) for f in report.files],
        "summary": {"files": counts["files"], "findings": counts["findings"], "error": counts["error"],
                    "warning": counts["warning"], "info": counts["info"], "unreadable": len(report.errors)},
    }


@register("json")
def format_json(report: Report, options: FormatOptions) -> str:
    return json.dumps(report_dict(report, options.version), indent=2, ensure_ascii=False) + "\n"
