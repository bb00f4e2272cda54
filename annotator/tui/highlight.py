"""What each character of the article looks like: styled ranges built from the annotation.

Built once per change (a few milliseconds for 500 quotes) and indexed by screen
line, so drawing a line only looks at the ranges that touch it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

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
SELECTED = {
    "pending": Style(bgcolor="#6a5c00", bold=True),
    "accepted": Style(bgcolor="#1f6b30", bold=True),
    "corrected": Style(bgcolor="#1d518a", bold=True),
    "rejected": Style(bgcolor="#4a2020", color="#d08080", strike=True),
}
TENTATIVE = Style(bgcolor="#2b2b2b", italic=True)
ROLE = {"cue": Style(color="#ff87d7", bold=True), "source": Style(color="#5fd7ff", bold=True, underline=True)}
ACTIVE_ROLE = Style(underline=True, overline=True)
SELECTION = Style(bgcolor="#5f5faf", color="#ffffff")
CURSOR = Style(reverse=True)
LABEL = {
    "pending": Style(color="#d7c34a"),
    "accepted": Style(color="#5fd75f"),
    "corrected": Style(color="#5fafff"),
    "rejected": Style(color="#9a5c5c", strike=True),
}
LEGEND = (
    ("quote: pending", CONTENT["pending"]),
    ("accepted", CONTENT["accepted"]),
    ("corrected", CONTENT["corrected"]),
    ("rejected", CONTENT["rejected"]),
    ("tentative", TENTATIVE),
    ("cue", ROLE["cue"]),
    ("source", ROLE["source"]),
)


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


def ranges(annotation: Annotation, selected: str | None, role: Role) -> list[Styled]:
    found = []
    for quote in annotation.quotes:
        is_selected = quote.id == selected
        for span in quote.content:
            style = content_style(quote, is_selected)
            if is_selected and role == "content":
                style += ACTIVE_ROLE
            found.append(Styled(span.start, span.end, 0, style, quote.id))
        for name in ROLES[1:]:
            for span in quote.spans(name):
                style = ROLE[name] + (ACTIVE_ROLE if is_selected and role == name else Style())
                if quote.review == "rejected":
                    style += Style(strike=True, dim=True)
                found.append(Styled(span.start, span.end, 1 + is_selected, style, quote.id))
    return found


def index_by_line(found: list[Styled], lines: list[Line]) -> list[list[Styled]]:
    """For each screen line, the ranges that touch it."""
    starts = [line.start for line in lines]
    per_line: list[list[Styled]] = [[] for _ in lines]
    for item in found:
        first = max(0, bisect.bisect_right(starts, item.start) - 1)
        last = max(0, bisect.bisect_right(starts, max(item.start, item.end - 1)) - 1)
        for y in range(first, min(last, len(lines) - 1) + 1):
            per_line[y].append(item)
    for items in per_line:
        items.sort(key=lambda s: s.layer)
    return per_line


def labels(annotation: Annotation, lines: list[Line]) -> dict[int, list[tuple[str, Style]]]:
    """Speaker names shown beside the line where each quote ends (no arcs to follow)."""
    starts = [line.start for line in lines]
    found: dict[int, list[tuple[str, Style]]] = {}
    for quote in annotation.quotes:
        if not quote.content:
            continue
        y = max(0, bisect.bisect_right(starts, quote.end - 1) - 1)
        name = annotation.speaker_name(quote) or "?"
        found.setdefault(y, []).append((name, LABEL[quote.review]))
    return found
