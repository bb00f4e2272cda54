"""The one error type that ends a command with a single line, no traceback."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class UserError(Exception):
    """A problem the user can fix; its message is one line that says what and where."""


def require(paths: Iterable[Path], *, folder: bool = True) -> None:
    """One line for the first of ``paths`` that is not there: a folder, or with ``folder``
    False a file or a folder (before a command prints anything else)."""
    for path in paths:
        if not (path.is_dir() if folder else path.exists() or path.is_symlink()):
            raise UserError(f"{path}: no such {'folder' if folder else 'file or folder'}")
