"""Direct quotes: whole quoted utterances, their cue and source, and their continuations."""

from __future__ import annotations

import re

from annotator.detect.base import DASHES, CharRange, Finder, Found, Token
from annotator.quotes import MARKS, inner

CREDIT = re.compile(r"\((\w+) via ([^()]{2,60})\)$", re.IGNORECASE)  # '(Video via Press TV)'
CREDIT_PARAGRAPHS = 2  # how far above a quote a clip's credit may stand
REPORTING_WORDS = 12  # the longest reporting clause of any verb after a quote ('“...,” the retired teacher sighed')


class DirectQuotes(Finder):
    def direct(self) -> list[Found]:
        found: list[Found] = []
        previous: Found | None = None
        for q, whole in zip(self.quoted, self.whole, strict=True):
            if not whole:
                continue
            a, b = inner(self.text, *q.parts[-1])
            ends_comma = b > a and self.text[b - 1] in ",?!—-"
            before = self.text[self.paras[self.para_of(q.start)][0] : q.start].rstrip()
            colon_before = bool(before) and before[-1] in ":,"
            after = self.zone_after(q.end)
            if b > a and self.text[b - 1] == "." and not (self.ends_sentence(after) or self.dash_before_name(after)):
                after = []  # '“... the bridge.” She said later that ...': a sentence of its own
            zones = [(after, False), (self.zone_before(q.start), True)]
            if colon_before and not ends_comma:
                zones.reverse()
            hit = None
            for tokens, nearest_last in zones:
                any_verb = nearest_last and colon_before and before.endswith(":")
                if tokens and (hit := self.attribution_in(tokens, nearest_last, any_verb)):
                    break
            if hit is None and ends_comma:
                hit = self.reporting_clause(q.end)
            if hit is None and not before:
                hit = self.introduced_above(q.start) or self.signed_below(q.end)
            if hit is None and before.endswith(":"):
                hit = self.named_before_colon(q.start)
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
            elif not before and (credit := self.credit_above(q.start)):
                quote.speaker, quote.speaker_kind, quote.confidence = credit, "organization", 0.6
            elif previous is not None and self.para_of(q.start) - self.para_of(previous.content[-1][1]) <= 1:
                quote.inherit, quote.confidence = True, 0.7
                quote.source = previous.source  # the same mention speaks on (PolNeAR links it so too)
            found.append(quote)
            previous = quote
        return found

    def reporting_clause(self, end: int) -> tuple[CharRange, tuple[int, int] | None] | None:
        """'“...,” she sighed.', '“...?” scoffed Duda.': after a quote ending in a comma,
        a question mark or a dash, a short clause of a subject and a verb that ends the sentence
        is its attribution, whatever the verb (any verb, as before a colon)."""
        tokens = [t for t in self.zone_after(end) if not t.is_space]
        if not self.ends_sentence(tokens):
            return None
        verbs = [t for t in tokens if t.pos_ == "VERB"]
        if not verbs or verbs[0].tag_ not in ("VBD", "VBZ", "VBP") or self.lemma(verbs[0]) in self.lex.belief_verbs:
            return None  # a finite verb, not a belief ('..., Mozloom thinks')
        verb = verbs[0]
        if verb.i == tokens[0].i:  # inverted: '“...?” scoffed Duda', the name often parsed as an object
            speaker = [t for t in tokens[1:] if t.tag_ in ("NNP", "NNPS")]
        else:
            speaker = [c for c in verb.children if c.dep_ == "nsubj" and tokens[0].i <= c.i < verb.i]
        if not speaker or speaker[0].tag_ not in ("NNP", "NNPS", "PRP"):
            return None  # a name or a personal pronoun: not 'the balloons', 'which', 'her suggestions'
        return self.attribution_in(tokens, False, any_verb=True)

    def ends_sentence(self, zone: list[Token]) -> bool:
        """The zone after a quote is a short clause with no reported clause of its own that ends
        its sentence (at a full stop, another quote or the paragraph's end): the shape of a
        reporting clause ('he said.')."""
        tokens = [t for t in zone if not t.is_space]
        if not tokens or len(tokens) > REPORTING_WORDS or any(t.dep_ == "ccomp" for t in tokens):
            return False  # too long, or holding a reported clause of its own ('said later that ...')
        after = tokens[-1].i + 1
        return (
            after >= len(self.doc)
            or self.doc[after].text in ".!?"
            or self.in_quote[after]
            or (self.para_of(self.doc[after].idx) != self.para_of(tokens[-1].idx))
        )

    def introduced_above(self, start: int) -> tuple[CharRange, tuple[int, int] | None] | None:
        """A quote opening a paragraph, introduced by the paragraph above ending in a colon."""
        index = self.para_of(start)
        if index == 0:
            return None
        above_end = self.paras[index - 1][1]
        if self.text[above_end - 1] != ":":
            return None
        return self.attribution_in(self.zone_before(above_end - 1), True, any_verb=True)

    def named_before_colon(self, start: int) -> tuple[CharRange, tuple[int, int] | None] | None:
        """'Clinton: “Our goal is ...”', 'Rep. Trey Gowdy (R-S.C.): “...”', 'More from the
        report: “...”': with no verb before it, a colon after a name or a noun phrase is the
        cue and the phrase the source (a transcript's or a digest's label)."""
        colon = self.token_at(self.text.rindex(":", 0, start))
        zone = self.zone_before(self.doc[colon].idx)
        opening = zone[0].i if zone else colon
        if opening > 0 and self.in_quote[opening - 1] and self.doc[opening - 2].text == ",":
            return None  # '“A headline,” by Times’ Ben Sisario: “...”': a title's credit
        i = colon - 1
        if i >= 0 and self.doc[i].text == ")":  # '(R-S.C.)' after a name
            while i > 0 and self.doc[i].text != "(" and colon - i < 12:
                i -= 1
            i -= 1
        if i < 0 or self.in_quote[i] or self.doc[i].pos_ not in ("PROPN", "NOUN"):
            return None
        if self.para_of(self.doc[i].idx) != self.para_of(start):
            return None
        head = self.doc[i]
        while head.dep_ in ("compound", "conj", "flat") and head.head.i < colon and head.head.i != head.i:
            head = head.head
        if head.pos_ != "PROPN" and self.lemma(head) not in self.lex.work_nouns:
            return None  # 'Then, the laugh line: “...”'
        if head.dep_ == "pobj" and head.head.lower_ not in ("from", "by"):
            return None  # 'later that month on CNN: “...”': where, not who
        first, last = self.noun_phrase(head)
        return self.char_range(colon, colon), (first, min(max(last, i), colon - 1))

    def signed_below(self, end: int) -> tuple[CharRange, tuple[int, int] | None] | None:
        """A quote filling its paragraph, signed in the next one: '- Bernie Sanders.',
        '-President Obama, tweeting after the speech.'"""
        index = self.para_of(end - 1)
        if self.text[end : self.paras[index][1]].strip(" .,") or index + 1 >= len(self.paras):
            return None
        b0, b1 = self.paras[index + 1]
        if self.text[b0] not in "-―—–":
            return None
        first = self.token_at(b0)
        if self.doc[first].text in DASHES:
            first += 1
        last = first
        while last + 1 < len(self.doc) and self.doc[last + 1].pos_ == "PROPN" and self.doc[last + 1].idx < b1:
            last += 1
        if first >= len(self.doc) or self.doc[first].pos_ != "PROPN" or self.doc[first].idx >= b1:
            return None
        return (b0, b0 + 1), (first, last)

    def credit_above(self, start: int) -> str | None:
        """'(Video via Press TV)' ending one of the two paragraphs above an unattributed quote
        that opens its own, with no other quote between: the clip's credit names who speaks
        the quoted words (a video transcript's voice-over, the narrator's line between)."""
        index = self.para_of(start)
        for above in range(index - 1, max(-1, index - 1 - CREDIT_PARAGRAPHS), -1):
            p0, p1 = self.paras[above]
            if any(p0 <= q.start < start for q in self.quoted):
                return None
            found = CREDIT.search(self.text[p0:p1].rstrip())
            if found is not None and found.group(1).lower() in self.lex.clip_credits:
                return found.group(2).strip() or None
        return None

    def continues(self, previous: Found, start: int, hit: tuple[CharRange, object] | None) -> bool:
        """A quote that carries on the one before in the same paragraph: unattributed, or
        attributed by the very cue between them (“A,” he said, “B.”)."""
        last_end = previous.content[-1][1]
        if self.para_of(start) != self.para_of(last_end):
            return False
        if hit is not None and hit[0] not in previous.cue:
            return False
        return not any(ch in MARKS for ch in self.text[last_end:start])
