"""Rule kinds: the engine's vocabulary. Each kind is a module; rule files choose one by name.

A kind declares the keys it accepts, validates them, and compiles every rule of its kind into one
checker (so that phrase lists of many rules share a single matcher).
"""
from __future__ import annotations

import importlib

from claimcheck.kinds.base import RuleKind

KINDS: dict[str, type[RuleKind]] = {}
_MODULES = ("phrase", "pattern", "classification", "mechanism", "side_effect", "document", "target", "frame",
            "cell_type", "biomarker_kind", "first_of", "off_label", "misconception", "approved_claim")


def register(kind: type[RuleKind]) -> type[RuleKind]:
    KINDS[kind.name] = kind
    return kind


for _module in _MODULES:
    importlib.import_module(f"claimcheck.kinds.{_module}")
