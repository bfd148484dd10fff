"""Where the shipped rule and reference folders are.

In a wheel they are packaged as `claimcheck/_data/{rules,reference}`; in a source checkout (or an
editable install) they are the top-level `rules/` and `reference/` folders beside the package.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"claimcheck's shipped '{name}' folder is missing (looked in {packaged} "
                            f"and {checkout}); reinstall the package")


def rules_dir() -> Path:
    return _find("rules")


def reference_dir() -> Path:
    return _find("reference")


def context_file() -> Path:
    return rules_dir() / "context.yaml"


def lexicon_file() -> Path:
    return rules_dir() / "lexicon.yaml"


def article_kinds_file() -> Path:
    return rules_dir() / "article-kinds.yaml"
