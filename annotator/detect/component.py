"""The ``quote_attribution`` spaCy component.

Add it to any English pipeline with a parser and entity recogniser::

    nlp.add_pipe("quote_attribution")
    doc = nlp(text)
    doc._.quotes                    # list of Attribution, reading order
    doc.spans["quote_content"]      # span groups (labelled with the quote's id), also
    doc.spans["quote_cue"]          # for display and training
    doc.spans["quote_source"]

With a trained model before it (the ``quote_model`` component, ``annotator.detect.learned``), the
model's spans are extra evidence: its attributions that the rules missed are added, each with a
confidence.  ``rules=False`` keeps the model's alone (for comparing them).

Its settings come through the factory's config; its word lists are data
(lexicon.json).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotator.detect.attribution import find_all
from annotator.detect.learned import MODEL_KEY, combine
from annotator.detect.lexicon import lexicon
from annotator.detect.speakers import Resolver
from annotator.model import QuoteType, SpeakerKind

DEFAULT_BELIEFS = True
DEFAULT_RULES = True
SPAN_KEYS = {"content": "quote_content", "cue": "quote_cue", "source": "quote_source"}


@dataclass(frozen=True)
class Attribution:
    """One quotation found in a Doc: spaCy spans plus what the spans cannot say."""

    type: QuoteType
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    speaker: str | None
    speaker_kind: SpeakerKind
    confidence: float


def _quotes(doc: Doc) -> list[Attribution]:
    """``doc._.quotes``, rebuilt from the span groups (labelled by quote id) and the plain
    per-quote facts, so that a Doc keeps its quotes through to_bytes and multiprocessing."""
    info = doc._.quote_info or []
    by_id: dict[str, dict[str, list[Span]]] = {item["id"]: {role: [] for role in SPAN_KEYS} for item in info}
    for role, key in SPAN_KEYS.items():
        for span in doc.spans.get(key, []):
            if span.label_ in by_id:
                by_id[span.label_][role].append(span)
    return [
        Attribution(
            type=item["type"],
            content=tuple(by_id[item["id"]]["content"]),
            cue=tuple(by_id[item["id"]]["cue"]),
            source=tuple(by_id[item["id"]]["source"]),
            speaker=item["speaker"],
            speaker_kind=item["speaker_kind"],
            confidence=item["confidence"],
        )
        for item in info
    ]


if not Doc.has_extension("quote_info"):
    Doc.set_extension("quote_info", default=None)
if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=_quotes)


class QuoteAttribution:
    def __init__(
        self, nlp: Language, name: str, *, beliefs: bool = DEFAULT_BELIEFS, rules: bool = DEFAULT_RULES
    ) -> None:
        self.name = name
        self.beliefs = beliefs
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon()
        found = find_all(doc, lex, beliefs=self.beliefs) if self.rules else []
        if MODEL_KEY in doc.spans:
            found = combine(doc, found, list(doc.spans[MODEL_KEY]), rules=self.rules)
        Resolver(doc, lex).resolve(found)
        groups: dict[str, list[Span]] = {key: [] for key in SPAN_KEYS.values()}
        info = []
        for number, item in enumerate(found, 1):
            quote_id = f"q{number}"
            ranges = {"content": item.content, "cue": item.cue, "source": [item.source] if item.source else []}
            for role, key in SPAN_KEYS.items():
                made = (doc.char_span(a, b, label=quote_id, alignment_mode="expand") for a, b in ranges[role])
                groups[key].extend(span for span in made if span is not None)
            info.append(
                {
                    "id": quote_id,
                    "type": item.type,
                    "speaker": item.speaker,
                    "speaker_kind": item.speaker_kind,
                    "confidence": round(item.confidence, 2),
                }
            )
        doc._.quote_info = info  # plain data: it survives serialisation
        for key, spans in groups.items():
            doc.spans[key] = spans
        return doc


@Language.factory(
    "quote_attribution",
    default_config={"beliefs": DEFAULT_BELIEFS, "rules": DEFAULT_RULES},
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.quote_info", "doc.spans"],
)
def make_quote_attribution(nlp: Language, name: str, beliefs: bool, rules: bool) -> QuoteAttribution:
    """Factory: ``beliefs`` also reports thoughts and intentions ('X thinks Y'); ``rules`` False
    keeps a trained model's attributions alone."""
    return QuoteAttribution(nlp, name, beliefs=beliefs, rules=rules)


def attributions(doc: Doc) -> list[Attribution]:
    quotes: list[Attribution] = doc._.quotes
    return quotes
