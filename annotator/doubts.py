"""What is sound in a file but probably not what its annotator meant: ``validate`` warns about
it, ``validate --strict`` refuses it, and the annotator shows it.

- an article marked ``done`` while some of its quotes are still ``pending`` (nobody decided on
  them; the gold rule does not take such a file either, see ``annotator.gold``);
- a ``direct`` quote whose content holds no quotation mark (a direct quote is the speaker's
  words in marks, the marks included in its content; see docs/guidelines.md).

Pure: it works on plain facts about the quotes, so that the index of file summaries (which reads
raw data) and the app (which holds an ``Annotation``) ask the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.model import Annotation, Quote
from annotator.quotes import MARKS

SHOWN = 5  # quote ids named in a message before "…"


@dataclass(frozen=True)
class Facts:
    """What the rule needs of one quote."""

    id: str
    type: str
    review: str
    content: tuple[str, ...]  # the texts of its content parts


def unmarked(quote_type: str, content: Sequence[str]) -> bool:
    """A direct quote whose content has no quotation mark at all."""
    return quote_type == "direct" and not any(ch in MARKS for part in content for ch in part)


def doubts(status: str, quotes: Iterable[Facts]) -> list[str]:
    """One line per doubt about a file with this status and these quotes; empty when none."""
    found: list[str] = []
    quotes = list(quotes)
    pending = [q.id for q in quotes if q.review == "pending"]
    if status == "done" and pending:
        named = ", ".join(pending[:SHOWN]) + (", …" if len(pending) > SHOWN else "")
        found.append(
            f"marked done with {len(pending)} pending quote{'s' if len(pending) > 1 else ''} ({named}): "
            "accept, correct or reject them, or mark it in progress"
        )
    for quote in quotes:
        if quote.review != "rejected" and unmarked(quote.type, quote.content):
            found.append(f"quote {quote.id} is direct but its content has no quotation marks: make it indirect?")
    return found


def facts(quote: Quote) -> Facts:
    return Facts(quote.id, quote.type, quote.review, tuple(span.text for span in quote.content))


def of_annotation(annotation: Annotation) -> list[str]:
    return doubts(annotation.status, map(facts, annotation.quotes))


def of_data(data: dict[str, Any]) -> list[str]:
    """The doubts of a file's checked data (``store.read_data``), as the index keeps them."""
    quotes = (
        Facts(q["id"], q["type"], q["review"], tuple(span["text"] for span in q["content"])) for q in data["quotes"]
    )
    return doubts(data["status"], quotes)
