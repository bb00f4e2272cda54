"""A trained quote model (``annotator train``) as extra evidence for ``quote_attribution``.

The ``quote_model`` component runs the trained tok2vec + ner over the very tokens of the Doc and
puts its CONTENT / CUE / SOURCE spans in ``doc.spans["quote_model"]``; it leaves ``doc.ents``
alone (the speakers need the English pipeline's PERSON and ORG).  ``quote_attribution`` then
calls ``combine``: the rules keep what they do best (quotation marks, interrupted quotes,
speakers), and the model proposes the attributions the rules missed, each with a confidence
measured for proposals like it (short contents are the least often right: tentative).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from annotator.detect.base import SENTENCE_END, CharRange, Found
from annotator.model import Span as TextSpan
from annotator.quotes import paragraphs, quote_type_of

MODEL_KEY = "quote_model"
CUE_WINDOW = 12  # tokens between a content and its cue, at most
SOURCE_WINDOW = 6  # tokens between a cue and its source, at most
# Confidence of a proposal the rules did not make, by the length of its content: the precision
# of such proposals on the held-out share of PolNeAR train (bench/train.py prints it again):
# 0.58 for one to three words, 0.70 for four to fifteen, 0.82 from sixteen on.
CONFIDENCE = {"short": 0.55, "clause": 0.7, "long": 0.8}
SHORT, LONG = 3, 16  # words of content: up to SHORT is short, from LONG on long
AGREED = 0.9  # a rule quote the model found too (0.85 of the indirect ones are right, 0.95 of the direct)


class QuoteModel:
    """Runs a trained pipeline's components over the Doc's own tokens (so that offsets agree)."""

    def __init__(self, nlp: Language, name: str, *, path: str) -> None:
        self.name = name
        self.path = path
        self.trained = spacy.load(path)

    def __call__(self, doc: Doc) -> Doc:
        copy = Doc(self.trained.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        for _, component in self.trained.pipeline:
            copy = component(copy)
        doc.spans[MODEL_KEY] = [Span(doc, e.start, e.end, label=e.label_) for e in copy.ents]
        return doc


@Language.factory(MODEL_KEY, default_config={"path": ""}, assigns=["doc.spans"])
def make_quote_model(nlp: Language, name: str, path: str) -> QuoteModel:
    """Factory: ``path`` is the folder ``annotator train`` wrote."""
    return QuoteModel(nlp, name, path=path)


@dataclass
class Proposal:
    """One attribution as the model sees it: token ranges, half-open."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None


def proposals(doc: Any, spans: list[Any]) -> list[Proposal]:
    """The model's spans grouped into attributions: each CONTENT (two joined when only a cue and
    source stand between them in one paragraph: “A,” she said, “B.”) with the nearest CUE in its
    paragraph, and the SOURCE nearest that cue."""
    text: str = doc.text
    paras = paragraphs(text)

    def para(token: int) -> int:
        char = doc[min(token, len(doc) - 1)].idx
        return next((n for n, (a, b) in enumerate(paras) if a <= char < b), -1)

    ordered = sorted(spans, key=lambda s: s.start)
    contents = [s for s in ordered if s.label_ == "CONTENT"]
    cues = [s for s in ordered if s.label_ == "CUE"]
    sources = [s for s in ordered if s.label_ == "SOURCE"]
    found: list[Proposal] = []
    for span in contents:
        last = found[-1] if found else None
        if last is not None and para(last.content[-1][0]) == para(span.start):
            gap = doc[last.content[-1][1] : span.start]
            between = sorted(s.label_ for s in ordered if gap.start <= s.start and s.end <= gap.end)
            words = sum(1 for t in gap if not t.is_punct)
            covered = sum(s.end - s.start for s in ordered if gap.start <= s.start and s.end <= gap.end)
            ends = any(t.text in SENTENCE_END for t in gap)
            if between in (["CUE"], ["CUE", "SOURCE"]) and words <= covered and not ends:
                last.content.append((span.start, span.end))
                continue
        found.append(Proposal([(span.start, span.end)]))
    for item in found:
        first, end = item.content[0][0], item.content[-1][1]
        near = [(_distance(c, first, end), c) for c in cues if para(c.start) == para(first)]
        near = [(d, c) for d, c in near if d <= CUE_WINDOW]
        if not near:
            continue
        cue = min(near, key=lambda x: x[0])[1]
        item.cue = (cue.start, cue.end)
        near_sources = [(_distance(s, cue.start, cue.end), s) for s in sources if para(s.start) == para(cue.start)]
        near_sources = [(d, s) for d, s in near_sources if d <= SOURCE_WINDOW]
        if near_sources:
            source = min(near_sources, key=lambda x: x[0])[1]
            item.source = (source.start, source.end)
    return found


def _distance(span: Any, start: int, end: int) -> int:
    """Tokens between ``span`` and the range [start, end); 0 when they touch or overlap."""
    return int(max(0, span.start - end, start - span.end))


def combine(doc: Any, found: list[Found], spans: list[Any], *, rules: bool = True) -> list[Found]:
    """The rules' attributions, and the model's proposals that no rule quote overlaps (but no
    quoted passage: the rules judged each one, and passed over titles and scare quotes).

    A rule quote the model also found is more certain (``AGREED``); a proposal's confidence is the
    precision measured for proposals of its length (``CONFIDENCE``).  With ``rules`` False: the
    model's proposals alone."""
    kept = list(found) if rules else []
    for proposal in proposals(doc, spans):
        content = [_chars(doc, a, b) for a, b in proposal.content]
        overlapping = [item for item in kept if any(_overlap(r, c) for r in item.content for c in content)]
        for item in overlapping:
            item.confidence = max(item.confidence, AGREED)
        if overlapping:
            continue
        added = _found(doc, proposal, content)
        if rules and added.type == "direct":
            continue  # quotation marks are the rules' ground: a passage they passed over is a title or scare quote
        kept.append(added)
    kept.sort(key=lambda f: f.start)
    return kept


def _found(doc: Any, proposal: Proposal, content: list[CharRange]) -> Found:
    text: str = doc.text
    kind = quote_type_of(text, [TextSpan.of(text, a, b) for a, b in content])
    words = sum(1 for a, b in proposal.content for t in doc[a:b] if not t.is_punct)
    length = "short" if words <= SHORT else "long" if words >= LONG else "clause"
    item = Found(kind, content, confidence=CONFIDENCE[length])
    if proposal.cue is not None:
        item.cue = [_chars(doc, *proposal.cue)]
    if proposal.cue is not None and proposal.source is not None:
        item.source = _chars(doc, *proposal.source)
        item.source_tokens = (proposal.source[0], proposal.source[1] - 1)
    return item


def _chars(doc: Any, start: int, end: int) -> CharRange:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def _overlap(a: CharRange, b: CharRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]
