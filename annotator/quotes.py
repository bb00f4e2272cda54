"""Quotation marks in plain text: where quoted passages open and close.

Pure string work, used by the detector (candidates), by importers (the type of a
gold quote) and by evaluation (which gold attributions are direct quotes).  It is
built for real news text: curly and straight marks mixed, a quote opened with “ and
closed with ", a stray mark that must not swallow the rest of a paragraph, and a
quote that runs over several paragraphs (each re-opens the mark, none closes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.model import QuoteType, Span

OPENING = "“„«‟"
CLOSING = "”»"
EITHER = '"'
MARKS = OPENING + CLOSING + EITHER
_BEFORE_OPENING = "([{—–-:/"  # what may stand just before a straight mark that opens, besides space
ZERO_WIDTH = "\u200b"


@dataclass(frozen=True)
class Quoted:
    """A passage in quotation marks: one part per paragraph it spans, marks included."""

    parts: tuple[tuple[int, int], ...]
    closed: bool = True

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-blank lines of ``text[start:end]`` as ``(start, end)`` without surrounding blanks."""
    end = len(text) if end is None else end
    found = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            found.append((a, b))
        pos = stop + 1
    return found


def _opens(text: str, i: int, start: int) -> bool:
    """Whether a straight mark at ``i`` opens (rather than closes) a quotation."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _BEFORE_OPENING or before.isspace()) and not after.isspace()


def _first_mark_opens(text: str, start: int, end: int) -> bool:
    i = start
    while i < end and text[i] in " \t—–-":
        i += 1
    return i < end and (text[i] in OPENING or (text[i] == EITHER and _opens(text, i, start)))


def scan(text: str, start: int = 0, end: int | None = None) -> list[Quoted]:
    """Every quoted passage in ``text[start:end]``, in order."""
    found: list[Quoted] = []
    paras = paragraphs(text, start, end)
    source = text
    if "''" in text:  # two apostrophes stand for a straight double mark in some archives
        text = text.replace("''", '"' + ZERO_WIDTH)
    carried: list[tuple[int, int]] = []  # parts of a quote continued from earlier paragraphs
    for index, (p0, p1) in enumerate(paras):
        stack: list[int] = []  # positions of the marks open now, outermost first
        for i in range(p0, p1):
            ch = text[i]
            if ch not in MARKS:
                continue
            opening = ch in OPENING or (ch == EITHER and _opens(text, i, p0))
            if not stack:
                if opening:
                    stack.append(i)
                # a closing mark with nothing open is stray: ignore it
            elif opening and (ch == EITHER) != (text[stack[-1]] == EITHER):
                stack.append(i)  # a quotation inside a quotation, in the other kind of mark
            elif opening and ch != EITHER:
                stack[-1] = i  # the same curly mark again: the earlier one was stray
                if len(stack) == 1:
                    carried = []
            else:
                bottom = stack[0]
                stack.pop()
                if not stack:
                    found.append(Quoted((*carried, (bottom, i + (2 if source.startswith("''", i) else 1)))))
                    carried = []
        open_at = stack[0] if stack else None
        if carried and open_at is None:  # a continued quote that this paragraph never re-opened
            found.append(Quoted(tuple(carried), closed=False))
            carried = []
        if open_at is not None:
            next_opens = index + 1 < len(paras) and _first_mark_opens(text, *paras[index + 1])
            if next_opens:
                carried.append((open_at, p1))
            else:
                found.append(Quoted((*carried, (open_at, p1)), closed=False))
                carried = []
    if carried:
        found.append(Quoted(tuple(carried), closed=False))
    return found


def inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The range inside the marks (and surrounding blanks) of a quoted part."""
    while start < end and (text[start] in MARKS or text[start] == "'" or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in MARKS or text[end - 1] == "'" or text[end - 1].isspace()):
        end -= 1
    return start, end


def quote_type_of(text: str, content: Sequence[Span]) -> QuoteType:
    """direct when the content lies entirely inside quotation marks, mixed when it holds
    a quoted fragment, indirect when it has no marks."""
    if not content:
        return "indirect"
    first, last = content[0].start, content[-1].end
    while first < last and (text[first].isspace() or text[first] in "—–-"):
        first += 1
    while last > first and (text[last - 1].isspace() or text[last - 1] in ".,;:"):
        last -= 1
    found = scan(text, first, last)
    if found and found[0].start == first and found[-1].end == last and _only_gaps_between(text, found, content):
        return "direct"
    if any(ch in MARKS for span in content for ch in span.text):
        return "mixed"
    return "indirect"


def _only_gaps_between(text: str, found: list[Quoted], content: Sequence[Span]) -> bool:
    """Each content part is covered by quoted passages (an interrupted quote has several)."""
    covered = [part for quoted in found for part in quoted.parts]
    for span in content:
        a, b = span.start, span.end
        chars = sum(max(0, min(b, q1) - max(a, q0)) for q0, q1 in covered)
        letters = sum(1 for ch in span.text if ch.isalnum())
        inside = sum(1 for q0, q1 in covered for ch in text[max(a, q0) : min(b, q1)] if ch.isalnum())
        if chars == 0 or inside < letters:
            return False
    return True
