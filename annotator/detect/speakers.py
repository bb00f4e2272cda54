"""Who a source refers to: a canonical person, organisation or group, resolved within the article.

Rules over the parse, no coreference model: 'Lavrov' -> 'Sergei Lavrov' (the longest name
with the same surname); 'he'/'she' -> the nearest person of a compatible gender (titles and
first names, speakers.json) in its sentence or the one before, else the speaker of the last
direct quote, else the last compatible person named; 'who'/'which' -> the noun its relative
clause hangs on; 'I' -> the byline, when the article has one; 'it'/'they' -> the nearest
organisation; 'the Clinton campaign' and 'a spokesman for the Defense Ministry' -> the
organisation; 'the mayor' -> the person the article gives that title; a description that
names nobody ('a senior official') -> unknown (None).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from annotator.detect.attribution import Found
from annotator.detect.lexicon import Lexicon
from annotator.detect.names import DETERMINERS, POSSESSIVE, byline, clean_name, clean_org, verb_forms
from annotator.detect.speaker_words import SpeakerWords, speaker_words
from annotator.quotes import scan

ORG_LABELS = {"ORG", "NORP", "GPE"}
MENTION_ORGS = {"ORG", "GPE"}  # what 'it' and 'they' may stand for
SUBJECTS = {"nsubj", "nsubjpass"}
RECENT_QUOTE = 2000  # characters within which a pronoun may take the last direct quote's speaker
RECENT_PERSON = 1500  # characters within which it may take the last person named


@dataclass(frozen=True)
class Mention:
    """A person or organisation named outside quotation marks, for pronouns to refer to."""

    char: int
    name: str
    kind: str
    gender: str | None = None
    subject: bool = False  # the subject of its clause: what a pronoun after it most likely means


class Resolver:
    """Resolves the sources of one Doc, in reading order."""

    def __init__(self, doc: Any, lex: Lexicon, words: SpeakerWords | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.words = words or speaker_words()
        self.verbs = verb_forms(lex, self.words.irregular_verb_forms)
        self.text: str = doc.text  # built from the tokens on each access: read once
        self.quoted = sorted(part for q in scan(self.text) for part in q.parts)
        self.quote_starts = [a for a, _ in self.quoted]
        people: list[tuple[int, str, str | None, bool]] = []  # (char, cleaned name, gender, subject)
        self.orgs: list[Mention] = []
        self.by_surname: dict[str, str] = {}
        self.titled: dict[str, set[str]] = {}  # 'mayor' -> the names that title stands before
        self.ents = list(doc.ents)  # Doc.ents and Span.ents build every entity anew at each access
        self.ent_starts = [ent.start for ent in self.ents]
        for ent in self.ents:
            subject = ent.root.dep_ in SUBJECTS
            name = self.person_name(ent.start, ent.end - 1) if ent.label_ == "PERSON" else ""
            organisation = ent.label_ in MENTION_ORGS or self.is_org_name(name)  # 'Globex Corporation'
            if organisation and not self.in_quote(ent.start_char):
                self.orgs.append(Mention(ent.start_char, clean_org(ent.text), "organization", subject=subject))
            if not name or organisation:
                continue
            title = self.title_before(ent)
            first = name.split()[0] if len(name.split()) > 1 else ""
            gender = self.words.gender_of_word(title) or self.words.gender_of_word(first)
            people.append((ent.start_char, name, gender, subject))
            surname = name.split()[-1].lower()
            if len(name.split()) > len(self.by_surname.get(surname, "").split()):
                self.by_surname[surname] = name
            if title:
                self.titled.setdefault(self.words.title(title), set()).add(name)
        self.org_names: dict[str, str] = {}  # last word -> the longest organisation name ending in it
        for org in self.orgs:
            key = org.name.split()[-1].lower() if org.name else ""
            if key and len(org.name) > len(self.org_names.get(key, "")):
                self.org_names[key] = org.name
        genders: dict[str, str] = {}
        for _, name, gender, _ in people:
            if gender:
                genders.setdefault(self.canonical(name), gender)
        self.people = [
            Mention(char, self.canonical(name), "person", gender or genders.get(self.canonical(name)), subject)
            for char, name, gender, subject in people
        ]
        self.byline = byline(self.text)

    # --- names ------------------------------------------------------------------------------

    def canonical(self, name: str) -> str:
        words = name.split()
        if not words:
            return name
        full = self.by_surname.get(words[-1].lower(), name)
        return full if len(full.split()) >= len(words) else name

    def canonical_org(self, name: str) -> str:
        """'Times' -> 'New York Times' when the article names it in full."""
        full = self.org_names.get(name.split()[-1].lower(), name) if name else name
        return full if full.endswith(name) else name

    def person_name(self, first: int, last: int) -> str:
        """The cleaned name of tokens ``first..last``, cut before a cue verb in headline case
        ('Sanders Says Party Must Change' names Sanders)."""
        for i in range(first + 1, last + 1):
            tok = self.doc[i]
            if tok.is_title and tok.lower_ in self.verbs:
                last = i - 1
                break
        start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
        if first == last and first > 1 and self.doc[first - 1].text == "]" and self.doc[first - 2].is_title:
            # '[China expert Vasily] Kashin': a first name in the editor's brackets
            return clean_name(f"{self.doc[first - 2].text} {self.doc[first].text}", self.lex)
        return clean_name(self.text[start:end], self.lex)

    def is_org_name(self, name: str) -> bool:
        """A name ending in an organisation's word ('Globex Corporation', 'Workers Union')."""
        words = name.split()
        return len(words) > 1 and words[-1].lower().rstrip(".") in self.words.org_words | self.lex.unit_nouns

    def title_before(self, ent: Any) -> str:
        """The title at the front of a person's mention ('Mayor Maria Lopez', 'Ms. Jordan')."""
        candidates = [ent[0]] + ([self.doc[ent.start - 1]] if ent.start > 0 else [])
        for tok in candidates:
            word = tok.lower_.rstrip(".")
            if word in self.lex.titles or self.words.gender_of_word(word) and not tok.ent_type_ == "PERSON":
                return str(word)
        return ""

    def ents_in(self, span: Any) -> list[Any]:
        """The entities inside ``span`` (as ``span.ents``, without going over the whole Doc)."""
        i = bisect.bisect_left(self.ent_starts, span.start)
        found = []
        while i < len(self.ents) and self.ents[i].start < span.end:
            if self.ents[i].end <= span.end:
                found.append(self.ents[i])
            i += 1
        return found

    def in_quote(self, char: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, char) - 1
        return i >= 0 and self.quoted[i][0] <= char < self.quoted[i][1]

    # --- descriptions -------------------------------------------------------------------------

    def entity_name(self, first: int, last: int) -> tuple[str, str] | None:
        """A person, organisation or group named inside the token range, with its kind.
        Organisations are checked before people: 'the Clinton campaign' is not Clinton."""
        span = self.doc[first : last + 1]
        head = span.root
        if head.ent_type_ != "PERSON" and head.lower_ in self.lex.unit_nouns:  # 'the Russian government'
            words = [t.text for t in span if t.lower_ not in DETERMINERS and not t.is_punct or t.text in POSSESSIVE]
            return " ".join(words).replace(" ’s", "’s").replace(" 's", "'s"), "organization"
        if head.ent_type_ != "PERSON" and head.lower_ in self.lex.spokes_nouns:
            return self.principal(span, head)
        if head.ent_type_ == "" and head.pos_ == "NOUN" and head.lemma_.lower() in self.lex.work_nouns:
            return self.principal(span, head)  # 'a Quinnipiac University poll', 'a video by the RNC'
        ents = sorted(self.ents_in(span), key=lambda e: not (e.start <= head.i < e.end))  # the head's own name first
        for ent in ents:
            possessive = ent.end < len(self.doc) and self.doc[ent.end].text in POSSESSIVE and ent.end <= last
            if ent.label_ == "PERSON" and not possessive:
                name = self.person_name(ent.start, ent.end - 1)
                return (clean_org(name), "organization") if self.is_org_name(name) else (self.canonical(name), "person")
        tokens = [t for t in span if not t.is_punct and t.lower_ != "the"]
        inner = [t for t in tokens[1:-1] if t.lower_ in ("and", "&", "of")]
        if inner and all(t.pos_ == "PROPN" for t in tokens if t not in inner):
            name = clean_org(" ".join(t.text for t in tokens))  # 'the Central and East European Coalition'
            if any(e.label_ in ORG_LABELS - {"NORP"} for e in self.ents_in(span)) or self.is_org_name(name):
                return name, "organization"
        if tokens and all(t.pos_ == "PROPN" for t in tokens):  # a name the recogniser missed
            name = self.person_name(tokens[0].i, tokens[-1].i)
            if name.split()[-1].lower() in self.by_surname:
                return self.canonical(name), "person"
            if any(e.label_ in ORG_LABELS for e in self.ents_in(span)) or self.is_org_name(name):
                return clean_org(name), "organization"
            return self.canonical(name), "person"
        for ent in self.ents_in(span):
            if ent.label_ in ORG_LABELS - {"NORP"} and ent.root.i == head.i:
                return clean_org(ent.text), "organization"
        if head.ent_type_ == "NORP" or (head.lower_ in self.words.group_nouns and head.tag_ == "NNS"):
            return head.text, "group"  # 'Democrats argued', 'protesters chanted'
        modifiers = all(t.i == head.i or t.dep_ in ("det", "amod", "compound") for t in span if not t.is_punct)
        names = {self.canonical(n) for n in self.titled.get(self.words.title(head.text), ())}
        if modifiers and len(names) == 1:
            return names.pop(), "person"  # 'the Vermont senator', named with that title
        return None

    def principal(self, span: Any, head: Any) -> tuple[str, str] | None:
        """Whom a spokesperson or official speaks for: 'a Pentagon spokesman', 'a spokesman for
        the Defense Ministry', 'officials at the WHO'; a person's spokesman speaks for the person."""
        for ent in self.ents_in(span):
            if ent.label_ == "PERSON":
                return self.canonical(self.person_name(ent.start, ent.end - 1)), "person"
        for ent in self.ents_in(span):
            if ent.label_ in ORG_LABELS:
                return clean_org(ent.text), "organization"
        for prep in head.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.dep_ == "prep" else []
            if objects and (objects[0].pos_ == "PROPN" or objects[0].lower_ in self.lex.unit_nouns):
                words = [t.text for t in objects[0].subtree if t.lower_ not in DETERMINERS]
                return " ".join(words), "organization"
        return None

    # --- resolution ---------------------------------------------------------------------------

    def resolve(self, found: list[Found]) -> None:
        """Fill ``speaker`` and ``speaker_kind`` of each attribution, in reading order."""
        last: Found | None = None
        previous: Found | None = None
        for item in sorted(found, key=lambda f: f.start):
            if item.inherit and last is not None:
                item.speaker, item.speaker_kind = last.speaker, last.speaker_kind
            elif item.source_tokens is not None:
                self._resolve_source(item, last, previous)
            if item.speaker is not None and item.type == "direct":
                last = item
            previous = item

    def _resolve_source(self, item: Found, last: Found | None, previous: Found | None = None) -> None:
        assert item.source_tokens is not None
        first, end = item.source_tokens
        words = [t for t in self.doc[first : end + 1] if not t.is_punct]
        word = words[0].lower_ if len(words) == 1 else ""
        if word in self.words.relative_pronouns and (antecedent := self.antecedent(words[0])) is not None:
            first, end = antecedent
        elif gender := self.words.gender_of_pronoun(word):
            if person := self.person_for(words[0], gender, item, last, previous):
                item.speaker, item.speaker_kind = person, "person"
            return
        elif word in self.words.author_pronouns:
            if self.byline:
                item.speaker, item.speaker_kind = self.byline, "person"
            return
        elif word in self.lex.group_pronouns or word in self.words.thing_pronouns:
            if org := self.nearest(words[0], self.orgs):
                item.speaker, item.speaker_kind = org.name, org.kind
            elif word in self.lex.group_pronouns and last and last.speaker_kind in ("organization", "group"):
                item.speaker, item.speaker_kind = last.speaker, last.speaker_kind
            return
        if any(t.dep_ == "conj" and t.head.i == self.doc[first : end + 1].root.i for t in self.doc[first : end + 1]):
            text = self.doc[first : end + 1].text.replace(", and ", " and ")
            item.speaker, item.speaker_kind = text[4:] if text.startswith("The ") else text, "group"
            return  # 'Belgium, Ireland, and the Netherlands', 'Trump and Pence'
        named = self.entity_name(first, end)
        root = self.doc[first : end + 1].root
        if named is None or root.lower_ in self.lex.spokes_nouns:
            # 'the country's deputy defense minister, Alexander Fomin, hailed'; a spokesperson
            # named speaks for himself ('a spokesman for the ministry, Peter Carr, said')
            named = next(
                (
                    self.entity_name(c.left_edge.i, c.i)
                    for t in self.doc[first : end + 1]
                    for c in t.children
                    if c.dep_ == "appos" and c.i > end and c.ent_type_ == "PERSON"
                ),
                named,
            )
        if named:
            item.speaker, item.speaker_kind = named
            if named[1] == "organization":
                item.speaker = self.canonical_org(named[0])
                if together := self.coordinated(first, end):
                    item.speaker, item.speaker_kind = together, "group"

    def coordinated(self, first: int, last: int) -> str | None:
        """'Belgium, Ireland, and the Netherlands announced': the names joined to the source by
        commas and 'and', read off the words, since the parser often attaches them elsewhere."""
        doc = self.doc
        names: list[str] = []
        i = first - 1
        if i < 1 or doc[i].lower_ != "and":
            return None
        i -= 2 if doc[i - 1].text == "," else 1
        while i >= 0 and doc[i].ent_type_ in MENTION_ORGS:
            start = i
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            names.insert(0, doc[start : i + 1].text)
            if start < 2 or doc[start - 1].text != ",":
                break
            i = start - 2
        return f"{', '.join(names)} and {doc[first : last + 1].text}" if names else None
        i -= 1 if self.doc[i - 1].text == "," else 0
        while i >= 2 and self.doc[i - 1].ent_type_ in MENTION_ORGS and self.doc[i - 1].ent_iob_ == "B":
            names.insert(0, self.doc[i - 1].text)
            if self.doc[i - 2].text != ",":
                break
            i -= 2
        return None

    def antecedent(self, pronoun: Any) -> tuple[int, int] | None:
        """The noun a relative clause hangs on ('Maria Lopez, who said'); through an apposition
        to the name it describes ('Ana Silva, a nurse who said')."""
        clause = pronoun.head
        if clause.dep_ != "relcl" or clause.head.i == clause.i:
            return None
        noun = clause.head
        if noun.dep_ == "appos" and noun.head.i < noun.i:
            noun = noun.head
        return noun.left_edge.i if noun.left_edge.i <= noun.i else noun.i, noun.i

    def person_for(
        self, pronoun: Any, gender: str, item: Found, last: Found | None, previous: Found | None = None
    ) -> str | None:
        """'he'/'she': the nearest person of a compatible gender in the pronoun's sentence or the
        one before; else, when a description is the source just before in its sentence, whoever
        that is (maybe nobody known); else the last direct quote's speaker, else the last such
        person named."""
        compatible = [m for m in self.people if m.gender in (None, gender)]
        if near := self.nearest(pronoun, compatible):
            return near.name
        if (described := self.described(pronoun, previous)) is not None:
            return described.speaker if described.speaker_kind == "person" else None
        if (
            last is not None
            and last.speaker_kind == "person"
            and item.start - last.content[-1][1] < RECENT_QUOTE
            and self.gender_of(last.speaker) in (None, gender)
        ):
            return last.speaker
        char = item.source[0] if item.source else item.start
        before = [m for m in compatible if m.char < char and char - m.char <= RECENT_PERSON]
        return before[-1].name if before else None

    def described(self, pronoun: Any, previous: Found | None) -> Found | None:
        """The attribution just before, when a description with no name is its source in the
        pronoun's sentence and no person is named between them: 'The county's fire officer
        warned that ..., and he asked drivers to stay away' ('he' is the officer, whoever a
        quote before named; unknown when the officer is)."""
        if previous is None or previous.source_tokens is None or previous.speaker_kind not in ("person", "unknown"):
            return None
        first, end = previous.source_tokens
        head = self.doc[first : end + 1].root
        if head.pos_ != "NOUN" or head.ent_type_ or head.sent.start != pronoun.sent.start or head.i > pronoun.i:
            return None
        if any(head.idx < m.char < pronoun.idx for m in self.people):
            return None
        return previous

    def gender_of(self, name: str | None) -> str | None:
        return next((m.gender for m in self.people if m.name == name and m.gender), None)

    def nearest(self, tok: Any, mentions: list[Mention]) -> Mention | None:
        """The last of ``mentions`` before ``tok``, outside quotation marks, in its sentence or
        the one before (sentences wholly inside quotation marks do not count); the last subject
        among them if there is one ('Moscow expelled diplomats from Lithuania. It said...')."""
        sent = tok.sent
        start = sent.start
        while start > 0:
            before = self.doc[start - 1].sent
            start = before.start
            if not (self.in_quote(before.start_char) and self.in_quote(before.end_char - 1)):
                break
        window = self.doc[start].idx
        found = [m for m in mentions if window <= m.char < tok.idx and not self.in_quote(m.char)]
        subjects = [m for m in found if m.subject]
        return (subjects or found)[-1] if found else None
