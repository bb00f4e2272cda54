"""The quotation-mark scanner on what news text really contains."""

from __future__ import annotations

import pytest

from annotator.model import Span
from annotator.quotes import quote_type_of, scan

CASES = {
    "curly": ("He said “we win” today.", [["“we win”"]]),
    "straight": ('He said "we win" today.', [['"we win"']]),
    "opened curly, closed straight": ('He said “we win" today.', [['“we win"']]),
    "interrupted by attribution": ("“A,” he said, “B.”", [["“A,”"], ["“B.”"]]),
    "nested other kind": ('"Say “no” twice," he said.', [['"Say “no” twice,"']]),
    "over three paragraphs": ("“One.\n\n“Two.\n\n“Three.”\nAfter.", [["“One.", "“Two.", "“Three.”"]]),
    "stray closing mark": ("A stray ” mark, then “a quote,” she said.", [["“a quote,”"]]),
    "unclosed runs to the paragraph end": ("“Never closed\n\nNext “ok” here.", [["“Never closed"], ["“ok”"]]),
    "inch mark is no quote": ('The 6" pipe burst.', []),
    "two apostrophes as a mark": ("''Hopefully,'' he said.", [["''Hopefully,''"]]),
    "mark after a no-break space": ('thrilled.\xa0"We will," he said.', [['"We will,"']]),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_scan(text: str, expected: list[list[str]]) -> None:
    assert [[text[a:b] for a, b in q.parts] for q in scan(text)] == expected


TYPES = {
    "direct": ("He said: “We will win.”", ["“We will win.”"], "direct"),
    "direct in two parts": ("“A,” he said, “B.”", ["“A,”", "“B.”"], "direct"),
    "mixed": ("He said they were “in trouble” now.", ["they were “in trouble” now"], "mixed"),
    "indirect": ("He said they were in trouble.", ["they were in trouble"], "indirect"),
}


@pytest.mark.parametrize(("text", "parts", "expected"), TYPES.values(), ids=TYPES.keys())
def test_quote_type_of(text: str, parts: list[str], expected: str) -> None:
    spans = [Span.of(text, text.index(p), text.index(p) + len(p)) for p in parts]
    assert quote_type_of(text, spans) == expected
