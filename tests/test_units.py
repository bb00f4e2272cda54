"""Quoted passages, clauses and sentences a span is fitted to in one key (annotator/units.py)."""

from __future__ import annotations

import pytest

from annotator import units

TEXT = (
    "The U.S. had concerns. Gen. Smith said the talks, which began Monday, would go on; "
    "he called them “a fragile move toward peace,” aides said.\n"
    "A new paragraph starts here."
)


def piece(span: tuple[int, int]) -> str:
    return TEXT[span[0] : span[1]]


def test_sentences_do_not_end_at_initials_or_abbreviations() -> None:
    assert [piece(s) for s in units.sentences(TEXT)] == [
        "The U.S. had concerns.",
        "Gen. Smith said the talks, which began Monday, would go on; "
        "he called them “a fragile move toward peace,” aides said.",
        "A new paragraph starts here.",
    ]


def test_clauses_split_at_commas_semicolons_colons_and_dashes() -> None:
    sentence = units.sentence_at(TEXT, TEXT.index("Smith"))
    assert [piece(c) for c in units.clauses(TEXT, sentence)][:4] == [
        "Gen. Smith said the talks",
        "which began Monday",
        "would go on",
        "he called them “a fragile move toward peace,” aides said.",
    ]


@pytest.mark.parametrize(
    ("span", "unit", "expected"),
    [
        # a span running past its clause is cut back to the clause's end
        (("which", "go on"), "clause", "which began Monday"),
        # a span inside a clause grows to all of it
        (("began", "began"), "clause", "which began Monday"),
        # a span ending inside quotation marks goes out to the closing mark
        (("he called", "fragile"), "quote", "he called them “a fragile move toward peace,”"),
        # a span before the marks in its sentence reaches to the closing mark of the passage after it
        (("he called", "them"), "quote", "he called them “a fragile move toward peace,”"),
        # a span starting inside the marks goes back to the opening one
        (("fragile", "peace"), "quote", "“a fragile move toward peace,”"),
        # a span running past its sentence is cut back to the sentence's end
        (("The U.S.", "Smith"), "sentence", "The U.S. had concerns."),
        (("Smith", "Smith"), "sentence", piece(units.sentences(TEXT)[1])),
    ],
)
def test_fit(span: tuple[str, str], unit: units.Unit, expected: str) -> None:
    start = TEXT.index(span[0])
    end = TEXT.index(span[1]) + len(span[1])
    assert piece(units.fit(TEXT, start, end, unit)) == expected


def test_the_next_quoted_passage_no_quote_holds_wraps_round() -> None:
    passage = TEXT.index("“"), TEXT.index("”") + 1
    assert units.next_uncovered(TEXT, [], 0) == passage
    assert units.next_uncovered(TEXT, [], passage[0] + 5) == passage  # the only one: found again from the top
    assert units.next_uncovered(TEXT, [(passage[0] + 1, passage[1] - 1)], 0) is None


def test_find_is_case_blind_and_wraps() -> None:
    assert units.find(TEXT, "smith", 0) == TEXT.index("Smith")
    assert units.find(TEXT, "the u.s.", 10) == 0
    assert units.find(TEXT, "absent", 0) is None


def test_unit_end_for_a_selection_being_made() -> None:
    at = TEXT.index("“a fragile")
    assert TEXT[: units.unit_end(TEXT, at, "quote")].endswith("peace,”")
    assert TEXT[: units.unit_end(TEXT, TEXT.index("which"), "clause")].endswith("Monday")
    assert TEXT[: units.unit_end(TEXT, 0, "sentence")] == "The U.S. had concerns."
