"""Typed errors. Library code raises these; only the CLI turns them into a message and exit code."""

from __future__ import annotations

from pathlib import Path


class BudgetKGError(Exception):
    """Base of every error a user can cause (bad input, bad option, unreachable endpoint)."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class InputError(BudgetKGError):
    """The input document cannot be read as a disclosure (empty, binary, undecodable, truncated)."""


class ExtractionError(BudgetKGError):
    """A section was found but its content does not parse (a malformed number, a cut-off table)."""


class UsageError(BudgetKGError):
    """An option or argument has a value that is not allowed."""


class QueryError(BudgetKGError):
    """A canned query is unknown, a parameter is invalid, or an endpoint fails."""
