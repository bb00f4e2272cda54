"""The annotation model: plain, immutable values with no I/O, spaCy or Textual.

Character offsets, half-open ``[start, end)`` in Unicode code points into the
article text, are the currency between modules.  Every value is frozen so that
an edit returns a new value and undo is a stack of old ones.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal, get_args

SCHEMA_VERSION = 2  # 2 added active_seconds, the article note and provenance; version-1 files still load

QuoteType = Literal["direct", "mixed", "indirect"]
Review = Literal["pending", "accepted", "corrected", "rejected"]
Origin = Literal["detected", "manual"]
Status = Literal["draft", "in_progress", "done", "skipped"]
SpeakerKind = Literal["person", "organization", "group", "unknown"]
Role = Literal["content", "cue", "source"]

QUOTE_TYPES: tuple[QuoteType, ...] = get_args(QuoteType)
REVIEWS: tuple[Review, ...] = get_args(Review)
ORIGINS: tuple[Origin, ...] = get_args(Origin)
STATUSES: tuple[Status, ...] = get_args(Status)
SPEAKER_KINDS: tuple[SpeakerKind, ...] = get_args(SpeakerKind)
ROLES: tuple[Role, ...] = get_args(Role)

DETECTOR_ANNOTATOR = "detector"
GOLD_ANNOTATOR = "gold"


def text_sha256(text: str) -> str:
    """The hash recorded in every file: sha256 of the article text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range with a copy of the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, article: str, start: int, end: int) -> Span:
        return cls(start, end, article[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    kind: SpeakerKind = "unknown"


@dataclass(frozen=True)
class Quote:
    id: str
    type: QuoteType
    content: tuple[Span, ...]
    cue: tuple[Span, ...] = ()
    source: tuple[Span, ...] = ()
    speaker: str | None = None
    confidence: float | None = None
    origin: Origin = "detected"
    review: Review = "pending"
    note: str = ""

    @property
    def start(self) -> int:
        return min(s.start for s in self.content) if self.content else 0

    @property
    def end(self) -> int:
        return max(s.end for s in self.content) if self.content else 0

    def spans(self, role: Role) -> tuple[Span, ...]:
        spans: tuple[Span, ...] = getattr(self, role)
        return spans

    def with_spans(self, role: Role, spans: tuple[Span, ...]) -> Quote:
        if role == "content":
            return replace(self, content=spans)
        return replace(self, cue=spans) if role == "cue" else replace(self, source=spans)

    def all_spans(self) -> Iterator[tuple[Role, Span]]:
        for role in ROLES:
            for span in self.spans(role):
                yield role, span


@dataclass(frozen=True)
class DetectorInfo:
    name: str
    version: str
    model: str


@dataclass(frozen=True)
class Source:
    """A file a gold version was made from, as it was then (sha256 of its bytes)."""

    annotator: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Who adjudicated a gold version, and from which files."""

    adjudicator: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Annotation:
    doc_id: str
    article: str
    text_sha256: str
    annotator: str
    status: Status = "draft"
    updated: str = ""
    detector: DetectorInfo | None = None
    speakers: tuple[Speaker, ...] = ()
    quotes: tuple[Quote, ...] = ()
    schema_version: int = SCHEMA_VERSION
    active_seconds: int = 0  # the annotator's active time on the article
    note: str = ""  # on the whole article
    provenance: Provenance | None = None  # for gold versions

    def quote(self, quote_id: str) -> Quote:
        for quote in self.quotes:
            if quote.id == quote_id:
                return quote
        raise KeyError(quote_id)

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        return None

    def speaker_name(self, quote: Quote) -> str:
        speaker = self.speaker(quote.speaker)
        return speaker.name if speaker else ""

    def reviewed(self) -> int:
        return sum(1 for q in self.quotes if q.review != "pending")

    def quote_counts(self) -> dict[str, int]:
        """How many quotes each speaker id has (rejected quotes not counted)."""
        counts = {s.id: 0 for s in self.speakers}
        for quote in self.quotes:
            if quote.speaker in counts and quote.review != "rejected":
                counts[quote.speaker] += 1
        return counts


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """The first ``prefix<n>`` not in ``taken``, numbering from 1 after the largest."""
    numbers = [int(t[len(prefix) :]) for t in taken if t.startswith(prefix) and t[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def check(annotation: Annotation, text: str) -> list[str]:
    """Integrity problems of ``annotation`` against its article ``text``; empty when sound.

    Each problem is one line naming the quote and what differs.  Nothing is repaired.
    """
    problems: list[str] = []
    digest = text_sha256(text)
    if annotation.text_sha256 != digest:
        problems.append(
            f"text_sha256 {annotation.text_sha256[:12]}... does not match the article "
            f"({digest[:12]}...): the article changed since it was annotated"
        )
    speaker_ids = Counter(s.id for s in annotation.speakers)  # counted once: list.count is quadratic
    for dup in sorted(i for i, n in speaker_ids.items() if n > 1):
        problems.append(f"speaker id {dup} is used more than once")
    quote_ids = Counter(q.id for q in annotation.quotes)
    for dup in sorted(i for i, n in quote_ids.items() if n > 1):
        problems.append(f"quote id {dup} is used more than once")
    for quote in annotation.quotes:
        if quote.speaker is not None and quote.speaker not in speaker_ids:
            problems.append(f"quote {quote.id}: speaker {quote.speaker} is not in speakers")
        for role, span in quote.all_spans():
            where = f"quote {quote.id}: {role} [{span.start}, {span.end})"
            if not 0 <= span.start < span.end <= len(text):
                problems.append(f"{where} is outside the article (0..{len(text)}) or empty")
            elif text[span.start : span.end] != span.text:
                problems.append(
                    f"{where} has text {_short(span.text)} but the article has {_short(text[span.start : span.end])}"
                )
    return problems


def _short(value: str, width: int = 40) -> str:
    shown = value if len(value) <= width else value[: width - 3] + "..."
    return repr(shown)
