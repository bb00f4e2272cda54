"""The annotator app: a thin App over its screens (annotate; review, compare and adjudicate).

The screens do the work; the App holds what they share (the style sheet, breakpoints, the
command palette's entries for the active screen) and starts on the right one.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from annotator.tui.annotate import AnnotateScreen
from annotator.workspace import Workspace


class AnnotatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quote-annotator"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-low"), (20, "-tall")]  # 60x15: the article keeps 7 lines

    def __init__(self, workspace: Workspace, model: str | None = None, notice: str = "") -> None:
        super().__init__()
        self._workspace, self._model, self._notice = workspace, model, notice
        self._annotate: AnnotateScreen | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._freeze)

    def _freeze(self) -> None:
        """After the first paint, everything made so far (Textual, Rich, the corpus list) moves to
        the collector's permanent generation: a full collection that lands on a key then walks
        only what came after, not the whole app (bench/tui.py, worst key over 200).  The
        collector, off until now when started by ``annotator annotate`` (``run``), comes back on."""
        gc.freeze()
        gc.enable()

    def get_default_screen(self) -> Screen[Any]:
        return self.annotate

    @property
    def annotate(self) -> AnnotateScreen:
        """The annotate screen, made when first asked for (inside the running app)."""
        if self._annotate is None:
            self._annotate = AnnotateScreen(self._workspace, self._model, notice=self._notice)
        return self._annotate

    # What tests and scripts reach through the app: the annotate screen's.
    @property
    def workspace(self) -> Workspace:
        return self._workspace

    @property
    def session(self) -> Any:
        return self.annotate.session

    @property
    def candidates(self) -> dict[str, list[tuple[str, str]]]:
        return self.annotate.candidates

    def open_article(self, doc_id: str, quote_id: str = "") -> None:
        self.annotate.open_article(doc_id, quote_id)

    def select_quote(self, quote_id: str | None) -> None:
        self.annotate.select_quote(quote_id)

    async def action_quit(self) -> None:
        """ctrl+q as q: the annotate screen asks first when something is not on disk."""
        screen = self.screen
        if isinstance(screen, AnnotateScreen):
            await screen.action_quit()
        else:
            self.exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, AnnotateScreen):
            yield from screen.commands()


def run(paths: list[Path], out: Path, annotator: str, model: str | None = None, *, named: bool = True) -> int:
    """Run the annotator; 0 when everything was saved, 1 (and each file named) when not.
    ``named``: the annotator's name was given (else it is the login name, and a first run says so)."""
    notice = "" if named else first_run_notice(out, annotator)
    workspace = Workspace(paths, out, annotator, background=True)  # statuses come in a worker: up at once
    app = AnnotatorApp(workspace, model, notice)
    app.run()
    unsaved = workspace.unsaved()
    for path, why in unsaved.items():
        print(f"{path}: NOT SAVED ({why})", file=sys.stderr)
    return 1 if unsaved or app.return_code else 0


def first_run_notice(out: Path, annotator: str) -> str:
    """On a first run under the login name (nothing saved under it yet): who the files will be
    saved as, and how to choose another name."""
    folder = out / annotator
    if any(folder.glob("*.yaml")):
        return ""
    return (
        f"Annotating as {annotator!r} (your login name): your files go into {folder}/. "
        "To use another name, quit (q) and start again with --annotator NAME."
    )
