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
