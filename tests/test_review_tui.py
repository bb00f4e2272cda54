"""The review screens driven as a lead would (Pilot): browsing never writes a byte,
adjudicating writes exactly the gold file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from annotator import store
from annotator.tui.keys import COMPARE, REVIEW
from annotator.tui.review import CompareScreen, ReviewApp, ReviewScreen
from tests.test_review import LAVROV, two_annotators

pytestmark = pytest.mark.slow
SIZE = (120, 35)


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def work(corpus: Path) -> Path:
    two_annotators(corpus)
    return corpus


def app_for(corpus: Path) -> ReviewApp:
    return ReviewApp([Path("annotations")], Path("annotations"), "carol")


WRITING = {"take", "reject", "edit", "done", "undo", "redo", "promote"}  # adjudication: writes gold, by design
KEY_NAMES = {"slash": "slash", "question_mark": "question_mark", "escape": "escape", "enter": "enter"}


def keys(table: list[Any]) -> list[str]:
    pressed = []
    for key in table:
        if not key.keys or key.action.split("(")[0] in WRITING or key.action == "quit":
            continue
        pressed.append(key.keys.split(",")[0])
    return pressed


async def test_browsing_and_comparing_never_write_a_byte(work: Path) -> None:
    before = tree_hash(work)
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys(REVIEW):
            await pilot.press(key)
            await pilot.pause()
            while not isinstance(app.screen, ReviewScreen):  # a dialog or the compare screen opened
                if isinstance(app.screen, CompareScreen):
                    for compare_key in keys(COMPARE):
                        await pilot.press(compare_key)
                        await pilot.pause()
                        if not isinstance(app.screen, CompareScreen) and not isinstance(app.screen, ReviewScreen):
                            await pilot.press("escape")
                    if isinstance(app.screen, CompareScreen):
                        await pilot.press("escape")
                else:
                    await pilot.press("escape")
                await pilot.pause()
            if app.screen.query_one("#search").display:
                await pilot.press("escape")
        await pilot.press("P", "n")  # promoting asks first; no says no
        await pilot.press("q")
    assert tree_hash(work) == before


async def test_adjudicating_a_real_disagreement_saves_the_gold_file(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for _ in range(100):  # the list shows at once; disagreements are counted behind it
            if not screen.counting:
                break
            await pilot.pause(0.05)
        assert screen.rows[0].differences == 2
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        first = compare.groups[compare.index]
        assert [d.kind for d in first.differences] == ["speaker"]  # it opens on the first disagreement
        await pilot.press("2")  # Bob's speaker
        await pilot.press("n", "1")  # the quote Bob rejected: Alice's version stands
        await pilot.press("D")
        await pilot.pause()
        gold = store.load(Path("annotations") / "gold" / f"{LAVROV}.yaml")[0]
        assert gold.status == "done" and gold.provenance is not None and gold.provenance.adjudicator == "carol"
        bob = store.load(Path("annotations") / "bob" / f"{LAVROV}.yaml")[0]
        quote = next(q for q in gold.quotes if q.content == first.quote_of("bob").content)  # type: ignore[union-attr]
        assert gold.speaker_name(quote) == bob.speaker_name(first.quote_of("bob"))  # type: ignore[arg-type]
        await pilot.press("u")  # undo the last decision: gold back in progress
        await pilot.pause()
        assert store.load(Path("annotations") / "gold" / f"{LAVROV}.yaml")[0].status == "in_progress"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.rows[0].gold_state == "adjudicating"


def test_the_compare_screen(work: Path, snap_compare: Any) -> None:
    async def open_it(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app_for(work), terminal_size=SIZE, run_before=open_it)


async def test_the_detectors_draft_is_an_optional_extra_layer(work: Path) -> None:
    alice = store.read(Path("annotations") / "alice" / f"{LAVROV}.yaml")
    from dataclasses import replace

    store.save(
        replace(alice, annotator="detector", status="draft"), Path("annotations") / "detector" / f"{LAVROV}.yaml"
    )
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert [a.annotator for a in compare.adjudication.versions] == ["alice", "bob"]
        await pilot.press("v")
        await pilot.pause()
        assert [a.annotator for a in compare.adjudication.versions] == ["alice", "bob", "detector"]


def test_the_compare_screen_at_80_columns(work: Path, snap_compare: Any) -> None:
    async def open_it(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app_for(work), terminal_size=(80, 24), run_before=open_it)


async def test_gold_with_pending_quotes_is_not_marked_done(corpus: Path) -> None:
    """Both annotators left the same quote pending: gold takes it as it is, and D refuses to call
    that done (a done gold file with pending quotes would not be gold)."""
    from dataclasses import replace

    for path in two_annotators(corpus):
        annotation = store.load(path)[0]
        quotes = (*annotation.quotes[:-1], replace(annotation.quotes[-1], review="pending"))
        store.save(replace(annotation, quotes=quotes), path)
    app = app_for(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("2", "n", "1", "D")  # every disagreement decided, as the test above
        await pilot.pause()
        gold = store.load(Path("annotations") / "gold" / f"{LAVROV}.yaml")[0]
        assert gold.status == "in_progress" and any(q.review == "pending" for q in gold.quotes)


async def test_the_search_finds_a_quote_text_read_behind_the_list(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list is shown before the quote texts are read; a search typed meanwhile says so, and
    is applied again when they come in."""
    import threading

    from annotator.tui import review

    ready = threading.Event()
    real = review.quote_texts

    def slow(paths: list[Path]) -> dict[str, list[str]]:
        ready.wait(10)
        return real(paths)

    monkeypatch.setattr(review, "quote_texts", slow)
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("slash", *"good luck", "enter")
        await pilot.pause()
        assert screen.visible_rows() == [] and "quote texts still loading" in str(screen.query_one("#filters").render())
        ready.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row.doc_id for row in screen.visible_rows()] == [LAVROV]
        assert "still loading" not in str(screen.query_one("#filters").render())


async def test_the_compare_screen_says_when_there_is_nothing_to_decide(corpus: Path) -> None:
    """Two versions that agree: the group list was an empty box, which a new user could not read."""
    two_annotators(corpus, bob_differs=False)
    app = app_for(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("enter")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen) and not compare.listed
        groups = compare.query_one("#groups", OptionList)
        assert groups.option_count == 1
        assert "nothing to decide" in str(groups.get_option_at_index(0).prompt)
