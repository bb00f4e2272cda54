"""Articles: finding them and reading their text exactly as the offsets count it.

The text is the file decoded from UTF-8 with no newline translation and no
leading byte-order mark.  Nothing here writes.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from annotator import ids
from annotator.errors import UserError

MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length)
MAX_ARTICLE_BYTES = 4 * MAX_ARTICLE_CHARS  # UTF-8 takes at most 4 bytes a character
BOM = "\ufeff"
_READ_CHUNK = 1 << 20


class ArticleError(UserError):
    """An article that cannot be used; the message is one line naming it."""


class FileRefused(UserError):
    """A file that is not read: the message says why, the caller names the file."""


def _open_regular(path: Path) -> int:
    """A descriptor on ``path``, opened non-blocking and checked on the descriptor itself, so that
    a FIFO, a device (``/dev/zero``) or a folder is refused at once instead of hanging."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise FileRefused("a folder, not a file") from None
    except OSError as err:
        raise FileRefused(f"cannot read ({err.strerror})") from None
    try:
        info = os.fstat(fd)
    except OSError as err:
        os.close(fd)
        raise FileRefused(f"cannot read ({err.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileRefused("a folder, not a file" if stat.S_ISDIR(info.st_mode) else NOT_REGULAR)
    return fd


NOT_REGULAR = "not a regular file (a pipe, socket or device)"


def read_bytes(path: Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; every input file is read here.

    At most ``limit + 1`` bytes are read, so a file that grows meanwhile is refused too.
    """
    fd = _open_regular(path)
    try:
        too_big = f"larger than the {limit:,} bytes allowed"
        if os.fstat(fd).st_size > limit:
            raise FileRefused(too_big)
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(_READ_CHUNK, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused(too_big)
        return b"".join(chunks)
    except OSError as err:
        raise FileRefused(f"cannot read ({err.strerror})") from None
    finally:
        os.close(fd)


def _lines(path: Path, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a regular file, numbered from 1; a line longer than ``limit`` bytes comes as
    None (it is skipped unread, never held in memory whole)."""
    with os.fdopen(_open_regular(path), "rb") as handle:
        number = 0
        while line := handle.readline(limit + 1):
            number += 1
            if len(line) <= limit or line.endswith(b"\n") and len(line) == limit + 1:
                yield number, line
                continue
            while not line.endswith(b"\n") and (line := handle.readline(_READ_CHUNK)):
                pass  # the rest of the long line
            yield number, None


@dataclass(frozen=True)
class Article:
    doc_id: str
    path: str  # where the text was read, relative to the working folder where possible
    text: str
    line: str = field(default="", compare=False)  # a JSONL record's place, file:line, for messages


@dataclass(frozen=True)
class ArticleRef:
    """An article known by its id and place, its text not read yet (``load_text`` reads it)."""

    doc_id: str
    path: str


_Item = TypeVar("_Item", bound=Article | ArticleRef | ArticleError)  # what a listing of articles holds


def decode(data: bytes, where: str) -> str:
    """Decode article bytes, refusing what is not text."""
    if b"\x00" in data:
        raise ArticleError(f"{where}: binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ArticleError(f"{where}: not UTF-8 (byte {err.start}: {err.reason})") from None
    return check_text(text.removeprefix(BOM), where)


def check_text(text: str, where: str) -> str:
    """The checks every article's text passes, from a .txt file or a JSONL record."""
    if "\x00" in text:
        raise ArticleError(f"{where}: a NUL character in the text (binary data), not an article")
    if not text.strip():
        raise ArticleError(f"{where}: empty article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(f"{where}: {len(text):,} characters is more than the {MAX_ARTICLE_CHARS:,} allowed")
    return text


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when that is shorter, with / separators."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return Path(rel).as_posix() if not rel.startswith("..") else Path(path).resolve().as_posix()


def doc_id_of(value: str, where: str) -> str:
    """The doc id an article is known by; ArticleError when it cannot name a file."""
    if reason := ids.problem(value):
        raise ArticleError(f"{where}: doc id {ids.shown(value)} {reason}; rename it")
    return value


def read_article(path: Path) -> Article:
    doc_id = doc_id_of(path.stem, str(path))
    try:
        data = read_bytes(path)
    except FileRefused as err:
        raise ArticleError(f"{path}: {err}") from None
    return Article(doc_id, display_path(path), decode(data, str(path)))


ARTICLE_SUFFIXES = (".txt", ".jsonl")  # what may be named as articles (an annotation .yaml may not)


def find_articles(paths: Iterable[Path]) -> list[Path]:
    """The .txt files named, or inside the folders named, sorted; a JSONL file counts as one."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(path / name for name in _txt_names(path))  # sorted as names: one folder, so Path's order
        elif not path.exists():
            raise ArticleError(f"{path}: no such file or folder")
        elif path.suffix not in ARTICLE_SUFFIXES:
            raise ArticleError(
                f'{path}: not an article: name .txt files, folders of them, or .jsonl files of {{"id", "text"}}'
            )
        else:
            found.append(path)
    return found


def _txt_names(folder: Path) -> list[str]:
    """The articles' file names in a folder, sorted (hidden files left out)."""
    return sorted(n for n in os.listdir(folder) if n.endswith(".txt") and not n.startswith("."))


def iter_jsonl(path: Path, line_limit: int = MAX_ARTICLE_BYTES) -> Iterator[Article | ArticleError]:
    """Articles from a JSONL file of ``{"id", "text"}`` records; bad lines come as errors.

    Only a regular file is read (a FIFO named ``.jsonl`` would block), and a line is never read
    past ``line_limit`` bytes: a longer one is refused in one line naming it."""
    try:
        for number, raw in _lines(path, line_limit):
            where = f"{path}:{number}"
            if raw is None:
                yield ArticleError(f"{where}: a line of more than {line_limit:,} bytes; not read")
                continue
            if not raw.strip():
                continue
            if number == 1:
                raw = raw.removeprefix(BOM.encode())  # a byte order mark, as some editors write: allowed
            try:
                record = json.loads(raw.decode("utf-8"))
                doc_id, text = record["id"], record["text"]
                if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or not isinstance(text, str):
                    raise TypeError
                doc_id = doc_id_of(str(doc_id), where)
                ref = f"{display_path(path)}#{doc_id}"
                yield Article(doc_id, ref, check_text(text.removeprefix(BOM), where), where)
            except ArticleError as err:
                yield err
            except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
                yield ArticleError(f"{where}: not a JSON record with a string 'id' and 'text'")
    except FileRefused as err:
        yield ArticleError(f"{path}: {err}")
    except OSError as err:
        yield ArticleError(f"{path}: cannot read ({err.strerror})")


def _read_all(paths: Iterable[Path]) -> Iterator[Article | ArticleError]:
    for path in find_articles(paths):
        if path.suffix == ".jsonl":
            yield from iter_jsonl(path)
            continue
        try:
            yield read_article(path)
        except ArticleError as err:
            yield err


def iter_articles(paths: Iterable[Path]) -> list[Article | ArticleError]:
    """Every article under ``paths``, in order; one that cannot be read comes as an error, the
    rest go on.  Two articles with the same id (twice in a JSONL file, or ``story.txt`` in two
    folders) would share one annotation file: both are refused, each naming the other."""
    return _refuse_duplicates(list(_read_all(paths)))


def find_refs(paths: Iterable[Path]) -> list[Article | ArticleRef | ArticleError]:
    """``iter_articles`` without reading a .txt file's text (its id is its name: the annotator
    reads each text when it is opened, so that a corpus of 10,000 opens at once); JSONL records
    are read, their ids being inside.  Duplicate ids are refused the same way."""
    items: list[Article | ArticleRef | ArticleError] = []
    for path in paths:
        if not path.is_dir():
            for file in find_articles([path]):
                items.extend(iter_jsonl(file) if file.suffix == ".jsonl" else [_ref(file, display_path(file))])
            continue
        folder = display_path(path)  # once per folder (relpath is slow), and no Path per file
        for name in _txt_names(path):
            place = display_path(path / name) if folder.startswith("/") else f"{folder}/{name}".removeprefix("./")
            doc_id = name[: -len(".txt")]
            items.append(_ref(path / name, place) if ids.problem(doc_id) else ArticleRef(doc_id, place))
    return _refuse_duplicates(items)


def _ref(file: Path, place: str) -> ArticleRef | ArticleError:
    try:
        return ArticleRef(doc_id_of(file.stem, str(file)), place)
    except ArticleError as err:
        return err


def _refuse_duplicates(items: list[_Item]) -> list[_Item | ArticleError]:
    places: dict[str, list[_Item]] = {}
    for item in items:
        if not isinstance(item, ArticleError):
            places.setdefault(ids.key(item.doc_id), []).append(item)
    result: list[_Item | ArticleError] = []
    for item in items:
        if isinstance(item, ArticleError) or len(same := places[ids.key(item.doc_id)]) == 1:
            result.append(item)
            continue
        here = _place(item)
        others = ", ".join(dict.fromkeys(_place(other) for other in same if other is not item))
        result.append(ArticleError(f"{here}: doc id {item.doc_id!r} is also the id of {others}; all of them refused"))
    return result


def _place(item: Article | ArticleRef | ArticleError) -> str:
    """Where an article is, for a message: a JSONL record's file:line, else its file."""
    return getattr(item, "line", "") or str(getattr(item, "path", item))


def load_text(ref: str, root: Path | None = None) -> str:
    """The text an annotation file's ``article`` field names: a path, or ``file.jsonl#id``."""
    base = root or Path.cwd()
    file_part, _, record_id = ref.partition("#")
    path = base / file_part
    if root is None and not Path(file_part).is_absolute() and not path.exists() and not path.is_symlink():
        raise ArticleError(
            f"{path}: no such file; article paths are read from the folder you run in (--root names another)"
        )
    if not record_id:
        return read_article(path).text
    if not path.exists():
        raise ArticleError(f"{path}: no such file")
    if not path.is_file():  # a FIFO would block the read below
        raise ArticleError(f"{path}: not a regular file")
    found = [item.text for item in iter_jsonl(path) if isinstance(item, Article) and item.doc_id == record_id]
    if len(found) > 1:
        raise ArticleError(f"{path}: {len(found)} records have the id {record_id!r}; which one is meant is unclear")
    if not found:
        raise ArticleError(f"{path}: no record with id {record_id!r}")
    return found[0]


HEADLINE_BYTES = 400  # enough for a headline; the article list reads no more of each file


def headline(ref: str, text: str | None = None) -> str:
    """An article's first non-blank line (its headline, in news text), for the article list:
    from ``text`` when it is read already, else from the first bytes of a plain file (a
    ``file.jsonl#id`` record is not parsed for it: ''), never raising."""
    if text is None:
        file_part, _, record_id = ref.partition("#")
        if record_id:
            return ""
        try:
            fd = _open_regular(Path(file_part))
        except UserError:
            return ""
        try:
            data = os.read(fd, HEADLINE_BYTES)
        except OSError:
            return ""
        finally:
            os.close(fd)
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""
