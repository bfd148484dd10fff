"""Rule files: `rules/<category>/<name>.yaml` → a validated, immutable `Rule`.

The folder is the finding's category and the id is `<category>.<name>`. Keys common to every rule
are checked here; keys particular to a rule kind are checked by that kind (`claimcheck.kinds`).
An unknown key or a bad value is a `DataError` naming the file, line and problem.
"""
from __future__ import annotations

import functools
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimcheck.errors import DataError
from claimcheck.finding import CATEGORY_NAMES, Category, RuleInfo, Severity
from claimcheck.lexicon import ALL_CONTEXT
from claimcheck.regexguard import pattern_regexes, regex_problem
from claimcheck.yamlio import Located, error_at, load_yaml_file

KINDS_OF_ARTICLE = ("article", "news", "reputable", "commercial", "alternative", "blog")

SCOPES = ("sentence", "heading", "paragraph", "document")
COMMON_KEYS = {"kind", "severity", "message", "suggestion", "description", "sources", "scope", "unless",
               "unless_by_kind", "requires", "examples", "skip_kinds", "only_kinds", "name"}
REQUIREMENTS = ("treatment", "claim", "efficacy_claim")


@dataclass(frozen=True)
class Rule:
    id: str
    category: Category
    kind: str
    severity: Severity
    message: str
    description: str
    suggestion: str | None
    sources: tuple[str, ...]
    scope: str
    unless: frozenset[str]
    unless_by_kind: MappingProxyType  # article kind -> extra contexts that silence the rule there
    requires: tuple[str, ...]
    skip_kinds: frozenset[str]
    only_kinds: frozenset[str]
    examples_fail: tuple[str, ...]
    examples_pass: tuple[str, ...]
    options: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    path: str = ""
    line: int = 1

    def applies_to(self, article_kind: str) -> bool:
        if self.only_kinds and article_kind not in self.only_kinds:
            return False
        return article_kind not in self.skip_kinds

    def info(self, source_urls: tuple[str, ...]) -> RuleInfo:
        return RuleInfo(self.id, self.category, self.severity, self.kind, self.scope, self.message,
                        self.description, self.suggestion, source_urls, self.examples_fail,
                        self.examples_pass)


def _strings(path: str, node: Located, key: str) -> tuple[str, ...]:
    value = node.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise error_at(path, node, f"'{key}' must be a list of non-empty strings", key)
    return tuple(value)


def _template_problem(template: str) -> str | None:
    """Placeholders must be named ({match}, {treatment} …); braces meant literally are doubled."""
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"bad placeholder ({exc}); write a literal brace as {{{{ or }}}}"
    for name in fields:
        if not name.isidentifier():
            return f"placeholder {{{name}}} must be a name such as {{match}}"
    return None


def parse_rule(data: Any, path: Path, category: str, known_kinds: dict[str, Any]) -> Rule:
    """Validate one rule file's content (everything but kind-specific options' meaning)."""
    where = str(path)
    if not isinstance(data, dict):
        raise DataError("a rule file must be a mapping", path=where, line=1)
    kind_name = data.get("kind")
    if kind_name not in known_kinds:
        raise error_at(where, data, f"unknown or missing rule kind {kind_name!r} "
                       f"(expected one of {', '.join(sorted(known_kinds))})", "kind" if "kind" in data else None)
    kind = known_kinds[kind_name]
    allowed = COMMON_KEYS | set(kind.keys)
    for key in data:
        if key not in allowed:
            raise error_at(where, data, f"unknown key '{key}' for a {kind_name} rule "
                           f"(allowed: {', '.join(sorted(allowed))})", key)
    for key in ("severity", "message", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise error_at(where, data, f"missing or empty '{key}'", key if key in data else None)
    try:
        severity = Severity.parse(data["severity"])
    except ValueError as exc:
        raise error_at(where, data, str(exc), "severity") from None
    scope = data.get("scope", "document" if kind.document_level else "sentence")
    if scope not in SCOPES:
        raise error_at(where, data, f"'scope' must be one of {', '.join(SCOPES)}", "scope")
    if kind.document_level != (scope == "document"):
        raise error_at(where, data, f"a {kind_name} rule must have scope "
                       f"{'document' if kind.document_level else 'sentence, heading or paragraph'}", "scope")
    unless = _strings(where, data, "unless")
    for item in unless:
        if item not in ALL_CONTEXT:
            raise error_at(where, data, f"unknown context {item!r} in 'unless' "
                           f"(expected one of {', '.join(ALL_CONTEXT)})", "unless")
    unless_by_kind: dict[str, frozenset[str]] = {}
    by_kind = data.get("unless_by_kind") or {}
    if not isinstance(by_kind, dict):
        raise error_at(where, data, "'unless_by_kind' must map article kinds to lists of contexts", "unless_by_kind")
    for article_kind in by_kind:
        if article_kind not in KINDS_OF_ARTICLE:
            raise error_at(where, data, f"unknown article kind {article_kind!r} in 'unless_by_kind'", "unless_by_kind")
        values = _strings(where, by_kind, str(article_kind))
        for item in values:
            if item not in ALL_CONTEXT:
                raise error_at(where, data, f"unknown context {item!r} in 'unless_by_kind'", "unless_by_kind")
        unless_by_kind[article_kind] = frozenset(values)
    requires = _strings(where, data, "requires")
    for item in requires:
        if item not in REQUIREMENTS:
            raise error_at(where, data, f"unknown requirement {item!r} (expected one of {', '.join(REQUIREMENTS)})",
                           "requires")
    sources = _strings(where, data, "sources")
    if not sources:
        raise error_at(where, data, "a rule needs at least one entry in 'sources'", "sources" if "sources" in data else None)
    examples = data.get("examples")
    if not isinstance(examples, dict) or set(examples) - {"fail", "pass"}:
        raise error_at(where, data, "'examples' must be a mapping with 'fail' and 'pass' lists", "examples"
                       if "examples" in data else None)
    fail = _strings(where, examples, "fail")
    passing = _strings(where, examples, "pass")
    if not fail or not passing:
        raise error_at(where, examples, "a rule needs at least one 'fail' and one 'pass' example")
    suggestion = data.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise error_at(where, data, "'suggestion' must be text", "suggestion")
    for key in ("message", "suggestion"):
        if isinstance(data.get(key), str):
            problem = _template_problem(data[key])
            if problem:
                raise error_at(where, data, f"'{key}': {problem}", key)
    rule_id = f"{category}.{path.stem}"
    for regex, holder in pattern_regexes(data.get("patterns")):
        problem = regex_problem(regex)
        if problem:
            raise error_at(where, holder, problem, "REGEX")
    options = kind.validate_options(data, where)
    return Rule(
        id=rule_id, category=Category(category), kind=kind_name, severity=severity,
        message=data["message"].strip(), description=data["description"].strip(),
        suggestion=suggestion.strip() if suggestion else None, sources=sources, scope=scope,
        unless=frozenset(unless), unless_by_kind=MappingProxyType(unless_by_kind), requires=requires,
        skip_kinds=frozenset(_strings(where, data, "skip_kinds")),
        only_kinds=frozenset(_strings(where, data, "only_kinds")),
        examples_fail=fail, examples_pass=passing, options=MappingProxyType(options),
        path=where, line=data.line if isinstance(data, Located) else 1,
    )


def load_rules(folders: Iterable[Path | str]) -> list[Rule]:
    """Every rule under the given folders; a later folder may not redefine an earlier id."""
    from claimcheck.kinds import KINDS

    rules: dict[str, Rule] = {}
    for folder in (Path(f) for f in folders):
        if not folder.is_dir():
            raise DataError("rules folder not found", path=str(folder))
        found_any = False
        for category_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            if category_dir.name.startswith((".", "_")):
                continue
            if category_dir.name not in CATEGORY_NAMES:
                raise DataError(f"'{category_dir.name}' is not a category (expected one of "
                                f"{', '.join(CATEGORY_NAMES)})", path=str(category_dir))
            for file in sorted(category_dir.glob("*.y*ml")):
                found_any = True
                rule = parse_rule(load_yaml_file(file), file, category_dir.name, KINDS)
                if rule.id in rules:
                    raise DataError(f"rule id {rule.id!r} is already defined in {rules[rule.id].path}",
                                    path=str(file), line=1)
                rules[rule.id] = rule
        if not found_any:
            raise DataError("no rule files (<category>/<name>.yaml) in this folder", path=str(folder))
    return sorted(rules.values(), key=lambda r: r.id)


@functools.lru_cache(maxsize=8)
def cached_rules(folders: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(load_rules(folders))
