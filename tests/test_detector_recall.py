"""Attributions the detector used to miss (issue 12), each in a passage of our own."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.detect.convert import to_annotation
from annotator.detect.lexicon import lexicon, raw_lexicon
from annotator.detect.pipeline import info
from tests.test_detector import detect, summary

pytestmark = pytest.mark.slow

CASES = {
    "naming without marks is an indirect quote": (
        "Maria Lopez called the new budget a disaster for the city.",
        [("indirect", ["the new budget a disaster for the city"], "called", "Maria Lopez", "Maria Lopez")],
    ),
    "calling for something": (
        "Maria Lopez called for a full inquiry into the fire.",
        [("indirect", ["a full inquiry into the fire"], "called for", "Maria Lopez", "Maria Lopez")],
    ),
    "a speech verb with a noun-phrase object": (
        "Maria Lopez repeated her demand for a new bridge.",
        [("indirect", ["her demand for a new bridge"], "repeated", "Maria Lopez", "Maria Lopez")],
    ),
    "accusing someone of something": (
        "Maria Lopez accused the council of wasting public money.",
        [("indirect", ["the council of wasting public money"], "accused", "Maria Lopez", "Maria Lopez")],
    ),
    "a noun cue with an infinitive": (
        "His threat to sue the newspaper surprised nobody in the newsroom.",
        [("indirect", ["to sue the newspaper"], "threat", "His", "")],
    ),
    "a cue verb counted on the training split": (
        "Maria Lopez discussed the new bridge tolls with reporters on Monday.",
        [("indirect", ["the new bridge tolls"], "discussed", "Maria Lopez", "Maria Lopez")],
    ),
    "hoping is hope, not hop": (
        "Maria Lopez is hoping that the bridge will open in May.",
        [("indirect", ["that the bridge will open in May"], "is hoping", "Maria Lopez", "Maria Lopez")],
    ),
    "a passive cue with its agent": (
        "The new budget was endorsed by the city council.",
        [("indirect", ["The new budget"], "was endorsed", "the city council", "city council")],
    ),
    "a headline naming its speaker with a colon": (
        "Maria Lopez: Bridge Will Open In May\n\nThe mayor spoke to the council on Monday.",
        [("indirect", ["Bridge Will Open In May"], ":", "Maria Lopez", "Maria Lopez")],
    ),
    "a headline verb tagged as a proper noun": (
        "Lopez Slams Council Over Bridge Delay\n\nThe mayor spoke to the council on Monday.",
        [("indirect", ["Council Over Bridge Delay"], "Slams", "Lopez", "Lopez")],
    ),
    "an unattributed quote continues the attribution before it in the paragraph": (
        "Maria Lopez said the plan was “a disaster for everyone” on Monday. “We will fight it in court.”",
        [
            (
                "mixed",
                ["the plan was “a disaster for everyone” on Monday", "“We will fight it in court.”"],
                "said",
                "Maria Lopez",
                "Maria Lopez",
            )
        ],
    ),
    "a that-clause the parse hung on the cue as an adverbial": (
        "Residents complained soon after that the new lines especially hurt the older voters in the valley.",
        [
            (
                "indirect",
                ["that the new lines especially hurt the older voters in the valley"],
                "complained",
                "Residents",
                "Residents",
            )
        ],
    ),
    "a direct quote's cue with a clause of its own after it": (
        "Tomas Brandt, citing “the magic of the river,” said the bridge could open in May.",
        [
            ("direct", ["“the magic of the river,”"], "said", "Tomas Brandt", "Tomas Brandt"),
            ("indirect", ["the bridge could open in May"], "said", "Tomas Brandt", "Tomas Brandt"),
        ],
    ),
    "an inverted cue after the words it reports, with no quotation marks": (
        'Couple the long delay with a "council that never listens" and residents get angry, said Ana Ruiz.',
        [
            (
                "mixed",
                ['Couple the long delay with a "council that never listens" and residents get angry'],
                "said",
                "Ana Ruiz",
                "Ana Ruiz",
            )
        ],
    ),
    "a stance after 'be', counted on the training split, is a tentative belief": (
        "Many residents are worried that the bridge will never open.",
        [("indirect", ["that the bridge will never open"], "are worried", "Many residents", "residents")],
    ),
    "a stance towards something": (
        "The mayor has been critical of the council's plans for the valley.",
        [("indirect", ["the council's plans for the valley"], "has been critical of", "The mayor", "")],
    ),
    "a verb and preposition counted on the training split report the preposition's object": (
        "Maria Lopez pointed to the long delays on the old bridge.",
        [("indirect", ["the long delays on the old bridge"], "pointed to", "Maria Lopez", "Maria Lopez")],
    ),
    "a counted verb and preposition come before the verb's clause, and keep a participle on the object": (
        "Alison Marsh pointed to research showing that teenagers sleep less than they did ten years ago.",
        [
            (
                "indirect",
                ["research showing that teenagers sleep less than they did ten years ago"],
                "pointed to",
                "Alison Marsh",
                "Alison Marsh",
            )
        ],
    ),
    "referring to someone as something": (
        "Lopez referred to the council as a club of old friends.",
        [("indirect", ["the council as a club of old friends"], "referred to", "Lopez", "Lopez")],
    ),
    "urging someone to act: the one urged is part of what is urged": (
        "Maria Lopez urged the council to approve the budget before the summer.",
        [("indirect", ["the council to approve the budget before the summer"], "urged", "Maria Lopez", "Maria Lopez")],
    ),
    "the rest of the sentence that the parse hung on the cue": (
        "“The time is long overdue for a change in the party,” Ruiz insisted to the gathered cameras, with her"
        " aide standing behind her as she urged the party to scrap its old rules, replace the committee's current"
        " leadership, open up registration in primaries, and make its books public.",
        [
            ("direct", ["“The time is long overdue for a change in the party,”"], "insisted", "Ruiz", "Ruiz"),
            (
                "indirect",
                [
                    "the party to scrap its old rules, replace the committee's current leadership, open up"
                    " registration in primaries, and make its books public"
                ],
                "urged",
                "she",
                "Ruiz",
            ),
        ],
    ),
    "a verb joined to the cue is the speaker's own act, not what is reported": (
        "Russia denied any ulterior motive, and dispatched an aid convoy that was set to reach the city on Friday.",
        [("indirect", ["any ulterior motive"], "denied", "Russia", "Russia")],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_attribution_found(nlp: Any, text: str, expected: list[tuple[str, list[str], str, str, str]]) -> None:
    assert summary(detect(nlp, text)) == expected


def test_a_headline_glued_to_the_subject_stays_out_of_the_source(nlp: Any) -> None:
    text = "Lopez Slams Council Over Bridge Delay\n\nMayor Maria Lopez called the council's plan a disaster."
    rows = summary(detect(nlp, text))
    assert rows[-1][:4] == ("indirect", ["the council's plan a disaster"], "called", "Mayor Maria Lopez")


def test_a_quote_in_a_new_paragraph_is_not_joined(nlp: Any) -> None:
    text = "Maria Lopez said the plan was “a disaster for everyone” on Monday.\n\n“We will fight it in court.”"
    quotes = detect(nlp, text).quotes
    assert [q.type for q in quotes] == ["mixed", "direct"]


def test_a_title_case_line_without_a_cue_is_not_a_quote(nlp: Any) -> None:
    text = "Stealth Over Health: The Long Road To The Bridge\n\nThe mayor spoke to the council on Monday."
    assert detect(nlp, text).quotes == ()


def test_counted_verbs_are_speech_verbs_and_data() -> None:
    lex = lexicon()
    counted = raw_lexicon()["counted_verbs"]
    not_cues = frozenset(raw_lexicon()["not_cues"])  # evidentials and feelings: not cues by the guidelines
    assert counted == sorted(counted) and lex.counted_verbs == frozenset(counted) - not_cues
    assert lex.counted_verbs <= lex.speech_verbs and not lex.speech_verbs & not_cues
    assert {"discuss", "refer", "list"} <= lex.counted_verbs
    pairs = raw_lexicon()["counted_prep_cues"]
    assert pairs == sorted(pairs) and {"refer to", "speak about"} <= lex.counted_prep_cues
    assert all(len(pair.split()) == 2 for pair in pairs) and "accord to" not in pairs  # a phrase already
    adjectives = raw_lexicon()["counted_adjectives"]
    assert adjectives == sorted(adjectives) and {"worried", "critical"} <= lex.counted_adjectives


def _counts_script() -> Any:
    path = Path(__file__).resolve().parent.parent / "bench" / "lexicon_counts.py"
    spec = importlib.util.spec_from_file_location("lexicon_counts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counted(nlp: Any, text: str, marked: str, counter: str = "count", **options: Any) -> tuple[Any, Any]:
    """(seen, cued) by the count script's ``counter`` over ``text``, with ``marked`` (its first
    occurrence) the one gold cue."""
    first = text.index(marked)
    counted: tuple[Any, Any] = getattr(_counts_script(), counter)(
        [nlp(text)], [[(first, first + len(marked))]], **options
    )
    return counted


def test_the_count_script_counts_verbs_inside_gold_cues(nlp: Any) -> None:
    text = "Lopez discussed the bridge. The council discussed the roads. According to Lopez, it rained."
    seen, cued = _counted(nlp, text, "discussed")
    assert seen["discuss"] == 2 and cued["discuss"] == 1
    assert "accord" not in seen  # 'according to' is a phrase of the lexicon already
    json.dumps(dict(seen))  # plain counts


def test_the_count_script_counts_verbs_with_a_preposition_inside_gold_cues(nlp: Any) -> None:
    text = "Lopez pointed to the bridge. Ruiz pointed to the roads. Brandt pointed at noon."
    seen, cued = _counted(nlp, text, "pointed to", "count_prep_cues")
    assert seen["point to"] == 2 and cued["point to"] == 1 and cued["point at"] == 0


def test_the_count_script_counts_stances_inside_gold_cues(nlp: Any) -> None:
    text = "Lopez is worried about the bridge. Ruiz is worried that it rains. Brandt is worried."
    seen, cued = _counted(nlp, text, "is worried about", adjectives=True)
    assert seen["worried"] == 2 and cued["worried"] == 1  # 'Brandt is worried.' is about nothing


def test_a_subject_the_parse_lost_is_the_noun_phrase_before_a_finite_cue(nlp: Any) -> None:
    """The small model sometimes hangs a long subject elsewhere: the parse below is built by
    hand in that shape, 'pollsters' an adverbial of 'say'."""
    from spacy.tokens import Doc

    words = ["The", "campaign", "'s", "own", "pollsters", "say", "the", "race", "is", "tied", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, False, True, True, True, True, True, True, True, False, False],
        tags=["DT", "NN", "POS", "JJ", "NNS", "VBP", "DT", "NN", "VBZ", "JJ", "."],
        pos=["DET", "NOUN", "PART", "ADJ", "NOUN", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"],
        deps=["det", "poss", "case", "amod", "npadvmod", "ROOT", "det", "nsubj", "ccomp", "acomp", "punct"],
        heads=[1, 4, 1, 4, 5, 5, 7, 8, 5, 8, 5],
        lemmas=["the", "campaign", "'s", "own", "pollster", "say", "the", "race", "be", "tied", "."],
    )
    annotation = to_annotation(nlp.get_pipe("quote_attribution")(doc), "t", "t.txt", info(nlp))
    assert summary(annotation)[0][:4] == ("indirect", ["the race is tied"], "say", "The campaign's own pollsters")


def test_a_cue_takes_the_clause_right_after_it_not_the_longest(nlp: Any) -> None:
    text = (
        "In March, forty percent said they would vote for Lopez, however that number has since dropped"
        " to thirty, the poll found."
    )
    rows = summary(detect(nlp, text))
    assert ("indirect", ["they would vote for Lopez"], "said", "forty percent", "") in rows


SOURCES = {
    "the noun phrase opening the sentence, set off by an adverb and a relative clause": (
        "Ana Ruiz, meanwhile, who sits on no committee at all, said that fact speaks volumes about the council.",
        "Ana Ruiz",
    ),
    "a poll read as the head of 'found' when the sentence has no other verb": (
        "A Valley University poll found last week that most residents want the new bridge.",
        "A Valley University poll",
    ),
    "a headline the parser glued to the sentence under it is not its subject": (
        "Flood Warnings Issued Along the River Tane\n\nForecasters have issued flood warnings for six villages.",
        "Forecasters",
    ),
    "the object of a causing verb speaks in the infinitive after it": (
        "The long delay led many residents to say that the council had failed them.",
        "many residents",
    ),
}


@pytest.mark.parametrize(("text", "source"), SOURCES.values(), ids=SOURCES.keys())
def test_the_source_the_parse_hung_elsewhere(nlp: Any, text: str, source: str) -> None:
    (row,) = summary(detect(nlp, text))
    assert row[3] == source


def test_a_second_report_inside_a_content_is_its_own_with_the_same_speaker(nlp: Any) -> None:
    text = (
        "Maria Lopez said her recent attacks on the council have given her campaign momentum"
        " and said that the council did not represent the city."
    )
    assert summary(detect(nlp, text)) == [
        (
            "indirect",
            ["her recent attacks on the council have given her campaign momentum"],
            "said",
            "Maria Lopez",
            "Maria Lopez",
        ),
        ("indirect", ["that the council did not represent the city"], "said", "Maria Lopez", "Maria Lopez"),
    ]


def test_a_cue_verb_with_no_report_of_its_own_stays_in_the_content(nlp: Any) -> None:
    text = "Brandt says the mayor is acting unlawfully and showing disregard for the valley with her plans."
    (row,) = summary(detect(nlp, text))
    assert row[1] == ["the mayor is acting unlawfully and showing disregard for the valley with her plans"]
