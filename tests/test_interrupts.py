"""interrupts.py: SIGINT and SIGTERM raise Terminated inside the block, even when the parent blocked them."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import weakref

import pytest

from claimcheck.interrupts import Terminated, raise_if_signalled, raise_on_signals

posix_only = pytest.mark.skipif(sys.platform == "win32" or not hasattr(signal, "pthread_sigmask"),
                                reason="needs POSIX signal masks")


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_inside_the_block_raises_terminated_with_its_number(signum: int) -> None:
    with pytest.raises(Terminated) as caught, raise_on_signals():
        os.kill(os.getpid(), signum)
    assert caught.value.signum == signum


@posix_only
def test_the_handlers_are_put_back_after_the_block() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with raise_on_signals():
        assert signal.getsignal(signal.SIGTERM) is not before[0]
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


@posix_only
def test_a_signal_the_parent_blocked_is_unblocked_inside_and_blocked_again_after() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with pytest.raises(Terminated), raise_on_signals():  # the block ends with the signal it received
            assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
            with pytest.raises(Terminated):
                os.kill(os.getpid(), signal.SIGINT)
        assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _signal_inside_a_weakref_callback(signum: int) -> None:
    """Deliver `signum` while Python runs a weakref callback, where it discards exceptions (as it
    does in importlib's module-lock cleanup): the handler's Terminated goes to sys.unraisablehook."""
    class Thing:
        pass

    def callback(_ref: object) -> None:
        os.kill(os.getpid(), signum)
        for _ in range(10_000):  # the handler runs here, inside the callback
            pass

    thing = Thing()
    ref = weakref.ref(thing, callback)
    del thing
    assert ref() is None


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_whose_exception_was_dropped_still_ends_the_block(signum: int) -> None:
    with pytest.raises(Terminated) as caught, raise_on_signals():
        _signal_inside_a_weakref_callback(signum)
        reached_the_end = True
    assert reached_the_end  # the first raise was discarded: the block ran on ...
    assert caught.value.signum == signum  # ... and still ended with the signal


@posix_only
def test_raise_if_signalled_stops_before_the_next_step_and_forgets_after_the_block() -> None:
    with pytest.raises(Terminated), raise_on_signals():
        _signal_inside_a_weakref_callback(signal.SIGINT)
        with pytest.raises(Terminated):
            raise_if_signalled()  # where the CLI checks before writing a report
        raise_if_signalled()
    raise_if_signalled()  # outside the block: nothing pending any more


@posix_only
def test_a_signal_whose_exception_was_caught_inside_still_ends_the_block() -> None:
    """As when C code calls a Python function and clears the error it raised."""
    with pytest.raises(Terminated) as caught, raise_on_signals(), contextlib.suppress(Terminated):
        os.kill(os.getpid(), signal.SIGTERM)
    assert caught.value.signum == signal.SIGTERM
