"""The only package that reads or writes annotation files.

Safe YAML only; every write is atomic (temporary file in the same folder, fsync,
``os.replace``); loading never writes and never repairs.  A problem is reported
as one line: file, YAML line and column where there is one, and what is wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from annotator.corpus import ArticleError, FileRefused, load_text, read_bytes
from annotator.model import Annotation, check
from annotator.store.codec import dumps, from_data, parse, schema, to_data
from annotator.store.errors import Problem, StoreError
from annotator.store.files import BackgroundWriter, FolderLock, write_atomic

__all__ = [
    "FolderLock",
    "Problem",
    "StoreError",
    "Writer",
    "annotation_path",
    "dumps",
    "find_files",
    "scan_files",
    "from_data",
    "load",
    "load_session",
    "parse",
    "problems_against",
    "read",
    "save",
    "save_session",
    "schema",
    "stamp",
    "to_data",
    "validate",
    "write_atomic",
]

SUFFIX = ".yaml"
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real annotation (20,000 quotes take about 8 MB)


def annotation_path(root: Path, annotator: str, doc_id: str) -> Path:
    return root / annotator / f"{doc_id}{SUFFIX}"


def scan_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Annotation files named, or anywhere under the folders named (sorted, hidden ones below
    a folder named left out), and a problem for each folder that could not be read."""
    found: list[Path] = []
    problems: list[Problem] = []

    def unreadable(err: OSError) -> None:
        problems.append(Problem(str(err.filename), f"cannot read this folder ({err.strerror})"))

    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        below: list[Path] = []
        for folder, dirs, files in os.walk(path, onerror=unreadable):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            below.extend(Path(folder, f) for f in files if f.endswith(SUFFIX) and not f.startswith("."))
        found.extend(sorted(below))
    return found, problems


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Annotation files named, or anywhere under the folders named, sorted."""
    return scan_files(paths)[0]


def save(annotation: Annotation, path: Path) -> None:
    """Write atomically: a crash at any moment leaves the previous file whole."""
    write_atomic(path, dumps(annotation))


class Writer(BackgroundWriter):
    """Saves annotations in the background, atomically, newest value per file."""

    def save(self, annotation: Annotation, path: Path) -> None:
        self.submit(path, partial(dumps, annotation))


def stamp(annotation: Annotation) -> Annotation:
    """The annotation with ``updated`` set to now, in UTC."""
    now = datetime.now(UTC).replace(microsecond=0)
    return replace(annotation, updated=now.isoformat().replace("+00:00", "Z"))


def read(path: Path) -> Annotation:
    """Load one file, checked against the schema but not the article. Never writes."""
    try:
        data = read_bytes(path, MAX_FILE_BYTES)
    except FileRefused as err:
        raise StoreError([Problem(str(path), str(err))]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise StoreError([Problem(str(path), f"not UTF-8 (byte {err.start})")]) from None
    return parse(text, str(path))


def problems_against(annotation: Annotation, text: str, path: Path) -> list[Problem]:
    return [Problem(str(path), message) for message in check(annotation, text)]


def load(path: Path, root: Path | None = None) -> tuple[Annotation, str]:
    """Load a file and its article, checked against both; returns both. Never writes."""
    annotation = read(path)
    try:
        text = load_text(annotation.article, root)
    except ArticleError as err:
        raise StoreError([Problem(str(path), f"article {_short(annotation.article)}: {err}")]) from None
    if problems := problems_against(annotation, text, path):
        raise StoreError(problems)
    return annotation, text


def _short(value: str, width: int = 100) -> str:
    """User data in a message: never more than ``width`` characters of it."""
    return value if len(value) <= width else value[: width - 3] + "..."


def validate(paths: Iterable[Path], root: Path | None = None) -> Iterator[tuple[Path, list[Problem]]]:
    """Each file under ``paths`` with its problems (empty when it is sound); a folder that
    cannot be read comes first, with its problem."""
    files, unreadable = scan_files(paths)
    for problem in unreadable:
        yield Path(problem.path), [problem]
    for path in files:
        try:
            load(path, root)
        except StoreError as err:
            yield path, err.problems
        else:
            yield path, []


# --- the annotator's place in a corpus -----------------------------------------------------

SESSION_FILE = ".session.json"


def load_session(folder: Path) -> dict[str, str]:
    """Where an annotator was (article and quote); empty when unknown or unreadable."""
    try:
        data = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}
    )


def save_session(folder: Path, state: dict[str, str]) -> None:
    write_atomic(folder / SESSION_FILE, json.dumps(state, indent=2) + "\n")
