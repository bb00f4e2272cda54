"""The one conversion from the component's spaCy spans to the annotation model."""

from __future__ import annotations

from typing import Any

from annotator.detect.component import attributions
from annotator.model import (
    DETECTOR_ANNOTATOR,
    Annotation,
    DetectorInfo,
    Quote,
    Span,
    Speaker,
    text_sha256,
)


def to_annotation(doc: Any, doc_id: str, article: str, detector: DetectorInfo) -> Annotation:
    """A draft annotation (annotator 'detector', every quote pending) from a processed Doc."""
    text: str = doc.text
    speakers: dict[str, Speaker] = {}
    quotes: list[Quote] = []
    for found in attributions(doc):
        speaker_id = None
        if found.speaker:
            key = found.speaker.casefold()
            if key not in speakers:
                speakers[key] = Speaker(f"s{len(speakers) + 1}", found.speaker, found.speaker_kind)
            speaker_id = speakers[key].id

        def spans(items: Any) -> tuple[Span, ...]:
            return tuple(sorted(Span.of(text, s.start_char, s.end_char) for s in items))

        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                type=found.type,
                content=spans(found.content),
                cue=spans(found.cue),
                source=spans(found.source),
                speaker=speaker_id,
                confidence=found.confidence,
            )
        )
    return Annotation(
        doc_id=doc_id,
        article=article,
        text_sha256=text_sha256(text),
        annotator=DETECTOR_ANNOTATOR,
        status="draft",
        detector=detector,
        speakers=tuple(speakers.values()),
        quotes=tuple(quotes),
    )


ENTITY_LABELS = {"content": "CONTENT", "cue": "CUE", "source": "SOURCE"}


def to_doc(nlp: Any, annotation: Annotation, text: str) -> tuple[Any, list[str]]:
    """The other direction: a Doc tokenised by ``nlp`` (a blank English pipeline will do) holding
    ``annotation``'s quotes as the component writes them, and what could not be held.

    Every quote not rejected goes into the span groups quote_content / quote_cue / quote_source,
    labelled by its id, with its type and speaker (name and kind) in ``doc._.quote_info``, so that
    ``to_annotation`` reads it back.  The same spans become CONTENT / CUE / SOURCE entities for a
    tagger; overlapping spans cannot all be entities: the longest are kept (spaCy's filter_spans),
    the others named in the lines returned (they stay in the span groups).  Span edges are trimmed
    of white space (spaCy refuses entities that begin or end with it) and widened to whole tokens.
    """
    from spacy.util import filter_spans

    from annotator.detect.component import SPAN_KEYS

    doc = nlp.make_doc(text)
    groups: dict[str, list[Any]] = {key: [] for key in SPAN_KEYS.values()}
    info = []
    entities = []
    problems: list[str] = []
    for quote in annotation.quotes:
        if quote.review == "rejected":
            continue
        for role, span in quote.all_spans():
            start, end = _trimmed(text, span.start, span.end)
            made = doc.char_span(start, end, label=quote.id, alignment_mode="expand") if start < end else None
            if made is None:
                problems.append(f"{annotation.doc_id}: {quote.id} {role} {span.start}-{span.end} covers no token")
                continue
            groups[SPAN_KEYS[role]].append(made)
            entities.append(doc.char_span(made.start_char, made.end_char, label=ENTITY_LABELS[role]))
        speaker = annotation.speaker(quote.speaker)
        info.append(
            {
                "id": quote.id,
                "type": quote.type,
                "speaker": speaker.name if speaker else None,
                "speaker_kind": speaker.kind if speaker else "unknown",
                "confidence": quote.confidence,
            }
        )
    kept = filter_spans(entities)
    doc.ents = kept
    held = {(s.start, s.end) for s in kept}
    problems.extend(
        f"{annotation.doc_id}: {s.label_} {s.start_char}-{s.end_char} overlaps a longer span: "
        "in the span group, not an entity"
        for s in entities
        if (s.start, s.end) not in held
    )
    doc._.quote_info = info
    for key, spans in groups.items():
        doc.spans[key] = spans
    return doc, problems


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
