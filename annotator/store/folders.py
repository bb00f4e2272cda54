"""Output folders that a command writes whole (an export's dataset, a trained model): the one
place that decides whether an --out may be written or replaced, and that writes it all or nothing.

- ``check_out``: an --out is never one of the inputs, inside one, or holding one (symlinks
  resolved), and --force replaces only a folder this command wrote before (it holds the
  command's own marker file, say ``manifest.json``, and no annotation files): a user's
  annotations are never removed by a mistyped --out.
- ``temporary_folder``: a hidden work folder beside --out (its name kept short enough for any
  --out the file system allows), or one line saying why it cannot be made.
- ``replace_folder``: the complete new folder takes --out's place; the old one goes only after,
  and nothing is left behind (no ``.old`` folder) whichever step fails.
- ``written_whole``: the three together, for a ``with`` block that fills the folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.errors import UserError

ANNOTATION_SUFFIX = ".yaml"
NAME_ROOM = 100  # characters of --out's name kept in a work folder's name: ".<name>.<random>.partial"


def check_out(out: Path, inputs: Iterable[Path], *, force: bool, marker: str, command: str) -> None:
    """Refuse an --out that cannot or must not be written, in one line: a file; one of the
    ``inputs``, inside one or holding one; a non-empty folder without ``force``; with ``force``,
    a folder without ``marker`` (not written by ``annotator <command>``) or holding annotation
    files."""
    try:
        found = os.lstat(out)
    except FileNotFoundError:
        found = None
    except OSError as err:
        raise UserError(f"{out}: cannot be written ({err.strerror}); give another --out") from err
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise UserError(f"{out}: exists and is not a folder; give another --out")
    where = out.resolve()
    for path in inputs:
        given = path.resolve()
        if where == given:
            raise UserError(f"{out}: is the input {path}; give an --out outside the annotations")
        if given in where.parents:
            raise UserError(f"{out}: is inside the input {path}; give an --out outside the annotations")
        if where in given.parents:
            raise UserError(f"{out}: holds the input {path}; give an --out outside the annotations")
    if found is None:
        return
    if not os.access(out, os.W_OK | os.X_OK):
        raise UserError(f"{out}: cannot be written (Permission denied); give another --out")
    try:
        empty = not any(out.iterdir())
    except OSError as err:
        raise UserError(f"{out}: cannot read this folder ({err.strerror})") from err
    if empty:
        return
    if not force:
        raise UserError(f"{out}: is not empty; nothing written (--force replaces it once the {command} is complete)")
    if not (out / marker).is_file():
        raise UserError(
            f"{out}: not replaced: it has no {marker}, so it is not an earlier `annotator {command}` output "
            "(--force replaces only those); give another --out"
        )
    if (held := _annotation_file_in(out)) is not None:
        raise UserError(f"{out}: not replaced: it holds annotation files ({held}); give another --out")


def _annotation_file_in(folder: Path) -> Path | None:
    for where, _, files in os.walk(folder):
        for name in files:
            if name.endswith(ANNOTATION_SUFFIX):
                return Path(where, name)
    return None


def cannot_write(out: Path, err: OSError) -> UserError:
    """The one line for an --out that could not be written, whatever the step."""
    reason = err.strerror or str(err)
    return UserError(f"{out}: cannot be written ({reason}); nothing written")


def temporary_folder(out: Path, suffix: str) -> Path:
    """A new hidden folder beside ``out`` (same file system, so that it can be renamed into place)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name[:NAME_ROOM]}.", suffix=suffix, dir=out.parent))
    except OSError as err:
        raise cannot_write(out, err) from err


def replace_folder(new: Path, out: Path) -> None:
    """Put the complete ``new`` folder in the place of ``out``; an old ``out`` is removed only once
    ``new`` is in place, and is put back if that fails.  UserError (``new`` left for the caller
    to remove) when it cannot be done."""
    old = None
    try:
        if out.exists():
            # renamed within its own folder: moving a folder elsewhere needs write permission on it
            old = out.with_name(f".{out.name[:NAME_ROOM]}.{secrets.token_hex(4)}.old")
            os.replace(out, old)
        try:
            os.replace(new, out)
        except OSError:
            if old is not None:
                os.replace(old, out)
                old = None
            raise
    except OSError as err:
        raise cannot_write(out, err) from err
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def written_whole(out: Path, suffix: str = ".partial") -> Iterator[Path]:
    """A work folder to fill; it replaces ``out`` when the block ends, or is removed when the
    block fails (an OSError from the block becomes the one line of ``cannot_write``)."""
    work = temporary_folder(out, suffix)
    try:
        try:
            yield work
        except OSError as err:
            raise cannot_write(out, err) from err
        replace_folder(work, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
