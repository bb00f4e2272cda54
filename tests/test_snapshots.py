"""SVG snapshots of the main screens (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from annotator.tui.app import AnnotatorApp
from annotator.tui.article_view import ArticleView
from annotator.workspace import Workspace
from tests.conftest import REPO
from tests.test_tui import LAVROV, SIZE

GOLD = REPO / "annotations" / "gold"

pytestmark = pytest.mark.slow


@pytest.fixture
def work(corpus: Path) -> Path:
    """The seeds with the hand-made annotations: the screens do not change with the detector."""
    shutil.copytree(GOLD, corpus / "annotations" / "alice", ignore=shutil.ignore_patterns(".*"))
    return corpus


def app_for(folder: Path) -> AnnotatorApp:
    return AnnotatorApp(Workspace([Path("seeds")], folder / "annotations", "alice"))


async def on_lavrov(pilot: Pilot[None]) -> None:
    app: Any = pilot.app
    await pilot.pause()  # the annotate screen is composed
    app.open_article(LAVROV)
    quote = next(q for q in app.session.editor.annotation.quotes if "Good luck" in q.content[0].text)
    app.select_quote(quote.id)
    app.candidates[LAVROV] = [("Sergei Lavrov", "person"), ("John Kerry", "person")]  # no spaCy here
    await pilot.pause()


def test_main_screen(work: Path, snap_compare: Any) -> None:
    assert snap_compare(app_for(work), terminal_size=SIZE, run_before=on_lavrov)


def test_speaker_picker(work: Path, snap_compare: Any) -> None:
    async def picker(pilot: Pilot[None]) -> None:
        await on_lavrov(pilot)
        await pilot.press("s", "l", "a")
        pilot.app.screen.query_one(Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app_for(work), terminal_size=SIZE, run_before=picker)


def test_help_screen(work: Path, snap_compare: Any) -> None:
    assert snap_compare(app_for(work), terminal_size=SIZE, press=["question_mark", "_"])


@pytest.mark.parametrize("size", [(80, 24), (60, 15)], ids=["80x24", "60x15"])
def test_main_screen_on_a_small_terminal(work: Path, snap_compare: Any, size: tuple[int, int]) -> None:
    """Every footer key fits at 80 columns (at 60 the palette, ctrl+p, reaches the rest), and the
    selected quote is on screen at both sizes."""

    async def selected_in_view(pilot: Pilot[None]) -> None:
        await on_lavrov(pilot)
        app: Any = pilot.app
        view = app.query_one(ArticleView)
        quote = app.session.quote
        first, last = view.line_at(quote.start), view.line_at(quote.end - 1)
        assert view.scroll_offset.y <= first and last < view.scroll_offset.y + view.size.height

    assert snap_compare(app_for(work), terminal_size=size, run_before=selected_in_view)
