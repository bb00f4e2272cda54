"""Units of article text a span is fitted to in one key: quoted passages, clauses, sentences.

Pure string work (no spaCy: the annotator's keys must answer in milliseconds), with
character offsets, half-open, as everywhere.  A sentence ends at ``.``, ``!`` or ``?``
(with any closing marks after it) followed by a space and a capital, an opening mark or a
digit, or at a paragraph break; initials and common abbreviations (``U.S.``, ``Gen.``) do
not end one.  A clause is a stretch of a sentence between ``,`` ``;`` ``:`` or a dash.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from annotator.quotes import Quoted, scan

Unit = Literal["quote", "clause", "sentence"]
UNITS: tuple[Unit, ...] = ("quote", "clause", "sentence")

ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen col lt sgt capt cmdr adm gov sen rep rev prof jr sr vs no inc corp co ltd jan feb "
    "mar apr jun jul aug sep sept oct nov dec".split()
)
_SENTENCE_END = re.compile(r"[.!?]+[”\"'’»)\]]*(?=\s+[\"“„«‘'(\[]?[A-Z0-9])")
_CLAUSE_MARK = re.compile(r"[,;:](?=\s)|\s[—–-]{1,2}\s|—")


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the ``.`` at ``dot`` ends an abbreviation or initials, not a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("(“\"'")
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word)) or word.casefold() in ABBREVIATIONS


@lru_cache(maxsize=8)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Every sentence as (start, end), surrounding blanks left out."""
    found: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        start = pos
        for match in _SENTENCE_END.finditer(paragraph):
            end = pos + match.end()
            if paragraph[match.start()] == "." and match.end() - match.start() == 1 and _abbreviation(text, end - 1):
                continue
            found.append(_trim(text, start, end))
            start = end
        found.append(_trim(text, start, pos + len(paragraph)))
        pos += len(paragraph) + 1
    return tuple(s for s in found if s[0] < s[1])


def clauses(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """The clauses of one sentence, without the marks between them."""
    start, end = sentence
    found = []
    for match in _CLAUSE_MARK.finditer(text, start, end):
        found.append(_trim(text, start, match.start()))
        start = match.end()
    found.append(_trim(text, start, end))
    return [c for c in found if c[0] < c[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _around(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...], offset: int) -> tuple[int, int] | None:
    """The range holding ``offset``, or else the first one after it."""
    for start, end in ranges:
        if offset < end:
            return (start, end)
    return None


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    return _around(sentences(text), offset) or (offset, offset)


def clause_at(text: str, offset: int) -> tuple[int, int]:
    return _around(clauses(text, sentence_at(text, offset)), offset) or (offset, offset)


def passages(text: str) -> tuple[Quoted, ...]:
    return _passages(text)


@lru_cache(maxsize=8)
def _passages(text: str) -> tuple[Quoted, ...]:
    return tuple(scan(text))


def fit(text: str, start: int, end: int, unit: Unit) -> tuple[int, int]:
    """``[start, end)`` fitted to ``unit`` in one step, the way a boundary is usually fixed.

    - quote: the ends go out (or back) to the quotation marks of the passages the span
      overlaps; a span before any passage reaches to the closing mark of the first one that
      follows it in its sentence.
    - clause, sentence: a span running past the clause (sentence) it starts in is cut back to
      its end; a span inside one grows to the whole of it.
    """
    if unit == "quote":
        return _fit_quote(text, start, end)
    whole = clause_at(text, start) if unit == "clause" else sentence_at(text, start)
    if whole[0] >= whole[1]:
        return start, end
    if end > whole[1]:
        return start, whole[1]
    return min(start, whole[0]), whole[1]


def _fit_quote(text: str, start: int, end: int) -> tuple[int, int]:
    found = passages(text)
    overlapping = [q for q in found if q.start < end and start < q.end]
    if not overlapping:
        sentence_end = sentence_at(text, start)[1]
        following = [q for q in found if q.start >= end and q.start < max(sentence_end, end + 1)]
        if not following:
            return start, end
        return start, following[0].end
    first, last = overlapping[0], overlapping[-1]
    return (first.start if first.start < start else start), last.end


def unit_end(text: str, offset: int, unit: Unit) -> int:
    """Where the unit holding ``offset`` ends (for a selection being made): the closing mark of
    the passage at or after it, the end of its clause, the end of its sentence."""
    if unit == "quote":
        for quoted in passages(text):
            if quoted.end > offset:
                return quoted.end
        return offset
    return (clause_at(text, offset) if unit == "clause" else sentence_at(text, offset))[1]


def next_uncovered(text: str, covered: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The next quoted passage after ``offset`` that no quote covers (a direct quote the detector
    missed), wrapping round to the top; None when every passage is in a quote."""
    free = [q for q in passages(text) if not any(a < q.end and q.start < b for a, b in covered)]
    if not free:
        return None
    after = [q for q in free if q.start > offset]
    chosen = (after or free)[0]
    return chosen.start, chosen.end


def find(text: str, query: str, offset: int) -> int | None:
    """Where ``query`` next occurs after ``offset`` (case-blind, wrapping round); None if nowhere."""
    if not query:
        return None
    folded, needle = text.casefold(), query.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß → ss): search as typed
        folded, needle = text, query
    found = folded.find(needle, offset + 1)
    if found < 0:
        found = folded.find(needle)
    return found if found >= 0 else None
