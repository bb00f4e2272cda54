"""Where annotators differ: the versions of one article aligned quote by quote.

Quotes are aligned with the one matcher (``annotator.match``, lenient level): each group holds
one quote per annotator, or nothing for an annotator who has no such quote.  A group disagrees
when a quote is missing from some version, or when the content, cue or source spans, the
speaker (compared by name, not by id) or the type differ.  Rejected quotes count as absent.
Pure: annotations in, groups out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.match import LENIENT, match
from annotator.model import ROLES, Annotation, Quote

Kind = Literal["missing", "content", "cue", "source", "speaker", "type"]
KINDS: tuple[Kind, ...] = ("missing", "content", "cue", "source", "speaker", "type")


@dataclass(frozen=True)
class Difference:
    kind: Kind
    detail: str  # one line: who has what


@dataclass(frozen=True)
class Group:
    """One quote as each annotator has it (``None`` for an annotator without it)."""

    id: str
    quotes: tuple[tuple[str, Quote | None], ...]  # (annotator, quote) in the order of the versions
    differences: tuple[Difference, ...]

    @property
    def agreed(self) -> bool:
        return not self.differences

    @property
    def present(self) -> list[tuple[str, Quote]]:
        return [(who, q) for who, q in self.quotes if q is not None]

    @property
    def start(self) -> int:
        return min(q.start for _, q in self.present)

    @property
    def end(self) -> int:
        return max(q.end for _, q in self.present)

    def quote_of(self, annotator: str) -> Quote | None:
        return dict(self.quotes).get(annotator)


def speaker_key(annotation: Annotation, quote: Quote) -> str:
    """What two speakers are compared by: the name, case and spacing aside ("" for none)."""
    return " ".join(annotation.speaker_name(quote).split()).casefold()


def _live(annotation: Annotation) -> list[Quote]:
    return [q for q in annotation.quotes if q.review != "rejected"]


def align(versions: Sequence[Annotation]) -> list[list[Quote | None]]:
    """Rows of one quote per version (None where a version has none), in text order."""
    rows: list[list[Quote | None]] = []
    for index, annotation in enumerate(versions):
        quotes = _live(annotation)
        heads = [next(q for q in row if q is not None) for row in rows]
        taken: dict[int, Quote] = {}
        pairs = match(quotes, heads, LENIENT)
        row_of = {id(head): r for r, head in enumerate(heads)}
        for quote, head in pairs:
            taken[row_of[id(head)]] = quote
        for r, row in enumerate(rows):
            row.append(taken.get(r))
        matched = {id(q) for q, _ in pairs}
        for quote in quotes:
            if id(quote) not in matched:
                rows.append([None] * index + [quote])
    rows.sort(key=lambda row: min((q.start, q.end) for q in row if q is not None))
    return rows


def differences(versions: Sequence[Annotation], row: Sequence[Quote | None]) -> tuple[Difference, ...]:
    """What differs within one aligned row, each as one line naming who has what."""
    names = [v.annotator for v in versions]
    found: list[Difference] = []
    have = [n for n, q in zip(names, row, strict=True) if q is not None]
    if len(have) < len(names):
        lacking = [n for n, q in zip(names, row, strict=True) if q is None]
        found.append(Difference("missing", f"only {', '.join(have)} (not {', '.join(lacking)})"))
    present = [(v, q) for v, q in zip(versions, row, strict=True) if q is not None]
    if len(present) < 2:
        return tuple(found)
    for role in ROLES:
        values = {v.annotator: " … ".join(s.text for s in q.spans(role)) for v, q in present}
        if len({tuple((s.start, s.end) for s in sorted(q.spans(role))) for _, q in present}) > 1:
            found.append(Difference(role, _who_has(values)))
    speakers = {v.annotator: v.speaker_name(q) or "no speaker" for v, q in present}
    if len({speaker_key(v, q) for v, q in present}) > 1:
        found.append(Difference("speaker", _who_has(speakers)))
    types: dict[str, str] = {v.annotator: q.type for v, q in present}
    if len(set(types.values())) > 1:
        found.append(Difference("type", _who_has(types)))
    return tuple(found)


def _who_has(values: dict[str, str]) -> str:
    return "; ".join(f"{who}: {_short(value) or '—'}" for who, value in values.items())


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def compare(versions: Sequence[Annotation]) -> list[Group]:
    """The versions of one article (two or more annotators), aligned and compared."""
    groups = []
    for number, row in enumerate(align(versions), 1):
        quotes = tuple((v.annotator, q) for v, q in zip(versions, row, strict=True))
        groups.append(Group(f"g{number}", quotes, differences(versions, row)))
    return groups


def disagreements(groups: Sequence[Group]) -> list[Group]:
    return [g for g in groups if not g.agreed]
