"""interrupts.py: SIGINT and SIGTERM raise Terminated inside the block, even when the parent blocked them."""
from __future__ import annotations

import os
import signal
import sys

import pytest

from claimcheck.interrupts import Terminated, raise_on_signals

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
        with raise_on_signals():
            assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
            with pytest.raises(Terminated):
                os.kill(os.getpid(), signal.SIGINT)
        assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
