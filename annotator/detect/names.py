"""Names as written: a person's name less titles and possessive, an organisation's less its
article, the cue-verb forms that headline case glues to a name, and an article's byline."""

from __future__ import annotations

from functools import cache

from annotator.detect.lexicon import Lexicon

POSSESSIVE = ("’s", "'s", "’", "'")
DETERMINERS = ("the", "a", "an")
BYLINE_SPAN = 400  # characters at the top of an article where a byline may stand


def without_possessive(words: list[str]) -> list[str]:
    """The words of a name less a possessive ending ('Lavrov’s' -> 'Lavrov')."""
    words = list(words)
    while words and words[-1] in POSSESSIVE:
        words.pop()
    if words:
        for suffix in POSSESSIVE:
            if words[-1].endswith(suffix) and len(words[-1]) > len(suffix):
                words[-1] = words[-1][: -len(suffix)]
                break
    return words


def clean_name(name: str, lex: Lexicon) -> str:
    """A name without a possessive ending, a leading 'the' or titles ('Sen.', 'President'),
    or a sign-off's dash glued to it ('-Michelle Marks')."""
    words = without_possessive(name.lstrip("-―—–").split())
    while len(words) > 1 and (words[0].lower().rstrip(".") in lex.titles or words[0].lower() == "the"):
        words.pop(0)
    return " ".join(words)


def clean_org(name: str) -> str:
    """An organisation's name without a leading article or a possessive ending ('The State
    Department' keeps 'State', which as a person's title would go)."""
    words = without_possessive(name.split())
    if len(words) > 1 and words[0].lower() in DETERMINERS:
        words.pop(0)
    return " ".join(words)


@cache
def verb_forms(lex: Lexicon, irregular: frozenset[str]) -> frozenset[str]:
    """Inflected forms of the cue verbs ('says', 'warned'): in headline case the recogniser
    glues them to a surname ('Sanders Says'), and they are cut off again."""
    forms = set(irregular)
    for lemma in lex.speech_verbs | lex.belief_verbs | lex.tell_verbs:
        forms.update({lemma + "s", lemma + "es", lemma + "ed", lemma + "d"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    return frozenset(forms)


def byline(text: str) -> str | None:
    """'By Jane Morrow' on a line of its own near the top: the author, for a columnist's I."""
    for line in text[:BYLINE_SPAN].splitlines():
        words = line.strip().split()
        if len(words) < 3 or words[0].lower() != "by" or len(words) > 6:
            continue
        name = []
        for word in words[1:]:
            if word.lower() in ("and", "|", "-", "—"):
                break
            name.append(word.rstrip(","))
            if word.endswith(","):
                break
        if 2 <= len(name) <= 4 and all(w[:1].isupper() for w in name):
            return " ".join(name)
    return None
