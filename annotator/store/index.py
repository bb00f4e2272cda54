"""A summary of every annotation file, cached outside the annotations, and always right.

A summary (``Summary``) holds what ``stats``, ``evaluate`` and search need without loading the
model: who, status, counts of quotes by review state, speakers, or the problems that keep the
file from loading (``store.read``'s, not the article's).  The quotes' content texts, which only
the review list's search needs, are four fifths of the bytes: they are kept beside each file's
parsed data (``store.parsed``) and fetched only by ``summaries(..., contents=True)``, so that
``validate`` and ``stats`` never decode them.

It is reused only when the file's path, size, mtime_ns (and inode and ctime_ns) are all the same
as when it was read; otherwise the file is read again.  A file changed within ``RACY_NS`` of its
reading is never trusted later (a second write in the same clock tick could keep size and
mtime: git's "racy clean" problem), nor is an entry written by another version of the program
or schema.

The cache is one JSON file per annotations folder under ``$XDG_CACHE_HOME/quote-annotator/``
(default ``~/.cache/quote-annotator/``), named by a hash of the folder's absolute path, written
atomically.  Nothing is ever written under the annotations folder.  A cache that cannot be read
or parsed is rebuilt; one that cannot be written is simply not kept: it is only a cache.

``validate`` keeps its verdicts here too, each tied to the file and to its article as they were
(path, size, mtime_ns): while neither changes, the article check's answer is the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__, doubts
from annotator.resources import schema_path
from annotator.store.errors import Problem, StoreError

if TYPE_CHECKING:
    from annotator.progress import Step

FORMAT = 4  # of the cache file; a cache in another format is rebuilt (2 added doubts, 3 flat rows,
# 4 contents moved out)
RACY_NS = 2_000_000_000  # a file changed this close to its reading is read again next time
Stamp = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


@dataclass(frozen=True)
class Summary:
    """One annotation file, as far as the commands that count and choose need it."""

    path: Path
    size: int
    mtime_ns: int
    doc_id: str = ""
    article: str = ""
    annotator: str = ""
    status: str = ""
    updated: str = ""
    active_seconds: int = 0
    pending: int = 0
    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0  # quotes added by hand (origin manual)
    speakers: tuple[str, ...] = ()
    contents: tuple[str, ...] = ()  # each quote's content text (``contents_of``); only when asked for
    doubts: tuple[str, ...] = ()  # what validate warns about (annotator.doubts)
    problems: tuple[Problem, ...] = ()  # why the file does not load; empty when it does

    @property
    def loads(self) -> bool:
        return not self.problems

    @property
    def quotes(self) -> int:
        return self.pending + self.accepted + self.corrected + self.rejected


# A file's entry in the cache: the Summary fields from doc_id to doubts, in order (a list, to
# keep a cache of 10,000 files small and quick to read), or {"problems": rows} when it does not load.
Entry = list[Any] | dict[str, Any]
_FIELDS = 13  # doc_id, article, annotator, status, updated, active_seconds, 4 review counts, added, speakers,
# doubts
# In the cache file a file's row is its stamp followed by its entry, flat: [size, mtime_ns, inode,
# ctime_ns, *fields] or [size, mtime_ns, inode, ctime_ns, {"problems": rows}]; a verdict's row is
# [*stamp, article, *article stamp, problem rows].  Flat rows, keyed by the path below the
# folder, make a file quicker to decode than nested ones (JSON decoding was most of a warm run).
Row = list[Any]
_TWO = os.sep * 2


def data_entry(data: dict[str, Any]) -> Entry:
    """A cache entry from a file's checked data (``store.read_data``)."""
    reviews = {"pending": 0, "accepted": 0, "corrected": 0, "rejected": 0}
    added = 0
    for quote in data["quotes"]:
        reviews[quote["review"]] += 1
        added += quote["origin"] == "manual"
    return [
        data["doc_id"],
        data["article"],
        data["annotator"],
        data["status"],
        data["updated"],
        data.get("active_seconds", 0),
        *reviews.values(),
        added,
        [s["name"] for s in data["speakers"]],
        doubts.of_data(data),
    ]


def contents_of(data: dict[str, Any]) -> list[str]:
    """Each quote's content text, its parts joined by " … ": what the review list searches."""
    return [" … ".join(span["text"] for span in quote["content"]) for quote in data["quotes"]]


def read_entry(path: Path) -> Entry:
    """A file's entry, read now."""
    from annotator.store import read_data

    try:
        return data_entry(read_data(path))
    except StoreError as err:
        return problems_entry(err.problems)


def problems_entry(problems: Iterable[Problem]) -> Entry:
    """A cache entry for a file that does not load: its problems."""
    return {"problems": [_problem_row(p) for p in problems]}


def _well_formed(row: Any) -> bool:
    if not isinstance(row, list):
        return False
    if len(row) == 5:
        return isinstance(row[4], dict) and isinstance(row[4].get("problems"), list)
    return len(row) == 4 + _FIELDS


def _verdict_row(row: Any) -> bool:
    return isinstance(row, list) and len(row) == 10


def _entry(row: Row) -> Entry:
    return row[4] if len(row) == 5 else row[4:]


def _row(stamp: Stamp, entry: Entry) -> Row:
    return [*stamp, entry] if isinstance(entry, dict) else [*stamp, *entry]


def article_of(entry: Entry) -> str | None:
    return None if isinstance(entry, dict) else str(entry[1])


def stamp_of(path: str | Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "quote-annotator"


def _tag() -> str:
    """What the entries depend on besides the files: the program and the schema."""
    try:
        schema = hashlib.sha256(schema_path().read_bytes()).hexdigest()[:16]
    except OSError:
        schema = "?"
    return f"{FORMAT}:{__version__}:{schema}"


def _problem_row(problem: Problem) -> list[Any]:
    return [problem.message, problem.line, problem.column]


def _problems(rows: Any, path: Path) -> tuple[Problem, ...]:
    return tuple(Problem(str(path), str(m), line, column) for m, line, column in rows)


@dataclass
class Index:
    """The cached summaries (and validate verdicts) of one annotations folder."""

    root: Path  # absolute
    file: Path | None  # the cache file; None: no cache (a single file named, say)
    entries: dict[str, Row] = field(default_factory=dict)  # by key (``key``): [*stamp, *entry]
    verdicts: dict[str, Row] = field(default_factory=dict)  # by key: [*stamp, article, *its stamp, problems]
    seen: dict[str, Row] = field(default_factory=dict)
    seen_verdicts: dict[str, Row] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)  # every file asked about this time
    started_ns: int = field(default_factory=time.time_ns)
    reused: int = 0
    read: int = 0
    named: str = ""  # the folder as named on the command line ("" when unknown)
    _keys: dict[str | Path, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._cwd = os.getcwd()
        self._prefix = str(self.root).rstrip(os.sep) + os.sep
        self._last: tuple[str | Path | None, str] = (None, "")
        self._named = "" if self.named in ("", ".") else str(Path(self.named)).rstrip(os.sep) + os.sep

    @classmethod
    def open(cls, root: Path) -> Index:
        """The index of ``root`` as last saved; empty when there is none or it cannot be used."""
        named, root = os.fspath(root), Path(os.path.abspath(root))
        digest = hashlib.sha256(os.fsencode(root)).hexdigest()[:24]
        index = cls(root, cache_folder() / f"{digest}.json", named=named)
        try:
            with open(index.file, encoding="utf-8") as handle:  # type: ignore[arg-type]
                data = json.load(handle)
            if data.get("version") != _tag() or data.get("root") != str(root):
                return index
            entries, verdicts = data["files"], data["verdicts"]
            if not (isinstance(entries, dict) and all(_well_formed(row) for row in entries.values())):
                raise ValueError("not an index")
            if not (isinstance(verdicts, dict) and all(_verdict_row(v) for v in verdicts.values())):
                raise ValueError("not an index")
            index.entries, index.verdicts = entries, verdicts
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            index.entries, index.verdicts = {}, {}  # only a cache: start again
        return index

    def key(self, path: str | Path) -> str:
        """The cache's name for a file: its absolute path, below the folder when it is there."""
        if path is self._last[0]:
            return self._last[1]  # the same file again (lookup, verdict, doubts): not even a hash
        key = self._keys.get(path)
        if key is None:
            name = os.fspath(path)
            rest = name[len(self._named) :]
            if self._named and name.startswith(self._named) and os.sep + "." not in os.sep + rest and _TWO not in rest:
                key = rest  # a file found below the folder as named (scan_files'): no need to normalise
            else:
                full = os.path.normpath(os.path.join(self._cwd, name))
                key = full[len(self._prefix) :] if full.startswith(self._prefix) else full
            self._keys[path] = key
        self._last = (path, key)
        return key

    def _trusted(self, stamp: Stamp | Row) -> bool:
        """Whether the file was last changed long enough before this run began that a later
        change could not have kept its stamp."""
        return max(stamp[1], stamp[3]) < self.started_ns - RACY_NS

    def lookup(self, path: Path) -> tuple[Stamp | None, Entry | None]:
        """The file's stamp now, and its cached entry if that is still right (else None)."""
        key = self.key(path)
        self.present.add(key)
        stamp = stamp_of(path)
        row = self.entries.get(key)
        if stamp is not None and row is not None and tuple(row[:4]) == stamp and self._trusted(stamp):
            self.reused += 1
            self.seen[key] = row
            return stamp, _entry(row)
        return stamp, None

    def put(self, path: Path, stamp: Stamp | None, entry: Entry) -> Summary:
        """Keep a file's entry, as read when it had ``stamp`` (taken before reading it)."""
        self.keep(path, stamp, entry)
        return self.build(path, stamp, entry)

    def keep(self, path: Path, stamp: Stamp | None, entry: Entry) -> None:
        """``put`` without building the summary."""
        self.read += 1
        if stamp is not None:
            self.seen[self.key(path)] = _row(stamp, entry)

    def doubts(self, path: Path) -> tuple[str, ...]:
        """The doubts of a file looked up or read in this run (none when it does not load)."""
        row = self.seen.get(self.key(path))
        if row is None or len(row) == 5:
            return ()
        return tuple(row[-1])

    def summary(self, path: Path) -> Summary:
        """The file's summary: from the cache when the file is unchanged, else read now."""
        stamp, entry = self.lookup(path)
        if entry is not None:
            return self.build(path, stamp, entry)
        return self.put(path, stamp, read_entry(path))

    @staticmethod
    def build(path: Path, stamp: Stamp | None, entry: Entry, contents: tuple[str, ...] = ()) -> Summary:
        """The summary of a file with ``stamp`` (None: gone) from its entry (and its quotes' texts)."""
        stamp = stamp or (-1, -1, -1, -1)
        if isinstance(entry, dict):
            return Summary(path, stamp[0], stamp[1], problems=_problems(entry["problems"], path))
        (
            doc_id,
            article,
            annotator,
            status,
            updated,
            active,
            pending,
            accepted,
            corrected,
            rejected,
            added,
            who,
            doubted,
        ) = entry  # a cache entry of another shape raises ValueError: the cache is then rebuilt
        return Summary(
            path, stamp[0], stamp[1], doc_id, article, annotator, status, updated, active,
            pending, accepted, corrected, rejected, added, tuple(who), contents, tuple(doubted),
        )  # fmt: skip

    def contents(self, rows: list[tuple[Path, Stamp | None, Entry]]) -> list[tuple[str, ...]]:
        """Each quote's content text of each file (``rows``: looked up or read in this run, with
        the stamp it had then): from the parsed cache while a file has that stamp, else read again;
        none for a file that does not load."""
        from annotator.store import parsed, read_data

        kept = parsed.texts(self.root)
        done: list[tuple[str, ...]] = []
        for path, stamp, entry in rows:
            if isinstance(entry, dict) or stamp is None:
                done.append(())
                continue
            key = self.key(path)
            said = kept.get(key if os.path.isabs(key) else self._prefix + key)  # the cache's absolute path
            if said is None or said[0] != parsed.stamp_key(stamp):
                try:
                    said = ("", contents_of(read_data(path)))
                except StoreError:
                    said = ("", [])  # changed since it was summarised: the next run tells
                else:
                    parsed.put_texts(path, stamp, said[1])  # also when its data came from the cache
            done.append(tuple(said[1]))
        return done

    # --- validate's verdicts ------------------------------------------------------------------

    def verdict(self, path: Path, stamp: Stamp, article: str | Path) -> list[Problem] | None:
        """The problems validate found last time, if the file (``stamp`` now) and its article
        are unchanged; None when it must be checked again."""
        key = self.key(path)
        self.present.add(key)
        row = self.verdicts.get(key)
        article_stamp = stamp_of(article)
        if row is None or article_stamp is None:
            return None
        if (
            tuple(row[:4]) != stamp
            or row[4] != self.key(article)
            or tuple(row[5:9]) != article_stamp
            or not (self._trusted(stamp) and self._trusted(article_stamp))
        ):
            return None
        self.seen_verdicts[key] = row
        return list(_problems(row[9], path))

    def remember(
        self, path: Path, article: str | Path, before: Stamp, article_before: Stamp, problems: list[Problem]
    ) -> None:
        """Keep validate's verdict on ``path``, checked against ``article`` as they were stamped
        before the check (a change during the check makes the stamps differ next time)."""
        rows = [_problem_row(p) for p in problems]
        self.seen_verdicts[self.key(path)] = [*before, self.key(article), *article_before, rows]

    def save(self) -> None:
        """Keep what was seen this time (files gone are dropped); silently nothing when the cache
        folder cannot be written."""
        from annotator.store.files import write_atomic

        if self.file is None:
            return
        files = {k: v for k, v in self.seen.items() if self._trusted(v)}
        verdicts = {
            k: v
            for k, v in (self.verdicts | self.seen_verdicts).items()
            if k in self.present and self._trusted(v) and self._trusted(v[5:9])
        }
        if files == self.entries and verdicts == self.verdicts:
            return  # nothing new: a warm run writes nothing at all
        data = {"version": _tag(), "root": str(self.root), "files": files, "verdicts": verdicts}
        try:
            write_atomic(self.file, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except (OSError, ValueError):
            pass


def summaries(
    paths: Iterable[Path], *, use_cache: bool = True, contents: bool = False, progress: Step | None = None
) -> tuple[list[Summary], list[Problem]]:
    """A summary of every annotation file named or under the folders named, in ``scan_files``
    order, and a problem for each folder that could not be read; with ``contents``, each
    quote's content text too (``Summary.contents``).  Each folder named has its own cache; files
    named one by one are read afresh.  ``progress`` (``annotator.progress``) hears of the files
    read, when there are any."""
    from annotator.store import scan_files, workers

    found: list[Summary] = []
    problems: list[Problem] = []
    for path in paths:
        files, unreadable = scan_files([path])
        problems.extend(unreadable)
        index = open_index(path, use_cache)
        looked = [(file, *index.lookup(file)) for file in files]
        missing = [file for file, _, entry in looked if entry is None]
        advance = progress("reading annotation files", len(missing)) if progress and missing else None
        fresh = iter(workers.each(read_entry, missing, advance))  # on every core
        rows: list[tuple[Path, Stamp | None, Entry]] = []
        for file, stamp, entry in looked:
            if entry is None:
                entry = next(fresh)
                index.keep(file, stamp, entry)
            rows.append((file, stamp, entry))
        said = index.contents(rows) if contents else [()] * len(rows)
        found.extend(index.build(*row, texts) for row, texts in zip(rows, said, strict=True))
        index.save()
    return found, problems


def open_index(path: Path, use_cache: bool = True) -> Index:
    """The index of a folder named on the command line; a file named alone gets none."""
    if use_cache and path.is_dir():
        return Index.open(path)
    return Index(Path(os.path.abspath(path)), None)
