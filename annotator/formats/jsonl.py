"""JSONL in Prodigy's field names: one record per article, one file per split.

``tokens`` (``text``, ``start``, ``end``, ``id``, ``ws``) are ``annotator.tokens`` words;
``spans`` (``token_end`` inclusive, as in Prodigy) are every part of every quote that is not
rejected, labelled CONTENT / CUE / SOURCE; ``relations`` link each quote's cue (its content's
first part when it has no cue) to its content and source parts, ``head`` and ``child`` being
the last token of each span, as Prodigy writes them.  ``quotes`` holds what spans cannot say
(speaker, kind, type, review), the rejected quotes included and marked, for training on
negatives.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.formats import LABELS, Item, Options, Tokens, Written, counted, split_files
from annotator.model import Quote, Span


def write(items: Sequence[Item], out: Path, options: Options) -> Written:
    written = Written()
    with split_files(out, options.splits, ".jsonl") as handles:
        for item in items:
            record = to_record(item, options.text, written.notes)
            handles[item.split].write(json.dumps(record, ensure_ascii=False) + "\n")
            counted(written, item.split)
            options.advance(1)
    return written


def to_record(item: Item, text: bool = True, notes: list[str] | None = None) -> dict[str, Any]:
    """The Prodigy-style record of one article."""
    annotation, article = item.annotation, item.text
    tokens = Tokens(article)
    token_rows = []
    for number, (start, end) in enumerate(tokens.offsets):
        row: dict[str, Any] = {"text": article[start:end]} if text else {}
        nxt = tokens.offsets[number + 1][0] if number + 1 < len(tokens.offsets) else len(article)
        row.update(start=start, end=end, id=number, ws=nxt > end and article[end].isspace())
        token_rows.append(row)
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for quote in item.positives():
        made = {role: [_span(tokens, s, LABELS[role]) for s in quote.spans(role)] for role in LABELS}
        for role, parts in made.items():
            for part, span in zip(parts, quote.spans(role), strict=True):
                if part is None and notes is not None:
                    notes.append(f"{annotation.doc_id}: {quote.id} {role} {span.start}-{span.end} covers no token")
        found = {role: [p for p in parts if p is not None] for role, parts in made.items()}
        spans.extend(p for parts in found.values() for p in parts)
        head = (found["cue"] or found["content"])[:1]
        for child in [*found["content"], *found["source"]] if head else []:
            if child is not head[0]:
                relations.append(
                    {
                        "head": head[0]["token_end"],
                        "child": child["token_end"],
                        "head_span": head[0],
                        "child_span": child,
                        "label": child["label"],
                    }
                )
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    record: dict[str, Any] = {"text": article} if text else {}
    record.update(
        meta={
            "doc_id": annotation.doc_id,
            "annotator": annotation.annotator,
            "text_sha256": annotation.text_sha256,
            "annotation_sha256": _file_sha256(item.file),
            "split": item.split,
        },
        tokens=token_rows,
        spans=spans,
        relations=relations,
        quotes=[_quote(item, q, text) for q in annotation.quotes],
        answer="accept",
    )
    return record


def _span(tokens: Tokens, span: Span, label: str) -> dict[str, Any] | None:
    covered = tokens.covering(span.start, span.end)
    if covered is None:
        return None
    return {"start": span.start, "end": span.end, "token_start": covered[0], "token_end": covered[1], "label": label}


def _quote(item: Item, quote: Quote, text: bool) -> dict[str, Any]:
    speaker = item.annotation.speaker(quote.speaker)

    def parts(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
        return [{"start": s.start, "end": s.end, **({"text": s.text} if text else {})} for s in spans]

    return {
        "id": quote.id,
        "type": quote.type,
        "speaker": speaker.name if speaker else None,
        "speaker_kind": speaker.kind if speaker else None,
        "content": parts(quote.content),
        "cue": parts(quote.cue),
        "source": parts(quote.source),
        "review": quote.review,
        "rejected": quote.review == "rejected",
        "origin": quote.origin,
        "confidence": quote.confidence,
        "note": quote.note,
    }


def _file_sha256(path: str) -> str | None:
    if not path:
        return None
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
