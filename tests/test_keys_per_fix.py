"""How many keys a fix takes (issue 11): scripted sessions on the seeds' detector drafts, each
fix counted key by key and checked against the hand-made gold in the saved YAML.

Goals: a boundary fix in at most 4 keys; a quote the detector missed, with its source and cue,
in at most 12 keys plus the speaker's name (s, the name, enter)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator import store
from annotator.model import Annotation, Quote
from annotator.tui.app import AnnotatorApp
from tests.conftest import REPO
from tests.test_tui import app_for, drafts, saved, work  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow
SIZE = (120, 35)
BOUNDARY_KEYS = 4
MISSED_QUOTE_KEYS = 12
RUSSIA = "002_2fd87e77b8dd77fa"
KERRY = "001_0c38e3542eae8caf"
NATO = "003_b7926997440bf31b"


def gold(doc_id: str) -> Annotation:
    return store.read(REPO / "annotations" / "gold" / f"{doc_id}.yaml")


def spans(quote: Quote, role: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in quote.spans(role)]  # type: ignore[arg-type]


async def fix(pilot: Any, doc_id: str, overlapping: int, keys: list[str]) -> Quote:
    """Select the draft quote whose content holds offset ``overlapping``, press ``keys``, and
    return the quote as saved."""
    app: AnnotatorApp = pilot.app
    app.open_article(doc_id)
    await pilot.pause()
    quote = next(q for q in app.session.editor.annotation.quotes if q.start <= overlapping < q.end)
    app.select_quote(quote.id)
    await pilot.pause()
    await pilot.press(*keys)
    return saved(app, doc_id).quote(quote.id)


@pytest.mark.parametrize(
    ("doc_id", "gold_id", "role", "keys"),
    [
        (RUSSIA, "q13", "content", ["comma"]),  # cut back to its clause: “… to the European Union”
        (KERRY, "q2", "content", ["2", "l", "quotation_mark"]),  # drop “Meanwhile,”; out to the closing mark
        (RUSSIA, "q11", "source", ["e", "e", "3", "H"]),  # “Zelensky encouraged partners to” -> “Zelensky”
        (RUSSIA, "q12", "source", ["e", "e", "5", "h"]),  # “the Netherlands” -> “Belgium, Ireland, and the …”
    ],
)
async def test_a_boundary_fix_takes_at_most_four_keys(
    work: Path,  # noqa: F811
    doc_id: str,
    gold_id: str,
    role: str,
    keys: list[str],
) -> None:
    target = gold(doc_id).quote(gold_id)
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        fixed = await fix(pilot, doc_id, target.content[0].start + 1, keys)
    assert len(keys) <= BOUNDARY_KEYS
    assert spans(fixed, role) == spans(target, role)
    assert fixed.review == "corrected"


async def test_a_missed_quote_with_source_and_cue_takes_at_most_twelve_keys(work: Path) -> None:  # noqa: F811
    """NATO spokeswoman Oana Lungescu dared Russia to "prove that they are doing what they are saying." """
    target = gold(NATO).quote("q11")
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(NATO)  # the cursor starts on the first pending quote, above the missed one
        await pilot.pause()
        keys = [
            "g",  # select the next passage in quotation marks that no quote holds
            "i",  # add it as a quote
            "2",
            "h",  # its content starts two words earlier: Russia to “prove …”
            "b",  # the cursor, on the quote's start, one word back: dared
            "e",
            "r",  # the cue is the word at the cursor
            "b",  # Lungescu
            "e",
            "r",  # the source is the word at the cursor …
            "3",
            "h",  # … and starts three words earlier: NATO spokeswoman Oana Lungescu
        ]
        await pilot.press(*keys)
        await pilot.press("s", *"Oana Lungescu", "enter")
        annotation = saved(app, NATO)
    added = next(q for q in annotation.quotes if q.origin == "manual")
    assert len(keys) <= MISSED_QUOTE_KEYS
    assert [spans(added, role) for role in ("content", "cue", "source")] == [
        spans(target, role) for role in ("content", "cue", "source")
    ]
    assert annotation.speaker_name(added) == "Oana Lungescu"
