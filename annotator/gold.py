"""The one rule for what counts as gold.

For each article: its ``gold`` annotation, when that is ``done``; else the one human
annotator's file whose status is ``done``.  A detector draft is never gold, nor a file that is
not ``done``, nor a ``done`` file that still holds pending quotes (nobody decided on them; it
counts as unfinished, and ``annotator validate --strict`` lists it).

Several ``done`` files and no gold file is reported, never guessed (adjudicate them
with ``annotator review``), and so is a gold file that is not finished.

Every command that needs gold (evaluate, agreement, export, train) asks here.  Pure: it works on
plain facts about files (annotator, status, where), read by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from annotator.model import DETECTOR_ANNOTATOR, GOLD_ANNOTATOR

T = TypeVar("T")


@dataclass(frozen=True)
class Layer(Generic[T]):
    """One annotator's version of an article: who, its status, and what the caller needs back
    (a path, a loaded annotation)."""

    doc_id: str
    annotator: str
    status: str
    item: T
    pending: int = 0  # quotes nobody has decided on yet

    @property
    def finished(self) -> bool:
        """Done, with every quote decided."""
        return self.status == "done" and self.pending == 0

    def describe(self) -> str:
        """Its state in a reason: ``done`` with pending quotes is said so."""
        if self.status == "done" and self.pending:
            return f"done with {self.pending} pending quote{'s' if self.pending > 1 else ''}"
        return self.status


@dataclass(frozen=True)
class Choice(Generic[T]):
    """The gold of one article, or why there is none (``layer`` is None then)."""

    doc_id: str
    layer: Layer[T] | None
    reason: str  # why this one was taken, or why none was
    adjudicate: bool = False  # none, because people's versions wait for (or are in) adjudication

    @property
    def taken(self) -> bool:
        return self.layer is not None


def is_human(annotator: str) -> bool:
    return annotator not in (DETECTOR_ANNOTATOR, GOLD_ANNOTATOR)


def choose(doc_id: str, layers: Iterable[Layer[T]]) -> Choice[T]:
    """Apply the rule to the versions of one article."""
    versions = sorted(layers, key=lambda layer: layer.annotator)
    gold = [v for v in versions if v.annotator == GOLD_ANNOTATOR]
    if gold:
        if gold[0].finished:
            return Choice(doc_id, gold[0], "the gold file")
        reason = f"its gold file is {gold[0].describe()}, not done: adjudication is not finished"
        return Choice(doc_id, None, reason, adjudicate=True)
    done = [v for v in versions if is_human(v.annotator) and v.finished]
    if len(done) == 1:
        return Choice(doc_id, done[0], f"the only done file, by {done[0].annotator}")
    if done:
        names = ", ".join(v.annotator for v in done)
        reason = f"{len(done)} annotators are done ({names}) and there is no gold file: adjudicate them"
        return Choice(doc_id, None, reason, adjudicate=True)
    seen = ", ".join(
        f"{v.annotator}: {v.describe()}" if is_human(v.annotator) else "a detector draft" for v in versions
    )
    return Choice(doc_id, None, f"no done file ({seen or 'no annotation'})")


def choose_all(layers: Iterable[Layer[T]]) -> list[Choice[T]]:
    """The gold of every article that has any version, in doc id order."""
    by_doc: dict[str, list[Layer[T]]] = {}
    for layer in layers:
        by_doc.setdefault(layer.doc_id, []).append(layer)
    return [choose(doc_id, by_doc[doc_id]) for doc_id in sorted(by_doc)]
