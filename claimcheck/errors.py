"""Errors that reach the user as one clear line (the CLI turns them into exit code 2)."""
from __future__ import annotations


class ClaimcheckError(Exception):
    """Base class: a problem with the user's data, configuration or input, never a bug."""

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.problem = problem
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.problem}"


class DataError(ClaimcheckError):
    """A rule or reference file is malformed."""


class ConfigError(ClaimcheckError):
    """A configuration file or option is wrong."""


class InputError(ClaimcheckError):
    """An article cannot be read (missing, binary, undecodable, too large)."""
