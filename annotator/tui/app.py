"""The annotator app: confirm or correct every attribution from the keyboard.

One source of truth: the Workspace's open Editor.  Widgets get what to show
(attributes down) and post messages (up); every edit goes through a pure
function in ``annotator.edits`` and is saved at once by the Workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from annotator import edits
from annotator.errors import UserError
from annotator.model import QUOTE_TYPES, ROLES, Quote, Role
from annotator.resources import guidelines_path
from annotator.store import StoreError
from annotator.tui.article_view import ArticleView
from annotator.tui.dialogs import HelpScreen, SpeakerChoice, SpeakerPicker, TextPrompt
from annotator.tui.panels import ArticleList, Legend, QuoteDetail, SpeakerList
from annotator.workspace import Editor, Workspace

QUOTE_ACTIONS = {"accept", "reject", "speaker", "rename_speaker", "cycle_type", "edge", "delete", "note", "span"}


class AnnotatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quote-annotator"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("x", "reject", "Reject"),
        Binding("j", "step(1)", "Next"),
        Binding("k", "step(-1)", "Prev"),
        Binding("n", "next_pending", "Next pending"),
        Binding("s", "speaker", "Speaker"),
        Binding("t", "cycle_type", "Type"),
        Binding("e", "cycle_role", "Role"),
        Binding("h", "edge('start', -1)", "Span start one word left", show=False),
        Binding("l", "edge('start', 1)", "Span start one word right", show=False),
        Binding("H", "edge('end', -1)", "Span end one word left", show=False),
        Binding("L", "edge('end', 1)", "Span end one word right", show=False),
        Binding("r", "span('set')", "Span=selection", show=False),
        Binding("plus", "span('add')", "Add part", show=False),
        Binding("minus", "span('clear')", "Clear cue/source", show=False),
        Binding("i", "add_quote", "Add quote", show=False),
        Binding("d", "delete", "Delete quote", show=False),
        Binding("m", "note", "Note", show=False),
        Binding("R", "rename_speaker", "Rename speaker", show=False),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False),
        Binding("D", "mark('done')", "Done"),
        Binding("K", "mark('skipped')", "Skip article", show=False),
        Binding("right_square_bracket", "article(1)", "Next article", show=False),
        Binding("left_square_bracket", "article(-1)", "Prev article", show=False),
        Binding("o", "focus_list", "Articles", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, workspace: Workspace, model: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.model = model
        self.doc_id = ""
        self.quote_id: str | None = None
        self.role: Role = "content"
        self.selection: tuple[int, int] | None = None
        self.candidates: dict[str, list[tuple[str, str]]] = {}
        self.detecting: set[str] = set()

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield ArticleList(id="articles")
            with Vertical(id="main"):
                yield ArticleView(id="article")
                yield Legend(id="legend")
                with Horizontal(id="bottom"):
                    yield QuoteDetail(id="detail")
                    yield SpeakerList(id="speakers")
        yield Footer()

    def on_mount(self) -> None:
        doc_id, quote_id = self.workspace.resume_point()
        self.open_article(doc_id, quote_id)
        self.query_one(ArticleView).focus()
        for line in self.workspace.skipped:
            self.notify(line, severity="warning", timeout=8)

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

    # --- showing --------------------------------------------------------------------------

    def refresh_view(self, note: str = "", scroll: bool = False) -> None:
        editor, quote = self.editor, self.quote
        view = self.query_one(ArticleView)
        entry = self.workspace.entry(self.doc_id)
        if editor is None:
            view.show(entry.article.text, view.annotation.__class__("", "", "", ""), None, self.role)
        else:
            view.show(editor.text, editor.annotation, self.quote_id, self.role)
        if scroll and quote is not None:
            view.scroll_to_offset(quote.start)
        self.query_one(QuoteDetail).show(editor.annotation if editor else None, quote, self.role, note)
        self.query_one(SpeakerList).show(editor.annotation if editor else None)
        self.query_one(ArticleList).show(self.workspace.entries, self.doc_id)
        status = editor.annotation.status if editor else entry.status
        self.sub_title = f"{self.doc_id}  [{status}]  annotator: {self.workspace.annotator}"
        for error in self.workspace.writer.errors[:]:
            self.notify(error, severity="error", timeout=15)
            self.workspace.writer.errors.remove(error)

    def open_article(self, doc_id: str, quote_id: str = "") -> None:
        self.doc_id, self.quote_id, self.selection = doc_id, None, None
        self.workspace.remember(doc_id, quote_id)
        try:
            editor = self.workspace.open(doc_id)
        except StoreError as err:
            self.refresh_view(note=f"Cannot open: {err.problems[0]}  (run `annotator validate`)")
            return
        if editor is None:
            self.refresh_view(note="Detecting quotes… (the article is readable meanwhile)")
            self.detect(doc_id)
            return
        quotes = editor.annotation.quotes
        known = {q.id for q in quotes}
        pending = [q.id for q in quotes if q.review == "pending"]
        first = (pending or [q.id for q in quotes] or [""])[0]
        self.quote_id = quote_id if quote_id in known else (first or None)
        self.refresh_view(scroll=True)
        if doc_id not in self.candidates:
            self.detect(doc_id)  # the picker's names, in the background

    @work(thread=True, group="detect")
    def detect(self, doc_id: str) -> None:
        """Run the detector off the UI thread; spaCy is loaded here, once, on first use."""
        if doc_id in self.detecting:
            return
        self.detecting.add(doc_id)
        entry = self.workspace.entry(doc_id)
        try:
            from annotator.detect.service import analyse

            draft, names = analyse(entry.article.text, doc_id, entry.article.path, self.model)
        except UserError as err:
            self.call_from_thread(self.notify, str(err), severity="error", timeout=20)
            draft, names = None, []
        finally:
            self.detecting.discard(doc_id)
        self.call_from_thread(self.detected, doc_id, draft, names)

    def detected(self, doc_id: str, draft: Any, names: list[tuple[str, str]]) -> None:
        self.candidates[doc_id] = names
        if draft is not None and self.editor is None and doc_id == self.doc_id:
            self.workspace.add_draft(doc_id, draft)
            self.open_article(doc_id)
        elif draft is not None and doc_id not in self.workspace.editors:
            self.workspace.add_draft(doc_id, draft)

    # --- moving ---------------------------------------------------------------------------

    def select_quote(self, quote_id: str | None) -> None:
        self.quote_id = quote_id
        self.workspace.remember(self.doc_id, quote_id)
        self.refresh_view(scroll=True)

    def action_step(self, delta: int) -> None:
        editor = self.editor
        if editor is None or not editor.annotation.quotes:
            return
        ids = [q.id for q in editor.annotation.quotes]
        index = ids.index(self.quote_id) if self.quote_id in ids else -delta
        self.select_quote(ids[max(0, min(len(ids) - 1, index + delta))])

    def action_next_pending(self) -> None:
        editor = self.editor
        if editor is None:
            return
        quotes = list(editor.annotation.quotes)
        ids = [q.id for q in quotes]
        start = ids.index(self.quote_id) + 1 if self.quote_id in ids else 0
        for quote in quotes[start:] + quotes[:start]:
            if quote.review == "pending":
                self.select_quote(quote.id)
                return
        self.notify("No pending quotes left in this article: D marks it done.")

    def action_article(self, delta: int) -> None:
        ids = [e.doc_id for e in self.workspace.entries]
        index = ids.index(self.doc_id) + delta
        if 0 <= index < len(ids):
            self.open_article(ids[index])

    def action_focus_list(self) -> None:
        self.query_one(ArticleList).focus()

    def action_cycle_role(self) -> None:
        self.role = ROLES[(ROLES.index(self.role) + 1) % len(ROLES)]
        self.refresh_view()

    @on(ArticleList.Chosen)
    def _chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.doc_id)
        self.query_one(ArticleView).focus()

    @on(ArticleView.QuoteClicked)
    def _clicked(self, event: ArticleView.QuoteClicked) -> None:
        self.select_quote(event.quote_id)

    @on(ArticleView.SelectionChanged)
    def _selection(self, event: ArticleView.SelectionChanged) -> None:
        self.selection = event.selection

    # --- editing --------------------------------------------------------------------------

    def edit(self, change: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None) -> Any:
        """Apply a pure edit to the open article and save it at once; errors become one line."""
        editor = self.editor
        if editor is None:
            return None
        try:
            extra = editor.apply(change, *args)
        except edits.EditError as err:
            self.notify(str(err), severity="warning")
            return None
        self.workspace.save(editor)
        if then is not None:
            then(extra)
        self.refresh_view()
        return extra

    def review_and_advance(self, change: Callable[..., Any]) -> None:
        if self.quote_id is None:
            return
        self.edit(change, self.quote_id)
        self.action_next_pending_quietly()

    def action_next_pending_quietly(self) -> None:
        editor = self.editor
        if editor is None:
            return
        quotes = list(editor.annotation.quotes)
        ids = [q.id for q in quotes]
        start = ids.index(self.quote_id) + 1 if self.quote_id in ids else 0
        following = [q for q in quotes[start:] + quotes[:start] if q.review == "pending"]
        self.select_quote(following[0].id if following else self.quote_id)

    def action_accept(self) -> None:
        self.review_and_advance(edits.accept)

    def action_reject(self) -> None:
        self.review_and_advance(edits.reject)

    def action_cycle_type(self) -> None:
        if (quote := self.quote) is not None:
            next_type = QUOTE_TYPES[(QUOTE_TYPES.index(quote.type) + 1) % len(QUOTE_TYPES)]
            self.edit(edits.set_type, quote.id, next_type)

    def action_edge(self, edge: str, delta: int) -> None:
        if (editor := self.editor) is not None and self.quote_id:
            self.edit(edits.resize, editor.text, self.quote_id, self.role, edge, delta)

    def action_span(self, how: str) -> None:
        editor, quote_id = self.editor, self.quote_id
        if editor is None or quote_id is None:
            return
        if how == "clear":
            self.edit(edits.clear_spans, quote_id, self.role)
        elif self.selection is None:
            self.notify("Select text first (shift+arrows, or drag with the mouse).", severity="warning")
        else:
            change = edits.set_span if how == "set" else edits.add_span
            self.edit(change, editor.text, quote_id, self.role, *self.selection)

    def action_add_quote(self) -> None:
        if (editor := self.editor) is None or self.selection is None:
            self.notify("Select the quote's words first (shift+arrows, or drag with the mouse).", severity="warning")
            return
        self.edit(edits.add_quote, editor.text, *self.selection, then=self.select_quote)

    def action_delete(self) -> None:
        if self.quote_id is not None and (editor := self.editor) is not None:
            ids = [q.id for q in editor.annotation.quotes]
            index = ids.index(self.quote_id)
            self.edit(edits.delete_quote, self.quote_id)
            remaining = [q.id for q in editor.annotation.quotes]
            self.select_quote(remaining[min(index, len(remaining) - 1)] if remaining else None)
            self.notify("Quote deleted (u to undo).")

    def action_undo(self) -> None:
        if (editor := self.editor) is not None and editor.undo():
            self.workspace.save(editor)
            self.refresh_view(scroll=True)
        else:
            self.notify("Nothing to undo.")

    def action_redo(self) -> None:
        if (editor := self.editor) is not None and editor.redo():
            self.workspace.save(editor)
            self.refresh_view(scroll=True)
        else:
            self.notify("Nothing to redo.")

    def action_mark(self, status: str) -> None:
        self.edit(edits.set_status, status)
        self.notify(f"Article marked {status}: ] opens the next one.")

    def action_speaker(self) -> None:
        editor, quote_id = self.editor, self.quote_id
        if editor is None or quote_id is None:
            return
        speakers = [(s.id, s.name, s.kind) for s in editor.annotation.speakers]
        picker = SpeakerPicker(speakers, self.candidates.get(self.doc_id, []))
        self.push_screen(picker, lambda choice: self._speaker_chosen(quote_id, choice))

    def _speaker_chosen(self, quote_id: str, choice: SpeakerChoice | None) -> None:
        if choice is None or (editor := self.editor) is None:
            return
        if choice.speaker_id is None and choice.name:
            # one undo step: add the speaker and link it
            def add_and_link(annotation: Any) -> Any:
                annotation, speaker_id = edits.add_speaker(annotation, choice.name, choice.kind)
                return edits.set_speaker(annotation, quote_id, speaker_id)

            self.edit(add_and_link)
        else:
            self.edit(edits.set_speaker, quote_id, choice.speaker_id)
        del editor

    def action_rename_speaker(self) -> None:
        quote, editor = self.quote, self.editor
        if quote is None or editor is None or (speaker := editor.annotation.speaker(quote.speaker)) is None:
            self.notify("This quote has no speaker to rename: s picks one.", severity="warning")
            return
        prompt = TextPrompt(f"Rename {speaker.name} everywhere in this article:", speaker.name)

        def renamed(name: str | None) -> None:
            if name is not None:
                self.edit(edits.rename_speaker, speaker.id, name)

        self.push_screen(prompt, renamed)

    def action_note(self) -> None:
        if (quote := self.quote) is not None:
            prompt = TextPrompt(f"Note on {quote.id}:", quote.note)

            def noted(note: str | None) -> None:
                if note is not None:
                    self.edit(edits.set_note, quote.id, note)

            self.push_screen(prompt, noted)

    def action_help(self) -> None:
        keys = [(b.key, b.description) for b in self._bindings_list()]
        try:
            guidelines = guidelines_path().read_text(encoding="utf-8")
        except FileNotFoundError:
            guidelines = "The annotation guidelines (docs/guidelines.md) are not installed."
        self.push_screen(HelpScreen(keys, guidelines))

    def _bindings_list(self) -> Iterable[Binding]:
        for item in [*self.BINDINGS, *ArticleView.BINDINGS]:
            if isinstance(item, Binding):
                yield item

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in QUOTE_ACTIONS and self.quote is None:
            return None  # shown greyed out
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Accept quote", "Accept the selected quote (a)", self.action_accept)
        yield SystemCommand("Reject quote", "Reject the selected quote (x)", self.action_reject)
        yield SystemCommand("Change speaker", "Pick who said the selected quote (s)", self.action_speaker)
        yield SystemCommand("Next pending quote", "Jump to the next quote to review (n)", self.action_next_pending)
        yield SystemCommand("Mark article done", "Every quote checked (D)", lambda: self.action_mark("done"))
        yield SystemCommand("Skip article", "Leave it for later (K)", lambda: self.action_mark("skipped"))
        yield SystemCommand("Undo", "Undo the last change (u)", self.action_undo)
        yield SystemCommand("Redo", "Redo (U)", self.action_redo)
        yield SystemCommand("Help and guidelines", "Every key, and the guidelines (?)", self.action_help)

    def on_unmount(self) -> None:
        self.workspace.remember(self.doc_id, self.quote_id)
        self.workspace.close()


def run(paths: list[Path], out: Path, annotator: str, model: str | None = None) -> None:
    workspace = Workspace(paths, out, annotator)
    AnnotatorApp(workspace, model).run()
