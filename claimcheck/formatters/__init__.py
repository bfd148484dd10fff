"""Output formats: one small module each, registered by name.

A formatter is a pure function `(Report, FormatOptions) -> str`; the CLI decides where the text goes.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimcheck.finding import Report


@dataclass(frozen=True, slots=True)
class FormatOptions:
    color: bool = False
    version: str = ""
    base_dir: Path | None = None  # SARIF/GitHub paths are made relative to this when possible


Formatter = Callable[[Report, FormatOptions], str]
_FORMATTERS: dict[str, Formatter] = {}
_MODULES = ("text", "json", "sarif", "github", "junit", "html")


def register(name: str) -> Callable[[Formatter], Formatter]:
    def decorate(func: Formatter) -> Formatter:
        _FORMATTERS[name] = func
        return func

    return decorate


def _load_all() -> None:
    for module in _MODULES:
        importlib.import_module(f"claimcheck.formatters.{module}")


def names() -> tuple[str, ...]:
    _load_all()
    return tuple(sorted(_FORMATTERS))


def render(name: str, report: Report, options: FormatOptions) -> str:
    _load_all()
    try:
        formatter = _FORMATTERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(names())})") from None
    return formatter(report, options)
