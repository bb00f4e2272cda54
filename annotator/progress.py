"""Progress on a terminal: rich's bars on stderr while a person watches, nothing otherwise.

A ``Step`` is told what starts and how many items it has, and gives back a function told how
many more are done.  The bars are redrawn by those calls, never by a thread of their own:
reading files on every core (``store.workers``) forks only while no other thread runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

Step = Callable[[str, int], Callable[[int], Any]]  # (description, total) -> advance(n)
REDRAW = 0.1  # seconds between redraws


def no_progress(description: str, total: int) -> Callable[[int], Any]:
    return lambda n: None


class bars:
    """``with bars(shown) as step``: a ``Step`` drawing on stderr when ``shown``, else None."""

    def __init__(self, shown: bool) -> None:
        self.bar: Any = None
        self.drawn = 0.0
        if shown:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self.bar = Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False)

    def __enter__(self) -> Step | None:
        if self.bar is None:
            return None
        self.bar.start()

        def step(description: str, total: int) -> Callable[[int], Any]:
            task = self.bar.add_task(description, total=total or None)
            self.bar.refresh()

            def advance(n: int) -> None:
                self.bar.advance(task, n)
                if (now := time.monotonic()) - self.drawn >= REDRAW:
                    self.drawn = now
                    self.bar.refresh()

            return advance

        return step

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
