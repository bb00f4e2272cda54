"""Rules that find quotations and their cue and source in a parsed Doc.

Quotation marks are found on the characters (``annotator.quotes``), since the
parser often splits sentences inside quotes; cues and sources come from the
tokens and the dependency parse around each quote.  Results are character
ranges; ``component`` turns them into spaCy spans on the Doc.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from annotator.detect.lexicon import Lexicon
from annotator.quotes import MARKS, OPENING, Quoted, inner, paragraphs, scan

Token = Any  # spacy.tokens.Token: kept loose so that mypy needs no spaCy stubs
CharRange = tuple[int, int]

SENTENCE_END = {".", "!", "?"}
DASHES = {"―", "—", "–", "-", "--"}
NOT_SOURCES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"}
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
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

    def is_cue(self, tok: Token, *, beliefs: bool | None = None) -> bool:
        if self.in_quote[tok.i] or not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return False
        lemma = tok.lemma_.lower()
        allow_beliefs = self.beliefs if beliefs is None else beliefs
        return lemma in self.lex.speech_verbs or (allow_beliefs and lemma in self.lex.belief_verbs)

    def is_object_cue(self, tok: Token) -> bool:
        """A verb whose noun-phrase object may be what is reported ('cited derogatory comments')."""
        return (
            self.beliefs
            and tok.pos_ == "VERB"
            and not self.in_quote[tok.i]
            and tok.lemma_.lower() in self.lex.object_verbs
        )

    def phrase_at(self, i: int) -> int:
        """Length of a cue phrase ('according to') starting at token ``i``, or 0."""
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
        for _ in range(3):
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS and not self.in_quote[child.i] and child.ent_type_ not in NOT_SOURCES:
                    return child
            if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "parataxis") and verb.head.i != verb.i:
                verb = verb.head
            else:
                break
        return None

    def noun_phrase(self, head: Token) -> tuple[int, int]:
        """Token range of a source: the head's subtree, cut before a comma or a relative clause."""
        first, last = head.left_edge.i, head.right_edge.i
        for i in range(head.i + 1, last + 1):
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
        if not nearest_last and len(tokens) >= 2 and tokens[0].text in DASHES and tokens[1].pos_ == "PROPN":
            name = tokens[1]
            while name.dep_ == "compound" and name.head.i > name.i:
                name = name.head
            return self.char_range(tokens[0].i, tokens[0].i), self.noun_phrase(name)  # “...” ― Name
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
                source = self.noun_phrase(subject) if subject is not None else self.nearby_name(tokens, tok)
                return self.cue_range(tok), source
        return None

    def nearby_name(self, tokens: list[Token], verb: Token) -> tuple[int, int] | None:
        """A proper name or pronoun right after an inverted cue ('said Lavrov') the parser missed."""
        for tok in tokens:
            if tok.i > verb.i and tok.pos_ in ("PROPN", "PRON"):
                return self.noun_phrase(tok)
        return None

    # --- zones around a quote ------------------------------------------------------------

    def zone_after(self, end: int, limit: int = 25) -> list[Token]:
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

    def direct(self) -> list[Found]:
        found: list[Found] = []
        previous: Found | None = None
        for q in self.quoted:
            if not self.is_full_quote(q):
                continue
            a, b = inner(self.text, *q.parts[-1])
            ends_comma = b > a and self.text[b - 1] in ",?!—-"
            before = self.text[self.paras[self.para_of(q.start)][0] : q.start].rstrip()
            colon_before = bool(before) and before[-1] in ":,"
            zones = [(self.zone_after(q.end), False), (self.zone_before(q.start), True)]
            if colon_before and not ends_comma:
                zones.reverse()
            hit = None
            for tokens, nearest_last in zones:
                any_verb = nearest_last and colon_before and before.endswith(":")
                if tokens and (hit := self.attribution_in(tokens, nearest_last, any_verb)):
                    break
            if hit is None and not before:
                hit = self.introduced_above(q.start)
            parts: list[CharRange] = list(q.parts)
            if previous is not None and self.continues(previous, q.start, hit):
                previous.content.extend(parts)  # “A,” he said, “B.” is one quote
                continue
            quote = Found("direct", list(parts), confidence=0.95 if hit else 0.5)
            if hit:
                quote.cue = [hit[0]]
                if hit[1] is not None:
                    quote.source_tokens = hit[1]
                    quote.source = self.char_range(*hit[1])
                else:
                    quote.confidence = 0.8
            elif previous is not None and self.para_of(q.start) - self.para_of(previous.content[-1][1]) <= 1:
                quote.inherit, quote.confidence = True, 0.7
            found.append(quote)
            previous = quote
        return found

    def introduced_above(self, start: int) -> tuple[CharRange, tuple[int, int] | None] | None:
        """A quote opening a paragraph, introduced by the paragraph above ending in a colon."""
        index = self.para_of(start)
        if index == 0:
            return None
        above_end = self.paras[index - 1][1]
        if self.text[above_end - 1] != ":":
            return None
        return self.attribution_in(self.zone_before(above_end - 1), True, any_verb=True)

    def continues(self, previous: Found, start: int, hit: tuple[CharRange, object] | None) -> bool:
        """A quote that carries on the one before in the same paragraph: unattributed, or
        attributed by the very cue between them (“A,” he said, “B.”)."""
        last_end = previous.content[-1][1]
        if self.para_of(start) != self.para_of(last_end):
            return False
        if hit is not None and hit[0] not in previous.cue:
            return False
        return not any(ch in MARKS for ch in self.text[last_end:start])

    def clauses(self, taken: list[CharRange]) -> list[Found]:
        """Indirect and mixed quotes: a cue verb with a clause (or a named fragment) as content."""
        found = []
        fragments = [q.parts[0] for q in self.quoted if not self.is_full_quote(q)]
        taken_tokens = self.tokens_in(taken)
        # Speech first, so that 'X reports that Y expects Z' is X's, not Y's; then beliefs,
        # noun-phrase objects and nouns ('his claim that ...') take what is left.
        for speech in (True, False):
            for sent in self.doc.sents:
                for tok in sent:
                    item = self.candidate(sent, tok, speech)
                    if item is None or not (item := self.without(item, taken_tokens)):
                        continue
                    if any(c0 < f1 and f0 < c1 for c0, c1 in item.content for f0, f1 in fragments):
                        item.type, item.confidence = "mixed", max(item.confidence, 0.75)
                    elif tok.lemma_.lower() in NAMING_VERBS:
                        continue  # 'called him a liar' is naming, not reporting, without marks
                    taken_tokens.update(self.tokens_in(item.content))
                    self.used_cues.add(tok.i)
                    found.append(item)
        return found

    def block_after(self, sent: Any, verb: Token) -> Found | None:
        """'The Times explains:' ending a paragraph introduces the next one, set off as a block
        quote whose marks were lost."""
        index = self.para_of(verb.idx)
        p0, p1 = self.paras[index]
        rest = self.text[verb.idx : p1].rstrip()
        if not rest.endswith(":") or index + 1 >= len(self.paras) or len(rest) > 40:
            return None
        b0, b1 = self.paras[index + 1]
        if self.text[b0] in MARKS or any(b0 <= q.start < b1 for q in self.quoted if q.start == b0):
            return None
        end = b1
        for q in self.quoted:  # a direct quote inside the block is its own
            if b0 < q.start < end:
                end = q.start
        while end > b0 and (self.text[end - 1].isspace() or self.text[end - 1] in ".,;:"):
            end -= 1
        if end - b0 < 20:
            return None
        item = Found("indirect", [(b0, end)], [self.cue_range(verb)], confidence=0.6)
        if (subject := self.subject(verb)) is not None:
            item.source_tokens = self.noun_phrase(subject)
            item.source = self.char_range(*item.source_tokens)
        return item

    def candidate(self, sent: Any, tok: Token, speech: bool) -> Found | None:
        """The attribution ``tok`` may cue: speech verbs and 'according to' when ``speech``,
        beliefs, noun-phrase objects and cue nouns otherwise."""
        if tok.i in self.used_cues or self.in_quote[tok.i]:
            return None
        if speech:
            if length := self.phrase_at(tok.i):
                return self.according_to(sent, tok, length)
            if not self.is_cue(tok, beliefs=False):
                return None
            return self.reported_clause(sent, tok) or self.block_after(sent, tok)
        if self.is_cue(tok) or self.is_object_cue(tok):
            return self.reported_clause(sent, tok)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.cue_nouns:
            return self.noun_clause(tok)
        return None

    def tokens_in(self, ranges: list[CharRange]) -> set[int]:
        return {i for a, b in ranges for i in range(self.token_at(a), self.token_at(max(a, b - 1)) + 1)}

    def without(self, item: Found, taken: set[int]) -> Found | None:
        """The attribution less the words another one already holds (each word belongs to
        at most one); None when too little is left."""
        tokens = self.tokens_in(item.content)
        if not tokens & taken:
            return item
        runs = self.runs(sorted(tokens - taken))
        if sum(1 for a, b in runs for t in self.doc[a : b + 1] if t.is_alpha) < 3:
            return None
        item.content = [self.char_range(a, b) for a, b in runs]
        return item

    def reported_clause(self, sent: Any, verb: Token) -> Found | None:
        """The content of a cue verb: its clause, or the sentence around an inserted
        'he said', less the attribution itself, within the verb's paragraph."""
        clause = [c for c in verb.children if c.dep_ in CLAUSE_DEPS]  # may hold quoted words
        weak = False  # a noun phrase rather than a clause: 'cited derogatory comments'
        if verb.lemma_.lower() in NAMING_VERBS:
            objects = [
                c
                for c in verb.children
                if c.i > verb.i and (c.dep_ in ("dobj", "oprd", "attr") or (c.dep_ == "prep" and c.lower_ == "as"))
            ]
            if not objects:
                return None
            tokens = set(range(objects[0].left_edge.i, max(o.right_edge.i for o in objects) + 1))
        elif clause:
            part = max(clause, key=lambda c: c.right_edge.i - c.left_edge.i)
            tokens = set(range(part.left_edge.i, part.right_edge.i + 1))
        elif verb.dep_ == "parataxis" and verb.head.i != verb.i:
            tokens = set(range(sent.start, sent.end)) - set(range(verb.left_edge.i, verb.right_edge.i + 1))
        elif verb.lemma_.lower() in self.lex.object_verbs and (objects := self.complements(verb)):
            tokens = set(range(objects[0].left_edge.i, objects[-1].right_edge.i + 1))
            weak = True
        else:
            return None
        subject = self.subject(verb)
        attribution = {verb.i}
        if subject is not None:
            attribution.update(range(subject.left_edge.i, subject.right_edge.i + 1))
        p0, p1 = self.paras[self.para_of(verb.idx)]
        kept = sorted(i for i in tokens - attribution if p0 <= self.doc[i].idx < p1)
        kept = self.after_colon(kept, verb)
        runs = self.runs(kept)
        if sum(1 for a, b in runs for t in self.doc[a : b + 1] if t.is_alpha) < 3:
            return None
        lemma = verb.lemma_.lower()
        belief = lemma in self.lex.belief_verbs and lemma not in self.lex.speech_verbs
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [self.cue_range(verb)])
        item.confidence = (0.55 if belief or weak else 0.85 if lemma in ("say", "tell") else 0.75) - (
            0 if subject else 0.2
        )
        if subject is not None:
            item.source_tokens = self.noun_phrase(subject)
            item.source = self.char_range(*item.source_tokens)
        return item

    def noun_clause(self, noun: Token) -> Found | None:
        """'Trump's claim that X': X is the content, the possessor the source."""
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > noun.i]
        clauses = [c for c in clauses if any(t.dep_ == "mark" and t.lower_ == "that" for t in c.children)]
        if not clauses:
            return None
        runs = self.runs(list(range(clauses[0].left_edge.i, clauses[0].right_edge.i + 1)))
        if not runs:
            return None
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [self.char_range(noun.i, noun.i)])
        item.confidence = 0.5
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if owners:
            item.source_tokens = (owners[0].left_edge.i, owners[0].i)
            item.source = self.char_range(*item.source_tokens)
        return item

    def complements(self, verb: Token) -> list[Token]:
        """Object and clause-like complements after the verb ('called for X to do Y')."""
        found = []
        for child in verb.children:
            if child.i < verb.i or self.in_quote[child.i]:
                continue
            if child.dep_ in ("dobj", "xcomp", "dative"):
                found.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("for", "on", "about", "that"):
                found.append(child)
        return sorted(found, key=lambda t: t.i)

    def runs(self, kept: list[int]) -> list[tuple[int, int]]:
        """Contiguous token runs, trimmed of punctuation (but not quotation marks) at both ends
        and widened so as never to cut a quoted passage in two."""
        runs: list[tuple[int, int]] = []
        for i in kept:
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
        trimmed = []
        for first, last in runs:
            while first <= last and self._trimmable(first):
                first += 1
            while last >= first and self._trimmable(last):
                last -= 1
            if first <= last and any(t.is_alpha for t in self.doc[first : last + 1]):
                trimmed.append(self.around_quotes(first, last))
        return trimmed

    def _trimmable(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.is_space or (tok.is_punct and tok.text not in MARKS)

    def after_colon(self, kept: list[int], verb: Token) -> list[int]:
        """'X reports the details: Y' reports Y: drop a short lead-in that ends in a colon."""
        for n, i in enumerate(kept[:8]):
            if self.doc[i].text == ":" and i > verb.i and n < len(kept) - 3:
                return kept[n + 1 :]
        return kept

    def around_quotes(self, first: int, last: int) -> tuple[int, int]:
        """Widen a token range so that it never cuts a quoted passage in two."""
        a, b = self.char_range(first, last)
        for q in self.quoted:
            for q0, q1 in q.parts:
                if q0 < b and a < q1 and not (a <= q0 and q1 <= b):
                    first = min(first, self.token_at(q0))
                    last = max(last, self.token_at(q1 - 1))
        return first, last

    def according_to(self, sent: Any, tok: Token, length: int) -> Found | None:
        """'According to X, Y': Y is the content, X the source."""
        phrase_last = tok.i + length - 1
        objects = [c for c in self.doc[phrase_last].children if c.dep_ == "pobj"]
        source = self.noun_phrase(objects[0]) if objects else None
        skip_to = max(phrase_last, objects[0].right_edge.i if objects else phrase_last)
        if tok.i - sent.start > 2:  # 'Y, according to X.'
            first, last = sent.start, tok.i - 1
        else:
            first, last = skip_to + 1, sent.end - 1
        while first < last and (self.doc[first].is_punct or self.doc[first].is_space):
            first += 1
        while last > first and (
            self.doc[last].is_space or self.doc[last].is_punct and self.doc[last].text not in MARKS
        ):
            last -= 1
        if last - first < 2:
            return None
        item = Found("indirect", [self.char_range(first, last)], [self.char_range(tok.i, phrase_last)])
        item.confidence = 0.8
        if source:
            item.source_tokens, item.source = source, self.char_range(*source)
        return item


def find_all(doc: Any, lex: Lexicon, *, beliefs: bool = True) -> list[Found]:
    finder = Finder(doc, lex, beliefs=beliefs)
    direct = finder.direct()
    taken = [part for q in direct for part in q.content]
    found = direct + finder.clauses(taken)
    found.sort(key=lambda f: f.start)
    return found
