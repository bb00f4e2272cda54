"""The ``quote_attribution`` spaCy component.

Add it to any English pipeline with a parser and entity recogniser::

    nlp.add_pipe("quote_attribution")
    doc = nlp(text)
    doc._.quotes                    # list of Attribution, reading order
    doc.spans["quote_content"]      # span groups for display and training

Its settings come through the factory's config; its word lists are data
(lexicon.json).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotator.detect.attribution import CharRange, find_all
from annotator.detect.lexicon import lexicon
from annotator.detect.speakers import Resolver

DEFAULT_BELIEFS = True
SPAN_KEYS = {"content": "quote_content", "cue": "quote_cue", "source": "quote_source"}


@dataclass(frozen=True)
class Attribution:
    """One quotation found in a Doc: spaCy spans plus what the spans cannot say."""

    type: str
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    speaker: str | None
    speaker_kind: str
    confidence: float


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuoteAttribution:
    def __init__(self, nlp: Language, name: str, *, beliefs: bool = DEFAULT_BELIEFS) -> None:
        self.name = name
        self.beliefs = beliefs

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon()
        found = find_all(doc, lex, beliefs=self.beliefs)
        Resolver(doc, lex).resolve(found)

        def spans(ranges: list[CharRange], label: str) -> tuple[Span, ...]:
            made = (doc.char_span(a, b, label=label, alignment_mode="expand") for a, b in ranges)
            return tuple(s for s in made if s is not None)

        quotes = [
            Attribution(
                type=f.type,
                content=spans(f.content, f.type),
                cue=spans(f.cue, "cue"),
                source=spans([f.source] if f.source else [], "source"),
                speaker=f.speaker,
                speaker_kind=f.speaker_kind,
                confidence=round(f.confidence, 2),
            )
            for f in found
        ]
        doc._.quotes = quotes
        for role, key in SPAN_KEYS.items():
            doc.spans[key] = [span for q in quotes for span in getattr(q, role)]
        return doc


@Language.factory(
    "quote_attribution",
    default_config={"beliefs": DEFAULT_BELIEFS},
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.quotes", "doc.spans"],
)
def make_quote_attribution(nlp: Language, name: str, beliefs: bool) -> QuoteAttribution:
    """Factory: ``beliefs`` also reports thoughts and intentions ('X thinks Y')."""
    return QuoteAttribution(nlp, name, beliefs=beliefs)


def attributions(doc: Doc) -> list[Any]:
    quotes: list[Any] = doc._.quotes or []
    return quotes
