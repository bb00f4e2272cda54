"""The annotate screen's keys over the text itself: a count before a key, the text cursor that
follows the selected quote, selections made from the keyboard, search, and fitting a span to
the quotation marks, clause or sentence.  A mixin, so the screen module stays short."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from annotator import units
from annotator.edits import EditError
from annotator.tui.article_view import ArticleView
from annotator.tui.dialogs import TextPrompt
from annotator.tui.panels import set_sub_title

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.session import Session

MAX_COUNT = 99


class TextKeys(Screen[None]):
    """Mixed into the annotate screen (which provides ``session``, ``act`` and ``refresh_view``)."""

    session: Session
    count = 0  # the count typed before a key (3l), 0 when none
    last_search = ""
    _followed: tuple[str, str | None, int] | None = None  # (article, quote, its start) the cursor last followed

    def act(self, change: Callable[[], object], *, scroll: bool = True, done: str = "") -> None:
        raise NotImplementedError

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def sync_cursor(self) -> None:
        """The session takes the cursor and selection from the view before every edit (the
        view's messages may still be queued when the next key arrives)."""
        view = self.view
        self.session.cursor, self.session.selection = view.cursor, view.selection

    def follow_quote(self) -> None:
        """The text cursor starts on the selected quote and moves with it: to its start when
        another quote is selected or its start moves, unless the cursor is on it already."""
        session, view = self.session, self.view
        quote = session.quote
        key = (session.doc_id, session.quote_id, quote.start if quote else -1)
        if key == self._followed:
            return
        same_quote = self._followed is not None and self._followed[:2] == key[:2]
        self._followed = key
        if quote is None:
            return
        if same_quote or not quote.start <= view.cursor <= quote.end or view.selection is not None:
            view.place_cursor(quote.start)
        self.sync_cursor()

    def take_count(self) -> int:
        count, self.count = self.count, 0
        self.show_count()
        return max(1, count)

    def show_count(self) -> None:
        base = (self.sub_title or "").split("  count ")[0]
        set_sub_title(self, f"{base}  count {self.count}" if self.count else base)

    # --- keys -------------------------------------------------------------------------------

    def action_count(self, digit: int) -> None:
        if digit == 0 and not self.count:
            self.view.action_line_edge(0)  # a lone 0 goes to the start of the line, as in vi
            return
        self.count = min(MAX_COUNT, self.count * 10 + digit)
        self.show_count()

    def action_edge(self, edge: str, delta: int) -> None:
        times = self.take_count()
        self.act(lambda: self.session.move_edge("start" if edge == "start" else "end", delta * times))

    def action_word(self, direction: int) -> None:
        self.view.action_word(direction, count=self.take_count())
        self.sync_cursor()

    def action_select(self) -> None:
        self.take_count()
        self.view.start_selection()
        self.sync_cursor()

    def action_missed(self) -> None:
        """Select the next quoted passage no quote holds: a direct quote the detector missed."""
        editor, view = self.session.editor, self.view
        if editor is None:
            return
        covered = [(s.start, s.end) for q in editor.annotation.quotes for s in q.content]
        found = units.next_uncovered(view.text, covered, view.cursor)
        if found is None:
            self.notify("Every passage in quotation marks is in a quote already.")
            return
        view.select(*found)
        self.sync_cursor()

    def action_search(self) -> None:
        def searched(query: str | None) -> None:
            if query is None:
                return
            self.last_search = query or self.last_search
            view = self.view
            found = units.find(view.text, self.last_search, view.cursor)
            if found is None:
                self.notify(f"Not in this article: {self.last_search}", severity="warning", markup=False)
                return
            view.move_to(found)
            self.sync_cursor()

        hint = "enter: next match (empty: the last search again); esc cancels"
        self.app.push_screen(TextPrompt("Search the text:", "", hint=hint), searched)

    def action_fit(self, unit: units.Unit) -> None:
        """With a selection: extend it to the closing mark, clause end or sentence end.
        Otherwise: fit the span being edited to that unit."""
        view = self.view
        if view.selecting or view.selection is not None:
            view.move_to(units.unit_end(view.text, view.cursor, unit))
            self.sync_cursor()
            return
        self.sync_cursor()
        self.act(lambda: self.session.fit(unit))

    def consume_selection(self, change: Callable[[], Any]) -> Callable[[], Any]:
        """``change``, after which the selection it used is dropped."""

        def run() -> Any:
            self.sync_cursor()
            result = change()
            self.view.action_clear_selection()
            self.session.selection = None
            return result

        return run

    def refused(self, err: EditError) -> None:
        self.notify(str(err), severity="warning", markup=False)
