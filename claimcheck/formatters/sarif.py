"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

Rule metadata is rendered from `Report.rules`, never copied; output is deterministic (sorted keys,
no timestamps or absolute machine paths unless a file lies outside `base_dir`).
"""
from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from claimcheck.baseline import normalise_sentence, portable_path
from claimcheck.finding import Finding, Report, RuleInfo, Severity
from claimcheck.formatters import FormatOptions, register

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/claimcheck/claimcheck"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "claimcheck/v1"

LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@register("sarif")
def format_sarif(report: Report, options: FormatOptions) -> str:
    rule_ids = sorted(report.rules)
    rules = [_rule_descriptor(report.rules[rule_id]) for rule_id in rule_ids]
    for rule_id, severity in _rules_without_metadata(report):
        rule_ids.append(rule_id)
        rules.append({"id": rule_id, "name": rule_id, "defaultConfiguration": {"level": LEVELS[severity]}})
    rule_index = {rule_id: index for index, rule_id in enumerate(rule_ids)}

    driver: dict = {"name": "claimcheck", "informationUri": INFORMATION_URI, "rules": rules}
    if options.version:
        driver["version"] = options.version
    results = []
    notifications = []
    for file_report in report.files:
        artifact = _artifact_location(file_report.path, options)
        if file_report.error:
            notifications.append({
                "level": "error",
                "message": {"text": file_report.error},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
            })
        for note in file_report.notes:  # e.g. a sentence that states an approved claim, or an unused suppression
            notifications.append({"level": "note", "message": {"text": note},
                                  "locations": [{"physicalLocation": {"artifactLocation": artifact}}]})
        findings = sorted(file_report.findings, key=lambda f: f.sort_key)
        results.extend(_result(finding, artifact, rule_index) for finding in findings)
    invocation: dict = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _rules_without_metadata(report: Report) -> list[tuple[str, Severity]]:
    """Rules that produced findings but are missing from `report.rules` still need a descriptor."""
    missing: dict[str, Severity] = {}
    for finding in report.findings:
        if finding.rule not in report.rules:
            missing.setdefault(finding.rule, finding.severity)
    return sorted(missing.items())


def _rule_descriptor(rule: RuleInfo) -> dict:
    descriptor: dict = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.message},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category.value, "tags": [rule.category.value]},
        "help": {"text": _help_text(rule)},
    }
    if rule.description:
        descriptor["fullDescription"] = {"text": rule.description}
    help_uri = next((source for source in rule.sources if source.startswith(("https://", "http://"))), None)
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def _help_text(rule: RuleInfo) -> str:
    parts = [rule.description or rule.message]
    if rule.suggestion:
        parts.append(f"Suggestion: {rule.suggestion}")
    if rule.sources:
        parts.append("Sources:\n" + "\n".join(f"- {source}" for source in rule.sources))
    return "\n\n".join(parts)


def _artifact_location(path: str, options: FormatOptions) -> dict:
    shown, relative = portable_path(path, options.base_dir)
    if relative:
        return {"uri": quote(shown, safe="/"), "uriBaseId": SRCROOT}
    if shown.startswith("/"):
        return {"uri": "file://" + quote(shown, safe="/")}
    return {"uri": quote(shown, safe="/")}


def message_text(finding: Finding) -> str:
    """The finding's message with its suggestion, as one line of prose."""
    if finding.suggestion:
        return f"{finding.message} Suggestion: {finding.suggestion}"
    return finding.message


def fingerprint(finding: Finding, path: str) -> str:
    """Stable across moves and unrelated edits: rule, path and the normalised sentence only."""
    sentence = "" if finding.offset is None else normalise_sentence(finding.sentence)
    return hashlib.sha256(f"{finding.rule}\0{path}\0{sentence}".encode()).hexdigest()


def _result(finding: Finding, artifact: dict, rule_index: dict[str, int]) -> dict:
    physical: dict = {"artifactLocation": artifact}
    region = _region(finding)
    if region:
        physical["region"] = region
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": message_text(finding)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, artifact["uri"])},
    }


def _region(finding: Finding) -> dict:
    """Finding.end is the position just past the span, as SARIF's exclusive endColumn expects."""
    if finding.offset is None:
        return {}
    region: dict = {"charOffset": finding.offset}
    if finding.end_offset is not None:
        region["charLength"] = max(0, finding.end_offset - finding.offset)
    if finding.start is not None:
        region["startLine"] = finding.start.line
        region["startColumn"] = finding.start.column
    if finding.start is not None and finding.end is not None:
        region["endLine"] = finding.end.line
        region["endColumn"] = finding.end.column
    return region

