"""spaCy: one ``<split>.spacy`` DocBin per split and a ``config.cfg`` that trains a ner on them.

The Docs are made by ``annotator.detect.convert.to_doc``, the inverse of the conversion the
quote_attribution component's output goes through, so that the span groups are exactly the
component's (quote_content, quote_cue, quote_source, labelled by quote id) and
``doc._.quote_info`` carries each quote's type and speaker.  spaCy is imported only here, and
only inside ``annotator.detect``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from annotator.formats import Item, Options, Written
from annotator.model import Annotation


def write(items: Sequence[Item], out: Path, options: Options) -> Written:
    from annotator.detect import dataset

    written = Written()
    nlp = dataset.blank()
    for name in options.splits:
        chosen = [item for item in items if item.split == name]

        def articles(chosen: list[Item] = chosen) -> Iterator[tuple[Annotation, str]]:
            for item in chosen:
                yield item.annotation, item.text
                options.advance(1)

        (out / f"{name}.spacy").write_bytes(dataset.docbin(nlp, articles(), written.notes))
        written.counts[name] = len(chosen)
    model, width = dataset.source_model()
    (out / "config.cfg").write_text(dataset.config(model, width), encoding="utf-8")
    return written
