"""Writing a named output (`--output`, `--write-baseline`) without tearing it or clobbering a link.

A regular file is replaced atomically (`write_atomic`: the previous file stays whole if the run is
interrupted). A symbolic link is followed, so the file it points to is replaced and the link kept.
A target that is not a regular file (`/dev/stdout`, a terminal, a pipe) is a stream: it is written
in place, since renaming a temporary file over `/dev/stdout` would replace the device link itself.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from claimcheck.atomic import write_atomic


def write_output(path: str | os.PathLike[str], data: str, encoding: str = "utf-8") -> None:
    """Write `data` to a named output; raises OSError like open() would."""
    target = Path(path)
    try:
        mode = target.stat().st_mode  # follows links
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "w", encoding=encoding) as stream:  # a device or pipe: a stream, not a file
            stream.write(data)
        return
    write_atomic(target.resolve() if target.is_symlink() else target, data, encoding)
