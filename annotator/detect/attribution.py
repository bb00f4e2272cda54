"""Every attribution in a parsed Doc: direct quotes first, then reported clauses."""

from __future__ import annotations

from typing import Any

from annotator.detect.base import CharRange, Found
from annotator.detect.clauses import ReportedClauses
from annotator.detect.direct import DirectQuotes
from annotator.detect.lexicon import Lexicon
from annotator.quotes import MARKS

__all__ = ["CharRange", "Found", "find_all"]


class QuoteFinder(DirectQuotes, ReportedClauses):
    """Both passes over one Doc."""


def find_all(doc: Any, lex: Lexicon, *, beliefs: bool = True) -> list[Found]:
    finder = QuoteFinder(doc, lex, beliefs=beliefs)
    direct = finder.direct()
    taken = [part for q in direct for part in q.content]
    found = direct + finder.clauses(taken)
    found.sort(key=lambda f: f.start)
    return join_unattributed(finder, found)


def join_unattributed(finder: QuoteFinder, found: list[Found]) -> list[Found]:
    """An unattributed direct quote right after another attribution in the same paragraph,
    with only that attribution's words between them, carries it on: 'The summit did “too
    little,” he added. “We need more.”' is one quote of two parts (the guidelines' rule for
    a quote continued in the same paragraph, and PolNeAR's)."""
    joined: list[Found] = []
    for item in found:
        previous = joined[-1] if joined else None
        if previous is not None and item.type == "direct" and not item.cue and previous.cue:
            last_end = max(b for _, b in previous.content)
            between = finder.text[last_end : item.start]
            same = finder.para_of(item.start) == finder.para_of(last_end)
            if same and 0 <= len(between) <= 120 and not any(ch in MARKS for ch in between):
                previous.content.extend(item.content)
                if previous.type == "indirect":
                    previous.type = "mixed"
                continue
        joined.append(item)
    return joined
