"""Regenerate docs/screenshot.svg and docs/review.svg: the app's screens, drawn by the app itself.

    make screenshot      (or: .venv/bin/python docs/make_screenshot.py)

Runs the detector on a copy of the seeds, opens the annotator headless at 120x35,
selects Lavrov's "Good luck and good night." and exports the screen as SVG; then gives
the Lavrov seed two annotators who disagree on two quotes and exports the compare screen.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from annotator.detect.run import detect_corpus
from annotator.tui.app import AnnotatorApp
from annotator.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshot.svg"
REVIEW_OUT = REPO / "docs" / "review.svg"
LAVROV = "001_0c38e3542eae8caf"


async def shoot(folder: Path) -> str:
    app = AnnotatorApp(Workspace([Path("seeds")], Path("annotations"), "alice"))
    async with app.run_test(size=(120, 35)) as pilot:
        app.open_article("001_0c38e3542eae8caf")
        editor = app.session.editor
        assert editor is not None
        quote = next(q for q in editor.annotation.quotes if "Good luck" in q.content[0].text)
        app.select_quote(quote.id)
        await pilot.pause(0.3)
        return app.export_screenshot(title="quote-annotator")


async def shoot_review() -> str:
    from dataclasses import replace

    from annotator import store
    from annotator.tui.review import ReviewApp

    gold, _ = store.load(REPO / "annotations" / "gold" / f"{LAVROV}.yaml", REPO)
    alice = replace(gold, annotator="alice", status="done")
    other = next(s for s in gold.speakers if s.id != gold.quotes[0].speaker)
    quotes = list(gold.quotes)
    quotes[0] = replace(quotes[0], speaker=other.id)
    quotes[1] = replace(quotes[1], review="rejected")
    bob = replace(gold, annotator="bob", status="done", quotes=tuple(quotes))
    store.save(alice, Path("review") / "alice" / f"{LAVROV}.yaml")
    store.save(bob, Path("review") / "bob" / f"{LAVROV}.yaml")
    app = ReviewApp([Path("review")], Path("review"), "carol")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.3)
        return app.export_screenshot(title="quote-annotator review")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(REPO / "seeds", folder / "seeds")
        os.chdir(folder)
        detect_corpus([Path("seeds")], Path("annotations"))
        OUT.write_text(asyncio.run(shoot(folder)), encoding="utf-8")
        REVIEW_OUT.write_text(asyncio.run(shoot_review()), encoding="utf-8")
    print(f"wrote {OUT} and {REVIEW_OUT}")


if __name__ == "__main__":
    main()
