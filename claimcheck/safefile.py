"""Reading files a pull request may have planted: regular files only, never blocking, never unbounded.

A named pipe opened for reading waits forever for a writer, a device can stream without end and a
file can grow while it is read, so every file claimcheck reads (articles, config, rules, reference,
baselines) goes through `read_regular`: it opens with O_NONBLOCK, checks with fstat that what it
opened is a regular file, and reads at most `max_bytes + 1` bytes.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from claimcheck.errors import InputError

DATA_MAX_BYTES = 32 * 1024 * 1024  # config, rule, reference and baseline files

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)" …), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def size_text(count: int) -> str:
    return f"{count / 1048576:.1f} MiB" if count >= 1048576 else f"{count:,} bytes"


def _too_big(max_bytes: int, size: int | None = None) -> str:
    what = f"file is {size_text(size)}, over" if size is not None else "file is over"
    return f"{what} the {size_text(max_bytes)} limit (raise it with --max-size); not linted"


def read_regular(path: str | os.PathLike[str], display: str | None = None, max_bytes: int = 0,
                 error: type[Exception] = InputError) -> bytes:
    """The bytes of a regular file, at most `max_bytes` (0 = no limit); anything else raises `error`.

    The size is checked before reading (a huge file costs no memory) and again while reading (a file
    that grows after the check is still refused)."""
    shown = display if display is not None else os.fspath(path)
    try:
        kind = file_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        raise error("cannot read: no such file or directory", path=shown) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown) from None
    if kind is not None:  # stat first, so a socket or FIFO gets a clear message, not ENXIO
        raise error(f"is {kind}, not a regular file; not read", path=shown)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown) from None
    try:
        info = os.fstat(handle)
        kind = file_kind(info.st_mode)
        if kind is not None:  # swapped for a pipe between stat and open
            raise error(f"is {kind}, not a regular file; not read", path=shown)
        if max_bytes and info.st_size > max_bytes:
            raise error(_too_big(max_bytes, info.st_size), path=shown)
        data = _read_at_most(handle, max_bytes + 1 if max_bytes else None)
    except OSError as exc:
        if exc.errno == errno.EAGAIN:
            raise error("cannot read without waiting (not a regular file?); not read", path=shown) from None
        raise error(f"cannot read: {exc.strerror or exc}", path=shown) from None
    finally:
        os.close(handle)
    if max_bytes and len(data) > max_bytes:
        raise error(_too_big(max_bytes), path=shown)
    return data


def _read_at_most(handle: int, limit: int | None) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while limit is None or total < limit:
        chunk = os.read(handle, 1 << 20 if limit is None else min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def folder_link_problem(folder: Path, root: Path) -> str | None:
    """A note for a symbolic link to a folder outside `root` (never followed), or None.

    A link to a folder inside the root is left out silently: the walk reaches that folder anyway."""
    if not folder.is_symlink():
        return None
    try:
        target = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{folder}: skipped: a broken or looping symbolic link"
    if target.is_relative_to(root.resolve()):
        return None
    return f"{folder}: skipped: a symbolic link to {target}, outside {root} (name the folder to lint it)"


def walk_problem(file: Path, root: Path) -> str | None:
    """Why a file met while walking `root` is skipped (a pipe, a device, a link out of the root), or None.

    Symbolic links to folders are never followed while walking: whatever they point to inside the
    root is reached by its own path, and a link loop cannot be entered."""
    try:
        info = file.lstat()
    except OSError as exc:
        return f"{file}: skipped: cannot read ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = file.resolve(strict=True)
            info = target.stat()
        except (OSError, RuntimeError):  # RuntimeError: a link loop on older Pythons
            return f"{file}: skipped: a broken or looping symbolic link"
        if not target.is_relative_to(root.resolve()):
            return (f"{file}: skipped: a symbolic link to {target}, outside {root} "
                    "(name the file to lint it)")
    kind = file_kind(info.st_mode)
    if kind is not None:
        return f"{file}: skipped: {kind}, not a regular file"
    return None
