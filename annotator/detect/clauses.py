"""Indirect and mixed quotes: a cue with a clause, a named fragment or a block as content."""

from __future__ import annotations

from typing import Any

from annotator.detect.base import CLAUSE_DEPS, NAMING_VERBS, CharRange, Finder, Found, Token
from annotator.quotes import MARKS

OBJECT_PREPS = ("for", "on", "about", "that", "of")  # 'called for X', 'accused X of Y'
SPEECH_PREPS = ("about",)  # a speech verb's topic: 'talked about the ruling' (not 'read on the train')
STOP_DEPS = {"punct", "cc", "conj", "advcl", "parataxis", "ccomp", "npadvmod"}
CLAUSE_OPENERS = ("who", "that", "which", "as", "because", "while", "and", "but")  # before a misread verb's name
NOUN_SIGNS = {"det", "amod", "relcl", "nummod", "poss"}  # a noun's own dependents
STANCE_PARTS = ("prep", "ccomp", "xcomp")  # what a stance adjective is about: 'worried about', 'sure that'
SET_OFF = (",", "-", "—", "–")  # what sets off an apposition or an inserted clause
SHORTEST_OBJECT = 3  # alphabetic words in a noun-phrase content ('endorsed Clinton' has 1)


def headline_lemma(form: str, verbs: frozenset[str]) -> str | None:
    """The verb of a present-tense headline form ('slams' -> 'slam', 'urges' -> 'urge')."""
    if not form.endswith("s"):
        return None
    for lemma in (form[:-1], form[:-2], form[:-3] + "y"):
        if lemma in verbs:
            return lemma
    return None


def is_stance(tok: Token) -> bool:
    """An adjective after 'be' with a phrase or clause after it: 'are worried that ...', 'is
    critical of ...', 'were quick to say ...' (read by ``stance``, counted by bench/lexicon_counts.py)."""
    return (
        tok.pos_ == "ADJ"
        and tok.dep_ == "acomp"
        and tok.head.lemma_ == "be"
        and any(c.i > tok.i and c.dep_ in STANCE_PARTS for c in tok.children)
    )


class ReportedClauses(Finder):
    def clauses(self, taken: list[CharRange]) -> list[Found]:
        """Indirect and mixed quotes: a cue verb with a clause (or a named fragment) as content."""
        found: list[Found] = []
        self.quote_cues = set(self.used_cues)  # the direct quotes' cues
        self.first_report: dict[int, Token] = {}  # a second report's cue -> the first's (second_report)
        fragments = [q.parts[0] for q, whole in zip(self.quoted, self.whole, strict=True) if not whole]
        taken_tokens = self.tokens_in(taken)
        for shaped in self.labelled() + self.headline() + self.misread_verbs():
            if kept := self.without(shaped, taken_tokens):
                if any(c0 < f1 and f0 < c1 for c0, c1 in kept.content for f0, f1 in fragments):
                    kept.type = "mixed"
                taken_tokens.update(self.tokens_in(kept.content))
                found.append(kept)
        # Speech first, so that 'X reports that Y expects Z' is X's, not Y's; then beliefs,
        # noun-phrase objects and nouns ('his claim that ...') take what is left. In each
        # sentence, reading order, but the verbs counted on PolNeAR (cues only some of the time)
        # after the others: 'Lavrov outlined conditions ..., the Guardian reports' is the
        # Guardian's, while 'Lavrov has maintained that X, the Guardian reports' keeps his clause.
        counted = self.lex.counted_verbs
        orders = [sorted(sent, key=lambda t: (self.lemma(t) in counted, t.i)) for sent in self.doc.sents]
        for speech in (True, False):
            for sent, order in zip(self.doc.sents, orders, strict=True):
                for tok in order:
                    item = self.candidate(sent, tok, speech)
                    if item is None or not (item := self.without(item, taken_tokens)):
                        continue
                    if any(c0 < f1 and f0 < c1 for c0, c1 in item.content for f0, f1 in fragments):
                        item.type, item.confidence = "mixed", max(item.confidence, 0.75)
                    taken_tokens.update(self.tokens_in(item.content))
                    self.used_cues.add(tok.i)
                    found.append(item)
        return found

    def labelled(self) -> list[Found]:
        """'Lopez: Bridge Will Open In May' (a headline) and 'Maria Lopez: We are ready.' (a
        transcript line): a name of at most three words and a colon opening a paragraph give
        the rest of the paragraph as that name's words."""
        found = []
        for index, (p0, p1) in enumerate(self.paras):
            first = self.token_at(p0)
            colon = next((i for i in range(first + 1, min(first + 4, len(self.doc))) if self.doc[i].text == ":"), None)
            if colon is None or self.in_quote[colon]:
                continue
            label = self.doc[first:colon]
            if not all(t.pos_ in ("PROPN", "NOUN", "ADJ") and t.text[0].isupper() for t in label):
                continue
            # a person or organisation anywhere; in the headline also a bare name ('Lopez:')
            if not any(t.ent_type_ in ("PERSON", "ORG") for t in label) and (index > 0 or len(label) > 2):
                continue
            last = self.token_at(p1 - 1)
            runs = self.runs(list(range(colon + 1, last + 1)))
            if not runs or self.words(runs) < 3:
                continue
            item = Found("indirect", [self.char_range(runs[0][0], runs[-1][1])], [self.char_range(colon, colon)])
            item.confidence = 0.6
            item.source_tokens = (first, colon - 1)
            item.source = self.char_range(first, colon - 1)
            found.append(item)
        return found

    def headline(self) -> list[Found]:
        """'Trump Slams Clinton Over Emails': in a title-case paragraph the small model tags the
        verbs as proper nouns, so a cue verb's form ('Slams', 'Vows') is found by its spelling,
        its source is the name before it and its content the rest of the paragraph."""
        found = []
        for p0, p1 in self.paras:
            first, last = self.token_at(p0), self.token_at(p1 - 1)
            words = [t for t in self.doc[first : last + 1] if t.is_alpha and len(t) > 3]
            if len(words) < 3 or sum(t.text[0].isupper() for t in words) < 0.8 * len(words):
                continue
            for tok in self.doc[first + 1 : min(last, first + 6)]:
                if tok.pos_ == "VERB" or self.in_quote[tok.i] or not tok.text[0].isupper():
                    continue
                if headline_lemma(tok.lower_, self.lex.speech_verbs | self.lex.object_verbs) is None:
                    continue
                source = self.doc[first : tok.i]
                if not all(t.pos_ in ("PROPN", "NOUN") and t.text[0].isupper() for t in source):
                    break
                runs = self.runs(list(range(tok.i + 1, last + 1)))
                if not runs or self.words(runs) < 2:
                    break
                item = Found("indirect", [self.char_range(runs[0][0], runs[-1][1])], [self.char_range(tok.i, tok.i)])
                item.confidence = 0.6
                item.source_tokens = (first, tok.i - 1)
                item.source = self.char_range(first, tok.i - 1)
                self.used_cues.add(tok.i)
                found.append(item)
                break
        return found

    def misread_verbs(self) -> list[Found]:
        """Speech verbs the small model tagged as nouns, found before the parse's own cues
        claim their words."""
        return [item for sent in self.doc.sents for tok in sent if (item := self.misread_verb(sent, tok))]

    def misread_verb(self, sent: Any, tok: Token) -> Found | None:
        """'the rebels, who Bloomberg reports were demanding a ceasefire', 'astounding that Trump
        demands accountability': a speech verb's -s form right after a name that opens its clause,
        which the small model tags as a plural noun; the name is the source, the rest of the
        sentence the content."""
        if tok.tag_ != "NNS" or self.in_quote[tok.i] or headline_lemma(tok.lower_, self.plain_speech) is None:
            return None
        if tok.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ in NOUN_SIGNS for c in tok.children):
            return None  # 'Clinton advisers say', 'Rust Belt states that have': nouns indeed
        first = tok.i
        while first > sent.start and not self.in_quote[first - 1]:
            name = self.doc[first - 1]
            if not (name.pos_ == "PROPN" or name.ent_type_ in ("PERSON", "ORG") and name.tag_ == "NN"):
                break
            first -= 1
        if first == tok.i or tok.i + 1 >= sent.end or self.doc[tok.i + 1].is_punct:
            return None
        before = self.doc[first - 1] if first > sent.start else None
        if before is not None and not (before.is_punct or before.lower_ in CLAUSE_OPENERS):
            return None  # 'the Bloomberg reports were wrong': a noun after all
        p1 = self.paras[self.para_of(tok.idx)][1]
        kept = [i for i in range(tok.i + 1, sent.end) if self.doc[i].idx < p1]
        runs = self.runs(kept)
        if self.words(runs) < 3:
            return None
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [self.char_range(tok.i, tok.i)])
        item.confidence = 0.6
        item.source_tokens = (first, tok.i - 1)
        item.source = self.char_range(first, tok.i - 1)
        self.used_cues.add(tok.i)
        return item

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
        if self.in_quote[tok.i]:
            return None
        if tok.i in self.used_cues and not (speech and tok.i in self.quote_cues and self.clause_after(tok)):
            return None  # a direct quote's cue may have a clause of its own after it ('Mr. Lopez,
            # citing "the magic of it," said the bridge could open in May')
        if speech:
            if length := self.phrase_at(tok.i):
                return self.according_to(sent, tok, length)
            if not self.is_cue(tok, beliefs=False):
                return None
            return (
                self.prep_object(tok, right_after=True)
                or self.reported_clause(sent, tok)
                or self.block_after(sent, tok)
                or self.prep_object(tok)
            )
        if self.is_cue(tok) or self.is_object_cue(tok):
            return self.prep_object(tok, right_after=True) or self.reported_clause(sent, tok) or self.prep_object(tok)
        if tok.pos_ == "NOUN" and self.lemma(tok) in self.noun_cues:
            return self.noun_clause(tok)  # 'his claim that', and verbs tagged as nouns: 'Lopez plans to'
        if self.beliefs and tok.pos_ == "ADJ" and self.lemma(tok) in self.lex.counted_adjectives:
            return self.stance(tok)
        if tok.pos_ == "VERB":
            return self.prep_object(tok)  # 'spoke about', 'distanced herself from'
        return None

    def prep_object(self, verb: Token, *, right_after: bool = False) -> Found | None:
        """'referred to the mayor as a liar', 'pointed to the delays', 'spoke about the bridge':
        a verb and preposition counted as a cue on PolNeAR train report the preposition's object."""
        if self.in_quote[verb.i]:
            return None
        lemma = self.lemma(verb)
        preps = [
            c
            for c in verb.children
            if c.dep_ == "prep"
            and c.i > verb.i
            and f"{lemma} {c.lower_}" in self.lex.counted_prep_cues
            and any(g.dep_ == "pobj" for g in c.children)
        ]
        if not preps or (right_after and preps[0].i != verb.i + 1):
            return None
        prep = preps[0]
        last = max(  # and what it is named as: 'referred to the council as a club of friends'
            [prep.right_edge.i]
            + [c.right_edge.i for c in verb.children if c.i > prep.i and c.dep_ == "prep" and c.lower_ == "as"]
        )
        for c in verb.children:  # a participle on the object hung on the verb: 'pointed to research showing that'
            if c.left_edge.i == last + 1 and c.tag_ == "VBG" and c.dep_ in ("xcomp", "advcl"):
                last = c.right_edge.i
        p0, p1 = self.paras[self.para_of(verb.idx)]
        runs = self.runs([i for i in range(prep.i + 1, last + 1) if p0 <= self.doc[i].idx < p1])
        if self.words(runs) < 2:
            return None
        cue = (self.cue_range(verb)[0], self.char_range(prep.i, prep.i)[1])
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [cue], confidence=0.55)
        if (subject := self.source_of(verb)) is not None:
            item.source_tokens = self.noun_phrase(subject)
            item.source = self.char_range(*item.source_tokens)
        self.used_cues.add(verb.i)
        return item

    def tokens_in(self, ranges: list[CharRange]) -> set[int]:
        return {i for a, b in ranges for i in range(self.token_at(a), self.token_at(max(a, b - 1)) + 1)}

    def without(self, item: Found, taken: set[int]) -> Found | None:
        """The attribution less the words another one already holds (each word belongs to
        at most one); None when too little is left."""
        tokens = self.tokens_in(item.content)
        if not tokens & taken:
            return item
        runs = self.runs(sorted(tokens - taken))
        if self.words(runs) < 3:
            return None
        item.content = [self.char_range(a, b) for a, b in runs]
        return item

    def reported_clause(self, sent: Any, verb: Token) -> Found | None:
        """The content of a cue verb: its clause, or the sentence around an inserted
        'he said', less the attribution itself, within the verb's paragraph."""
        clause = [c for c in verb.children if c.dep_ in CLAUSE_DEPS or self.that_clause(c)]  # may hold quoted words
        # a clause whose verb is inside a direct quote is that quote's ('Gidley said the base was
        # angry. "All of us have been dictated to," Mr. Gidley said', parsed as one sentence)
        clause = [c for c in clause if not self.in_quote[c.i]] or clause
        if not clause and (item := self.passive(verb)):
            return item
        weak = False  # a noun phrase rather than a clause: 'cited derogatory comments'
        inverted: tuple[int, Token] | None = None  # 'X, said Lopez'
        lemma = self.lemma(verb)
        named = [
            c
            for c in verb.children
            if c.i > verb.i and (c.dep_ in ("dobj", "oprd", "attr") or (c.dep_ == "prep" and c.lower_ == "as"))
        ]
        if lemma in NAMING_VERBS and named:  # 'called him a liar', 'described the talks as ...'
            tokens = set(range(named[0].left_edge.i, max(o.right_edge.i for o in named) + 1))
        elif clause:
            # the clause right after the verb ('47 percent said they would vote for her, however
            # that number has dropped'), else the longest (an inserted 'X, she said, ...')
            after = [c for c in clause if c.i > verb.i]
            if after:
                part = min(after, key=lambda c: c.left_edge.i)
            else:
                part = max(clause, key=lambda c: c.right_edge.i - c.left_edge.i)
            first = part.left_edge.i
            if self.that_clause(part):  # from its 'that', not the adverb before ('soon after that')
                first = min(m.i for m in part.children if m.dep_ == "mark" and m.lower_ == "that")
            asked_to = lemma != "tell" and any(t.dep_ == "aux" and t.tag_ == "TO" for t in part.children)
            if (lemma not in self.lex.tell_verbs or asked_to) and not any(t.dep_ == "mark" for t in part.children):
                # 'cited remarks the mayor had made': the object and a clause the parser took for
                # the verb's own are one noun phrase; 'urged the council to wait': what is urged
                # is the council's waiting (but 'told reporters that ...': the listener is not)
                objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < part.i]
                if objects and objects[0].right_edge.i + 1 >= first:
                    first = objects[0].left_edge.i
            tokens = set(range(first, part.right_edge.i + 1))
        elif verb.dep_ == "parataxis" and verb.head.i != verb.i:
            tokens = set(range(sent.start, sent.end)) - set(range(verb.left_edge.i, verb.right_edge.i + 1))
        elif inverted := self.inverted(sent, verb):
            tokens = set(range(inverted[0], verb.i - 1))
        elif (lemma in self.lex.object_verbs and (objects := self.complements(verb))) or (
            lemma in self.lex.speech_verbs and (objects := self.complements(verb, SPEECH_PREPS))
        ):
            # the object with what follows it in the verb's phrase ('cited the storm as a
            # reason to wait', 'proposed a toll on the bridge'), not a new clause
            rest = [
                c
                for c in verb.children
                if c.i > objects[-1].i and c.dep_ not in STOP_DEPS and not self.in_quote[c.i] and not self.when(c)
            ]
            end = max([objects[-1].right_edge.i] + [c.right_edge.i for c in rest])
            tokens = set(range(objects[0].left_edge.i, end + 1))
            for inner in (t for o in objects for t in o.subtree):  # '..., which said ...': its own
                if inner.dep_ in ("relcl", "acl") and self.lemma(inner) in self.lex.speech_verbs:
                    tokens -= set(range(inner.left_edge.i, inner.right_edge.i + 1))
            weak = True
        else:
            return None
        cue = self.cue_range(verb)
        if weak and objects[0].dep_ == "prep" and objects[0].i == verb.i + 1:  # 'called for': the cue
            cue = (cue[0], max(cue[1], self.char_range(objects[0].i, objects[0].i)[1]))
            tokens.discard(objects[0].i)
        if inverted is not None:
            subject: Token | None = inverted[1]
        else:
            subject = self.source_of(self.first_report.get(verb.i, verb))
        attribution = {verb.i}
        if subject is not None and subject.i < verb.i < subject.right_edge.i:  # 'a poll showing ...': the noun alone
            attribution.update(range(self.noun_phrase(subject)[0], self.noun_phrase(subject)[1] + 1))
        elif subject is not None:
            attribution.update(range(subject.left_edge.i, subject.right_edge.i + 1))
        p0, p1 = self.paras[self.para_of(verb.idx)]
        tokens |= self.rest_of_sentence(verb, tokens)
        tokens -= self.second_report(verb, tokens)
        kept = sorted(i for i in tokens - attribution if p0 <= self.doc[i].idx < p1)
        kept = self.after_colon(kept, verb)
        runs = self.runs(kept)
        if self.words(runs) < (SHORTEST_OBJECT if weak else 3):
            return None
        # beliefs and verbs that are cues only some of the time ('seem', 'appear': counted on
        # PolNeAR, whose annotators take evidentials the guidelines leave out) are tentative
        belief = (
            lemma in self.lex.belief_verbs and lemma not in self.lex.speech_verbs
        ) or lemma in self.lex.counted_verbs
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [cue])
        item.confidence = (0.55 if belief or weak else 0.85 if lemma in ("say", "tell") else 0.75) - (
            0 if subject else 0.2
        )
        if subject is not None:
            first, last = self.noun_phrase(subject)
            # a headline the parser glued to the subject ('... Delay\n\nMayor Maria Lopez'):
            # the source starts in the verb's paragraph
            while first < last and self.doc[first].idx < p0:
                first += 1
            item.source_tokens = (first, last)
            item.source = self.char_range(first, last)
        return item

    def inverted(self, sent: Any, verb: Token) -> tuple[int, Token] | None:
        """'Residents are tired of waiting, said Ana Ruiz': a cue after a comma with its subject
        after it reports what the sentence says before the comma (the parser having hung that
        on the verb as a subject, or not at all): where the report starts, and the subject."""
        if verb.i - 1 <= sent.start or self.doc[verb.i - 1].text != ",":
            return None
        after = [c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i and self.may_speak(c)]
        if not after:
            return None
        return max(sent.start, self.token_at(self.paras[self.para_of(verb.idx)][0])), after[0]

    def stance(self, adjective: Token) -> Found | None:
        """'Democrats are worried that X', 'he is critical of X', 'she was quick to cast X as Y':
        a stance of the subject of 'be' towards what follows the adjective (a belief, tentative)."""
        if not is_stance(adjective) or self.in_quote[adjective.i]:
            return None
        be = adjective.head
        parts = [c for c in adjective.children if c.i > adjective.i and c.dep_ in STANCE_PARTS]
        tokens = set(range(parts[0].left_edge.i, max(p.right_edge.i for p in parts) + 1))
        if parts[0].dep_ == "prep":
            tokens.discard(parts[0].i)  # 'worried about', 'critical of': the cue's
        p0, p1 = self.paras[self.para_of(adjective.idx)]
        runs = self.runs(sorted(i for i in tokens if p0 <= self.doc[i].idx < p1))
        if self.words(runs) < 2:
            return None
        cue_last = parts[0].i if parts[0].dep_ == "prep" else adjective.i
        cue = (self.cue_range(be)[0], self.char_range(cue_last, cue_last)[1])
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [cue], confidence=0.5)
        if (subject := self.subject(be)) is not None:
            item.source_tokens = self.noun_phrase(subject)
            item.source = self.char_range(*item.source_tokens)
        return item

    def source_of(self, verb: Token) -> Token | None:
        """The head of a cue's source, by the first rule that finds one."""
        return (
            self.agent(verb)
            or self.subject(verb)
            or self.noun_before(verb)
            or self.opening_subject(verb)
            or self.holder(verb)
        )

    def second_report(self, verb: Token, tokens: set[int]) -> set[int]:
        """A second report of the same speaker inside a content, which is its own attribution:
        'said the attacks had helped and said that Trump ...', 'stressed his finish, asserting
        that ...' (a cue with no subject of its own, joined to the content or a participle),
        with the 'and' or comma before it."""
        cut: set[int] = set()
        for i in sorted(tokens):
            tok = self.doc[i]
            if i == verb.i or i in cut or tok.dep_ not in ("conj", "advcl") or not self.is_cue(tok, beliefs=False):
                continue
            if (tok.dep_ == "advcl" and tok.tag_ != "VBG") or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in tok.children
            ):
                continue
            if not self.clause_after(tok):
                continue  # 'is acting unlawfully and showing disregard': no report
            cut.update(range(tok.left_edge.i, tok.right_edge.i + 1))
            self.first_report[i] = verb  # whose speaker speaks again
            j = tok.left_edge.i - 1
            while j in tokens and (self.doc[j].dep_ == "cc" or self.doc[j].is_punct or self.doc[j].is_space):
                cut.add(j)
                j -= 1
        return cut

    def rest_of_sentence(self, verb: Token, tokens: set[int]) -> set[int]:
        """The rest of the sentence after a content that follows its cue, which the parser often
        hung elsewhere ('urged the party to ax its superdelegates, replace its leaders and open
        its primaries', 'said the process was fair, but required an effort'): none when it
        holds a quote or another cue, and never the cue's own time or listener ('on Monday',
        'to reporters')."""
        if not tokens or min(tokens) < verb.i:
            return set()
        end = max(tokens)
        own = {  # 'on Monday', 'speaking to reporters'
            t.i
            for c in verb.children
            if c.i > end
            and (
                self.when(c)
                or c.dep_ == "advcl"
                and any(self.when(g) for g in c.children)
                or c.dep_ == "conj"
                and c.pos_ == "VERB"
            )
            for t in c.subtree
        }
        rest = []
        for i in range(end + 1, verb.sent.end):
            if i in own:
                break
            t = self.doc[i]
            if self.in_quote[i] or self.is_cue(t) or self.phrase_at(i):
                return set()
            rest.append(i)
        while rest and (self.doc[rest[-1]].dep_ == "cc" or self.doc[rest[-1]].is_punct):
            rest.pop()  # the 'and' before what is the cue's own: 'denied any motive, and dispatched'
        return set(rest)

    def clause_after(self, verb: Token) -> bool:
        """A clause of the verb's own after it, outside any quote."""
        return any(
            c.i > verb.i and not self.in_quote[c.i] and (c.dep_ in ("ccomp", "xcomp") or self.that_clause(c))
            for c in verb.children
        )

    def that_clause(self, child: Token) -> bool:
        """A clause the parser hung on the cue as an adverbial, opened by 'that' ('complained
        soon after that the lines were long')."""
        return child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children)

    def holder(self, verb: Token) -> Token | None:
        """A participle on a noun with no clause to climb to speaks for that noun: 'a new poll
        showing that ...', 'the share of voters saying ...', 'a gunman claiming ...'."""
        head = verb.head
        if verb.tag_ == "VBG" and verb.dep_ == "acl" and head.pos_ == "NOUN" and head.i < verb.i:
            return head if self.may_speak(head) else None
        return None

    def agent(self, verb: Token) -> Token | None:
        """A passive cue's agent is its source: 'Asked by a reporter whether ..., Lopez said'
        (the one asking is the reporter, not Lopez)."""
        for child in verb.children:
            if child.dep_ == "agent":
                speakers = [c for c in child.children if c.dep_ == "pobj" and self.may_speak(c)]
                return speakers[0] if speakers else None
        return None

    def finite(self, verb: Token) -> bool:
        """A finite verb, or one with an auxiliary of its own ('has said', 'will warn')."""
        return verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ != "TO" for c in verb.children)

    def before_cue(self, verb: Token) -> int:
        """The token before the cue, its auxiliaries, negation and the adverbs before them."""
        i: int = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i]) - 1
        while i >= verb.sent.start and self.doc[i].tag_ == "RB":
            i -= 1
        return i

    def words(self, runs: list[tuple[int, int]]) -> int:
        """How many alphabetic words the token runs hold."""
        return sum(1 for a, b in runs for t in self.doc[a : b + 1] if t.is_alpha)

    def noun_before(self, verb: Token) -> Token | None:
        """The subject the parse lost of a finite cue: the noun phrase right before it in its
        sentence ('Most nurses at the two clinics say ...', the parser having hung 'nurses'
        elsewhere)."""
        if not self.finite(verb):
            return None  # an infinitive or a participle has no subject of its own
        i = self.before_cue(verb)
        if i > verb.sent.start and self.doc[i].text == ")":  # 'Sen. Ruth Price (D-Vt.) said'
            opening = next(
                (j for j in range(i - 1, max(verb.sent.start, i - 8) - 1, -1) if self.doc[j].text == "("), None
            )
            i = opening - 1 if opening is not None else i
        elif i > verb.sent.start and self.doc[i].text == "," and self.doc[i - 1].tag_ in ("NNP", "NNPS"):
            name = i - 1  # 'her adviser, Jorge Ruiz, said': a name set off in commas
            while name > verb.sent.start and self.doc[name - 1].tag_ in ("NNP", "NNPS"):
                name -= 1
            i = i - 1 if name > verb.sent.start and self.doc[name - 1].text == "," else i
        if i < verb.sent.start or self.in_quote[i] or self.doc[i].tag_ not in ("NN", "NNS", "NNP", "NNPS", "PRP"):
            return None
        head = self.doc[i]
        while head.dep_ in ("compound", "flat") and head.head.i > head.i:
            head = head.head
        return head if head.i < verb.i and self.may_speak(head) else None

    def opening_subject(self, verb: Token) -> Token | None:
        """The noun phrase opening the sentence, set off from its finite cue by commas or dashes
        around an apposition, a relative clause, a participle or an adverb, which the parser
        hung elsewhere: 'Stuart Stevens, who ran the 2012 campaign, called ...', 'Humphrey, for
        example, said ...', 'A representative for the brand - a small business - noted ...'."""
        rootless = verb.tag_ == "VBN" and verb.sent.root.pos_ in ("NOUN", "PROPN")  # 'said' read as 'was said'
        if not self.finite(verb) and not rootless:
            return None
        i = self.before_cue(verb)
        if rootless and verb.head.i == verb.sent.root.i == i and self.may_speak(verb.head):
            return verb.head  # 'A Quinnipiac poll found last week that ...', with no verb but 'found'
        if i < verb.sent.start or self.doc[i].text not in SET_OFF:
            return None
        start = max(verb.sent.start, self.token_at(self.paras[self.para_of(verb.idx)][0]))
        while start < i and (self.doc[start].is_space or self.doc[start].is_punct):
            start += 1
        marks = [j for j in range(start, i + 1) if self.doc[j].text in SET_OFF]
        if not marks or marks[0] == start or any(self.in_quote[j] for j in range(start, marks[0])):
            return None
        opening = self.doc[start : marks[0]]
        if any(t.pos_ in ("VERB", "AUX", "ADP", "SCONJ") and t.dep_ != "compound" for t in opening):
            return None  # 'In 2012, ...', 'As the polls closed, ...': no noun phrase
        for a, b in zip(marks, marks[1:], strict=False):  # each part set off between the marks
            part = [t for t in self.doc[a + 1 : b] if not self.in_quote[t.i]]
            verbs = [t for t in part if t.pos_ in ("VERB", "AUX")]
            if part and verbs and part[0].tag_ not in ("WP", "WP$", "WDT", "WRB", "VBG", "VBN"):
                return None  # a clause of its own: 'Lopez, the council said, ...'
            if any(self.is_cue(t) for t in verbs if t.tag_ not in ("VBG", "VBN")):
                return None
        head = opening.root
        return head if head.pos_ in ("NOUN", "PROPN", "PRON") and self.may_speak(head) else None

    def when(self, tok: Token) -> bool:
        """A time adverbial ('on Monday', 'last week') or the listener ('with reporters'): the
        report's, not its content."""
        if tok.ent_type_ in ("DATE", "TIME") or any(c.ent_type_ in ("DATE", "TIME") for c in tok.children):
            return True
        return tok.dep_ == "prep" and any(c.lower_ in self.lex.object_nouns for c in tok.children)

    def passive(self, verb: Token) -> Found | None:
        """'The plan was endorsed by the mayor': the subject is what is reported, the agent
        its source."""
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and not self.in_quote[c.i]]
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not subjects or not agents:
            return None
        runs = self.runs(list(range(subjects[0].left_edge.i, subjects[0].right_edge.i + 1)))
        if not runs or self.words(runs) < SHORTEST_OBJECT:
            return None
        item = Found("indirect", [self.char_range(a, b) for a, b in runs], [self.cue_range(verb)], confidence=0.55)
        item.source_tokens = self.noun_phrase(agents[0])
        item.source = self.char_range(*item.source_tokens)
        return item

    def noun_clause(self, noun: Token) -> Found | None:
        """'Trump's claim that X', 'his threat to sue': X is the content, the possessor the source."""
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl", "xcomp") and c.i > noun.i]
        clauses = [
            c
            for c in clauses
            if any(
                (t.dep_ == "mark" and t.lower_ == "that") or (t.dep_ == "aux" and t.tag_ == "TO") for t in c.children
            )
        ]
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
        elif noun.dep_ == "pobj" and noun.head.dep_ == "prep" and (subject := self.subject(noun.head.head)) is not None:
            item.source_tokens = self.noun_phrase(subject)  # 'X said in a statement that ...': X's statement
            item.source = self.char_range(*item.source_tokens)
        return item

    def complements(self, verb: Token, preps: tuple[str, ...] = OBJECT_PREPS) -> list[Token]:
        """Object and clause-like complements after the verb ('called for X to do Y')."""
        found = []
        for child in verb.children:
            if child.i < verb.i or self.in_quote[child.i]:
                continue
            if child.dep_ in ("dobj", "xcomp", "dative"):
                found.append(child)
            elif child.dep_ == "prep" and child.lower_ in preps:
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
