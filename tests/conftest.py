"""Shared fixtures: one linter per session, and small helpers to lint fixture articles."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimcheck.api import Linter, get_linter
from claimcheck.config import Config
from claimcheck.finding import Finding

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than 20 seconds")


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """CLI runs in tests cache their results in a temporary folder, never in the checkout."""
    import os

    saved = os.environ.get("CLAIMCHECK_CACHE_DIR")
    os.environ["CLAIMCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("claimcheck_cache"))
    yield
    if saved is None:
        os.environ.pop("CLAIMCHECK_CACHE_DIR", None)
    else:
        os.environ["CLAIMCHECK_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def linter() -> Linter:
    return get_linter()


@pytest.fixture(scope="session")
def findings(linter: Linter) -> Callable[..., tuple[Finding, ...]]:
    """findings(text, path="a.md", kind=None, config=None) -> FileReport.findings"""
    def run(text: str, path: str = "a.md", kind: str | None = None, config: Config | None = None,
            **config_values: object) -> tuple[Finding, ...]:
        if config is None and config_values:
            config = Config(**config_values)  # type: ignore[arg-type]
        return linter.check_text(text, path, config, kind).findings

    return run


@pytest.fixture(scope="session")
def rule_ids(findings: Callable[..., tuple[Finding, ...]]) -> Callable[..., list[str]]:
    """rule_ids(text, ...) -> the rule id of every finding, in report order."""
    def run(text: str, path: str = "a.md", **kw: object) -> list[str]:
        return [f.rule for f in findings(text, path, **kw)]

    return run
