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

from annotator import ids
from annotator.corpus import ArticleError, load_text
from annotator.model import Annotation, check
from annotator.store.codec import dumps, from_data, parse, schema, to_data
from annotator.store.errors import Problem, StoreError
from annotator.store.files import BackgroundWriter, FolderLock, remove_stray_temporaries, write_atomic

__all__ = [
    "FolderLock",
    "Problem",
    "StoreError",
    "Writer",
    "annotation_path",
    "dumps",
    "find_files",
    "from_data",
    "load",
    "load_session",
    "parse",
    "problems_against",
    "read",
    "remove_stray_temporaries",
    "save",
    "save_session",
    "schema",
    "stamp",
    "to_data",
    "validate",
    "write_atomic",
]

SUFFIX = ".yaml"


def annotation_path(root: Path, annotator: str, doc_id: str) -> Path:
    """The one place where an annotator name and a doc id become a file path.

    Both must be safe file-name components (``annotator.ids``), so the path always lies
    inside ``root``; IdError otherwise.  Every command that writes annotations asks here."""
    ids.check(annotator, "annotator name")
    ids.check(doc_id, "doc id")
    path = root / annotator / f"{doc_id}{SUFFIX}"
    if os.path.dirname(os.path.dirname(os.path.normpath(path))) != os.path.normpath(root):  # belt and braces
        raise ids.IdError(f"{path}: would lie outside {root}")
    return path


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Annotation files named, or anywhere under the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob(f"*{SUFFIX}") if not any(part.startswith(".") for part in p.parts))
            )
        else:
            found.append(path)
    return found


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
        data = path.read_bytes()
    except OSError as err:
        raise StoreError([Problem(str(path), f"cannot read ({err.strerror})")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise StoreError([Problem(str(path), f"not UTF-8 (byte {err.start})")]) from None
    annotation = parse(text, str(path))
    if path.suffix == SUFFIX and annotation.doc_id != path.stem:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("doc_id:")), None)
        raise StoreError(
            [
                Problem(
                    str(path),
                    f"doc_id {annotation.doc_id!r} does not match the file name: "
                    f"the file of doc {annotation.doc_id!r} must be named {annotation.doc_id}{SUFFIX}",
                    line,
                    1 if line else None,
                )
            ]
        )
    return annotation


def problems_against(annotation: Annotation, text: str, path: Path) -> list[Problem]:
    return [Problem(str(path), message) for message in check(annotation, text)]


def load(path: Path, root: Path | None = None) -> tuple[Annotation, str]:
    """Load a file and its article, checked against both; returns both. Never writes."""
    annotation = read(path)
    try:
        text = load_text(annotation.article, root)
    except ArticleError as err:
        raise StoreError([Problem(str(path), f"article {annotation.article}: {err}")]) from None
    if problems := problems_against(annotation, text, path):
        raise StoreError(problems)
    return annotation, text


def validate(paths: Iterable[Path], root: Path | None = None) -> Iterator[tuple[Path, list[Problem]]]:
    """Each file under ``paths`` with its problems (empty when it is sound)."""
    for path in find_files(paths):
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
