"""The only package that reads or writes annotation files.

Safe YAML only; every write is atomic (temporary file in the same folder, fsync,
``os.replace``); loading never writes and never repairs.  A problem is reported
as one line: file, YAML line and column where there is one, and what is wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import ids
from annotator.corpus import ArticleError, FileRefused, load_text, read_bytes
from annotator.model import Annotation, check, text_sha256
from annotator.store import index, parsed, workers
from annotator.store.codec import dumps, from_data, parse, parse_data, schema, to_data
from annotator.store.errors import Problem, StoreError
from annotator.store.files import BackgroundWriter, FolderLock, remove_stray_temporaries, write_atomic
from annotator.store.index import Summary, stamp_of, summaries

if TYPE_CHECKING:
    from annotator.progress import Step
    from annotator.reanchor import Reanchored

__all__ = [
    "FolderLock",
    "Problem",
    "StoreError",
    "Summary",
    "Writer",
    "annotation_path",
    "backup_path",
    "confirm_backup",
    "dumps",
    "find_backups",
    "find_files",
    "scan_files",
    "summaries",
    "check_files",
    "from_data",
    "load",
    "load_session",
    "parse",
    "problems_against",
    "read",
    "read_data",
    "reanchor_file",
    "remove_stray_temporaries",
    "restore_backup",
    "save_reanchored",
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
    """The one place where an annotator name and a doc id become a file path.

    Both must be safe file-name components (``annotator.ids``), so the path always lies
    inside ``root``; IdError otherwise.  Every command that writes annotations asks here."""
    ids.check(annotator, "annotator name")
    ids.check(doc_id, "doc id")
    path = root / annotator / f"{doc_id}{SUFFIX}"
    if os.path.dirname(os.path.dirname(os.path.normpath(path))) != os.path.normpath(root):  # belt and braces
        raise ids.IdError(f"{path}: would lie outside {root}")
    return path


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
        found.extend(sorted(below, key=lambda p: p.parts))  # Path's own order, 5 times quicker
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
    return from_data(read_data(path))


def read_data(path: Path) -> dict[str, Any]:
    """What ``read`` checks, without building the model: the file's plain data (from the parsed
    cache when the file is unchanged since it was last parsed)."""
    stamp = stamp_of(path)
    if (kept := parsed.get(path, stamp)) is not None:
        return kept
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except FileRefused as err:
        raise StoreError([Problem(str(path), str(err))]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise StoreError([Problem(str(path), f"not UTF-8 (byte {err.start})")]) from None
    data = parse_data(text, str(path))
    doc_id = data["doc_id"]
    if path.suffix == SUFFIX and doc_id != path.stem:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("doc_id:")), None)
        raise StoreError(
            [
                Problem(
                    str(path),
                    f"doc_id {doc_id!r} does not match the file name: "
                    f"the file of doc {doc_id!r} must be named {doc_id}{SUFFIX}",
                    line,
                    1 if line else None,
                )
            ]
        )
    parsed.put(path, stamp, data)
    return data


def problems_against(annotation: Annotation, text: str, path: Path) -> list[Problem]:
    return [Problem(str(path), message) for message in check(annotation, text)]


def load(path: Path, root: Path | None = None) -> tuple[Annotation, str]:
    """Load a file and its article, checked against both; returns both. Never writes."""
    annotation = read(path)
    text = _article(annotation, path, root)
    if problems := problems_against(annotation, text, path):
        raise StoreError(problems)
    return annotation, text


def _article(annotation: Annotation, path: Path, root: Path | None) -> str:
    try:
        return load_text(annotation.article, root)
    except ArticleError as err:
        raise StoreError([Problem(str(path), f"article {_short(annotation.article)}: {err}")]) from None


def _short(value: str, width: int = 100) -> str:
    """User data in a message: never more than ``width`` characters of it."""
    return value if len(value) <= width else value[: width - 3] + "..."


def validate(paths: Iterable[Path], root: Path | None = None) -> Iterator[tuple[Path, list[Problem]]]:
    """Each file under ``paths`` with its problems (empty when it is sound); a folder that
    cannot be read comes first, with its problem."""
    results, folders = check_files(paths, root)
    for problem in folders:
        yield Path(problem.path), [problem]
    yield from results


def check_files(
    paths: Iterable[Path],
    root: Path | None = None,
    *,
    use_cache: bool = True,
    doubts: dict[Path, tuple[str, ...]] | None = None,
    progress: Step | None = None,
) -> tuple[list[tuple[Path, list[Problem]]], list[Problem]]:
    """Every annotation file named or under the folders named, with its problems against the
    schema and its article (empty when sound), and the folders that could not be read; with
    ``doubts``, what is sound but doubtful in each file that loads (``annotator.doubts``) goes
    there too.

    Exact, and quick on a second run: a file whose bytes and whose article's are unchanged since
    its last check (``index.Index.verdict``) keeps that check's answer; the others are checked
    on every core (``workers.each``), ``progress`` (``annotator.progress``) hearing of them."""
    results: list[tuple[Path, list[Problem]]] = []
    folders: list[Problem] = []
    for path in paths:
        files, unreadable = scan_files([path])
        folders.extend(unreadable)
        idx = index.open_index(path, use_cache)
        known = {file: _known(file, root, idx) for file in files}
        stamps = {file: stamp_of(file) for file, answer in known.items() if answer is None}
        advance = progress("checking annotation files", len(stamps)) if progress and stamps else None
        fresh = workers.each(_check_afresh, [(file, root) for file in stamps], advance)  # on every core
        for (file, stamp), (entry, article, problems) in zip(stamps.items(), fresh, strict=True):
            idx.put(file, stamp, entry)
            if stamp is not None and article is not None:
                idx.remember(file, article[0], stamp, article[1], problems)
            known[file] = problems
        for file, answer in known.items():
            results.append((file, answer or []))
            if doubts is not None and (found := idx.doubts(file)):
                doubts[file] = found
        idx.save()
    return results, folders


def article_file(ref: str, root: Path | None) -> str:
    """The file an annotation's ``article`` names (a JSONL file for ``file.jsonl#id``), under
    ``root`` or else the working folder; a string, not a Path: validate asks for 10,000 of them."""
    return os.path.join(root or "", ref.partition("#")[0])


def _known(path: Path, root: Path | None, idx: index.Index) -> list[Problem] | None:
    """The file's problems as the index knows them, while it and its article are unchanged."""
    stamp, entry = idx.lookup(path)
    if entry is None or stamp is None:
        return None
    article_ref = index.article_of(entry)
    if article_ref is None:
        return list(idx.put(path, stamp, entry).problems)
    return idx.verdict(path, stamp, article_file(article_ref, root))


def _check_afresh(item: tuple[Path, Path | None]) -> tuple[index.Entry, tuple[str, index.Stamp] | None, list[Problem]]:
    """A file read and checked against its article now: its index entry, its article file with
    the stamp it had before being read (None when it is not there), and its problems."""
    path, root = item
    try:
        data = read_data(path)
    except StoreError as err:
        return index.problems_entry(err.problems), None, err.problems
    annotation = from_data(data)
    article = article_file(annotation.article, root)
    article_stamp = stamp_of(article)  # taken before reading: a change meanwhile shows next time
    try:
        problems = problems_against(annotation, _article(annotation, path, root), path)
    except StoreError as err:
        problems = err.problems
    return index.data_entry(data), (article, article_stamp) if article_stamp is not None else None, problems


# --- re-anchoring onto a changed article, the old file kept until confirmed ------------------

BACKUP_SUFFIX = ".bak"


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` waits to be confirmed or put back: ``x.yaml.bak``."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def reanchor_file(path: Path, root: Path | None = None, *, write: bool = True) -> Reanchored | None:
    """Re-anchor a file whose article changed; None (nothing written) when it still matches.

    The new file is written only when it is sound against the article, and the old
    one is kept beside it (see ``backup_path``) until ``confirm_backup`` or
    ``restore_backup``.  A file that is broken in another way raises StoreError.
    """
    annotation = read(path)
    text = _article(annotation, path, root)
    if annotation.text_sha256 == text_sha256(text):
        if problems := problems_against(annotation, text, path):
            raise StoreError(problems)
        return None
    backup, old = backup_path(path), path.read_bytes()
    if backup.exists() and backup.read_bytes() != old:
        raise StoreError(
            [Problem(str(path), f"{backup.name} from an earlier re-anchoring waits: confirm or undo that first")]
        )
    from annotator.reanchor import reanchor  # here: validate and stats never re-anchor (difflib)

    result = reanchor(annotation, text)
    if problems := problems_against(result.annotation, text, path):  # never write what would not load
        raise StoreError(problems)
    if write:
        with _unopened(path):
            save_reanchored(path, result.annotation, old)
    return result


def save_reanchored(path: Path, annotation: Annotation, old: bytes | None) -> None:
    """Write a re-anchored annotation over ``path``, keeping the ``old`` bytes (what was on disk)
    beside it as the .bak until it is confirmed or undone.  The caller holds the folder."""
    if old is not None:
        _write_exactly(backup_path(path), old)
    save(stamp(annotation), path)


@contextmanager
def _unopened(path: Path) -> Iterator[None]:
    """Hold the folder's lock while changing ``path``: an annotator open on it would otherwise
    go on saving its own version over this one."""
    lock = FolderLock(path.parent)
    other = lock.acquire()
    if other is not None:
        who = f"process {other}" if other else "another process"
        raise StoreError([Problem(str(path), f"its folder is open in the annotator ({who}); close it first")])
    try:
        yield
    finally:
        lock.release()


def find_backups(paths: Iterable[Path]) -> list[Path]:
    """The annotation files named, or under the folders named, that have a .bak waiting."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            backups = path.rglob(f"*{SUFFIX}{BACKUP_SUFFIX}")
            found.extend(sorted(p.with_suffix("") for p in backups if not any(x.startswith(".") for x in p.parts)))
        else:
            path = path.with_suffix("") if path.name.endswith(BACKUP_SUFFIX) else path
            if backup_path(path).exists():
                found.append(path)
    return found


def confirm_backup(path: Path) -> None:
    """Keep the re-anchored ``path``: its .bak is deleted."""
    with _unopened(path):
        backup_path(path).unlink()


def restore_backup(path: Path) -> None:
    """Put the previous version of ``path`` back, byte for byte, and delete its .bak."""
    backup = backup_path(path)
    with _unopened(path):
        _write_exactly(path, backup.read_bytes())
        backup.unlink()  # a crash before this leaves a .bak equal to the file: harmless


def _write_exactly(path: Path, data: bytes) -> None:
    """Write bytes atomically; annotation files are UTF-8, and write_atomic translates no newline."""
    write_atomic(path, data.decode("utf-8"))
    if path.read_bytes() != data:
        raise StoreError([Problem(str(path), "could not be written byte for byte")])


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


def save_session(folder: Path, state: dict[str, str], writer: Writer | None = None) -> None:
    """Keep where an annotator was; through ``writer`` (in the background, a failure dropped)
    when one is given."""
    text = json.dumps(state, indent=2) + "\n"
    if writer is None:
        write_atomic(folder / SESSION_FILE, text)
    else:
        writer.submit(folder / SESSION_FILE, lambda: text, quiet=True)
