"""A Hugging Face ``datasets`` folder in the conll2003 layout: one JSONL per split, a record per
article with ``id`` (the doc id), ``tokens`` and ``ner_tags`` (ints; O, then B-/I- CONTENT, CUE,
SOURCE, the names listed in the card's ``dataset_info``), plus ``token_offsets`` and
``text_sha256`` so that the tokens can be rebuilt from the texts when --no-text leaves them out.

Tokens are ``annotator.tokens`` words.  Where a cue or source lies inside a content span, the
later role wins the token (content, then cue, then source), as in the agreement's token alpha.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.formats import LABELS, Item, Options, Tokens, Written, counted, split_files

HF_LABELS = ["O", *(f"{edge}-{label}" for label in LABELS.values() for edge in ("B", "I"))]

TAG = {label: number for number, label in enumerate(HF_LABELS)}


def tags(item: Item, tokens: Tokens) -> list[int]:
    """The BIO tag number of every token."""
    found = [TAG["O"]] * len(tokens.offsets)
    for role, label in LABELS.items():
        for quote in item.positives():
            for span in quote.spans(role):
                covered = tokens.covering(span.start, span.end)
                if covered is None:
                    continue
                found[covered[0]] = TAG[f"B-{label}"]
                for number in range(covered[0] + 1, covered[1] + 1):
                    found[number] = TAG[f"I-{label}"]
    return found


def to_record(item: Item, text: bool = True) -> dict[str, Any]:
    tokens = Tokens(item.text)
    record: dict[str, Any] = {"id": item.annotation.doc_id}
    if text:
        record["tokens"] = [item.text[a:b] for a, b in tokens.offsets]
    record["ner_tags"] = tags(item, tokens)
    record["token_offsets"] = [list(pair) for pair in tokens.offsets]
    record["text_sha256"] = item.annotation.text_sha256
    return record


def write(items: Sequence[Item], out: Path, options: Options) -> Written:
    written = Written()
    with split_files(out, options.splits, ".jsonl") as handles:
        for item in items:
            handles[item.split].write(json.dumps(to_record(item, options.text), ensure_ascii=False) + "\n")
            counted(written, item.split)
            options.advance(1)
    return written
