"""Who a source refers to: a canonical person or organisation, resolved within the article.

'Lavrov' -> 'Sergei Lavrov' (the longest name with the same surname), 'he' -> the
person quoted or named just before, 'a Pentagon spokesman' -> 'Pentagon', and a
description that names nobody ('a senior official') -> unknown (None).
"""

from __future__ import annotations

from typing import Any

from annotator.detect.attribution import Found
from annotator.detect.lexicon import Lexicon

ORG_LABELS = {"ORG", "NORP", "GPE"}
POSSESSIVE = ("’s", "'s", "’", "'")


def clean_name(name: str, lex: Lexicon) -> str:
    """A name without a possessive ending, a leading 'the' or titles ('Sen.', 'President')."""
    words = name.split()
    while words and words[-1] in POSSESSIVE:
        words.pop()
    if words:
        for suffix in POSSESSIVE:
            if words[-1].endswith(suffix) and len(words[-1]) > len(suffix):
                words[-1] = words[-1][: -len(suffix)]
                break
    while len(words) > 1 and (words[0].lower().rstrip(".") in lex.titles or words[0].lower() == "the"):
        words.pop(0)
    return " ".join(words)


class Resolver:
    """Resolves the sources of one Doc, in reading order."""

    def __init__(self, doc: Any, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.people: list[tuple[int, str]] = []  # (char position, cleaned name) of each PERSON mention
        by_surname: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = clean_name(ent.text, lex)
            if not name:
                continue
            self.people.append((ent.start_char, name))
            surname = name.split()[-1].lower()
            if len(name.split()) > len(by_surname.get(surname, "").split()):
                by_surname[surname] = name
        self.by_surname = by_surname

    def canonical(self, name: str) -> str:
        words = name.split()
        if not words:
            return name
        full = self.by_surname.get(words[-1].lower(), name)
        return full if len(full.split()) >= len(words) else name

    def entity_name(self, first: int, last: int) -> tuple[str, str] | None:
        """A person or organisation named inside the token range, with its kind."""
        span = self.doc[first : last + 1]
        for ent in span.ents:
            possessive = ent.end < len(self.doc) and self.doc[ent.end].text in POSSESSIVE and ent.end <= last
            if ent.label_ == "PERSON" and not possessive:
                return self.canonical(clean_name(ent.text, self.lex)), "person"
        tokens = [t for t in span if not t.is_punct and t.lower_ != "the"]
        if tokens and all(t.pos_ == "PROPN" for t in tokens):  # a name the recogniser missed
            name = clean_name(" ".join(t.text for t in tokens), self.lex)
            if name.split()[-1].lower() in self.by_surname:
                return self.canonical(name), "person"
            if any(e.label_ in ORG_LABELS for e in span.ents):
                return name, "organization"
            return self.canonical(name), "person"
        head = span.root
        named = [e for e in span.ents if e.label_ in ORG_LABELS - {"NORP"}]
        if head.lower_ in self.lex.unit_nouns:  # 'the Russian government', 'Ukraine's general staff'
            words = [
                t.text for t in span if t.lower_ not in ("the", "a", "an") and not t.is_punct or t.text in POSSESSIVE
            ]
            return " ".join(words).replace(" ’s", "’s").replace(" 's", "'s"), "organization"
        for ent in named:
            if head.lower_ in self.lex.spokes_nouns or ent.root.i == head.i:  # 'a Pentagon spokesman'
                return clean_name(ent.text, self.lex), "organization"
        return None

    def last_person_before(self, char: int, window: int = 1500) -> str | None:
        best = None
        for position, name in self.people:
            if position >= char:
                break
            if char - position <= window:
                best = name
        return self.canonical(best) if best else None

    def resolve(self, found: list[Found]) -> None:
        """Fill ``speaker`` and ``speaker_kind`` of each attribution, in reading order."""
        last: Found | None = None
        for item in sorted(found, key=lambda f: f.start):
            if item.inherit and last is not None:
                item.speaker, item.speaker_kind = last.speaker, last.speaker_kind
            elif item.source_tokens is not None:
                self._resolve_source(item, last)
            if item.speaker is not None and item.type == "direct":
                last = item

    def _resolve_source(self, item: Found, last: Found | None) -> None:
        assert item.source_tokens is not None
        first, end = item.source_tokens
        tokens = self.doc[first : end + 1]
        words = [t.lower_ for t in tokens if not t.is_punct]
        if len(words) == 1 and words[0] in self.lex.person_pronouns:
            if last is not None and last.speaker_kind == "person" and item.start - last.content[-1][1] < 2000:
                item.speaker, item.speaker_kind = last.speaker, "person"
            elif name := self.last_person_before(item.source[0] if item.source else item.start):
                item.speaker, item.speaker_kind = name, "person"
            return
        if len(words) == 1 and words[0] in self.lex.group_pronouns:
            if last is not None and last.speaker_kind in ("organization", "group"):
                item.speaker, item.speaker_kind = last.speaker, last.speaker_kind
            return
        if named := self.entity_name(first, end):
            item.speaker, item.speaker_kind = named
