"""SIGTERM as an exception, like SIGINT's KeyboardInterrupt, so a stopped run unwinds cleanly.

By default SIGTERM kills the process where it stands; raising `Terminated` instead lets `finally`
blocks run (a half-written temporary file is removed, the previous report stays) and lets the
command line end with one line and exit code 143.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Terminated(BaseException):  # noqa: N818 - named like KeyboardInterrupt
    """The process received SIGTERM."""


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def raise_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated in the main thread (a no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
