"""What the annotator app asks of the detector for one article, in a background thread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.detect.convert import to_annotation
from annotator.detect.lexicon import Lexicon, lexicon
from annotator.detect.names import clean_name
from annotator.detect.pipeline import info, load, parse
from annotator.detect.speakers import ORG_LABELS, Resolver
from annotator.model import Annotation

Candidate = tuple[str, str]  # (name, kind)


def analyse(text: str, doc_id: str, article: str, model: str | None = None) -> tuple[Annotation, list[Candidate]]:
    """The detector's draft for an article, and the people and organisations it names."""
    nlp = load(model)
    doc = parse(nlp, text)
    draft = to_annotation(doc, doc_id, article, info(nlp))
    return draft, candidates(doc, [(s.name, s.kind) for s in draft.speakers])


PLACE_LABELS = {"GPE", "LOC", "FAC"}
CONNECTORS = {"of", "the", "for", "and", "de", "del", "al", "on", "in", "at", "&"}  # lower case inside a name


def candidates(doc: object, speakers: Sequence[Candidate] = ()) -> list[Candidate]:
    """Who could speak in this article, for the speaker picker, most mentioned first: the people
    it names, its organisations, and the speakers the detector resolved (``speakers``).

    Not offered: nationalities ('Ukrainian'), places ('Luhansk') unless the article has them
    speak ('Moscow said', or a source the detector resolved to them), and what the recogniser
    got wrong ('Video via Press TV', 'eastern', 'REUTERS/Yannis Behrakis Kiev').  One entry per
    entity: 'US' and 'U.S.' are one, 'Times' goes into 'New York Times', and a name tagged both
    person and organisation keeps the kind it has most often."""
    lex = lexicon()
    resolver = Resolver(doc, lex)
    ents = list(doc.ents)  # type: ignore[attr-defined]
    nationalities = {_key(clean_name(e.text, lex)) for e in ents if e.label_ == "NORP"}
    places = {_key(clean_name(e.text, lex)) for e in ents if e.label_ in PLACE_LABELS}
    spoke = {_key(clean_name(e.text, lex)) for e in ents if _speaks(e, lex)} | {_key(n) for n, _ in speakers}
    counts: dict[str, dict[str, int]] = {}  # key -> {name: mentions}
    kinds: dict[str, dict[str, int]] = {}  # key -> {kind: mentions}

    def count(name: str, kind: str, weight: int = 1) -> None:
        key = _key(name)
        counts.setdefault(key, {}).setdefault(name, 0)
        counts[key][name] += weight
        kinds.setdefault(key, {}).setdefault(kind, 0)
        kinds[key][kind] += weight

    for ent in ents:
        name = clean_name(ent.text, lex)
        if not name or not _looks_like_a_name(name) or all(t.pos_ == "ADJ" for t in ent):
            continue
        key = _key(name)
        if key in nationalities or (key in places and key not in spoke):
            continue
        if ent.label_ == "PERSON":
            count(resolver.canonical(name), "person")
        elif ent.label_ in ORG_LABELS - {"NORP"}:
            person = resolver.canonical(name)  # 'Lavrov' tagged ORG is still Sergei Lavrov
            if person != name:
                count(person, "person")
            else:
                count(name, "organization")
    for name, kind in speakers:  # resolved sources ('the Russian government') count too
        count(name, kind)
    found = {key: (_most(counts[key]), _most(kinds[key]), sum(counts[key].values())) for key in counts}
    for key in sorted(found, key=lambda k: len(k.split())):  # 'times' into 'new york times'
        name, kind, mentions = found[key]
        longer = [k for k in found if k != key and k.endswith(" " + key) and found[k][1] == kind]
        if kind == "organization" and len(longer) == 1:
            other = found[longer[0]]
            found[longer[0]] = (other[0], other[1], other[2] + mentions)
            del found[key]
    ranked = sorted(found.values(), key=lambda item: -item[2])
    return [(name, kind) for name, kind, _ in ranked]


def _key(name: str) -> str:
    """What two mentions of the same entity share: 'U.S.' and 'US', 'the Kremlin' and 'Kremlin'."""
    words = name.replace(".", "").casefold().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def _looks_like_a_name(name: str) -> bool:
    """Capitalised words (a few connectors aside), no slash or line break: not 'eastern',
    'Video via Press TV', 'REUTERS/Yannis Behrakis Kiev' or '’s European Command'."""
    if "/" in name or "\n" in name or not name[0].isupper():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w in CONNECTORS for w in name.split())


def _speaks(ent: Any, lex: Lexicon) -> bool:
    """The entity is the subject of a speech or belief verb ('Moscow said', 'Kyiv believes')."""
    root = ent.root
    head = root.head
    verbs = lex.speech_verbs | lex.belief_verbs
    return bool(root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in verbs)


def _most(counter: dict[str, int]) -> str:
    return max(counter, key=lambda k: counter[k])
