"""deadline.py and --timeout: a runaway file becomes an error for that file, never a hung run."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from claimcheck.api import RunOptions, check_paths
from claimcheck.config import parse_config
from claimcheck.deadline import DeadlineExceeded, deadline
from claimcheck.errors import ConfigError

CATASTROPHIC = re.compile(r"(a+)+$")
has_alarm = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no SIGALRM on this platform")


@has_alarm
def test_the_alarm_interrupts_a_backtracking_regex() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded) as info, deadline(0.2):
        CATASTROPHIC.match("a" * 40 + "b")  # about 2**40 steps without the deadline
    assert time.monotonic() - started < 5
    assert str(info.value) == "took longer than 0.2 s"


def test_in_another_thread_the_deadline_still_fires() -> None:
    outcome: list[str] = []

    def spin() -> None:
        try:
            with deadline(0.2):
                while True:
                    pass
        except DeadlineExceeded:
            outcome.append("stopped")

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert outcome == ["stopped"]


def test_work_within_the_budget_is_untouched_and_no_alarm_is_left_behind() -> None:
    with deadline(5):
        total = sum(range(1000))
    assert total == 499500
    if hasattr(signal, "getitimer"):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with deadline(0), deadline(None):  # no limit
        time.sleep(0.01)


def test_an_except_exception_in_the_timed_code_cannot_swallow_it() -> None:
    with pytest.raises(DeadlineExceeded), deadline(0.1):
        try:
            while True:
                pass
        except Exception:  # pragma: no cover - must not catch it
            pytest.fail("DeadlineExceeded was caught as an Exception")


@has_alarm
def test_an_outer_alarm_is_restored_after_an_inner_deadline() -> None:
    with pytest.raises(DeadlineExceeded), deadline(0.5):
        with deadline(5):
            pass
        delay, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < delay <= 0.5
        while True:
            pass


def _big_article(path: Path, sentences: int = 6000) -> Path:
    path.write_text("\n\n".join(f"Paragraph {n}: some patients respond to nivolumab for a while."
                                for n in range(sentences)), encoding="utf-8")
    return path


def test_check_paths_reports_the_slow_file_and_lints_the_others(tmp_path: Path) -> None:
    slow = _big_article(tmp_path / "slow.md")
    quick = tmp_path / "quick.md"
    quick.write_text("Pembrolizumab cures cancer.\n", encoding="utf-8")
    check_paths([str(quick)], RunOptions(no_config=True))  # warm up the linter outside the budget
    report = check_paths([str(slow), str(quick)], RunOptions(no_config=True, timeout=0.05))
    slow_report, quick_report = report.files
    assert slow_report.error == ("not linted: it took longer than 0.05 s, the per-file time limit "
                                 "(raise it with --timeout or `timeout:` in config)")
    assert [f.rule for f in quick_report.findings] == ["overclaim.cure"]


def test_cli_timeout_ends_the_run_with_exit_2(tmp_path: Path) -> None:
    slow = _big_article(tmp_path / "slow.md", 20000)
    result = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-config", "--timeout", "0.5",
                             str(slow)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"claimcheck: error: {slow}: not linted: it took longer than 0.5 s, the per-file time limit "
        "(raise it with --timeout or `timeout:` in config)"]


def test_timeout_in_config(tmp_path: Path) -> None:
    assert parse_config({"timeout": 5}, "c.yaml", tmp_path).timeout == 5.0
    assert parse_config({}, "c.yaml", tmp_path).timeout == 60.0
    with pytest.raises(ConfigError, match="'timeout' must be a number of seconds"):
        parse_config({"timeout": "soon"}, "c.yaml", tmp_path)
