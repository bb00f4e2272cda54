"""The one error type that ends a command with a single line, no traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; its message is one line that says what and where."""
