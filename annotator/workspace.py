"""An annotator's work over a corpus, without any user interface.

The TUI drives this; tests can too.  It knows which articles there are, opens
each one's annotation (the annotator's own file, else a copy of the detector's
draft), applies edits with unlimited undo and redo, and saves every change at
once through the store.  Nothing here imports Textual or spaCy.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from annotator import edits, ids, store
from annotator.corpus import Article, ArticleError, find_refs, headline, load_text
from annotator.errors import UserError
from annotator.model import DETECTOR_ANNOTATOR, GOLD_ANNOTATOR, Annotation, check, text_sha256
from annotator.reanchor import Reanchored, reanchor

UNKNOWN = "unknown"  # an annotated entry whose status is still being worked out (Workspace.summarise)
CHANGED = "the article changed since it was annotated"  # the words of model.check for a text_sha256 mismatch


@dataclass
class Entry:
    """One article of the corpus, as the article list shows it; its text is read when it is
    first opened (``Workspace.text``), so that a big corpus opens at once."""

    doc_id: str
    path: str  # the article's place: a file, or ``file.jsonl#id``
    text: str | None = None  # None until read
    status: str = "new"  # 'new' until the annotator's file exists
    reviewed: int = 0
    total: int = 0
    problem: str = ""  # why the file cannot be opened, when it cannot
    headline: str = ""  # the article's first line, once read (``Workspace.read_headlines``)


@dataclass
class Editor:
    """One open article: its annotation, with undo and redo stacks of whole values."""

    annotation: Annotation
    text: str
    path: Path
    undo_stack: list[Annotation] = field(default_factory=list)
    redo_stack: list[Annotation] = field(default_factory=list)
    seconds: float = -1.0  # active time so far (kept apart from the undo history); -1: as in the file
    propose: Callable[[], Annotation | None] = lambda: None  # the detector's draft, read when first needed
    _proposed: dict[str, edits.Said] | None = None

    def __post_init__(self) -> None:
        if self.seconds < 0:
            self.seconds = float(self.annotation.active_seconds)

    def proposed(self) -> dict[str, edits.Said]:
        """What the detector proposed for each of its quotes (empty when its draft is gone or
        was remade by another detector since): 'corrected' means differing from it."""
        if self._proposed is None:
            draft = self.propose()
            usable = draft is not None and (draft.text_sha256, draft.detector) == (
                self.annotation.text_sha256,
                self.annotation.detector,
            )
            self._proposed = {q.id: edits.claim(draft, q) for q in draft.quotes} if draft and usable else {}
        return self._proposed

    def apply(self, edit: Callable[..., Any], *args: Any) -> Any:
        """Apply a pure edit; returns what the edit returned beside the annotation, if anything.
        A quote brought back to what the detector proposed is no longer 'corrected'."""
        result = edit(self.annotation, *args)
        new, extra = result if isinstance(result, tuple) else (result, None)
        if any(q.review == "corrected" and q.origin == "detected" for q in new.quotes):
            new = edits.settle(
                self.annotation, new, self.proposed(), lambda: chain([self.annotation], reversed(self.undo_stack))
            )
        if new != self.annotation:
            self.undo_stack.append(self.annotation)
            self.redo_stack.clear()
            self.annotation = new
        return extra

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.redo_stack.append(self.annotation)
        self.annotation = self.undo_stack.pop()
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        self.undo_stack.append(self.annotation)
        self.annotation = self.redo_stack.pop()
        return True


class Workspace:
    def __init__(
        self, paths: list[Path], out: Path, annotator: str, *, role: bool = False, background: bool = False
    ) -> None:
        """``role``: ``annotator`` may be ``gold`` (the adjudicator editing gold versions).
        ``background``: leave each annotated entry ``unknown`` for the caller to work out with
        ``summarise`` and ``apply`` (the app, in a worker thread, so that it opens at once)."""
        ids.check_annotator(annotator, allow=(GOLD_ANNOTATOR,) if role else ())
        self.out = out
        self.annotator = annotator
        self.folder = out / annotator
        self.entries: list[Entry] = []
        self._article_stamps: dict[str, tuple[int, int] | None] = {}  # each article's file when read
        self.skipped: list[str] = []  # articles that cannot be read
        self.changed: set[str] = set()  # entries whose status or counts changed since last asked
        for item in find_refs(paths):
            if isinstance(item, ArticleError):
                self.skipped.append(str(item))
            else:
                self.entries.append(Entry(item.doc_id, item.path, item.text if isinstance(item, Article) else None))
        self._by_id = {entry.doc_id: entry for entry in self.entries}
        self._order = {entry.doc_id: n for n, entry in enumerate(self.entries)}
        if not self.entries:
            raise UserError("no articles to annotate in " + ", ".join(map(str, paths)))
        self.lock = store.FolderLock(self.folder)
        try:
            other = self.lock.acquire()
        except OSError as err:
            raise UserError(f"{self.folder}: cannot be written ({err.strerror}); choose another --out") from None
        if other is not None:
            who = f"process {other}" if other else "another process"
            raise UserError(f"{self.folder} is open in another annotator ({who}): close it there first")
        self.cleaned = store.remove_stray_temporaries(self.folder)  # left by a write that was killed
        self.editors: dict[str, Editor] = {}
        self.writer = store.Writer()
        self.clock = ActiveClock()
        if background:
            present = self._present()
            for entry in self.entries:  # each id was checked when read: its file name is known
                if f"{entry.doc_id}{store.SUFFIX}" in present:
                    entry.status = UNKNOWN
        else:
            for summaries in self.summarise():
                self.apply(summaries)

    def only(self, doc_id: str) -> None:
        """Keep one article (editing one gold version from the review screens)."""
        self.entries = [e for e in self.entries if e.doc_id == doc_id]
        self._by_id = {e.doc_id: e for e in self.entries}
        self._order = {e.doc_id: n for n, e in enumerate(self.entries)}
        if not self.entries:
            raise UserError(f"{doc_id}: its article is not among the articles read")

    # --- files -------------------------------------------------------------------------

    def path(self, doc_id: str, annotator: str | None = None) -> Path:
        return store.annotation_path(self.out, annotator or self.annotator, doc_id)

    def entry(self, doc_id: str) -> Entry:
        return self._by_id[doc_id]

    def neighbour(self, doc_id: str, delta: int) -> str | None:
        """The article ``delta`` places after ``doc_id`` in the list (before, when negative)."""
        n = self._order[doc_id] + delta
        return self.entries[n].doc_id if 0 <= n < len(self.entries) else None

    def text(self, doc_id: str) -> str:
        """The article's text, read the first time it is asked for; ArticleError when it cannot be."""
        entry = self.entry(doc_id)
        if entry.text is None:
            stamp = _file_stamp(_source(entry))  # before reading: a change meanwhile shows at the next key
            entry.text = load_text(entry.path)
            self._article_stamps[doc_id] = stamp
        return entry.text

    def read_headlines(
        self, cancelled: Callable[[], bool] = lambda: False, batch: int = 200
    ) -> Iterator[list[tuple[str, str]]]:
        """Each article's headline (its first line), in batches of (doc_id, headline), for the
        article list; read in a worker thread, a few hundred bytes per file."""
        found: list[tuple[str, str]] = []
        for entry in list(self.entries):
            if cancelled():
                return
            found.append((entry.doc_id, headline(entry.path, entry.text)))
            if len(found) >= batch:
                yield found
                found = []
        if found:
            yield found

    def apply_headlines(self, headlines: list[tuple[str, str]]) -> None:
        for doc_id, text in headlines:
            if (entry := self._by_id.get(doc_id)) is not None and entry.headline != text:
                entry.headline = text
                self.changed.add(doc_id)

    def _present(self) -> set[str]:
        try:
            return {item.name for item in os.scandir(self.folder)}
        except OSError:
            return set()

    def summarise(self, cancelled: Callable[[], bool] = lambda: False, batch: int = 500) -> Iterator[list[Entry]]:
        """Every annotated entry's status and counts, batch by batch, worked out on copies (so
        that a worker thread can run it while the annotator works; ``apply`` takes them in).

        They come from the index of file summaries (``store.index``, right by each file's size
        and time) and the verdict of the file's last check against its article, kept there too;
        only a file or article that changed since is read and checked."""
        present = self._present()
        index = store.index.open_index(self.folder)
        done: list[Entry] = []
        for entry in list(self.entries):
            if cancelled():
                return
            path = self.path(entry.doc_id)
            if path.name not in present:
                continue
            copy = Entry(entry.doc_id, entry.path, entry.text)
            stamp, cached = index.lookup(path)
            article = _source(entry)
            summary = index.put(path, stamp, cached) if cached is not None else None  # as summary(), one stat fewer
            known = index.verdict(path, stamp, article) if summary and stamp and summary.loads else None
            if summary is None or known is None or summary.article != entry.path:
                self._refresh(copy, index=index)
            elif known:
                self._problem(copy, path, str(known[0]), any(CHANGED in p.message for p in known), summary.status)
            else:
                self._set(copy, summary.status, summary.quotes - summary.pending, summary.quotes)
            done.append(copy)
            if len(done) >= batch:
                yield done
                done = []
        if done:
            yield done
        index.save()

    def apply(self, summaries: list[Entry]) -> None:
        """Take in what ``summarise`` found, except for articles opened meanwhile (theirs is newer)."""
        for copy in summaries:
            entry = self._by_id.get(copy.doc_id)
            if entry is not None and copy.doc_id not in self.editors:
                self._set(entry, copy.status, copy.reviewed, copy.total, copy.problem)

    def _refresh(
        self, entry: Entry, annotation: Annotation | None = None, index: store.index.Index | None = None
    ) -> None:
        """The entry's status and counts from ``annotation``, or else from its file, read and
        checked against the article now (the verdict kept in ``index`` when one is given)."""
        if annotation is not None:
            self._set(entry, annotation.status, annotation.reviewed(), len(annotation.quotes))
            return
        path = self.path(entry.doc_id)
        stamp = store.index.stamp_of(path)  # taken before reading: a change meanwhile shows next time
        if stamp is None:
            return
        try:
            data = store.read_data(path)
        except store.StoreError as err:
            if index is not None:
                index.put(path, stamp, store.index.problems_entry(err.problems))
            self._problem(entry, path, str(err.problems[0]))
            return
        summary = index.put(path, stamp, store.index.data_entry(data)) if index is not None else None
        annotation = store.from_data(data)
        article = _source(entry)
        article_stamp = store.index.stamp_of(article)
        try:
            text = entry.text if entry.text is not None else load_text(entry.path)  # not kept: read on open
        except ArticleError as err:
            self._problem(entry, path, f"{path}: article {entry.path}: {err}")
            return
        problems = store.problems_against(annotation, text, path)
        if index is not None and summary is not None and summary.article == entry.path and article_stamp:
            index.remember(path, article, stamp, article_stamp, problems)
        if annotation.text_sha256 != text_sha256(text):
            self._problem(entry, path, "", changed=True)
        else:
            self._set(entry, annotation.status, annotation.reviewed(), len(annotation.quotes))

    def _problem(self, entry: Entry, path: Path, problem: str, changed: bool = False, status: str = "") -> None:
        if changed:
            problem = f"{path}: {CHANGED}; `annotator reanchor {path}` moves the annotation onto the new text"
        self._set(entry, "changed" if changed else status or "error", entry.reviewed, entry.total, problem)

    def _set(self, entry: Entry, status: str, reviewed: int, total: int, problem: str = "") -> None:
        if (entry.status, entry.reviewed, entry.total, entry.problem) != (status, reviewed, total, problem):
            entry.status, entry.reviewed, entry.total, entry.problem = status, reviewed, total, problem
            if self._by_id.get(entry.doc_id) is entry:  # not a copy being summarised
                self.changed.add(entry.doc_id)

    def take_changed(self) -> set[str]:
        """The entries changed since the last call (the article list redraws only those)."""
        changed, self.changed = self.changed, set()
        return changed

    def open(self, doc_id: str) -> Editor | None:
        """The article's editor; None when it has no annotation yet and needs the detector.

        Raises StoreError when the annotator's file is broken or no longer matches the
        article: it is reported, never repaired or overwritten."""
        if doc_id in self.editors:
            return self.editors[doc_id]
        entry = self.entry(doc_id)
        path = self.path(doc_id)
        try:
            text = self.text(doc_id)
        except ArticleError as err:
            self._problem(entry, path, str(err))
            raise store.StoreError([store.Problem(entry.path, str(err).removeprefix(f"{entry.path}: "))]) from None
        if path.exists():
            self.writer.expect(path)  # as it is when read: a later change is someone else's
            try:
                annotation = store.read(path)
            except store.StoreError as err:
                self._problem(entry, path, str(err.problems[0]))
                raise
            if problems := store.problems_against(annotation, text, path):
                changed = annotation.text_sha256 != text_sha256(text)
                self._problem(entry, path, str(problems[0]), changed, annotation.status)
                raise store.StoreError(problems)
        else:
            draft_path = self.path(doc_id, DETECTOR_ANNOTATOR)
            if not draft_path.exists():
                return None
            draft = store.read(draft_path)
            if check(draft, text):
                return None  # a stale draft (the article changed): detect again
            annotation = self._adopt(draft, entry)
        editor = Editor(annotation, text, path, propose=lambda: self._draft(doc_id))  # read again only if needed
        self.editors[doc_id] = editor
        self._refresh(entry, annotation)
        return editor

    def _draft(self, doc_id: str) -> Annotation | None:
        """The detector's shared draft of an article, as it is on disk; None when there is none
        that loads (what it proposed is then unknown)."""
        try:
            return store.read(self.path(doc_id, DETECTOR_ANNOTATOR))  # written atomically: whole, old or new
        except (store.StoreError, OSError):
            return None

    def _adopt(self, draft: Annotation, entry: Entry) -> Annotation:
        """The annotator's own copy of a detector draft, saved at once."""
        mine = store.stamp(replace(draft, annotator=self.annotator, article=entry.path, status="draft"))
        self.writer.save(mine, self.path(entry.doc_id))
        return mine

    def add_draft(self, doc_id: str, draft: Annotation) -> Editor:
        """Keep a fresh detector draft (shared by every annotator) and open the article on it."""
        entry = self.entry(doc_id)
        self.writer.save(store.stamp(draft), self.path(doc_id, DETECTOR_ANNOTATOR))
        if not self.path(doc_id).exists() and doc_id not in self.editors:
            annotation = self._adopt(draft, entry)
            editor = Editor(annotation, self.text(doc_id), self.path(doc_id), propose=lambda: draft)
            self.editors[doc_id] = editor
            self._refresh(entry, annotation)
        opened = self.open(doc_id)
        assert opened is not None
        return opened

    def start_empty(self, doc_id: str) -> Editor:
        """An annotation with no quotes, for an article the detector could not draft:
        the annotator can still add every quote by hand."""
        entry = self.entry(doc_id)
        text = self.text(doc_id)
        blank = Annotation(doc_id, entry.path, text_sha256(text), self.annotator)
        editor = Editor(store.stamp(blank), text, self.path(doc_id))
        self.editors[doc_id] = editor
        self.save(editor)
        return editor

    def save(self, editor: Editor) -> None:
        """Save the editor's annotation now (in the background writer, atomically), with the
        active time spent on it so far, and without speakers no quote names any more."""
        doc_id = editor.annotation.doc_id
        editor.seconds += self.clock.take(doc_id)
        annotation = edits.prune_speakers(editor.annotation)  # a speaker left without quotes goes
        editor.annotation = replace(store.stamp(annotation), active_seconds=int(editor.seconds))
        self.writer.save(editor.annotation, editor.path)
        self._refresh(self.entry(doc_id), editor.annotation)

    def touch(self, doc_id: str, now: float | None = None) -> None:
        """The annotator did something on ``doc_id`` (a key, a click): count the time since the
        last thing they did, unless that was a pause of over a minute."""
        self.clock.touch(doc_id, time.monotonic() if now is None else now)

    def unsaved(self) -> dict[Path, str]:
        """Files whose newest content is not on disk yet, with why (see ``store.Writer``)."""
        return self.writer.unsaved()

    def discard(self, path: Path) -> None:
        """Give up what could not be saved to ``path``: the article is read again from disk
        when it is next opened, and nothing more is saved to it from this editor."""
        self.writer.discard(path)
        for doc_id, editor in list(self.editors.items()):
            if editor.path == path:
                del self.editors[doc_id]
                self.clock.take(doc_id)
                self._refresh(self.entry(doc_id))

    def save_copy(self, path: Path) -> Path:
        """Keep what could not be saved to ``path`` as a copy beside it, and leave the file on disk
        as it is (someone else's version, say). OSError when the copy cannot be written either."""
        copy = self.writer.save_copy(path)
        self.discard(path)
        return copy

    def reanchor(self, doc_id: str) -> Reanchored:
        """Move the article's annotation onto the text its file holds now; the file as it was
        is kept as ``<doc_id>.yaml.bak`` (``annotator reanchor --confirm`` or ``--undo``).
        Undo history ends here: it belongs to the old text.  StoreError/ArticleError when it
        cannot be done; nothing is written then."""
        entry = self.entry(doc_id)
        path = self.path(doc_id)
        self.writer.flush()
        if path in self.writer.unsaved():
            raise store.StoreError([store.Problem(str(path), "save or discard the unsaved changes first (q)")])
        stamp = _file_stamp(_source(entry))
        text = load_text(entry.path)
        editor = self.editors.get(doc_id)
        annotation = editor.annotation if editor else store.read(path)
        old = path.read_bytes() if path.exists() else None
        if old is not None and store.backup_path(path).exists():
            raise store.StoreError(
                [store.Problem(str(path), "a .bak from an earlier re-anchoring waits: confirm or undo it first")]
            )
        result = reanchor(annotation, text)
        if problems := store.problems_against(result.annotation, text, path):
            raise store.StoreError(problems)
        store.save_reanchored(path, result.annotation, old)
        self.writer.expect(path)
        entry.text = text
        self._article_stamps[doc_id] = stamp
        self.editors.pop(doc_id, None)
        self._refresh(entry)
        return result

    def article_changed(self, doc_id: str) -> bool:
        """Whether the article's file now holds another text than the one on screen (checked
        cheaply by size and time first, then by its hash)."""
        entry = self.entry(doc_id)
        if entry.text is None:
            return False  # not read yet: nothing of it is on screen
        now = _file_stamp(_source(entry))
        if now == self._article_stamps.get(doc_id):
            return False
        try:
            text = load_text(entry.path)
        except ArticleError:
            return True  # gone or unreadable: certainly not the text on screen
        if text == entry.text:
            self._article_stamps[doc_id] = now
            return False
        return True

    # --- where the annotator was ---------------------------------------------------------

    def resume_point(self) -> tuple[str, str]:
        state = store.load_session(self.folder)
        doc_id = state.get("doc_id", "")
        if not any(e.doc_id == doc_id for e in self.entries):
            pending = [e for e in self.entries if e.status not in ("done", "skipped")]
            return (pending or self.entries)[0].doc_id, ""
        return doc_id, state.get("quote_id", "")

    def remember(self, doc_id: str, quote_id: str | None) -> None:
        """Keep where the annotator is, in the background (a key never waits for the disk);
        losing it is harmless: annotations are saved on their own."""
        store.save_session(self.folder, {"doc_id": doc_id, "quote_id": quote_id or ""}, self.writer)

    def close(self) -> None:
        """Save the active time not yet saved (nothing else is pending), then let the folder go."""
        self.writer.flush()
        failed = self.writer.unsaved()
        for doc_id, editor in self.editors.items():
            if self.clock.pending(doc_id) >= 1 and editor.path not in failed:
                self.save(editor)
        self.writer.close()
        self.lock.release()


IDLE_SECONDS = 60.0


class ActiveClock:
    """Active time per article: the time between two things the annotator does on it, pauses
    of over ``IDLE_SECONDS`` left out (a coffee break is not annotation time)."""

    def __init__(self) -> None:
        self._last: tuple[str, float] | None = None
        self._pending: dict[str, float] = {}

    def touch(self, doc_id: str, now: float) -> None:
        if self._last is not None:
            last_doc, then = self._last
            if 0 <= now - then <= IDLE_SECONDS:
                self._pending[last_doc] = self._pending.get(last_doc, 0.0) + now - then
        self._last = (doc_id, now)

    def pending(self, doc_id: str) -> float:
        return self._pending.get(doc_id, 0.0)

    def take(self, doc_id: str) -> float:
        """The time counted for ``doc_id`` and not yet saved; it is saved now."""
        return self._pending.pop(doc_id, 0.0)


def _source(entry: Entry) -> Path:
    """The file the article is read from (a JSONL file for ``file.jsonl#id``)."""
    return Path(entry.path.partition("#")[0])  # relative to the working folder, as store.article_file


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
