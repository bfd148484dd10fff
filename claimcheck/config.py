"""Configuration: defaults <- `.claimcheck.yaml` / `[tool.claimcheck]` <- command-line flags.

The nearest config file above each linted file wins (`--config FILE` overrides discovery,
`--no-config` ignores files). Per-path overrides apply by glob; an article's front matter may set
its kind and disable rules for itself. Unknown keys are an error naming the file and key.
"""
from __future__ import annotations

import fnmatch
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimcheck.errors import ConfigError
from claimcheck.finding import CATEGORY_NAMES, Severity
from claimcheck.rules import KINDS_OF_ARTICLE
from claimcheck.safefile import DATA_MAX_BYTES, read_regular
from claimcheck.yamlio import Located, load_yaml_file

CONFIG_NAMES = (".claimcheck.yaml", ".claimcheck.yml", "pyproject.toml")

FAIL_ON = ("error", "warning", "info", "never")
_KEYS = {"select", "ignore", "severity", "fail_on", "include", "exclude", "rules", "reference", "kind",
         "overrides", "spacy_model", "max_size", "claims_library", "timeout", "cache_dir",
         "cache_max_mb"}
_OVERRIDE_KEYS = {"select", "ignore", "severity", "kind"}


@dataclass(frozen=True)
class Config:
    """The effective settings for one file."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"
    include: tuple[str, ...] = ("*.md", "*.markdown", "*.txt")
    exclude: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()        # extra rule folders (absolute)
    reference: tuple[str, ...] = ()    # extra reference folders (absolute)
    kind: str | None = None  # None: inferred from the text (claimcheck.article_kind)
    overrides: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    spacy_model: str | None = None
    max_size: int = 10 * 1024 * 1024
    claims_library: str | None = None  # approved-claims YAML (absolute)
    timeout: float = 60.0              # seconds per file (0 = no limit)
    cache_dir: str | None = None       # where lint results are cached (absolute); None = the default
    cache_max_mb: float = 100.0        # the results cache is pruned to this size (0 = no limit)
    path: str | None = None            # the file it came from, if any
    root: str | None = None            # the folder globs are relative to

    def for_file(self, file: Path) -> Config:
        """Apply per-path overrides whose glob matches this file."""
        config = self
        if not self.overrides:
            return config
        relative = _relative(file, self.root)
        for pattern, values in self.overrides:
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative, pattern.rstrip("/") + "/*"):
                config = replace(
                    config,
                    select=tuple(values.get("select", config.select)),
                    ignore=config.ignore + tuple(values.get("ignore", ())),
                    severity={**config.severity, **values.get("severity", {})},
                    kind=values.get("kind", config.kind),
                )
        return config

    def as_dict(self) -> dict[str, Any]:
        return {
            "config_file": self.path, "select": list(self.select), "ignore": list(self.ignore),
            "severity": {k: v.label for k, v in self.severity.items()}, "fail_on": self.fail_on,
            "include": list(self.include), "exclude": list(self.exclude), "rules": list(self.rules),
            "reference": list(self.reference), "kind": self.kind, "spacy_model": self.spacy_model,
            "max_size": self.max_size, "claims_library": self.claims_library, "timeout": self.timeout,
            "cache_dir": self.cache_dir, "cache_max_mb": self.cache_max_mb,
            "overrides": {pattern: dict(values) for pattern, values in self.overrides},
        }


def _relative(file: Path, root: str | None) -> str:
    try:
        return file.resolve().relative_to(Path(root).resolve()).as_posix() if root else file.as_posix()
    except ValueError:
        return file.as_posix()


def rule_selected(rule_id: str, category: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """A selector is a rule id, a category, or a prefix ending at a dot ('hype.' or 'hype')."""
    def matches(selector: str) -> bool:
        selector = selector.strip().rstrip(".")
        return selector in ("all", "ALL") or rule_id == selector or category == selector or \
            rule_id.startswith(selector + ".")

    select = list(select)
    if select and not any(matches(s) for s in select):
        return False
    return not any(matches(s) for s in ignore)


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings", path=where)
    return tuple(value)


def _severities(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError("'severity' must map rule ids or categories to error, warning or info", path=where)
    try:
        return {str(k): Severity.parse(str(v)) for k, v in value.items()}
    except ValueError as exc:
        raise ConfigError(f"'severity': {exc}", path=where) from None


def _line_of(data: Any, key: str) -> int | None:
    return data.where(key)[0] if isinstance(data, Located) else None


def _rule_settings(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The settings a config file and a per-path override share: select, ignore, severity, kind."""
    values: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in data:
            values[key] = _strings(data[key], key, where)
    if "severity" in data:
        values["severity"] = _severities(data["severity"], where)
    if "kind" in data:
        values["kind"] = check_kind(data["kind"], where)
    return values


def parse_config(data: Mapping[str, Any], where: str, root: Path) -> Config:
    """Validate a config mapping; folder paths are resolved against `root` (the file's folder)."""
    if not isinstance(data, Mapping):
        raise ConfigError("the configuration must be a mapping", path=where)
    for key in data:
        if key not in _KEYS:
            raise ConfigError(f"unknown key '{key}' (allowed: {', '.join(sorted(_KEYS))})", path=where,
                              line=_line_of(data, key))
    config = Config(path=where, root=str(root))
    values = _rule_settings(data, where)
    if "fail_on" in data:
        if data["fail_on"] not in FAIL_ON:
            raise ConfigError(f"'fail_on' must be one of {', '.join(FAIL_ON)}", path=where, line=_line_of(data, "fail_on"))
        values["fail_on"] = data["fail_on"]
    for key in ("include", "exclude"):
        if key in data:
            values[key] = _strings(data[key], key, where)
    for key in ("rules", "reference"):
        if key in data:
            values[key] = tuple(str((root / p).resolve()) for p in _strings(data[key], key, where))
    if "spacy_model" in data:
        if data["spacy_model"] is not None and not isinstance(data["spacy_model"], str):
            raise ConfigError("'spacy_model' must be the name of an installed spaCy pipeline", path=where)
        values["spacy_model"] = data["spacy_model"]
    if "claims_library" in data:
        if not isinstance(data["claims_library"], str) or not data["claims_library"].strip():
            raise ConfigError("'claims_library' must be the path of a YAML file of approved claims", path=where,
                              line=_line_of(data, "claims_library"))
        values["claims_library"] = str((root / data["claims_library"]).resolve())
    if "max_size" in data:
        if isinstance(data["max_size"], bool) or not isinstance(data["max_size"], int) or data["max_size"] < 0:
            raise ConfigError("'max_size' must be a number of bytes (0 = no limit)", path=where,
                              line=_line_of(data, "max_size"))
        values["max_size"] = data["max_size"]
    if "timeout" in data:
        if isinstance(data["timeout"], bool) or not isinstance(data["timeout"], int | float) or data["timeout"] < 0:
            raise ConfigError("'timeout' must be a number of seconds per file (0 = no limit)", path=where,
                              line=_line_of(data, "timeout"))
        values["timeout"] = float(data["timeout"])
    if "cache_dir" in data:
        if not isinstance(data["cache_dir"], str) or not data["cache_dir"].strip():
            raise ConfigError("'cache_dir' must be a folder path", path=where, line=_line_of(data, "cache_dir"))
        values["cache_dir"] = str((root / data["cache_dir"]).resolve())
    if "cache_max_mb" in data:
        size = data["cache_max_mb"]
        if isinstance(size, bool) or not isinstance(size, int | float) or size < 0:
            raise ConfigError("'cache_max_mb' must be a size in megabytes (0 = no limit)", path=where,
                              line=_line_of(data, "cache_max_mb"))
        values["cache_max_mb"] = float(size)
    if "overrides" in data:
        overrides = data["overrides"]
        if not isinstance(overrides, Mapping):
            raise ConfigError("'overrides' must map path globs to settings", path=where)
        parsed = []
        for pattern, settings in overrides.items():
            if not isinstance(settings, Mapping):
                raise ConfigError(f"override '{pattern}' must be a mapping", path=where)
            for key in settings:
                if key not in _OVERRIDE_KEYS:
                    raise ConfigError(f"unknown key '{key}' in override '{pattern}' "
                                      f"(allowed: {', '.join(sorted(_OVERRIDE_KEYS))})", path=where,
                                      line=_line_of(settings, key))
            parsed.append((str(pattern), _rule_settings(settings, where)))
        values["overrides"] = tuple(parsed)
    return replace(config, **values)


def check_kind(kind: Any, where: str | None = None) -> str:
    if kind not in KINDS_OF_ARTICLE:
        raise ConfigError(f"unknown article kind {kind!r} (expected one of {', '.join(KINDS_OF_ARTICLE)})",
                          path=where)
    return kind


def load_config_file(path: str) -> Config | None:
    """Read one config file; a pyproject.toml without [tool.claimcheck] gives None.

    Cached on the file's path, size and modification time, so an edited file is read again."""
    try:
        stat = Path(path).stat()
    except OSError:
        return _load_config_file(path, -1, -1)
    return _load_config_file(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _load_config_file(path: str, _mtime_ns: int, _size: int) -> Config | None:
    file = Path(path)
    if file.name == "pyproject.toml":
        import tomllib  # here, not at the top: a run without a config file never reads TOML

        try:
            data = tomllib.loads(read_regular(file, path, DATA_MAX_BYTES, error=ConfigError).decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read: {exc}", path=path) from None
        section = data.get("tool", {}).get("claimcheck")
        if section is None:
            return None
        return parse_config(section, f"{path} [tool.claimcheck]", file.parent)
    try:
        data = load_yaml_file(file)
    except Exception as exc:  # DataError from YAML syntax: re-raise as a config problem
        raise ConfigError(str(exc)) from None
    return parse_config(data or {}, path, file.parent)


def discover(folder: str) -> Config:
    """The nearest config file at or above `folder`, or the defaults."""
    current = Path(folder).resolve()
    for directory in (current, *current.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                config = load_config_file(str(candidate))
                if config is not None:
                    return config
    return Config()


def front_matter_settings(front_matter: Mapping[str, Any] | None, where: str) -> tuple[str | None, tuple[str, ...]]:
    """`claimcheck: {kind: news, disable: [hype.breakthrough]}` in an article's front matter."""
    if not front_matter or "claimcheck" not in front_matter:
        return None, ()
    settings = front_matter["claimcheck"]
    # Front matter starts after the opening '---' line, so its line 1 is the file's line 2.
    line = front_matter.where("claimcheck")[0] + 1 if isinstance(front_matter, Located) else None
    if not isinstance(settings, Mapping):
        raise ConfigError("front matter 'claimcheck' must be a mapping (kind, disable)", path=where, line=line)
    for key in settings:
        if key not in ("kind", "disable"):
            raise ConfigError(f"unknown key '{key}' in front matter 'claimcheck' (allowed: disable, kind)",
                              path=where, line=line)
    try:
        kind = check_kind(settings["kind"]) if "kind" in settings else None
        disable = _strings(settings.get("disable", []), "disable", where)
    except ConfigError as exc:
        raise ConfigError(f"front matter 'claimcheck': {exc.problem}", path=where, line=line) from None
    return kind, disable


def unknown_selectors(selectors: Iterable[str], rule_ids: Iterable[str]) -> list[str]:
    """Selectors that name no rule, category or id prefix (a typo would otherwise select nothing)."""
    ids = set(rule_ids)
    unknown = []
    for selector in selectors:
        name = selector.strip().rstrip(".")
        if name in ids or name in CATEGORY_NAMES or name in ("all", "ALL"):
            continue
        if not any(rule_id.startswith(name + ".") for rule_id in ids):
            unknown.append(selector)
    return unknown
