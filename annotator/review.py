"""Reviewing saved annotations: the corpus as a lead sees it, and adjudication into gold.

No user interface here (the TUI's review screens drive it, tests can too):

- ``load_corpus``: every article under the annotation folders, each with its versions (one per
  annotator: status, counts, last change, active time), its gold by the one gold rule, and
  what its annotators disagree on;
- ``Adjudication``: the gold version of one article, built from the annotators' versions one
  decision at a time (take A's quote, take B's, reject it), with unlimited undo, each change
  saved at once into ``gold/<doc_id>.yaml`` with the files it came from and their hashes;
- ``promote``: articles whose annotators agree fully become gold in one step.

Reading never writes: only an Adjudication's decisions and ``promote`` write, and only gold files.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator import gold, ids, store
from annotator.compare import Group, compare, differences
from annotator.errors import UserError
from annotator.match import LENIENT, coverage, match
from annotator.model import (
    DETECTOR_ANNOTATOR,
    GOLD_ANNOTATOR,
    Annotation,
    Provenance,
    Quote,
    Source,
    Speaker,
    next_id,
)
from annotator.progress import Step

COUNTED = ("accepted", "corrected", "rejected", "added", "pending")


@dataclass(frozen=True)
class Version:
    """One annotator's file of an article, as the review list shows it."""

    annotator: str
    path: Path
    status: str
    updated: str
    active_seconds: int
    counts: dict[str, int]
    problem: str = ""  # why it cannot be used, when it cannot

    @property
    def human(self) -> bool:
        return gold.is_human(self.annotator)


@dataclass
class Row:
    """An article in the review list."""

    doc_id: str
    versions: list[Version]
    choice: gold.Choice[Path]
    differences: int | None = None  # disagreements among the done-or-in-progress humans; None: fewer than two
    speakers: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)

    @property
    def humans(self) -> list[Version]:
        return [v for v in self.versions if v.human]

    @property
    def gold_state(self) -> str:
        """gold (a done gold file), adjudicating (a gold file in progress), adjudicate (several
        done, no gold), single (one done human: gold by the rule), or open."""
        gold_files = [v for v in self.versions if v.annotator == GOLD_ANNOTATOR]
        if gold_files:
            return "gold" if gold_files[0].status == "done" else "adjudicating"
        done = sum(v.status == "done" for v in self.humans)
        return "adjudicate" if done >= 2 else "single" if done == 1 else "open"

    def matches(self, query: str) -> bool:
        """Whether ``query`` is in its id, a speaker's name or a quote's text (any case)."""
        q = query.casefold()
        return (
            q in self.doc_id.casefold()
            or any(q in name.casefold() for name in self.speakers)
            or any(q in text.casefold() for text in self.texts)
        )


def counts(annotation: Annotation) -> dict[str, int]:
    found = dict.fromkeys(COUNTED, 0)
    for quote in annotation.quotes:
        found[quote.review] += 1
        found["added"] += quote.origin == "manual"
    return found


def _doc_of(summary: store.Summary) -> str:
    return summary.doc_id or summary.path.stem


def quote_texts(paths: Iterable[Path]) -> dict[str, list[str]]:
    """Each article's quote texts, every version's (``Row.texts``: what the review list searches
    besides ids and speakers), read apart from ``load_corpus`` so the list shows without them."""
    found, _ = store.summaries(list(paths), contents=True)
    said: dict[str, list[str]] = {}
    for summary in found:
        said.setdefault(_doc_of(summary), []).extend(summary.contents)
    return said


def load_corpus(
    paths: Iterable[Path],
    root: Path | None = None,
    *,
    differences: bool = True,
    unreadable: list[store.Problem] | None = None,
    progress: Step | None = None,
) -> list[Row]:
    """Every article under ``paths`` with its versions and gold state, from the index of file
    summaries (quick when warm); with ``differences``, also what the annotators disagree on
    (which reads their files: ``count_differences`` does it for one row).  ``Row.texts`` is
    left empty: ``quote_texts`` reads them. Never writes.
    ``unreadable`` receives a problem for each folder that could not be read: its files are
    missing from the rows, so a gold choice made without them may be wrong."""
    found, folders = store.summaries(list(paths), progress=progress)
    if unreadable is not None:
        unreadable.extend(folders)
    by_doc: dict[str, list[Version]] = {}
    speakers: dict[str, set[str]] = {}
    for summary in found:
        doc_id = _doc_of(summary)
        counts = {
            "accepted": summary.accepted,
            "corrected": summary.corrected,
            "rejected": summary.rejected,
            "added": summary.added,
            "pending": summary.pending,
        }
        version = Version(
            summary.annotator or summary.path.parent.name,
            summary.path,
            summary.status if summary.loads else "error",
            summary.updated,
            summary.active_seconds,
            counts,
            str(summary.problems[0]) if summary.problems else "",
        )
        by_doc.setdefault(doc_id, []).append(version)
        speakers.setdefault(doc_id, set()).update(summary.speakers)
    rows = []
    for doc_id in sorted(by_doc):
        versions = sorted(by_doc[doc_id], key=lambda v: (not v.human, v.annotator))
        layers = [
            gold.Layer(doc_id, v.annotator, v.status, v.path, v.counts["pending"]) for v in versions if not v.problem
        ]
        row = Row(doc_id, versions, gold.choose(doc_id, layers), None, speakers[doc_id])
        if differences:
            row.differences = count_differences(row, root)
        rows.append(row)
    return rows


class Loaded:
    """Annotation files loaded (and checked against their articles) recently, so that the
    compare screen opens at once on an article whose disagreements were just counted.  Keyed by
    each file's size and time, so a file changed since is loaded again; the oldest go first."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._files: dict[Path, tuple[tuple[int, int], Annotation, str]] = {}
        self._lock = threading.Lock()  # the list's worker fills it while the screen reads it

    def load(self, path: Path, root: Path | None = None) -> tuple[Annotation, str]:
        info = path.stat()
        stamp = (info.st_size, info.st_mtime_ns)
        with self._lock:
            cached = self._files.pop(path, None)
            if cached is not None and cached[0] == stamp:
                self._files[path] = cached  # now the newest
                return cached[1], cached[2]
        annotation, text = store.load(path, root)
        with self._lock:
            self._files[path] = (stamp, annotation, text)
            while len(self._files) > self.size:
                del self._files[next(iter(self._files))]
        return annotation, text


def count_differences(row: Row, root: Path | None = None, loaded: Loaded | None = None) -> int | None:
    """How many quote groups the row's annotators (in progress or done) disagree on; None when
    fewer than two of them can be compared."""
    chosen = [v for v in row.humans if v.status in ("in_progress", "done") and not v.problem]
    if len(chosen) < 2:
        return None
    versions = []
    for version in chosen:
        try:
            versions.append((loaded or Loaded(0)).load(version.path, root)[0])
        except (store.StoreError, OSError):
            continue
    return sum(not g.agreed for g in compare(versions)) if len(versions) >= 2 else None


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- adjudication ------------------------------------------------------------------------------


def same_quote(a: Annotation, qa: Quote, b: Annotation, qb: Quote) -> bool:
    """Whether two quotes say the same (spans, speaker by name, type): what compare calls agreement."""
    return not differences([replace(a, annotator="a"), replace(b, annotator="b")], [qa, qb])


def _speaker_in(annotation: Annotation, speaker: Speaker | None) -> tuple[Annotation, str | None]:
    """``annotation`` with a speaker of that name (added if missing), and its id."""
    if speaker is None:
        return annotation, None
    key = " ".join(speaker.name.split()).casefold()
    for existing in annotation.speakers:
        if " ".join(existing.name.split()).casefold() == key:
            return annotation, existing.id
    new_id = next_id("s", (s.id for s in annotation.speakers))
    return replace(annotation, speakers=(*annotation.speakers, Speaker(new_id, speaker.name, speaker.kind))), new_id


def with_quote(gold_ann: Annotation, source: Annotation, quote: Quote, drop: Sequence[Quote] = ()) -> Annotation:
    """``gold_ann`` with a copy of ``source``'s ``quote`` (speaker carried over by name), in place
    of the quotes in ``drop``."""
    gone = {q.id for q in drop}
    kept = tuple(q for q in gold_ann.quotes if q.id not in gone)
    result, speaker_id = _speaker_in(replace(gold_ann, quotes=kept), source.speaker(quote.speaker))
    new = replace(quote, id=next_id("q", (q.id for q in result.quotes)), speaker=speaker_id)
    quotes = sorted((*result.quotes, new), key=lambda q: (q.start, q.end))
    return _prune_speakers(replace(result, quotes=tuple(quotes)))


def _prune_speakers(annotation: Annotation) -> Annotation:
    used = {q.speaker for q in annotation.quotes}
    return replace(annotation, speakers=tuple(s for s in annotation.speakers if s.id in used))


def start_gold(versions: Sequence[Annotation], adjudicator: str, sources: Sequence[Source]) -> Annotation:
    """A gold version holding what the annotators agree on (in progress): the rest is decided
    one disagreement at a time."""
    first = versions[0]
    result = Annotation(
        doc_id=first.doc_id,
        article=first.article,
        text_sha256=first.text_sha256,
        annotator=GOLD_ANNOTATOR,
        status="in_progress",
        detector=first.detector,
        provenance=Provenance(adjudicator, tuple(sources)),
    )
    speakers: dict[str, Speaker] = {}  # by name, in the order first met
    quotes: list[Quote] = []
    for group in compare(versions):
        if not group.agreed:
            continue
        who, quote = group.present[0]
        speaker = _by_name(versions, who).speaker(quote.speaker)
        speaker_id = None
        if speaker is not None:
            key = " ".join(speaker.name.split()).casefold()
            if key not in speakers:
                speakers[key] = Speaker(f"s{len(speakers) + 1}", speaker.name, speaker.kind)
            speaker_id = speakers[key].id
        quotes.append(replace(quote, id=f"q{len(quotes) + 1}", speaker=speaker_id))
    return replace(result, speakers=tuple(speakers.values()), quotes=tuple(quotes))


def _by_name(versions: Sequence[Annotation], annotator: str) -> Annotation:
    return next(v for v in versions if v.annotator == annotator)


@dataclass(frozen=True)
class Decision:
    """What the gold version says for one group: its quote there (None: undecided), and whose
    version that is ("" when edited by hand, "rejected" when it was judged not a quote)."""

    quote: Quote | None
    taken_from: str


class Adjudication:
    """The gold version of one article, made from its annotators' versions."""

    def __init__(
        self,
        out: Path,
        versions: Sequence[tuple[Path, Annotation]],
        text: str,
        adjudicator: str,
        with_detector: bool = False,
    ) -> None:
        ids.check_annotator(adjudicator)
        self.out = out
        self.text = text
        self.with_detector = with_detector
        self.adjudicator = adjudicator
        humans = [(p, a) for p, a in versions if gold.is_human(a.annotator)]
        drafts = [(p, a) for p, a in versions if a.annotator == DETECTOR_ANNOTATOR]
        chosen = humans + (drafts if with_detector else [])
        if not chosen:  # nobody's version but gold or the detector's: shown, to read
            chosen = [(p, a) for p, a in versions if a.annotator == GOLD_ANNOTATOR] or drafts
        if not chosen:
            raise ids.IdError("no version to show")
        self.paths = [p for p, _ in chosen]
        self.versions = [a for _, a in chosen]
        self.doc_id = self.versions[0].doc_id
        self.path = store.annotation_path(out, GOLD_ANNOTATOR, self.doc_id)
        self.lock = store.FolderLock(self.path.parent)
        self.sources = tuple(Source(a.annotator, p.as_posix(), file_sha256(p)) for p, a in chosen)
        existing = next((a for _, a in versions if a.annotator == GOLD_ANNOTATOR), None)
        self.gold = existing or start_gold(self.versions, adjudicator, self.sources)
        self.saved = existing is not None  # nothing is written until the first decision
        self.undo_stack: list[Annotation] = []
        self.redo_stack: list[Annotation] = []
        self.groups: list[Group] = compare(self.versions)
        self._decided: tuple[Annotation, dict[str, Decision]] | None = None

    def decisions(self) -> dict[str, Decision]:
        """What gold says for every group (one matching for them all, cached until gold changes)."""
        if self._decided is not None and self._decided[0] is self.gold:
            return self._decided[1]
        heads = [g.present[0][1] for g in self.groups]
        found = {id(head): quote for quote, head in match(list(self.gold.quotes), heads, LENIENT)}
        result = {}
        for group, head in zip(self.groups, heads, strict=True):
            quote = found.get(id(head))
            if quote is None:
                result[group.id] = Decision(None, "")
            elif quote.review == "rejected":
                result[group.id] = Decision(quote, "rejected")
            else:
                who = next(
                    (w for w, q in group.present if same_quote(self.gold, quote, _by_name(self.versions, w), q)), ""
                )
                result[group.id] = Decision(quote, who)
        self._decided = (self.gold, result)
        return result

    def decision(self, group: Group) -> Decision:
        return self.decisions()[group.id]

    def undecided(self) -> list[Group]:
        decided = self.decisions()
        return [g for g in self.groups if not g.agreed and decided[g.id].quote is None]

    def _replace_in(self, group: Group) -> list[Quote]:
        """The gold quotes standing for ``group`` now (to be replaced by a decision)."""
        heads = [q for _, q in group.present]
        return [g for g in self.gold.quotes if any(c >= LENIENT for c in (coverage(g, h) for h in heads))]

    def take(self, group: Group, annotator: str) -> None:
        """Gold takes ``annotator``'s version of the group (their quote, or none if they have none)."""
        theirs = group.quote_of(annotator)
        if theirs is None:
            who, quote = group.present[0]
            rejected = replace(quote, review="rejected", note=f"not a quote: {annotator} has none here")
            self._apply(with_quote(self.gold, _by_name(self.versions, who), rejected, self._replace_in(group)))
        else:
            source = _by_name(self.versions, annotator)
            self._apply(with_quote(self.gold, source, theirs, self._replace_in(group)))

    def reject(self, group: Group) -> None:
        """Gold says the group is not a quote (kept as rejected, so the decision is seen)."""
        who, quote = group.present[0]
        rejected = replace(quote, review="rejected")
        self._apply(with_quote(self.gold, _by_name(self.versions, who), rejected, self._replace_in(group)))

    def mark(self, status: str) -> None:
        self._apply(replace(self.gold, status=status))  # type: ignore[arg-type]

    def replace_gold(self, annotation: Annotation) -> None:
        """After editing the gold file by hand in the annotate screen: take what it now holds."""
        if annotation != self.gold:
            self.undo_stack.append(self.gold)
            self.redo_stack.clear()
            self.gold = annotation

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.redo_stack.append(self.gold)
        self.gold = self.undo_stack.pop()
        self.save()
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        self.undo_stack.append(self.gold)
        self.gold = self.redo_stack.pop()
        self.save()
        return True

    def _apply(self, new: Annotation) -> None:
        if new == self.gold:
            return
        self.undo_stack.append(self.gold)
        self.redo_stack.clear()
        self.gold = new
        self.save()

    def save(self) -> None:
        """Write the gold file now, atomically, with who adjudicated it and from which files.
        The gold folder is locked from the first write until ``close``."""
        if not self.lock.held and (other := self.lock.acquire()) is not None:
            who = f"process {other}" if other else "another process"
            raise store.StoreError([store.Problem(str(self.path), f"gold is being adjudicated elsewhere ({who})")])
        self.gold = replace(store.stamp(self.gold), provenance=Provenance(self.adjudicator, self.sources))
        store.save(self.gold, self.path)
        self.saved = True

    def close(self) -> None:
        self.lock.release()


def promote(rows: Sequence[Row], out: Path, adjudicator: str, root: Path | None = None) -> list[tuple[str, str]]:
    """Make gold of every article whose done human versions (two or more) agree fully and that has
    no gold file yet. Returns (doc_id, what happened) for each article considered; UserError
    when the gold folder cannot be written."""
    ids.check_annotator(adjudicator)
    report: list[tuple[str, str]] = []
    folder = out / GOLD_ANNOTATOR
    lock = store.FolderLock(folder)

    def locked() -> None:  # taken before the first write only: a run that writes nothing leaves no trace
        if lock.held:
            return
        try:
            other = lock.acquire()
        except OSError as err:
            raise UserError(f"{folder}: cannot be written ({err.strerror or err}); nothing promoted") from err
        if other is not None:
            raise ids.IdError(f"{folder} is being adjudicated elsewhere (process {other or '?'})")

    try:
        _promote(rows, out, adjudicator, root, report, locked)
    finally:
        lock.release()
    return report


def promote_refusal(row: Row) -> str:
    """Why an article cannot be promoted whatever its versions say, or "": one of its people's
    files does not load (it may disagree with the others)."""
    broken = [v for v in row.versions if v.problem and (v.human or v.annotator == GOLD_ANNOTATOR)]
    return f"not promoted: {broken[0].problem}" if broken else ""


def _promote(
    rows: Sequence[Row],
    out: Path,
    adjudicator: str,
    root: Path | None,
    report: list[tuple[str, str]],
    locked: Callable[[], None],
) -> None:
    for row in rows:
        done = [v for v in row.humans if v.status == "done" and not v.problem]
        if len(done) < 2 or any(v.annotator == GOLD_ANNOTATOR for v in row.versions):
            continue
        if refusal := promote_refusal(row):
            report.append((row.doc_id, refusal))
            continue
        if unfinished := [v.annotator for v in done if v.counts["pending"]]:
            report.append((row.doc_id, f"done with pending quotes ({', '.join(unfinished)}): not gold until decided"))
            continue
        try:
            loaded = [(v.path, *store.load(v.path, root)) for v in done]
        except store.StoreError as err:
            report.append((row.doc_id, f"not promoted: {err.problems[0]}"))
            continue
        versions = [a for _, a, _ in loaded]
        if any(not g.agreed for g in compare(versions)):
            report.append((row.doc_id, "annotators disagree: adjudicate it"))
            continue
        first = versions[0]
        sources = tuple(Source(a.annotator, p.as_posix(), file_sha256(p)) for p, a, _ in loaded)
        result = replace(first, annotator=GOLD_ANNOTATOR, status="done", provenance=Provenance(adjudicator, sources))
        path = store.annotation_path(out, GOLD_ANNOTATOR, row.doc_id)
        locked()
        if path.exists():
            report.append((row.doc_id, "has a gold file already"))
            continue
        try:
            store.save(store.stamp(replace(result, active_seconds=0)), path)
        except OSError as err:
            raise UserError(f"{path}: cannot be written ({err.strerror or err}); promoting stopped") from err
        report.append((row.doc_id, f"promoted: {len(versions)} annotators agree"))
