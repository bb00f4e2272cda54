"""What each character of the article looks like: styled ranges built from the annotation.

A ``Highlighter`` keeps the styled ranges of each quote indexed by screen line and,
on each change, rebuilds only the quotes that changed (a key press touches one or
two of 500), so drawing a line only looks at the ranges that touch it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

from rich.style import Style

from annotator.model import ROLES, Annotation, Quote, Role
from annotator.tui.layout import Line

LOW_CONFIDENCE = 0.6

CONTENT = {
    "pending": Style(bgcolor="#3a3300"),
    "accepted": Style(bgcolor="#133d1c"),
    "corrected": Style(bgcolor="#102e4d"),
    "rejected": Style(color="#9a5c5c", strike=True),
}
SELECTED = {  # the selected quote stands out: bright background, dark text
    "pending": Style(bgcolor="#d7b500", color="#101010", bold=True),
    "accepted": Style(bgcolor="#4cc56a", color="#101010", bold=True),
    "corrected": Style(bgcolor="#5fa8ff", color="#101010", bold=True),
    "rejected": Style(bgcolor="#b05050", color="#101010", strike=True),
}
TENTATIVE = Style(bgcolor="#5f3a00", color="#ffd7a0", italic=True)  # low confidence: amber, unlike any other
ROLE = {"cue": Style(color="#ff87d7", bold=True), "source": Style(color="#5fd7ff", bold=True, underline=True)}
ACTIVE_ROLE = Style(underline=True, overline=True)
REJECTED_ROLE = Style(strike=True, dim=True)
SELECTION = Style(bgcolor="#5f5faf", color="#ffffff")
CURSOR = Style(reverse=True)
LABEL = {
    "pending": Style(color="#d7c34a"),
    "accepted": Style(color="#5fd75f"),
    "corrected": Style(color="#5fafff"),
    "rejected": Style(color="#9a5c5c", strike=True),
}
SELECTED_LABEL = Style(bold=True, reverse=True)
LEGEND = (
    ("quote: pending", CONTENT["pending"]),
    ("accepted", CONTENT["accepted"]),
    ("corrected", CONTENT["corrected"]),
    ("rejected", CONTENT["rejected"]),
    ("tentative", TENTATIVE),
    ("cue", ROLE["cue"]),
    ("source", ROLE["source"]),
)


@cache
def combine(*styles: Style) -> Style:
    """Styles layered in order (cached: the same few combinations recur on every line)."""
    return Style.chain(*styles)


@dataclass(frozen=True)
class Styled:
    start: int
    end: int
    layer: int  # higher layers are applied over lower ones
    style: Style
    quote_id: str


def content_style(quote: Quote, selected: bool) -> Style:
    if selected:
        return SELECTED[quote.review]
    if quote.review == "pending" and quote.confidence is not None and quote.confidence < LOW_CONFIDENCE:
        return TENTATIVE
    return CONTENT[quote.review]


def quote_ranges(quote: Quote, selected: bool, role: Role) -> list[Styled]:
    found = []
    for span in quote.content:
        style = content_style(quote, selected)
        if selected and role == "content":
            style = combine(style, ACTIVE_ROLE)
        found.append(Styled(span.start, span.end, 0, style, quote.id))
    for name in ROLES[1:]:
        for span in quote.spans(name):
            style = combine(ROLE[name], ACTIVE_ROLE) if selected and role == name else ROLE[name]
            if quote.review == "rejected":
                style = combine(style, REJECTED_ROLE)
            found.append(Styled(span.start, span.end, 1 + selected, style, quote.id))
    return found


class Highlighter:
    """Styled ranges and speaker labels of an annotation, by screen line, kept up to date."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.starts: list[int] = []
        self.line_quotes: list[set[str]] = []
        self._keys: dict[str, object] = {}
        self._ranges: dict[str, list[Styled]] = {}
        self._span_lines: dict[str, tuple[int, int]] = {}
        self._labels: dict[str, tuple[int, str, Style]] = {}

    def relayout(self, lines: list[Line]) -> None:
        self.lines, self.starts = lines, [line.start for line in lines]
        self.line_quotes = [set() for _ in lines]
        for table in (self._keys, self._ranges, self._span_lines, self._labels):
            table.clear()

    def line_of(self, offset: int) -> int:
        return max(0, min(len(self.lines) - 1, bisect.bisect_right(self.starts, offset) - 1))

    def update(self, annotation: Annotation, selected: str | None, role: Role) -> tuple[set[int], set[int]]:
        """Take in the annotation; returns the lines whose styles changed and the lines whose
        speaker labels changed (a label also shows over the lines after its own)."""
        present = set()
        names = {s.id: s.name for s in annotation.speakers}
        styled: set[int] = set()
        labelled: set[int] = set()
        for quote in annotation.quotes:
            present.add(quote.id)
            is_selected = quote.id == selected
            key = (quote, is_selected, role if is_selected else None, names.get(quote.speaker or "", ""))
            if self._keys.get(quote.id) != key:
                self._touched(quote.id, styled, labelled)
                self._forget(quote.id)
                self._add(quote, is_selected, role, key[3])
                self._touched(quote.id, styled, labelled)
                self._keys[quote.id] = key
        for gone in set(self._keys) - present:
            self._touched(gone, styled, labelled)
            self._forget(gone)
            del self._keys[gone]
        return styled, labelled

    def _touched(self, quote_id: str, styled: set[int], labelled: set[int]) -> None:
        if (span := self._span_lines.get(quote_id)) is not None:
            styled.update(range(span[0], span[1] + 1))
        if (label := self._labels.get(quote_id)) is not None:
            labelled.add(label[0])

    def _add(self, quote: Quote, selected: bool, role: Role, speaker: str) -> None:
        ranges = quote_ranges(quote, selected, role)
        if not ranges or not self.lines:
            return
        first = self.line_of(min(r.start for r in ranges))
        last = self.line_of(max(r.end for r in ranges) - 1)
        for y in range(first, last + 1):
            self.line_quotes[y].add(quote.id)
        self._ranges[quote.id] = ranges
        self._span_lines[quote.id] = (first, last)
        if quote.content:
            label = combine(LABEL[quote.review], SELECTED_LABEL) if selected else LABEL[quote.review]
            self._labels[quote.id] = (self.line_of(quote.end - 1), speaker or "?", label)

    def _forget(self, quote_id: str) -> None:
        if quote_id in self._span_lines:
            first, last = self._span_lines.pop(quote_id)
            for y in range(first, last + 1):
                self.line_quotes[y].discard(quote_id)
        self._ranges.pop(quote_id, None)
        self._labels.pop(quote_id, None)

    def on_line(self, y: int) -> list[Styled]:
        """The ranges touching screen line ``y``, lowest layer first."""
        found = [r for q in self.line_quotes[y] for r in self._ranges[q]]
        line = self.lines[y]
        return sorted((r for r in found if r.start < max(line.end, line.start + 1) and r.end > line.start), key=_layer)

    def labels(self, y: int) -> list[tuple[str, Style]]:
        """Speaker names to show beside line ``y``: of the quotes that end there."""
        ending = sorted(
            (q for q in self.line_quotes[y] if q in self._labels and self._labels[q][0] == y),
            key=lambda q: self._ranges[q][0].start,
        )
        return [self._labels[q][1:] for q in ending]

    def quote_at(self, offset: int) -> str | None:
        for item in reversed(self.on_line(self.line_of(offset))):
            if item.start <= offset < item.end:
                return item.quote_id
        return None


def _layer(item: Styled) -> int:
    return item.layer
