"""safefile.py and walking: only regular files are read, nothing blocks, reading is bounded, links stay inside."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.api import RunOptions, check_paths, expand_paths
from claimcheck.errors import DataError, InputError
from claimcheck.safefile import _read_at_most, read_regular, walk_problem

BAD = "Pembrolizumab cures cancer.\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    (root / "a.md").write_text(BAD, encoding="utf-8")
    return root


def _walk(root: Path) -> tuple[list[str], list[str]]:
    skipped: list[str] = []
    files = [display for display, _file in expand_paths([str(root)], RunOptions(no_config=True), skipped)]
    return files, skipped


@needs_fifo
def test_a_named_fifo_is_an_error_without_blocking(folder: Path) -> None:
    pipe = folder / "pipe.md"
    os.mkfifo(pipe)
    with pytest.raises(InputError) as info:
        read_regular(pipe, "pipe.md")
    assert info.value.problem == "is a named pipe (FIFO), not a regular file; not read"


@needs_fifo
def test_a_fifo_met_while_walking_is_skipped_with_a_note(folder: Path) -> None:
    os.mkfifo(folder / "pipe.md")
    files, skipped = _walk(folder)
    assert files == [str(folder / "a.md")]
    assert skipped == [f"{folder / 'pipe.md'}: skipped: a named pipe (FIFO), not a regular file"]


@needs_fifo
def test_cli_on_a_folder_with_a_fifo_ends_by_itself(folder: Path) -> None:
    """The run that used to hang forever: a subprocess with a timeout, so the test cannot hang."""
    os.mkfifo(folder / "pipe.md")
    result = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-config", str(folder)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr  # a.md's finding; the pipe is a note, not an error
    assert "pipe.md: skipped: a named pipe (FIFO)" in result.stderr
    named = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-config", str(folder / "pipe.md")],
                           capture_output=True, text=True, timeout=120)
    assert named.returncode == 2
    assert named.stderr.strip().splitlines()[-1] == (
        f"claimcheck: error: {folder / 'pipe.md'}: is a named pipe (FIFO), not a regular file; not read")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this platform")
def test_a_socket_is_skipped_when_walking_and_an_error_when_named(tmp_path: Path) -> None:
    root = tmp_path / "s"  # short: Unix socket paths are limited to ~100 bytes
    root.mkdir()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(root / "sock.md"))
        assert _walk(root)[1] == [f"{root / 'sock.md'}: skipped: a socket, not a regular file"]
        with pytest.raises(InputError, match="is a socket, not a regular file"):
            read_regular(root / "sock.md")
    finally:
        server.close()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_before_it_can_stream_for_ever() -> None:
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        read_regular("/dev/zero", max_bytes=0)


def test_a_link_out_of_the_walked_folder_is_not_followed_unless_named(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(BAD, encoding="utf-8")
    (folder / "link.md").symlink_to(outside)
    (folder / "inside.md").symlink_to(folder / "a.md")
    files, skipped = _walk(folder)
    assert files == [str(folder / "a.md"), str(folder / "inside.md")]
    assert skipped == [f"{folder / 'link.md'}: skipped: a symbolic link to {outside.resolve()}, outside {folder} "
                       "(name the file to lint it)"]
    named = check_paths([str(folder / "link.md")], RunOptions(no_config=True))
    assert [f.rule for f in named.files[0].findings] == ["overclaim.cure"]


def test_link_loops_and_broken_links_are_safe(folder: Path) -> None:
    (folder / "loop").symlink_to(folder)  # a folder link: never followed while walking
    (folder / "self.md").symlink_to(folder / "self.md")
    (folder / "gone.md").symlink_to(folder / "missing.md")
    files, skipped = _walk(folder)
    assert files == [str(folder / "a.md")]
    assert sorted(skipped) == [f"{folder / 'gone.md'}: skipped: a broken or looping symbolic link",
                               f"{folder / 'self.md'}: skipped: a broken or looping symbolic link"]


def test_walk_problem_is_none_for_a_regular_file(folder: Path) -> None:
    assert walk_problem(folder / "a.md", folder) is None


def test_check_paths_keeps_the_skip_notes_in_the_report(folder: Path, tmp_path: Path) -> None:
    (folder / "out.md").symlink_to(tmp_path)
    report = check_paths([str(folder)], RunOptions(no_config=True))
    assert [f.path for f in report.files] == [str(folder / "a.md")]
    assert report.notes == (f"{folder / 'out.md'}: skipped: a symbolic link to {tmp_path.resolve()}, outside "
                            f"{folder} (name the folder to lint it)",)


def test_reading_stops_at_the_limit_even_if_the_file_grew(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size is checked before reading; a file that grows after the check is still cut at max+1."""
    big = folder / "grows.md"
    big.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def stale_fstat(handle: int) -> os.stat_result:  # the size as it was when first checked
        info = list(real_fstat(handle))
        info[6] = 10
        return os.stat_result(info)

    reads: list[int] = []
    real_read = os.read

    def counting_read(handle: int, count: int) -> bytes:
        reads.append(count)
        return real_read(handle, count)

    monkeypatch.setattr("claimcheck.safefile.os.fstat", stale_fstat)
    monkeypatch.setattr("claimcheck.safefile.os.read", counting_read)
    with pytest.raises(InputError, match="over the 100 bytes limit"):
        read_regular(big, max_bytes=100)
    assert sum(reads) <= 101


def test_read_at_most_reads_no_more_than_asked() -> None:
    reader, writer = os.pipe()
    try:
        os.write(writer, b"y" * 4096)
        assert _read_at_most(reader, 100) == b"y" * 100
    finally:
        os.close(reader)
        os.close(writer)


@needs_fifo
def test_data_files_are_read_the_same_way(tmp_path: Path) -> None:
    """A rule, reference or config file planted as a pipe is an error naming it, not a hang."""
    from claimcheck.yamlio import load_yaml_file

    os.mkfifo(tmp_path / "rule.yaml")
    with pytest.raises(DataError) as info:
        load_yaml_file(tmp_path / "rule.yaml")
    assert str(info.value) == f"{tmp_path / 'rule.yaml'}: is a named pipe (FIFO), not a regular file; not read"
