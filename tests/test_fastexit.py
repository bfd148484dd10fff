"""The entry point's quick exit keeps exit codes, flushes all output and runs atexit handlers."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest

from claimcheck.fastexit import exit_now


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_exit_code_output_and_atexit_handlers_survive_the_quick_exit() -> None:
    done = _run("""
        import atexit, sys
        from claimcheck.fastexit import run
        atexit.register(lambda: print("atexit ran", file=sys.stderr))
        def command():
            sys.stdout.write("x" * 200000)  # more than a pipe buffer: flushed before the exit
            sys.exit(1)
        run(command)
        """)
    assert done.returncode == 1
    assert done.stdout == "x" * 200000
    assert "atexit ran" in done.stderr


def test_none_is_success_and_a_message_is_printed_with_status_1() -> None:
    assert _run("from claimcheck.fastexit import run\nrun(lambda: None)").returncode == 0
    done = _run("import sys\nfrom claimcheck.fastexit import run\nrun(lambda: sys.exit('bad input'))")
    assert (done.returncode, done.stderr.strip()) == (1, "bad input")


def test_the_command_line_exits_2_on_a_missing_file(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "claimcheck", "check", str(tmp_path / "missing.md")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "missing.md" in done.stderr


def test_a_running_thread_gets_the_ordinary_exit() -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as exited:
            exit_now(3)
        assert exited.value.code == 3
    finally:
        stop.set()
        worker.join()
