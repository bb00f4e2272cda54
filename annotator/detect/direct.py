"""Direct quotes: whole quoted utterances, their cue and source, and their continuations."""

from __future__ import annotations

import re

from annotator.detect.base import CharRange, Finder, Found
from annotator.quotes import MARKS, inner

CREDIT = re.compile(r"\((\w+) via ([^()]{2,60})\)$", re.IGNORECASE)  # '(Video via Press TV)'
CREDIT_PARAGRAPHS = 2  # how far above a quote a clip's credit may stand


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
            elif not before and (credit := self.credit_above(q.start)):
                quote.speaker, quote.speaker_kind, quote.confidence = credit, "organization", 0.6
            elif previous is not None and self.para_of(q.start) - self.para_of(previous.content[-1][1]) <= 1:
                quote.inherit, quote.confidence = True, 0.7
                quote.source = previous.source  # the same mention speaks on (PolNeAR links it so too)
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
