"""The finder's ground: positions, cue words, sources and the zones around a quote.

Quotation marks are found on the characters (``annotator.quotes``), since the parser often
splits sentences inside quotes; cues and sources come from the tokens and the dependency
parse.  Results are character ranges; ``component`` turns them into spaCy spans.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from annotator.detect.lexicon import Lexicon
from annotator.quotes import OPENING, Quoted, inner, paragraphs, scan

Token = Any  # spacy.tokens.Token: kept loose so that mypy needs no spaCy stubs
CharRange = tuple[int, int]

SENTENCE_END = {".", "!", "?"}
DASHES = {"―", "—", "–", "-", "--"}
NOT_SOURCES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"}
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLIMB_DEPS = {"advcl", "xcomp", "conj", "ccomp", "parataxis", "pcomp", "acomp"}
NAMING_VERBS = {"call", "describe", "label", "brand", "dub", "term", "hail", "praise", "characterize"}


@dataclass
class Found:
    """One attribution as character ranges, before speaker resolution."""

    type: str
    content: list[CharRange]
    cue: list[CharRange] = field(default_factory=list)
    source: CharRange | None = None
    confidence: float = 0.5
    speaker: str | None = None
    speaker_kind: str = "unknown"
    inherit: bool = False  # speaker carried over from the quote before (continuation)
    source_tokens: tuple[int, int] | None = None  # token range of the source, for resolution

    @property
    def start(self) -> int:
        return self.content[0][0]


class Finder:
    """Finds every attribution in one Doc."""

    def __init__(self, doc: Any, lex: Lexicon, *, beliefs: bool = True) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.lex = lex
        self.beliefs = beliefs
        self.starts = [t.idx for t in doc]
        self.quoted = scan(self.text)
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.in_quote = [False] * len(doc)
        for q in self.quoted:
            for a, b in q.parts:
                for i in range(self.token_at(a), self.token_at(b - 1) + 1):
                    self.in_quote[i] = True
        self.used_cues: set[int] = set()
        self.plain_speech = lex.speech_verbs - lex.counted_verbs  # speech verbs not merely counted
        self.phrase_starts = {phrase[0] for phrase in lex.phrases}
        # nouns that cue a that- or to-clause: 'his claim that', and speech verbs the model
        # tagged as nouns ('Lopez plans to'), but not counted verbs ('in order to')
        self.noun_cues = lex.cue_nouns | (lex.speech_verbs - lex.counted_verbs) | lex.belief_verbs

    # --- positions -----------------------------------------------------------------------

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def para_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    def char_range(self, first: int, last: int) -> CharRange:
        """Characters of tokens ``first..last`` inclusive."""
        tok = self.doc[last]
        return self.doc[first].idx, tok.idx + len(tok.text)

    # --- cues and sources ----------------------------------------------------------------

    def lemma(self, tok: Token) -> str:
        """The token's lemma, lower case, corrected where the small model gets it wrong
        ('hoping' -> 'hop')."""
        return self.lex.lemma_fixes.get(tok.lower_) or str(tok.lemma_).lower()

    def is_cue(self, tok: Token, *, beliefs: bool | None = None) -> bool:
        if self.in_quote[tok.i] or not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return False
        lemma = self.lemma(tok)
        allow_beliefs = self.beliefs if beliefs is None else beliefs
        return lemma in self.lex.speech_verbs or (allow_beliefs and lemma in self.lex.belief_verbs)

    def is_object_cue(self, tok: Token) -> bool:
        """A verb whose noun-phrase object may be what is reported ('cited derogatory comments')."""
        return (
            self.beliefs
            and tok.pos_ == "VERB"
            and not self.in_quote[tok.i]
            and self.lemma(tok) in self.lex.object_verbs
        )

    def phrase_at(self, i: int) -> int:
        """Length of a cue phrase ('according to') starting at token ``i``, or 0."""
        if self.doc[i].lower_ not in self.phrase_starts:
            return 0
        for phrase in self.lex.phrases:
            end = i + len(phrase)
            if end <= len(self.doc) and all(self.doc[i + k].lower_ == w for k, w in enumerate(phrase)):
                return len(phrase)
        return 0

    def cue_range(self, verb: Token) -> CharRange:
        """The verb with the auxiliaries and particle right beside it ('has said', 'pointed out')."""
        first = last = verb.i
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - verb.i) <= 3:
                first, last = min(first, child.i), max(last, child.i)
        return self.char_range(first, last)

    def subject(self, verb: Token) -> Token | None:
        """The cue's subject, else that of the clause governing it: a participle or infinitive
        ('..., adding that', 'by saying', 'was quick to say') speaks for the governing subject;
        one attached to a name speaks for that name ('footage of Clinton asking')."""
        paragraph = self.para_of(verb.idx)
        for _ in range(6):
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS and not self.in_quote[child.i] and self.may_speak(child):
                    if self.para_of(child.idx) != paragraph:
                        continue  # a headline the parser glued to the sentence under it ('Flood Warnings')
                    return child
            head = verb.head
            if head.i == verb.i:
                break
            if verb.dep_ == "acl" and head.pos_ in ("PROPN", "PRON"):
                return head
            if verb.dep_ == "xcomp" and self.lemma(head) in self.lex.causing_verbs:
                moved = [c for c in head.children if c.dep_ == "dobj" and head.i < c.i < verb.i]
                if moved and self.may_speak(moved[0]):
                    return moved[0]  # 'the debate led Republicans to say', 'leaving many to wonder'
            if verb.dep_ in CLIMB_DEPS or (verb.dep_ == "acl" and verb.tag_ in ("VBG", "VB")):
                verb = head  # through 'by'/'after' to their verb; from 'a statement saying' to 'issued'
            elif verb.dep_ in ("dobj", "pobj", "prep") and verb.i in self._climbed(verb):
                verb = head
            else:
                break
        return None

    def may_speak(self, tok: Token) -> bool:
        """Not a date or a number, unless a number of people ('one of the family's attorneys',
        'two of his aides', a number saying: 'one in four said'); never a dash the parser took
        for a noun ('made public ― Trump boasted')."""
        if not any(ch.isalnum() for ch in tok.text):
            return False
        if tok.ent_type_ not in NOT_SOURCES:
            return True
        if tok.dep_ == "nsubj" and tok.ent_type_ == "CARDINAL" and self.lemma(tok.head) in self.plain_speech:
            return True  # a share of those polled: 'one in four said', 'at least 21,000 said'
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)

    def _climbed(self, tok: Token) -> set[int]:
        """Tokens a climb may pass on its way up: prepositions and the nouns a participle hangs on."""
        if tok.dep_ == "prep":
            return {tok.i}
        return {tok.i} if any(c.dep_ == "acl" for c in tok.children) and tok.pos_ == "NOUN" else set()

    def noun_phrase(self, head: Token) -> tuple[int, int]:
        """Token range of a source: the head's subtree, cut before a comma or a relative clause
        (the commas of a coordination stay: 'Belgium, Ireland, and the Netherlands')."""
        first, last = head.left_edge.i, head.right_edge.i
        conjuncts = [c.i for c in head.children if c.dep_ == "conj" and c.i > head.i and not self.in_quote[c.i]]
        for i in range(max([head.i, *conjuncts]) + 1, last + 1):
            tok = self.doc[i]
            verb = tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")
            if tok.text in (",", "(", "—", "–") or tok.dep_ in ("relcl", "acl") or self.in_quote[i] or verb:
                last = i - 1
                break
        while first < head.i and (self.in_quote[first] or self.doc[first].is_punct):
            first += 1
        return first, max(first, last)

    def attribution_in(
        self, tokens: list[Token], nearest_last: bool, any_verb: bool = False
    ) -> tuple[CharRange, tuple[int, int] | None] | None:
        """A cue (and its source) among ``tokens``, the one nearest the quote.  Before a
        colon any verb introduces the quote ('scolded him: “...”')."""
        if not nearest_last and (dash := self.dash_before_name(tokens)):
            dash_range, name = dash
            while name.dep_ == "compound" and name.head.i > name.i:
                name = name.head
            return dash_range, self.noun_phrase(name)  # “...” ― Name
        order = reversed(tokens) if nearest_last else iter(tokens)
        for tok in order:
            if length := self.phrase_at(tok.i):
                cue = self.char_range(tok.i, tok.i + length - 1)
                objects = [c for c in self.doc[tok.i + length - 1].children if c.dep_ == "pobj"]
                return cue, self.noun_phrase(objects[0]) if objects else None
            verb = any_verb and tok.pos_ == "VERB" and not self.in_quote[tok.i]
            if verb or self.is_cue(tok, beliefs=False):
                self.used_cues.add(tok.i)
                subject = self.subject(tok)
                source = (
                    self.noun_phrase(subject)
                    if subject is not None
                    else self.nearby_name(tokens, tok) or (None if nearest_last else self.phrase_beside(tokens, tok))
                )
                return self.cue_range(tok), source
        return None

    def dash_before_name(self, tokens: list[Token]) -> tuple[CharRange, Token] | None:
        """The dash of '“...” ― Name', also when it is glued to the closing mark ('”― Name')."""
        tokens = [t for t in tokens if not t.is_space]
        if len(tokens) >= 2 and tokens[0].text in DASHES and tokens[1].pos_ == "PROPN":
            return self.char_range(tokens[0].i, tokens[0].i), tokens[1]
        lead = self.text[: tokens[0].idx].rstrip() if tokens else ""
        if lead and lead[-1] in "―—–" and tokens[0].pos_ == "PROPN":
            return (len(lead) - 1, len(lead)), tokens[0]
        return None

    def phrase_beside(self, tokens: list[Token], verb: Token) -> tuple[int, int] | None:
        """After a quote, the words between it and a cue with no subject in the parse
        ('“...,”Clinton said'), or a noun phrase right after the cue ('said the 46-year-old')."""
        words = [t for t in tokens if not t.is_space]
        between = [t for t in words if t.i < verb.i]
        while between and between[0].is_punct:
            between.pop(0)
        if not between and verb.tag_ in ("VBD", "VBZ", "VBP"):  # '“...,” said the 46-year-old.'
            for t in (t for t in words if t.i > verb.i):
                if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ") or t.ent_type_ in NOT_SOURCES:
                    break
                between.append(t)
        kinds = {t.pos_ for t in between}
        if not between or not kinds & {"PROPN", "NOUN"} or kinds & {"VERB", "AUX", "PRON"}:
            return None
        return between[0].i, between[-1].i

    def nearby_name(self, tokens: list[Token], verb: Token) -> tuple[int, int] | None:
        """A proper name or pronoun right after an inverted cue ('said Lavrov') the parser missed."""
        for tok in tokens:
            if tok.i > verb.i and tok.pos_ in ("PROPN", "PRON") and tok.ent_type_ not in NOT_SOURCES:
                while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
                    tok = tok.head  # 'Marek' of 'Marek Duda' to the whole name
                first, last = self.noun_phrase(tok)
                return max(first, verb.i + 1), last
        return None

    # --- zones around a quote ------------------------------------------------------------

    def zone_after(self, end: int, limit: int = 40) -> list[Token]:
        para_end = self.paras[self.para_of(end - 1)][1]
        tokens: list[Token] = []
        i = self.token_at(end)
        if i < len(self.doc) and self.doc[i].idx < end:
            i += 1
        while i < len(self.doc) and len(tokens) < limit:
            tok = self.doc[i]
            if tok.idx >= para_end or self.in_quote[i] or tok.text in SENTENCE_END:
                break
            tokens.append(tok)
            i += 1
        return tokens

    def zone_before(self, start: int, limit: int = 40) -> list[Token]:
        para_start = self.paras[self.para_of(start)][0]
        tokens: list[Token] = []
        i = self.token_at(start) - 1
        while i >= 0 and len(tokens) < limit:
            tok = self.doc[i]
            if tok.idx < para_start or self.in_quote[i] or tok.text in SENTENCE_END:
                break
            tokens.append(tok)
            i -= 1
        return tokens[::-1]

    # --- the passes ----------------------------------------------------------------------

    @cached_property
    def whole(self) -> list[bool]:
        """For each quoted passage, whether it is a whole utterance (decided once per Doc)."""
        return [self.is_full_quote(q) for q in self.quoted]

    def is_full_quote(self, q: Quoted) -> bool:
        """A whole quoted utterance rather than a fragment, scare quote or title."""
        if not q.closed or len(q.parts) > 1:
            return True
        a, b = inner(self.text, *q.parts[0])
        words = sum(1 for t in self.doc[self.token_at(a) : self.token_at(max(a, b - 1)) + 1] if t.is_alpha)
        ends = b > a and self.text[b - 1] in ",.!?…;:—-"
        before = self.text[self.paras[self.para_of(q.start)][0] : q.start].rstrip()
        opens = not before or before[-1] in ".!?:,—–―(" or before.endswith(tuple(OPENING))
        if not opens:  # inside a clause: whole only right after its cue ('he said “...”')
            previous = self.doc[self.token_at(q.start) - 1] if self.token_at(q.start) > 0 else None
            opens = previous is not None and self.is_cue(previous, beliefs=False)
        return words >= 2 and opens and (ends or words >= 6)
