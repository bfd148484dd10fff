"""YAML loading that remembers where each mapping and key came from.

The loader is PyYAML's SafeLoader (what `yaml.safe_load` uses) with one addition: mappings are
`Located` dicts that know the line and column of themselves and of each key, so a validation error
can name `file:line:col`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from claimcheck.errors import DataError


class Located(dict):
    """A dict that knows its own position and the position of each key (1-based)."""

    line: int = 0
    column: int = 0
    key_marks: dict[str, tuple[int, int]]

    def where(self, key: str | None = None) -> tuple[int, int]:
        if key is not None and key in getattr(self, "key_marks", {}):
            return self.key_marks[key]
        return self.line, self.column


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available: ~8x faster


class _LocatingSafeLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """SafeLoader whose mappings are `Located`; no tags beyond safe_load's are accepted.

    Booleans follow YAML 1.2: only true/false. YAML 1.1 also reads yes/no/on/off as booleans,
    which silently turns a phrase list entry like `no` into False.
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_LocatingSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LocatingSafeLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _construct_located(loader: _LocatingSafeLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.column = node.start_mark.column + 1
    mapping.key_marks = {}
    yield mapping
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_marks[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)


_LocatingSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_located)


def load_yaml_text(text: str, path: str) -> Any:
    """Parse YAML text safely; a syntax error becomes `path:line:col: problem`."""
    try:
        return yaml.load(text, Loader=_LocatingSafeLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None:
            raise DataError(f"invalid YAML: {problem}", path=path, line=mark.line + 1,
                            column=mark.column + 1) from None
        raise DataError(f"invalid YAML: {problem}", path=path) from None
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}", path=path) from None


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError("not valid UTF-8", path=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    return load_yaml_text(text, str(path))


def error_at(path: str, node: Any, problem: str, key: str | None = None) -> DataError:
    """A DataError placed at a mapping (or one of its keys) when the position is known."""
    if isinstance(node, Located):
        line, column = node.where(key)
        return DataError(problem, path=path, line=line, column=column)
    return DataError(problem, path=path)
