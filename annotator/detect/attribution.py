"""Every attribution in a parsed Doc: direct quotes first, then reported clauses."""

from __future__ import annotations

from typing import Any

from annotator.detect.base import CharRange, Found
from annotator.detect.clauses import ReportedClauses
from annotator.detect.direct import DirectQuotes
from annotator.detect.lexicon import Lexicon

__all__ = ["CharRange", "Found", "find_all"]


class QuoteFinder(DirectQuotes, ReportedClauses):
    """Both passes over one Doc."""


def find_all(doc: Any, lex: Lexicon, *, beliefs: bool = True) -> list[Found]:
    finder = QuoteFinder(doc, lex, beliefs=beliefs)
    direct = finder.direct()
    taken = [part for q in direct for part in q.content]
    found = direct + finder.clauses(taken)
    found.sort(key=lambda f: f.start)
    return found
