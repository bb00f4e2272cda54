"""CSV, one row per quote, for a spreadsheet.

RFC 4180 (CRLF line ends, fields quoted when needed) in UTF-8 *with* a byte-order mark: the
texts are full of curly quotes and dashes, and Excel, the spreadsheet most people open a CSV
in, reads a file without a BOM as a legacy code page and shows them garbled.  Python reads it
with ``encoding="utf-8-sig"`` (pandas strips the BOM by itself).  A text cell that begins with
= + - @ (or a tab or carriage return) is prefixed with ``'`` so that no spreadsheet runs it as a
formula.  Rejected quotes are not rows: a row is a quote.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from annotator.formats import Item, Options, Written, counted, split_files
from annotator.model import Span

COLUMNS = [
    "doc_id",
    "annotator",
    "quote_id",
    "type",
    "speaker",
    "speaker_kind",
    "source",
    "source_offsets",
    "cue",
    "cue_offsets",
    "content",
    "content_offsets",
    "review",
    "origin",
    "confidence",
    "note",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: str) -> str:
    """A text cell made inert for spreadsheets (OWASP's advice on CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _offsets(spans: tuple[Span, ...]) -> str:
    return ";".join(f"{s.start}-{s.end}" for s in spans)


def _texts(spans: tuple[Span, ...], text: bool) -> str:
    return guard(" … ".join(s.text for s in spans)) if text else ""


def write(items: Sequence[Item], out: Path, options: Options) -> Written:
    written = Written()
    with split_files(out, options.splits, ".csv", encoding="utf-8-sig") as handles:
        writers = {name: csv.writer(handle) for name, handle in handles.items()}
        for writer in writers.values():
            writer.writerow(COLUMNS)
        for item in items:
            annotation = item.annotation
            for quote in item.positives():
                speaker = annotation.speaker(quote.speaker)
                writers[item.split].writerow(
                    [
                        guard(annotation.doc_id),
                        guard(annotation.annotator),
                        guard(quote.id),
                        quote.type,
                        guard(speaker.name) if speaker else "",
                        speaker.kind if speaker else "",
                        _texts(quote.source, options.text),
                        _offsets(quote.source),
                        _texts(quote.cue, options.text),
                        _offsets(quote.cue),
                        _texts(quote.content, options.text),
                        _offsets(quote.content),
                        quote.review,
                        quote.origin,
                        "" if quote.confidence is None else quote.confidence,
                        guard(quote.note),
                    ]
                )
                counted(written, item.split)
            options.advance(1)
    return written
