"""SVG snapshots of the main screens (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.test_tui import LAVROV, SIZE, app_for, drafts, work  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


async def on_lavrov(pilot: Pilot[None]) -> None:
    app: Any = pilot.app
    app.open_article(LAVROV)
    quote = next(q for q in app.session.editor.annotation.quotes if "Good luck" in q.content[0].text)
    app.select_quote(quote.id)
    await pilot.pause()


def test_main_screen(work: Path, snap_compare: Any) -> None:  # noqa: F811
    assert snap_compare(app_for(work), terminal_size=SIZE, run_before=on_lavrov)


def test_speaker_picker(work: Path, snap_compare: Any) -> None:  # noqa: F811
    async def picker(pilot: Pilot[None]) -> None:
        await on_lavrov(pilot)
        await pilot.press("s", "l", "a")
        pilot.app.screen.query_one(Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app_for(work), terminal_size=SIZE, run_before=picker)


def test_help_screen(work: Path, snap_compare: Any) -> None:  # noqa: F811
    assert snap_compare(app_for(work), terminal_size=SIZE, press=["question_mark", "_"])
