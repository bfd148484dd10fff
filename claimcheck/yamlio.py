"""YAML loading that remembers where each mapping and key came from.

The loader is PyYAML's SafeLoader (what `yaml.safe_load` uses) with one addition: mappings are
`Located` dicts that know the line and column of themselves and of each key, so a validation error
can name `file:line:col`.
"""
from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.errors import DataError
from claimcheck.safefile import DATA_MAX_BYTES, read_regular

if TYPE_CHECKING:
    import yaml


class Located(dict):
    """A dict that knows its own position and the position of each key (1-based)."""

    line: int = 0
    column: int = 0
    key_marks: dict[str, tuple[int, int]]

    def where(self, key: str | None = None) -> tuple[int, int]:
        if key is not None and key in getattr(self, "key_marks", {}):
            return self.key_marks[key]
        return self.line, self.column


@functools.lru_cache(maxsize=1)
def _loader() -> type:
    """PyYAML's SafeLoader (libyaml's when available: ~8x faster) whose mappings are `Located`; no
    tags beyond safe_load's are accepted.

    Booleans follow YAML 1.2: only true/false. YAML 1.1 also reads yes/no/on/off as booleans,
    which silently turns a phrase list entry like `no` into False.

    Built on first use, so PyYAML is imported only when YAML is read (about 17 ms of CPU): a run on
    the compiled data reads none unless an article has front matter."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _LocatingSafeLoader(base):  # type: ignore[misc, valid-type]
        pass

    bool_tag = "tag:yaml.org,2002:bool"
    _LocatingSafeLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != bool_tag]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _LocatingSafeLoader.add_implicit_resolver(
        bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    _LocatingSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_located)

    def checked_single_node(loader: Any) -> yaml.Node | None:
        node = base.get_single_node(loader)
        if node is not None:
            problem = _expansion_problem(node)
            if problem is not None:
                message, where = problem
                raise yaml.constructor.ConstructorError(None, None, message, where.start_mark)
        return node

    _LocatingSafeLoader.get_single_node = checked_single_node
    return _LocatingSafeLoader


def _construct_located(loader: Any, node: yaml.MappingNode) -> Located:
    import yaml

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


MAX_ALIAS_EXPANSION = 100_000  # nodes that aliases may add when the document is fully expanded
MAX_NESTING = 200  # lists and mappings inside each other: no rule, config or reference file comes near


def _expansion_problem(root: yaml.Node) -> tuple[str, yaml.Node] | None:
    """A document whose aliases refer to themselves, or multiply it past MAX_ALIAS_EXPANSION nodes.

    PyYAML shares an aliased object rather than copying it, so loading is cheap, but anything that
    walks the data (validation, spaCy's pattern compiler) sees the expanded tree: nine nested lists
    of nine aliases ("billion laughs") are a billion nodes. Iterative, so deep nesting is safe; nesting
    past MAX_NESTING is refused here, before any recursive code (construction, validation) sees it."""
    sizes: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] - distinct > MAX_ALIAS_EXPANSION:  # a lower bound of the extra nodes
                return (f"aliases expand this document to more than {MAX_ALIAS_EXPANSION:,} extra values "
                        "(a 'billion laughs' document?); write the values out instead", node)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "an alias refers to a value that contains it (a recursive alias)", node
        distinct += 1
        on_path.add(key)
        if len(on_path) > MAX_NESTING:  # whatever the parser allows, deeper trees crash recursive walkers
            return f"values nested more than {MAX_NESTING} levels deep", node
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return "an alias refers to a value that contains it (a recursive alias)", child
            if id(child) not in sizes:
                stack.append((child, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml_text(text: str, path: str) -> Any:
    """Parse YAML text safely; a syntax error becomes `path:line:col: problem`."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - SafeLoader subclass
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
    """A regular file only (never a pipe), at most DATA_MAX_BYTES, UTF-8."""
    data = read_regular(path, str(path), DATA_MAX_BYTES, error=DataError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("not valid UTF-8", path=str(path)) from None
    return load_yaml_text(text, str(path))


def error_at(path: str, node: Any, problem: str, key: str | None = None) -> DataError:
    """A DataError placed at a mapping (or one of its keys) when the position is known."""
    if isinstance(node, Located):
        line, column = node.where(key)
        return DataError(problem, path=path, line=line, column=column)
    return DataError(problem, path=path)


class FieldReader:
    """Validated fields of one data file's mappings, each problem a DataError at its line."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: Any, problem: str, key: str | None = None) -> DataError:
        return error_at(self.path, node, problem, key)

    def strings(self, node: Located, key: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
            raise self.fail(node, f"'{key}' must be a list of non-empty strings", key)
        return tuple(str(v).strip() for v in value)

    def text(self, node: Located, key: str) -> str:
        value = node.get(key, "")
        if value is None:
            return ""
        if isinstance(value, datetime.date):  # YAML reads 2026-11-29 as a date
            return value.isoformat()
        if not isinstance(value, (str, int, float)):
            raise self.fail(node, f"'{key}' must be text", key)
        return str(value).strip()
