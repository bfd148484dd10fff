"""The process entry point: run the command line, then end the process without the teardown.

At exit CPython frees every object one at a time; after a run that loaded spaCy, the rules and
the reference that takes about 0.3 s, a fifth of a one-article run (measured in a subprocess on
this project's 2-core machine: 0.32-0.38 s from the end of the work to the process's exit, 0.01 s
with this). So once the command is done, the output is flushed, the `atexit` handlers run (the
process pool's and logging's among them) and the process leaves with `os._exit`. While another
non-daemon thread is still running, the ordinary exit is taken instead, which waits for it.
"""
from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn


def main() -> NoReturn:
    """`claimcheck` and `python -m claimcheck`: the click command line, then a quick exit."""
    from claimcheck.cli import main as command_line

    run(command_line)


def run(command: Callable[[], object]) -> NoReturn:
    try:
        command()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    exit_now(code)


def exit_now(code: object) -> NoReturn:
    """Exit with `code` as `sys.exit` would (None is 0, any other non-number is printed and is 1)."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if any(thread.is_alive() and not thread.daemon for thread in threading.enumerate()
           if thread is not threading.main_thread()):
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`… | head`): nothing more can be said there
            pass
    atexit._run_exitfuncs()
    os._exit(code)
