"""SIGINT and SIGTERM as one exception, so a stopped run unwinds cleanly and ends with one line.

By default SIGTERM kills the process where it stands; raising `Terminated` instead lets `finally`
blocks run (a half-written temporary file is removed, the previous report stays) and lets the
command line end with one line and exit code 143. SIGINT raises it too rather than
KeyboardInterrupt: CPython remembers a KeyboardInterrupt that passed through some C-level code
(spaCy's compiled modules while they import) and then kills itself with SIGINT at exit even when
the exception was handled, which would turn exit code 130 into "killed by signal 2".

A process inherits its parent's mask of blocked signals; a supervisor or CI runner that blocks
SIGINT would make Ctrl-C do nothing at all, so within the block both signals are also unblocked.

A signal can arrive while Python runs code whose exceptions are dropped: a weakref callback such as
importlib's module-lock cleanup or a `__del__` (Python prints "Exception ignored" and goes on), or a
Python function that C code calls and whose error it clears. The run would then go on to the end.
So every signal is also remembered: `raise_if_signalled` raises it again where it matters (before a
report is written), and the block ends with it even if its first raise was dropped or caught. Within
the block a dropped Terminated is not printed.
"""
from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any


class Terminated(BaseException):  # noqa: N818 - named like KeyboardInterrupt
    """The process received SIGINT or SIGTERM (`signum`)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


_received: list[int] = []  # the signals received in the block, in order


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    _received.append(signum)
    raise Terminated(signum)


def raise_if_signalled() -> None:
    """Raise Terminated (again) for the first signal received in the block (see the module note)."""
    if _received:
        raise Terminated(_received[0])


@contextlib.contextmanager
def raise_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Terminated in the main thread (a no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, _on_signal) for signum in wanted}
    unblock = getattr(signal, "pthread_sigmask", None)  # POSIX only
    previous_mask = unblock(signal.SIG_UNBLOCK, wanted) if unblock else None
    previous_hook = sys.unraisablehook

    def quiet_about_terminated(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Terminated):  # remembered in _received: raised again
            previous_hook(unraisable)

    _received.clear()
    sys.unraisablehook = quiet_about_terminated
    try:
        yield
        raise_if_signalled()
    finally:
        sys.unraisablehook = previous_hook
        _received.clear()
        if previous_mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
