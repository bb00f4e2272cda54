"""Re-anchoring: carry an annotation over to a changed text of its article.

When an article drifts (a sentence added, a typo fixed, CRLF line ends, a paragraph
deleted) its spans no longer fit.  Each span is looked for in the new text, in order
of trust: the same text exactly, nearest to where it should now be; the same words with
other white space (CRLF, re-wrapped lines); a close match (difflib) in the lines around
the expected place, snapped to whole words.  The expected place is the old offset plus
the shift of the spans already placed, so a repeated phrase ("said") lands on its own
occurrence.  Contents are placed first (they are long and rarely repeated); cues and
sources then follow their own quote's content.

Pure: no I/O.  A quote whose text changed is marked pending with a note saying what it
was; one whose content cannot be found is left out of the new annotation and listed in
the report, never dropped silently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from annotator.model import ROLES, Annotation, Quote, Role, Span, text_sha256

How = Literal["exact", "spacing", "fuzzy", "lost"]
Outcome = Literal["moved", "changed", "lost"]

MIN_RATIO = 0.8  # difflib similarity a close match needs to be accepted
NEAR = 30  # how far from its expected place (beside its content) a cue or source may have moved
LINES_AROUND = 400  # how far beyond the expected place a changed content is looked for, to whole lines
_Key = tuple[int, Role, int]  # quote index, role, span index
_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|[^\w\s]")  # a word, or one punctuation mark


@dataclass(frozen=True)
class Placement:
    """Where one old span went: ``new`` is None when it was not found."""

    role: Role
    old: Span
    new: Span | None
    how: How


@dataclass(frozen=True)
class QuoteReport:
    """One quote before and after; ``new`` is None when its content was not found."""

    old: Quote
    new: Quote | None
    placements: tuple[Placement, ...]

    @property
    def outcome(self) -> Outcome:
        """moved: every span found with the same words; changed: kept but marked pending
        (text differs, or a cue, source or content part is gone); lost: not kept."""
        if self.new is None:
            return "lost"
        return "changed" if any(p.how in ("fuzzy", "lost") for p in self.placements) else "moved"


@dataclass(frozen=True)
class Reanchored:
    annotation: Annotation
    quotes: tuple[QuoteReport, ...]

    def outcome(self, outcome: Outcome) -> list[QuoteReport]:
        return [q for q in self.quotes if q.outcome == outcome]

    @property
    def complete(self) -> bool:
        """Every span of every quote found somewhere (perhaps changed)."""
        return all(p.how != "lost" for q in self.quotes for p in q.placements)


def reanchor(annotation: Annotation, text: str) -> Reanchored:
    """``annotation`` moved onto ``text``: the new annotation and what happened to each quote."""
    jobs: dict[_Key, Span] = {
        (qi, role, si): span
        for qi, quote in enumerate(annotation.quotes)
        for role in ROLES
        for si, span in enumerate(quote.spans(role))
    }
    found: dict[_Key, tuple[Span, How]] = {}
    anchors = _Anchors()
    contents = sorted((k for k in jobs if k[1] == "content"), key=lambda k: (jobs[k].start, jobs[k].end))
    for key in contents:  # the same words, anywhere: nearest to where the shift so far puts them
        old = jobs[key]
        if hit := _same_words(text, old, old.start + anchors.delta(old.start)):
            found[key] = hit
            anchors.add(old.start, hit[0].start)
    for key in contents:  # the rest, changed: close matches around where their neighbours went
        old = jobs[key]
        if key not in found and (span := _close(text, old, old.start + anchors.delta(old.start))):
            found[key] = (span, "fuzzy")
    own: dict[int, _Anchors] = {}  # each quote's content: where it went
    for key in contents:
        if key in found:
            anchors_of_quote = own.setdefault(key[0], _Anchors())
            anchors_of_quote.add(jobs[key].start, found[key][0].start)
            anchors_of_quote.add(jobs[key].end, found[key][0].end)
    for key in sorted((k for k in jobs if k[1] != "content"), key=lambda k: jobs[k].start):
        old = jobs[key]
        if (content := own.get(key[0])) is None:
            continue  # the quote is lost with its content
        expected = old.start + content.delta(old.start)
        within = NEAR + content.distance(old.start) // 4  # text between them may have changed a little
        if hit := _same_words(text, old, expected, within):
            found[key] = hit
        elif span := _close(text, old, expected, within):
            found[key] = (span, "fuzzy")

    reports: list[QuoteReport] = []
    for qi, quote in enumerate(annotation.quotes):
        placements = tuple(
            Placement(role, old, *found.get((i, role, si), (None, "lost")))
            for (i, role, si), old in jobs.items()
            if i == qi
        )
        reports.append(QuoteReport(quote, _rebuilt(quote, placements), placements))
    kept = tuple(r.new for r in reports if r.new is not None)
    new = replace(annotation, text_sha256=text_sha256(text), quotes=kept)
    if new.status == "done" and any(r.outcome != "moved" for r in reports):
        new = replace(new, status="in_progress")  # something waits for review again
    return Reanchored(new, tuple(reports))


def summary(result: Reanchored) -> str:
    """One line: ``12 quotes moved, 2 changed (marked pending: q3, q7), 1 not placed (q9 content …)``."""
    moved, changed, lost = (result.outcome(o) for o in ("moved", "changed", "lost"))
    parts = [f"{len(moved)} quote{'' if len(moved) == 1 else 's'} moved"]
    if changed:
        parts.append(f"{len(changed)} changed (marked pending: {', '.join(r.old.id for r in changed)})")
    if lost:
        where = "; ".join(
            f"{r.old.id} content {shorten(' '.join(s.text for s in r.old.content), 30)} [{r.old.start}, {r.old.end})"
            for r in lost
        )
        parts.append(f"{len(lost)} not placed ({where})")
    return ", ".join(parts)


def _rebuilt(quote: Quote, placements: tuple[Placement, ...]) -> Quote | None:
    """The quote with its new spans; pending with a note when anything but the place changed."""
    if not any(p.new for p in placements if p.role == "content"):
        return None
    for role in ROLES:
        spans = sorted({p.new for p in placements if p.role == role and p.new is not None})
        quote = quote.with_spans(role, tuple(spans))
    notes = [_note(p) for p in placements if p.how in ("fuzzy", "lost")]
    if not notes:
        return quote
    note = "\n".join([quote.note, *notes] if quote.note else notes)
    return replace(quote, review="pending", note=note)


def _note(placement: Placement) -> str:
    old = placement.old
    if placement.how == "fuzzy":
        return f"re-anchored: {placement.role} was {shorten(old.text)}"
    part = "content part" if placement.role == "content" else placement.role
    return f"re-anchored: {part} {shorten(old.text)} [{old.start}, {old.end}) not found in the changed article; removed"


def shorten(value: str, width: int = 60) -> str:
    """A span's text for one line: white space as single spaces, long text cut with '…'."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


class _Anchors:
    """Old starts of placed spans with their shifts, to estimate where another span went."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._deltas: list[int] = []

    def __bool__(self) -> bool:
        return bool(self._starts)

    def add(self, old_start: int, new_start: int) -> None:
        i = bisect.bisect_right(self._starts, old_start)
        self._starts.insert(i, old_start)
        self._deltas.insert(i, new_start - old_start)

    def _nearest(self, old_start: int) -> int | None:
        if not self._starts:
            return None
        i = bisect.bisect_right(self._starts, old_start)
        around = [j for j in (i - 1, i) if 0 <= j < len(self._starts)]
        return min(around, key=lambda j: abs(self._starts[j] - old_start))

    def delta(self, old_start: int) -> int:
        """The shift of the placed span nearest in the old text (0 before any)."""
        j = self._nearest(old_start)
        return 0 if j is None else self._deltas[j]

    def distance(self, old_start: int) -> int:
        j = self._nearest(old_start)
        return 0 if j is None else abs(self._starts[j] - old_start)


def _same_words(text: str, old: Span, expected: int, within: int | None = None) -> tuple[Span, How] | None:
    """The occurrence of ``old``'s text nearest ``expected``: exact, else with other white space."""
    exact = list(_occurrences(text, old.text))
    if (start := _nearest(exact, expected, within)) is not None:
        return Span.of(text, start, start + len(old.text)), "exact"
    words = old.text.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    ends = {m.start(): m.end() for m in pattern.finditer(text)}
    if (start := _nearest(list(ends), expected, within)) is None:
        return None
    return Span.of(text, start, ends[start]), "spacing"


def _occurrences(text: str, needle: str) -> Iterator[int]:
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


def _nearest(starts: list[int], expected: int, within: int | None) -> int | None:
    """Nearest start (the earlier on a tie), or None when none is ``within`` characters."""
    if not starts:
        return None
    best = min(starts, key=lambda s: (abs(s - expected), s))
    return best if within is None or abs(best - expected) <= within else None


def _close(text: str, old: Span, expected: int, within: int | None = None) -> Span | None:
    """The whole-word stretch most like ``old`` (ratio ≥ MIN_RATIO) starting ``within`` characters
    of ``expected``, or, by default, in the lines around it."""
    lo = max(0, expected - (within if within is not None else max(80, len(old.text))))
    hi = min(len(text), expected + len(old.text) + (within if within is not None else max(80, len(old.text))))
    if within is None:  # out to whole lines, when they end near
        line_start = text.rfind("\n", max(0, lo - LINES_AROUND), lo)
        lo = line_start + 1 if line_start >= 0 else max(0, lo - LINES_AROUND)
        line_end = text.find("\n", hi, hi + LINES_AROUND)
        hi = line_end if line_end >= 0 else min(len(text), hi + LINES_AROUND)
    if lo >= hi:
        return None
    window = text[lo:hi]
    blocks = [b for b in SequenceMatcher(None, window, old.text, autojunk=False).get_matching_blocks() if b.size >= 3]
    if not blocks:
        return None
    tail = len(old.text)
    longest = max(blocks, key=lambda b: b.size)
    guesses = {  # where old's first and last characters would fall, judged by the matching blocks
        (blocks[0].a - blocks[0].b, blocks[-1].a + tail - blocks[-1].b),
        (longest.a - longest.b, longest.a + tail - longest.b),
    }
    tokens = [(m.start() + lo, m.end() + lo) for m in _TOKEN.finditer(window)]
    if not tokens:
        return None
    starts, ends = [s for s, _ in tokens], [e for _, e in tokens]
    best: tuple[float, int, int] | None = None
    for first, last in guesses:
        for start in _around(starts, first + lo):
            for end in _around(ends, last + lo):
                if start < end:
                    ratio = SequenceMatcher(None, text[start:end], old.text, autojunk=False).ratio()
                    if best is None or ratio > best[0]:
                        best = (ratio, start, end)
    if best is None or best[0] < MIN_RATIO:
        return None
    return Span.of(text, best[1], best[2])


def _around(bounds: list[int], position: int, reach: int = 2) -> list[int]:
    """The word boundaries nearest ``position``: ``reach`` on either side."""
    i = bisect.bisect_left(bounds, position)
    return bounds[max(0, i - reach) : i + reach]
