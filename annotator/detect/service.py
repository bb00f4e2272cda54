"""What the annotator app asks of the detector for one article, in a background thread."""

from __future__ import annotations

from annotator.detect.convert import to_annotation
from annotator.detect.lexicon import lexicon
from annotator.detect.names import clean_name
from annotator.detect.pipeline import info, load
from annotator.detect.speakers import ORG_LABELS, Resolver
from annotator.model import Annotation

Candidate = tuple[str, str]  # (name, kind)


def analyse(text: str, doc_id: str, article: str, model: str | None = None) -> tuple[Annotation, list[Candidate]]:
    """The detector's draft for an article, and the people and organisations it names."""
    nlp = load(model)
    doc = nlp(text)
    return to_annotation(doc, doc_id, article, info(nlp)), candidates(doc)


def candidates(doc: object) -> list[Candidate]:
    """Named people and organisations, canonical names, most mentioned first."""
    lex = lexicon()
    resolver = Resolver(doc, lex)
    counts: dict[Candidate, int] = {}
    for ent in doc.ents:  # type: ignore[attr-defined]
        name = clean_name(ent.text, lex)
        if not name:
            continue
        if ent.label_ == "PERSON":
            key = (resolver.canonical(name), "person")
        elif ent.label_ in ORG_LABELS - {"NORP"}:  # 'Russian' is no one's name
            person = resolver.canonical(name)  # 'Lavrov' tagged ORG is still Sergei Lavrov
            key = (person, "person") if person != name else (name, "organization")
        else:
            continue
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda k: -counts[k])
