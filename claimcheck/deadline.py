"""A time budget for one piece of work: `with deadline(60): lint(file)` raises `DeadlineExceeded`.

On the main thread of a POSIX process it uses SIGALRM (an interval timer), which also interrupts a
regular expression that backtracks for ever; it restores whatever alarm was set before. Elsewhere
(another thread, Windows) a timer thread raises the exception in the working thread with
`PyThreadState_SetAsyncExc`, which takes effect at the next Python bytecode. Either way the exception
derives from BaseException, so an `except Exception` in the code being timed cannot swallow it.
Usable in a worker process of a pool as well as in the main process.
"""
from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType


class DeadlineExceeded(BaseException):  # noqa: N818 - reads as what happened
    """The time budget ran out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"took longer than {seconds:g} s")


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DeadlineExceeded in this thread if the block runs for more than `seconds` (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _async_raise(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    token = object()  # so a stale alarm from an outer, already finished deadline is not ours

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        if active[0] is token:
            raise DeadlineExceeded(seconds)

    active = [token]
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        active[0] = None
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # an outer alarm keeps its own schedule
            remaining = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


@contextlib.contextmanager
def _async_raise(seconds: float) -> Iterator[None]:
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                       ctypes.py_object(_Expired))

    class _Expired(DeadlineExceeded):
        def __init__(self) -> None:
            super().__init__(seconds)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:
            # Fired after the block's last bytecode: clear the pending exception, not raise it later.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
