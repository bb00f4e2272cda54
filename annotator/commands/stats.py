"""``annotator stats``: the counts of ``annotator.stats``, as a table or as JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from annotator import stats as counts
from annotator.errors import UserError
from annotator.progress import bars


def stats_cli(paths: Iterable[Path], *, as_json: bool) -> tuple[str, int]:
    """The text to print, and the exit code: 1 when some file could not be read; UserError when
    there is no annotation file at all."""
    paths = list(paths)
    with bars(sys.stderr.isatty()) as progress:  # files not read before, on a terminal
        found = counts.collect(paths, progress)
    if not found.files and not found.unreadable:
        raise UserError("no annotation files found in " + ", ".join(map(str, paths)))
    text = json.dumps(found.as_dict(), indent=2) if as_json else counts.render(found)
    return text, 1 if found.unreadable else 0
