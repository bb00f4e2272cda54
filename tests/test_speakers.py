"""Who speaks: every passage of tests/data/speakers.yaml, checked against its expected speaker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from annotator.detect.convert import to_annotation
from annotator.detect.names import byline
from annotator.detect.pipeline import info

pytestmark = pytest.mark.slow

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "data" / "speakers.yaml").read_text("utf-8"))[
    "cases"
]


def test_the_file_holds_forty_passages_with_unique_ids() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    for case in CASES:
        assert case["quote"] in case["text"], case["id"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_speaker(nlp: Any, case: dict[str, Any]) -> None:
    annotation = to_annotation(nlp(case["text"]), "t", "t.txt", info(nlp))
    quotes = [q for q in annotation.quotes if any(case["quote"] in part.text for part in q.content)]
    assert quotes, f"no quote holds {case['quote']!r}: {[q.content for q in annotation.quotes]}"
    quote = quotes[0]
    speaker = annotation.speaker(quote.speaker)
    if "source" in case:
        assert [s.text for s in quote.source] == [case["source"]]
    assert (speaker.name if speaker else None, speaker.kind if speaker else "unknown") == (
        case["speaker"],
        case["kind"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jane Morrow\n\nI have long argued that the tax is unfair.", "Jane Morrow"),
        ("Opinion\nBy Daniel Okafor and Ruth Price\n\nI thought so.", "Daniel Okafor"),
        ("By Jane Morrow, Staff Writer\n\nText.", "Jane Morrow"),
        ("By the river, I thought of it.\n\nText.", None),
        ("Senator Ruth Price spoke last week. I believe she is wrong.", None),
    ],
)
def test_byline(text: str, expected: str | None) -> None:
    assert byline(text) == expected
