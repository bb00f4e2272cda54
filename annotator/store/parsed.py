"""A cache of parsed annotation files, so that a file is parsed once, not once per command.

Parsing YAML is most of the time of every command that reads a whole corpus (an export of
10,000 articles spent 60 s in it).  The checked plain data of a file (what ``store.read_data``
returns) is kept in one SQLite database under the index's cache folder, with the file's stamp
(size, mtime_ns, inode, ctime_ns); it is used only while the stamp is the same, and a file is
kept only when it was last changed more than ``RACY_NS`` before it was read (a change within the
clock's granularity could keep the stamp: such a file is parsed each time until it settles, the
rule ``index.py`` follows).

It is only a cache: any error opening, reading or writing it (a read-only home, a locked database, a full
disk) leaves it unused, never an error of the command; a damaged database is started again,
one of another version emptied.  Nothing is written under the annotations folder, and only files
that passed every check are kept (their problems are found afresh each time).

Beside each file's data, a second table keeps its quotes' content texts (``index.contents_of``),
which the review list searches: the index of summaries leaves them out, and ``texts`` gives
every file's under a folder in one query.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import zlib
from pathlib import Path
from typing import Any

from annotator.store import index
from annotator.store.index import Stamp, _tag, cache_folder

NAME = "parsed.sqlite3"
SEPARATOR = "\x00"  # between a file's quote texts: never in an article (corpus refuses NUL), so never in a quote
MAX_FILES = 250_000  # beyond this (corpora long gone, mostly), it starts again empty
_local = threading.local()  # one connection per thread (sqlite3's rule)
_disabled: set[str] = set()  # databases found unusable in this process
_inherited: list[threading.local] = []  # see forget()


def _connection() -> sqlite3.Connection | None:
    file = str(cache_folder() / NAME)
    if file in _disabled:
        return None
    connections: dict[str, sqlite3.Connection] = _local.__dict__.setdefault("connections", {})
    if (found := connections.get(file)) is not None:
        return found
    try:
        connection = _open(file)
    except sqlite3.DatabaseError:  # not a database, or a damaged one: start it again
        try:
            for name in (file, file + "-wal", file + "-shm"):
                Path(name).unlink(missing_ok=True)
            connection = _open(file)
        except (OSError, sqlite3.Error):
            connection = None
    except (OSError, sqlite3.Error):
        connection = None
    if connection is None:
        _disabled.add(file)
        return None
    connections[file] = connection
    return connection


def forget() -> None:
    """Set this process's connections aside, never used nor closed: in a forked worker they are
    copies of the parent's, which SQLite forbids a child to touch."""
    global _local
    _inherited.append(_local)
    _local = threading.local()


def _open(file: str) -> sqlite3.Connection:
    os.makedirs(os.path.dirname(file), exist_ok=True)
    connection = sqlite3.connect(file, timeout=0.2, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")  # a cache: losing the last writes is harmless
        connection.execute("CREATE TABLE IF NOT EXISTS meta (tag TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, data BLOB NOT NULL)"
        )
        connection.execute(
            "CREATE TABLE IF NOT EXISTS texts (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, texts TEXT NOT NULL)"
        )
        row = connection.execute("SELECT tag FROM meta").fetchone()
        (count,) = connection.execute("SELECT count(*) FROM files").fetchone()
        if row is None or row[0] != _tag() or count > MAX_FILES:
            with connection:
                connection.execute("DELETE FROM files")
                connection.execute("DELETE FROM texts")
                connection.execute("DELETE FROM meta")
                connection.execute("INSERT INTO meta VALUES (?)", (_tag(),))
    except BaseException:
        connection.close()
        raise
    return connection


def stamp_key(stamp: Stamp | list[int]) -> str:
    """How a stamp is written in the database."""
    return ",".join(map(str, stamp))


def get(path: Path, stamp: Stamp | None) -> dict[str, Any] | None:
    """The data kept for ``path`` when it had ``stamp`` (taken just now), or None."""
    if stamp is None or (connection := _connection()) is None:
        return None
    try:
        row = connection.execute(
            "SELECT data FROM files WHERE path = ? AND stamp = ?", (os.path.abspath(path), stamp_key(stamp))
        ).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(zlib.decompress(row[0]))
    except (sqlite3.Error, zlib.error, ValueError):
        return None
    return data


def put(path: Path, stamp: Stamp | None, data: dict[str, Any]) -> None:
    """Keep ``data``, read from ``path`` when it had ``stamp`` (taken before reading it)."""
    if stamp is None or max(stamp[1], stamp[3]) >= time.time_ns() - index.RACY_NS:
        return
    if (connection := _connection()) is None:
        return
    try:
        blob = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)
        connection.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (os.path.abspath(path), stamp_key(stamp), blob)
        )
    except sqlite3.OperationalError:
        return  # locked by another process for longer than the timeout: keep it another time
    except (sqlite3.Error, ValueError, TypeError):
        return
    put_texts(path, stamp, index.contents_of(data))


def put_texts(path: Path, stamp: Stamp | None, texts: list[str]) -> None:
    """Keep a file's quote texts, read when it had ``stamp`` (``texts`` gives them back)."""
    if stamp is None or max(stamp[1], stamp[3]) >= time.time_ns() - index.RACY_NS:
        return
    if (connection := _connection()) is None:
        return
    row = (os.path.abspath(path), stamp_key(stamp), SEPARATOR.join(texts))
    try:
        connection.execute("INSERT OR REPLACE INTO texts VALUES (?, ?, ?)", row)
    except sqlite3.Error:
        pass  # locked for longer than the timeout, or unusable: kept another time


def texts(folder: Path) -> dict[str, tuple[str, list[str]]]:
    """The quotes' content texts kept for every file under ``folder`` (absolute), by absolute
    path: each with the stamp (``stamp_key``) its file had; empty when the cache is unusable."""
    if (connection := _connection()) is None:
        return {}
    prefix = str(folder).rstrip(os.sep) + os.sep
    after = prefix[:-1] + chr(ord(os.sep) + 1)  # the first string past every one starting with prefix
    try:
        rows = connection.execute(
            "SELECT path, stamp, texts FROM texts WHERE path > ? AND path < ?", (prefix, after)
        ).fetchall()
    except sqlite3.Error:
        return {}
    return {path: (stamp, said.split(SEPARATOR) if said else []) for path, stamp, said in rows}
