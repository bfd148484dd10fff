"""output.py and the CLI's outputs: atomic, interrupted runs keep the previous file, a closed pipe ends quietly."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimcheck.output import write_output

PREVIOUS = '{"previous": "report"}\n'
posix_only = pytest.mark.skipif(sys.platform == "win32" or not Path("/proc/self/status").exists(),
                                reason="needs POSIX signals and /proc")


def test_a_failure_while_writing_leaves_the_previous_file_and_no_temporary(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text(PREVIOUS, encoding="utf-8")

    def interrupted(_handle: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("claimcheck.atomic.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(target, "new " * 10000)
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_link_is_kept_and_the_file_it_names_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(PREVIOUS, encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_output(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


@pytest.mark.skipif(not Path(os.devnull).exists() or sys.platform == "win32", reason="needs /dev/null")
def test_a_device_is_written_as_a_stream_not_replaced() -> None:
    before = os.stat(os.devnull)
    write_output(os.devnull, "discarded\n")
    after = os.stat(os.devnull)
    assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)  # still the device


def _big_article(path: Path, sentences: int = 20000) -> Path:
    path.write_text("\n\n".join(f"Claim {n}: pembrolizumab cures cancer." for n in range(sentences)), encoding="utf-8")
    return path


def _wait_for_sigterm_handler(process: subprocess.Popen[bytes]) -> None:
    """Until claimcheck has installed its SIGTERM handler and unblocked SIGINT and SIGTERM (the SigCgt
    and SigBlk masks in /proc), at most 60 s."""
    wanted = (1 << (signal.SIGTERM - 1)) | (1 << (signal.SIGINT - 1))
    stop = time.monotonic() + 60
    while time.monotonic() < stop:
        lines = Path(f"/proc/{process.pid}/status").read_text().splitlines()
        mask = {line.split(":")[0]: int(line.split()[1], 16) for line in lines if line.startswith(("SigCgt:", "SigBlk:"))}
        if mask["SigCgt"] & wanted == wanted and not mask["SigBlk"] & wanted:
            return
        time.sleep(0.01)
    process.kill()
    pytest.fail("claimcheck never installed its SIGINT and SIGTERM handlers")


@posix_only
@pytest.mark.parametrize(("sig", "code", "line"), [(signal.SIGTERM, 143, "claimcheck: terminated (SIGTERM)"),
                                                   (signal.SIGINT, 130, "claimcheck: interrupted (SIGINT)")])
def test_an_interrupted_run_exits_with_one_line_and_keeps_the_previous_report(
        tmp_path: Path, sig: int, code: int, line: str) -> None:
    article = _big_article(tmp_path / "big.md")
    report = tmp_path / "report.json"
    report.write_text(PREVIOUS, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--no-config", "--format", "json",
                                "--output", str(report), str(article)], stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        _wait_for_sigterm_handler(process)
        time.sleep(0.5)
        process.send_signal(sig)
        _out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == code, err.decode()
    assert err.decode().splitlines() == [line]
    assert report.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.md", "report.json"]


@posix_only
def test_ctrl_c_works_even_when_the_parent_blocked_sigint(tmp_path: Path) -> None:
    """A supervisor or CI runner may hand its blocked-signal mask down; claimcheck unblocks what it handles."""
    article = _big_article(tmp_path / "big.md")
    process = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--no-config", "--no-cache",
                                "--format", "json", "--output", str(tmp_path / "report.json"), str(article)],
                               stderr=subprocess.PIPE, cwd=tmp_path,
                               preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}))
    try:
        _wait_for_sigterm_handler(process)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert (process.returncode, err.decode().splitlines()) == (130, ["claimcheck: interrupted (SIGINT)"])
    assert not (tmp_path / "report.json").exists()


def test_output_and_baseline_are_complete_files(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Pembrolizumab cures cancer.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-config", "--format", "json",
                             "--output", "report.json", "--write-baseline", "baseline.json", "a.md"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["findings"] == 1
    assert json.loads((tmp_path / "baseline.json").read_text())["entries"][0]["rule"] == "overclaim.cure"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "baseline.json", "report.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX shell and head")
def test_a_closed_stdout_pipe_ends_quietly_with_the_runs_exit_code(tmp_path: Path) -> None:
    """Piped into `head -c1`: more output (1.7 MB) than a pipe holds, so writing after head exits fails."""
    article = _big_article(tmp_path / "big.md", 2000)
    result = subprocess.run(f'"{sys.executable}" -m claimcheck check --no-config --format json "{article}" | head -c1',
                            shell=True, capture_output=True, text=True, timeout=300)
    assert result.stdout == "{"
    assert result.stderr == ""
    small = _big_article(tmp_path / "small.md", 3)
    closed = os.pipe()
    os.close(closed[0])  # the reader is gone before anything is written
    try:
        direct = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-config", str(small)],
                                stdout=closed[1], stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(closed[1])
    assert direct.stderr == ""
    assert direct.returncode == 1  # the verdict still stands: the article has errors
