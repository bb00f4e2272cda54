"""Word tokens of an article: one definition for every score that counts tokens.

A token is a run of word characters or one other non-space character, found on the
characters alone (no spaCy), so that evaluate's token F1 and agreement's token alpha
count the same words.  Pure: text and spans in, offsets out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.model import Span

WORD = re.compile(r"\w+|[^\w\s]")


def words(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every word token of ``text``, in order."""
    return [m.span() for m in WORD.finditer(text)]


def token_starts(text: str, spans: Iterable[Span]) -> set[int]:
    """Start offsets of the word tokens inside ``spans`` (each span tokenised on its own)."""
    found: set[int] = set()
    for span in spans:
        found.update(span.start + m.start() for m in WORD.finditer(text[span.start : span.end]))
    return found
