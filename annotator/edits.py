"""Pure edit operations on an :class:`Annotation`.

Each operation takes a value and returns a new one; nothing is changed in place,
so undo and redo are stacks of values.  Spans are snapped to word boundaries
(``words``) so that a selection never cuts a word in half.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Literal

from annotator.model import (
    Annotation,
    Quote,
    QuoteType,
    Review,
    Role,
    Span,
    Speaker,
    SpeakerKind,
    Status,
    next_id,
)
from annotator.quotes import quote_type_of
from annotator.units import Unit, fit

Edge = Literal["start", "end"]

# A word, with inner apostrophes and hyphens, or one punctuation character.
_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|[^\w\s]")


class EditError(ValueError):
    """An edit that cannot be made (the message says why, in one line)."""


@lru_cache(maxsize=8)
def words(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Token starts and ends of ``text`` (cached: the same article is edited many times)."""
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return tuple(starts), tuple(ends)


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole tokens, and trim surrounding white space."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    starts, ends = words(text)
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and ends[i] > start:
        start = starts[i]
    j = bisect.bisect_left(ends, end)
    if j < len(ends) and starts[j] < end:
        end = ends[j]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def move_edge(text: str, span: Span, edge: Edge, delta: int) -> Span:
    """Move one edge of ``span`` by ``delta`` tokens: right when positive, left when negative."""
    starts, ends = words(text)
    start, end = span.start, span.end
    if edge == "start":
        i = bisect.bisect_left(starts, start)  # the token that starts the span
        start = starts[min(max(i + delta, 0), len(starts) - 1)]
    else:
        j = bisect.bisect_right(ends, end) - 1  # the token that ends the span
        end = ends[min(max(j + delta, 0), len(ends) - 1)]
    if start >= end:
        raise EditError("a span cannot shrink to nothing; delete it instead")
    return Span.of(text, start, end)


def _quote(annotation: Annotation, quote_id: str) -> Quote:
    try:
        return annotation.quote(quote_id)
    except KeyError:
        raise EditError(f"no quote {quote_id}") from None


def _with_quote(annotation: Annotation, quote: Quote, *, corrected: bool = True) -> Annotation:
    """Put ``quote`` back in place; a detected quote whose type, spans or speaker changed becomes
    'corrected' (an edit that changes nothing does not: the same type or speaker picked again).
    Whether it still differs from what the detector proposed is ``settle``'s to say."""
    before = annotation.quote(quote.id)
    if corrected and quote.origin == "detected" and quote.review != "rejected" and said(quote) != said(before):
        quote = replace(quote, review="corrected")
    quotes = tuple(quote if q.id == quote.id else q for q in annotation.quotes)
    return _touch(replace(annotation, quotes=quotes))


def _touch(annotation: Annotation) -> Annotation:
    """An edited draft is in progress."""
    if annotation.status == "draft":
        return replace(annotation, status="in_progress")
    return annotation


def set_review(annotation: Annotation, quote_id: str, review: Review) -> Annotation:
    quote = _quote(annotation, quote_id)
    return _with_quote(annotation, replace(quote, review=review), corrected=False)


def accept(annotation: Annotation, quote_id: str) -> Annotation:
    """Accept a quote as it is; a corrected quote stays 'corrected'."""
    quote = _quote(annotation, quote_id)
    return set_review(annotation, quote_id, "corrected" if quote.review == "corrected" else "accepted")


def reject(annotation: Annotation, quote_id: str) -> Annotation:
    return set_review(annotation, quote_id, "rejected")


def set_type(annotation: Annotation, quote_id: str, quote_type: QuoteType) -> Annotation:
    return _with_quote(annotation, replace(_quote(annotation, quote_id), type=quote_type))


def set_note(annotation: Annotation, quote_id: str, note: str) -> Annotation:
    return _with_quote(annotation, replace(_quote(annotation, quote_id), note=note), corrected=False)


def set_speaker(annotation: Annotation, quote_id: str, speaker_id: str | None) -> Annotation:
    if speaker_id is not None and annotation.speaker(speaker_id) is None:
        raise EditError(f"no speaker {speaker_id}")
    return _with_quote(annotation, replace(_quote(annotation, quote_id), speaker=speaker_id))


def add_speaker(annotation: Annotation, name: str, kind: SpeakerKind = "person") -> tuple[Annotation, str]:
    """Add a speaker (or find the one with this name); returns the new value and its id."""
    name = " ".join(name.split())
    if not name:
        raise EditError("a speaker needs a name")
    for speaker in annotation.speakers:
        if speaker.name.casefold() == name.casefold():
            return annotation, speaker.id
    speaker_id = next_id("s", (s.id for s in annotation.speakers))
    speakers = (*annotation.speakers, Speaker(speaker_id, name, kind))
    return _touch(replace(annotation, speakers=speakers)), speaker_id


def rename_speaker(annotation: Annotation, speaker_id: str, name: str) -> Annotation:
    """Rename a speaker: every quote linked to it follows, since quotes hold the id."""
    name = " ".join(name.split())
    if not name:
        raise EditError("a speaker needs a name")
    if annotation.speaker(speaker_id) is None:
        raise EditError(f"no speaker {speaker_id}")
    speakers = tuple(replace(s, name=name) if s.id == speaker_id else s for s in annotation.speakers)
    return _touch(replace(annotation, speakers=speakers))


def resize(
    annotation: Annotation, text: str, quote_id: str, role: Role, edge: Edge, delta: int, index: int = -1
) -> Annotation:
    """Move one edge of span ``index`` of ``role`` by ``delta`` tokens (negative: leftwards)."""
    quote = _quote(annotation, quote_id)
    spans = list(quote.spans(role))
    if not spans:
        raise EditError(f"quote {quote_id} has no {role} span to resize; select one first")
    index = index if index >= 0 else (0 if edge == "start" else len(spans) - 1)
    spans[index] = move_edge(text, spans[index], edge, delta)
    return _with_quote(annotation, quote.with_spans(role, tuple(sorted(spans))))


def fit_span(annotation: Annotation, text: str, quote_id: str, role: Role, unit: Unit, at: int) -> Annotation:
    """Fit the ``role`` span (its last part, when interrupted) to the quotation marks, clause or
    sentence (``units.fit``); a role with no span yet takes the unit at offset ``at``."""
    quote = _quote(annotation, quote_id)
    spans = list(quote.spans(role))
    start, end = (spans[-1].start, spans[-1].end) if spans else (at, at)
    start, end = snap(text, *fit(text, start, end, unit))
    if start >= end:
        raise EditError(f"no {unit} here to fit the {role} to")
    if spans and (start, end) == (spans[-1].start, spans[-1].end):
        raise EditError(f"the {role} already fits its {unit}")
    kept = [s for s in spans[:-1] if s.end <= start or s.start >= end]
    return _with_quote(annotation, quote.with_spans(role, tuple(sorted([*kept, Span.of(text, start, end)]))))


def set_span(annotation: Annotation, text: str, quote_id: str, role: Role, start: int, end: int) -> Annotation:
    """Replace the ``role`` spans of a quote with one span, snapped to words."""
    start, end = snap(text, start, end)
    if start >= end:
        raise EditError("the selection holds no words")
    quote = _quote(annotation, quote_id)
    return _with_quote(annotation, quote.with_spans(role, (Span.of(text, start, end),)))


def add_span(annotation: Annotation, text: str, quote_id: str, role: Role, start: int, end: int) -> Annotation:
    """Add one more part to ``role`` (a quote interrupted by its attribution has two)."""
    start, end = snap(text, start, end)
    if start >= end:
        raise EditError("the selection holds no words")
    quote = _quote(annotation, quote_id)
    kept = [s for s in quote.spans(role) if s.end <= start or s.start >= end]
    spans = tuple(sorted([*kept, Span.of(text, start, end)]))
    return _with_quote(annotation, quote.with_spans(role, spans))


def clear_spans(annotation: Annotation, quote_id: str, role: Role) -> Annotation:
    if role == "content":
        raise EditError("a quote needs content; delete the quote instead")
    return _with_quote(annotation, _quote(annotation, quote_id).with_spans(role, ()))


def add_quote(
    annotation: Annotation, text: str, start: int, end: int, quote_type: QuoteType | None = None
) -> tuple[Annotation, str]:
    """A quote the detector missed, made by hand from a selection; returns its id.  Its type,
    unless given, comes from the text: direct inside quotation marks, mixed with a quoted
    fragment, indirect without marks (``quotes.quote_type_of``, the importers' rule)."""
    start, end = snap(text, start, end)
    if start >= end:
        raise EditError("the selection holds no words")
    quote_id = next_id("q", (q.id for q in annotation.quotes))
    content = (Span.of(text, start, end),)
    quote = Quote(
        id=quote_id,
        type=quote_type or quote_type_of(text, content),
        content=content,
        origin="manual",
        review="accepted",
    )
    quotes = tuple(sorted((*annotation.quotes, quote), key=lambda q: (q.start, q.end)))
    return _touch(replace(annotation, quotes=quotes)), quote_id


def delete_quote(annotation: Annotation, quote_id: str) -> Annotation:
    _quote(annotation, quote_id)
    quotes = tuple(q for q in annotation.quotes if q.id != quote_id)
    return _touch(replace(annotation, quotes=quotes))


def set_status(annotation: Annotation, status: Status) -> Annotation:
    return replace(annotation, status=status)


def set_article_note(annotation: Annotation, note: str) -> Annotation:
    """The note on the whole article (why it was skipped, say)."""
    return _touch(replace(annotation, note=note.strip()))


def accept_pending(annotation: Annotation) -> Annotation:
    """Accept every quote still pending, as it is (marking an article done after reading it all)."""
    quotes = tuple(replace(q, review="accepted") if q.review == "pending" else q for q in annotation.quotes)
    return _touch(replace(annotation, quotes=quotes))


def pending(annotation: Annotation) -> int:
    return sum(1 for q in annotation.quotes if q.review == "pending")


def prune_speakers(annotation: Annotation) -> Annotation:
    """Without the speakers no quote names any more (their last quote was deleted or given to
    someone else): a file keeps only speakers who said something."""
    used = {q.speaker for q in annotation.quotes}
    kept = tuple(s for s in annotation.speakers if s.id in used)
    return annotation if len(kept) == len(annotation.speakers) else replace(annotation, speakers=kept)


# --- corrected: differs from what the detector proposed ----------------------------------------

Said = tuple[str, tuple[Span, ...], tuple[Span, ...], tuple[Span, ...], str | None]


def said(quote: Quote, speaker_name: str | None = None) -> Said:
    """What a quote claims (type, spans, speaker), without its review state or note; with
    ``speaker_name``, the speaker by name (ids differ between files)."""
    who = speaker_name if speaker_name is not None else quote.speaker
    return quote.type, quote.content, quote.cue, quote.source, who


def claim(annotation: Annotation, quote: Quote) -> Said:
    """``said`` with the speaker by name: comparable across the detector's draft and a person's file."""
    return said(quote, annotation.speaker_name(quote))


def settle(
    before: Annotation,
    after: Annotation,
    proposed: Mapping[str, Said],
    history: Callable[[], Iterable[Annotation]] = lambda: (),
) -> Annotation:
    """A detected quote this edit brought back to exactly what the detector ``proposed`` is no
    longer 'corrected': it takes the review it last had when it was as proposed (from
    ``history``, newest first), else 'pending'.  Quotes the edit did not touch are left alone."""
    old = {q.id: q for q in before.quotes}
    changed = {}
    for quote in after.quotes:
        if quote.review != "corrected" or quote.origin != "detected" or quote.id not in proposed:
            continue
        if old.get(quote.id) == quote and before.speakers == after.speakers:
            continue
        if claim(after, quote) == proposed[quote.id]:
            changed[quote.id] = replace(quote, review=_review_as_proposed(quote.id, proposed[quote.id], history()))
    if not changed:
        return after
    return replace(after, quotes=tuple(changed.get(q.id, q) for q in after.quotes))


def _review_as_proposed(quote_id: str, proposal: Said, history: Iterable[Annotation]) -> Review:
    for annotation in history:
        try:
            quote = annotation.quote(quote_id)
        except KeyError:
            continue
        if quote.review != "corrected" and claim(annotation, quote) == proposal:
            return quote.review
    return "pending"
