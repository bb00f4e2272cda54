"""Regenerate docs/screenshot.svg: the app's main screen, drawn by the app itself.

    make screenshot      (or: .venv/bin/python docs/make_screenshot.py)

Runs the detector on a copy of the seeds, opens the annotator headless at 120x35,
selects Lavrov's "Good luck and good night." and exports the screen as SVG.
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(REPO / "seeds", folder / "seeds")
        os.chdir(folder)
        detect_corpus([Path("seeds")], Path("annotations"))
        OUT.write_text(asyncio.run(shoot(folder)), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
