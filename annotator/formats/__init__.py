"""Outside formats: one module each, every one a reader and/or a writer in one registry.

The CLI takes its ``--format`` choices from ``FORMATS``.  Writers are named as
``module:function`` and imported when used, so that the registry costs nothing (the spaCy
writer imports spaCy only when it runs).
"""

from __future__ import annotations

import importlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from annotator.model import Annotation, Quote, Role

LABELS: dict[Role, str] = {"content": "CONTENT", "cue": "CUE", "source": "SOURCE"}


@dataclass(frozen=True)
class Item:
    """One article of a dataset: its gold annotation (no pending quote left), text and split."""

    annotation: Annotation
    text: str
    split: str
    file: str = ""  # the annotation file it came from

    def positives(self) -> list[Quote]:
        """The quotes a model should learn to find: every quote but the rejected ones."""
        return [q for q in self.annotation.quotes if q.review != "rejected"]


@dataclass
class Options:
    """What every writer is told."""

    splits: tuple[str, ...]
    text: bool = True  # False: --no-text, the article texts left out where the format allows
    advance: Callable[[int], Any] = lambda n: None  # progress: n more articles written


@dataclass
class Written:
    """What a writer reports: lines for the summary and the card (nothing here is an error)."""

    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


Writer = Callable[[Sequence[Item], Path, Options], Written]


@contextmanager
def split_files(out: Path, splits: Iterable[str], suffix: str, encoding: str = "utf-8") -> Iterator[dict[str, TextIO]]:
    """One open file per split (``OUT/<split><suffix>``), all closed however the writing ends.
    CSV files get newline="" (the csv module writes its own line ends), others "\n"."""
    newline = "" if suffix == ".csv" else "\n"
    handles: dict[str, TextIO] = {}
    try:
        for name in splits:
            handles[name] = (out / f"{name}{suffix}").open("w", encoding=encoding, newline=newline)
        yield handles
    finally:
        for handle in handles.values():
            handle.close()


def counted(written: Written, split: str) -> None:
    written.counts[split] = written.counts.get(split, 0) + 1


@dataclass(frozen=True)
class Format:
    name: str
    summary: str  # one line for --help and the card
    writer: str = ""  # "module:function", imported when used
    reader: str = ""
    needs_text: bool = False  # the format cannot exist without the article texts (--no-text refused)
    no_text: str = ""  # what --no-text does in this format

    def write(self, items: Sequence[Item], out: Path, options: Options) -> Written:
        module, _, function = self.writer.partition(":")
        writer: Writer = getattr(importlib.import_module(module), function)
        return writer(items, out, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "spacy",
            "a .spacy DocBin per split (span groups quote_content/quote_cue/quote_source labelled by quote id, "
            "the same spans as CONTENT/CUE/SOURCE entities) and a config.cfg to train a ner on them",
            "annotator.formats.docbin:write",
            needs_text=True,
        ),
        Format(
            "jsonl",
            "one JSON record per article in Prodigy's fields (text, tokens, spans, relations), with each quote's "
            "speaker and type; rejected quotes kept in quotes, marked",
            "annotator.formats.jsonl:write",
            no_text="text and each token's text are left out; offsets, token boundaries and hashes stay",
        ),
        Format(
            "brat",
            "brat standoff .txt + .ann per article as PolNeAR lays them out (opens in brat and INCEpTION)",
            "annotator.formats.brat:write",
            "annotator.formats.brat:import_folder",
            needs_text=True,
        ),
        Format(
            "csv",
            "one row per quote (speaker, type, source, cue, content with offsets, review, origin, confidence, "
            "note): UTF-8 with a BOM, for spreadsheets",
            "annotator.formats.table:write",
            no_text="the source, cue and content cells are left empty; their offsets stay",
        ),
        Format(
            "hf",
            "a Hugging Face datasets folder in the conll2003 layout (id, tokens, ner_tags in BIO), one JSONL per split",
            "annotator.formats.hf:write",
            no_text="tokens is left out; token_offsets and text_sha256 stay, to rebuild it from the texts",
        ),
    )
}


def writers() -> list[str]:
    return [name for name, f in FORMATS.items() if f.writer]


def readers() -> list[str]:
    return [name for name, f in FORMATS.items() if f.reader]


class Tokens:
    """Word tokens of a text (``annotator.tokens.words``) and the tokens a character range covers."""

    def __init__(self, text: str) -> None:
        from annotator.tokens import words

        self.offsets = words(text)
        self._starts = [start for start, _ in self.offsets]
        self._ends = [end for _, end in self.offsets]

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last (inclusive) token overlapping ``[start, end)``; None if none does."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end) - 1
        return (first, last) if first <= last else None
