"""What each key does: the annotator's place (article, quote, role, selection) and the
edits it makes, with no user interface at all.

The TUI maps keys to these methods and redraws; a method that cannot act raises
``EditError`` with a one-line reason for the user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator import edits
from annotator.edits import EditError
from annotator.model import QUOTE_TYPES, ROLES, Quote, QuoteType, Role, SpeakerKind, Status
from annotator.units import Unit
from annotator.workspace import Editor, Workspace


class Session:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.doc_id = ""
        self.quote_id: str | None = None
        self.role: Role = "content"
        self.selection: tuple[int, int] | None = None
        self.cursor = 0  # the text cursor: where a span with nothing selected is taken from

    # --- where we are -----------------------------------------------------------------------

    @property
    def editor(self) -> Editor | None:
        return self.workspace.editors.get(self.doc_id)

    @property
    def quote(self) -> Quote | None:
        editor = self.editor
        if editor is None or self.quote_id is None:
            return None
        try:
            return editor.annotation.quote(self.quote_id)
        except KeyError:
            return None

    def open(self, doc_id: str, quote_id: str = "") -> bool:
        """Go to an article; False when it has no annotation yet (the detector must run).
        Raises StoreError when its file cannot be used."""
        self.doc_id, self.quote_id, self.selection = doc_id, None, None
        self.workspace.remember(doc_id, quote_id)
        editor = self.workspace.open(doc_id)
        if editor is None:
            return False
        quotes = editor.annotation.quotes
        if quote_id in {q.id for q in quotes}:
            self.quote_id = quote_id
        else:
            pending = [q.id for q in quotes if q.review == "pending"]
            choices = pending or [q.id for q in quotes]
            self.quote_id = choices[0] if choices else None
        return True

    def neighbour_article(self, delta: int) -> str | None:
        return self.workspace.neighbour(self.doc_id, delta)

    def _quotes(self) -> list[Quote]:
        editor = self.editor
        return list(editor.annotation.quotes) if editor else []

    def step(self, delta: int) -> None:
        ids = [q.id for q in self._quotes()]
        if ids:
            index = ids.index(self.quote_id) if self.quote_id in ids else -delta
            self.quote_id = ids[max(0, min(len(ids) - 1, index + delta))]

    def next_pending(self) -> bool:
        """Select the next pending quote after this one (wrapping); False when none is left."""
        quotes = self._quotes()
        ids = [q.id for q in quotes]
        start = ids.index(self.quote_id) + 1 if self.quote_id in ids else 0
        for quote in quotes[start:] + quotes[:start]:
            if quote.review == "pending":
                self.quote_id = quote.id
                return True
        return False

    def cycle_role(self) -> None:
        self.role = ROLES[(ROLES.index(self.role) + 1) % len(ROLES)]

    # --- edits ------------------------------------------------------------------------------

    def edit(self, change: Callable[..., Any], *args: Any) -> Any:
        """Apply a pure edit to the open article and save it at once."""
        editor = self.editor
        if editor is None:
            raise EditError("no article is open")
        extra = editor.apply(change, *args)
        self.workspace.save(editor)
        return extra

    def _selected(self) -> Quote:
        quote = self.quote
        if quote is None:
            raise EditError("no quote is selected")
        return quote

    def _selection(self, what: str) -> tuple[int, int]:
        if self.selection is None:
            raise EditError(f"select {what} first (v then w, or shift+arrows, or drag with the mouse)")
        return self.selection

    def accept(self) -> None:
        self.edit(edits.accept, self._selected().id)
        self.next_pending()

    def reject(self) -> None:
        self.edit(edits.reject, self._selected().id)
        self.next_pending()

    def cycle_type(self) -> None:
        quote = self._selected()
        following: QuoteType = QUOTE_TYPES[(QUOTE_TYPES.index(quote.type) + 1) % len(QUOTE_TYPES)]
        self.edit(edits.set_type, quote.id, following)

    def move_edge(self, edge: edits.Edge, delta: int) -> None:
        assert self.editor is not None
        self.edit(edits.resize, self.editor.text, self._selected().id, self.role, edge, delta)

    def set_span(self) -> None:
        """The span becomes the selection or, with nothing selected, the word at the cursor."""
        quote = self._selected()
        assert self.editor is not None
        start, end = self.selection or (self.cursor, self.cursor + 1)
        self.edit(edits.set_span, self.editor.text, quote.id, self.role, start, end)

    def fit(self, unit: Unit) -> None:
        """Fit the span being edited to the quotation marks, clause or sentence, in one key."""
        quote = self._selected()
        assert self.editor is not None
        self.edit(edits.fit_span, self.editor.text, quote.id, self.role, unit, self.cursor)

    def add_span(self) -> None:
        quote, (start, end) = self._selected(), self._selection("the words")
        assert self.editor is not None
        self.edit(edits.add_span, self.editor.text, quote.id, self.role, start, end)

    def clear_spans(self) -> None:
        self.edit(edits.clear_spans, self._selected().id, self.role)

    def add_quote(self) -> None:
        start, end = self._selection("the quote's words")
        if self.editor is None:
            raise EditError("no article is open")
        self.quote_id = self.edit(edits.add_quote, self.editor.text, start, end)
        self.role = "content"

    def delete(self) -> None:
        quote = self._selected()
        ids = [q.id for q in self._quotes()]
        index = ids.index(quote.id)
        self.edit(edits.delete_quote, quote.id)
        remaining = [q.id for q in self._quotes()]
        self.quote_id = remaining[min(index, len(remaining) - 1)] if remaining else None

    def undo(self) -> bool:
        return self._history(lambda editor: editor.undo())

    def redo(self) -> bool:
        return self._history(lambda editor: editor.redo())

    def _history(self, move: Callable[[Editor], bool]) -> bool:
        editor = self.editor
        if editor is None or not move(editor):
            return False
        self.workspace.save(editor)
        if self.quote is None:  # undoing an added quote: select something that exists
            self.quote_id = editor.annotation.quotes[0].id if editor.annotation.quotes else None
        return True

    def mark(self, status: Status) -> None:
        """Set the article's status; done is refused while quotes are pending (``finish``
        accepts them first; the screen asks which)."""
        editor = self.editor
        if status == "done" and editor is not None and (left := edits.pending(editor.annotation)):
            raise EditError(f"{left} quote{'s are' if left > 1 else ' is'} still pending: decide on them first")
        self.edit(edits.set_status, status)

    def finish(self) -> None:
        """Accept every pending quote as it is and mark the article done (one undo step)."""
        self.edit(lambda annotation: edits.set_status(edits.accept_pending(annotation), "done"))

    def skip(self, note: str) -> None:
        """Mark the article skipped, with why (the article's note; one undo step)."""
        self.edit(lambda annotation: edits.set_status(edits.set_article_note(annotation, note), "skipped"))

    def start_empty(self) -> None:
        """Annotate the article on screen from no quotes at all, without waiting for the detector
        (which is still running): to mark it done or skipped at once."""
        self.workspace.start_empty(self.doc_id)
        self.open(self.doc_id)

    def set_speaker(self, speaker_id: str | None = None, name: str = "", kind: SpeakerKind = "person") -> None:
        """Link the quote to a speaker, to a new one named ``name``, or to nobody (one undo step)."""
        quote_id = self._selected().id
        if speaker_id is None and name:

            def add_and_link(annotation: Any) -> Any:
                annotation, new_id = edits.add_speaker(annotation, name, kind)
                return edits.set_speaker(annotation, quote_id, new_id)

            self.edit(add_and_link)
        else:
            self.edit(edits.set_speaker, quote_id, speaker_id)

    def rename_speaker(self, name: str) -> None:
        speaker_id = self._selected().speaker
        if speaker_id is None:
            raise EditError("this quote has no speaker to rename: s picks one")
        self.edit(edits.rename_speaker, speaker_id, name)

    def set_note(self, note: str) -> None:
        self.edit(edits.set_note, self._selected().id, note)
