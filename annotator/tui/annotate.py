"""The annotate screen: confirm or correct every attribution from the keyboard.

Keys map to ``Session`` methods (plain Python: where the annotator is and what each key
does), then the screen redraws; widgets get what to show (attributes down) and post
messages (up).  Every edit is saved at once by the Workspace; detection runs in the
detector's own process, through a Textual worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from annotator.detect.process import DetectorProcess
from annotator.edits import EditError
from annotator.errors import UserError
from annotator.model import Annotation, Status
from annotator.reanchor import summary
from annotator.resources import guidelines_path
from annotator.session import Session
from annotator.store import StoreError
from annotator.tui import finishing
from annotator.tui.article_view import ArticleView
from annotator.tui.dialogs import HelpScreen, SpeakerChoice, SpeakerPicker, TextPrompt, UnsavedDialog
from annotator.tui.keys import ANNOTATE, BINDINGS, help_markdown, key_of, palette
from annotator.tui.panels import (
    Alert,
    ArticleList,
    KeyFooter,
    Legend,
    QuoteDetail,
    SpeakerList,
    TitleBar,
    set_sub_title,
)
from annotator.tui.text_keys import TextKeys
from annotator.workspace import UNKNOWN, Entry, Workspace

HEADLINE_PAUSE = 0.01  # seconds the headline reader rests between batches
CANDIDATES_DELAY = 1.0  # seconds after an article opens before the detector is asked for its names
QUOTE_ACTIONS = {"accept", "reject", "speaker", "rename_speaker", "cycle_type", "edge", "delete", "note", "span", "fit"}


class AnnotateScreen(TextKeys):
    """One annotator's work over a corpus (or, for adjudication, the gold versions)."""

    BINDINGS: ClassVar[list[BindingType]] = BINDINGS

    def __init__(self, workspace: Workspace, model: str | None = None, *, main: bool = True, notice: str = "") -> None:
        super().__init__()
        self.notice = notice  # said once the screen is up (who is annotating, on a first run)
        self.workspace = workspace
        self.session = Session(workspace)
        self.model = model
        self.main = main  # the app's own screen: closing it quits; otherwise it goes back
        self.detector = DetectorProcess(model)
        self.detector_closed = False
        self.candidates: dict[str, list[tuple[str, str]]] = {}
        self.detecting: set[str] = set()
        self.places: dict[str, str] = {}  # the quote last selected in each article opened

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            yield ArticleList(id="articles")
            with Vertical(id="main"):
                yield Alert(id="alert")
                yield ArticleView(id="article")
                yield Legend(id="legend")
                with Horizontal(id="bottom"):
                    yield QuoteDetail(id="detail")
                    yield SpeakerList(id="speakers")
        yield KeyFooter(compact=True)  # every key of the footer fits at 80 columns

    def on_mount(self) -> None:
        self.workspace.writer.listener = lambda: self.post_message(self.SavesChanged())  # thread-safe, never waits
        self.query_one(ArticleList).unreadable = tuple(self.workspace.skipped)
        self.open_article(*self.workspace.resume_point())
        self.query_one(ArticleView).focus()
        if self.notice:  # a first run under the login name: who is annotating, where it is saved
            self.notify(self.notice, timeout=12)
        self.startup_notice()
        if any(entry.status == UNKNOWN for entry in self.workspace.entries):  # after the first paint: it holds the GIL
            self.call_after_refresh(
                self.run_worker, self._summarise, thread=True, group="summaries", exit_on_error=False
            )
        self.call_after_refresh(self.run_worker, self._headlines, thread=True, group="headlines", exit_on_error=False)

    def startup_notice(self) -> None:
        """Problems found at start are in the article list (each entry says its own); one short
        notice says where to look, instead of a toast per problem over the panels."""
        said = []
        if skipped := len(self.workspace.skipped):
            said.append(f"{skipped} article(s) could not be read: see the end of the article list (o)")
        if cleaned := len(self.workspace.cleaned):
            said.append(f"removed {cleaned} temporary file(s) left by an interrupted save")
        if said:
            self.notify("; ".join(said) + ".", severity="warning" if skipped else "information", timeout=4)

    class Headlines(Message):
        """A batch of the article list's headlines, read in the background (posted from its thread)."""

        def __init__(self, headlines: list[tuple[str, str]]) -> None:
            super().__init__()
            self.headlines = headlines

    def _headlines(self) -> None:
        worker = get_current_worker()
        for batch in self.workspace.read_headlines(lambda: worker.is_cancelled):
            self.post_message(self.Headlines(batch))  # thread-safe, never waits
            time.sleep(HEADLINE_PAUSE)  # let the screen have the interpreter between batches

    def on_annotate_screen_headlines(self, event: Headlines) -> None:
        self.workspace.apply_headlines(event.headlines)
        if self.is_mounted:
            articles = self.query_one(ArticleList)
            articles.show(self.workspace.entries, self.session.doc_id, self.workspace.take_changed())

    class Summarised(Message):
        """A batch of the article list's statuses, worked out in the background (posted from its thread)."""

        def __init__(self, summaries: list[Entry]) -> None:
            super().__init__()
            self.summaries = summaries

    def _summarise(self) -> None:
        """The article list's statuses and counts, in a worker thread: the screen is up at once,
        however big the corpus, and each batch is shown as it comes."""
        worker = get_current_worker()
        for summaries in self.workspace.summarise(lambda: worker.is_cancelled):
            self.post_message(self.Summarised(summaries))  # thread-safe, never waits

    def on_annotate_screen_summarised(self, event: Summarised) -> None:
        self.workspace.apply(event.summaries)
        if self.is_mounted:
            articles = self.query_one(ArticleList)
            articles.show(self.workspace.entries, self.session.doc_id, self.workspace.take_changed())

    # --- showing --------------------------------------------------------------------------

    def refresh_view(self, note: str = "", scroll: bool = False) -> None:
        session = self.session
        self.workspace.touch(session.doc_id)  # every key and click lands here: the active time
        editor, quote = session.editor, session.quote
        entry = self.workspace.entry(session.doc_id)
        view = self.query_one(ArticleView)
        annotation = editor.annotation if editor else Annotation("", "", "", "")
        view.show(entry.text or "", annotation, session.quote_id, session.role)
        if session.quote_id:
            self.places[session.doc_id] = session.quote_id
        self.follow_quote()
        if scroll and quote is not None:
            view.scroll_to_offset(quote.start)
        self.query_one(QuoteDetail).show(editor.annotation if editor else None, quote, session.role, note)
        self.query_one(SpeakerList).show(editor.annotation if editor else None)
        self.query_one(ArticleList).show(self.workspace.entries, session.doc_id, self.workspace.take_changed())
        status = editor.annotation.status if editor else entry.status
        self.count = 0
        set_sub_title(self, f"{session.doc_id}  [{status}]  annotator: {self.workspace.annotator}")
        self.show_save_state()

    def show_save_state(self) -> None:
        """What is not on disk, and an article changed on disk, stay in the alert bar until
        resolved; each new failure also rings the bell.  Called by the writer's thread
        (as a SavesChanged message, which never blocks it) whenever that changes, and after every key."""
        if self.workspace.writer.errors:
            self.workspace.writer.errors.clear()  # each is in the bar below until resolved
            self.app.bell()
        lines = [
            f"NOT SAVED {path}: {why}. ctrl+s tries again; q asks what to do"
            for path, why in self.workspace.unsaved().items()
            if why != "still being written"
        ]
        doc_id = self.session.doc_id
        if doc_id and self.workspace.article_changed(doc_id):
            path = self.workspace.path(doc_id)
            lines.append(
                f"The article {self.workspace.entry(doc_id).path} changed on disk since it was opened: "
                f"your edits follow the text on screen. ctrl+r moves them onto the new text ({path.name} kept "
                "as .bak)."
            )
        self.query_one(Alert).show(lines)

    def open_article(self, doc_id: str, quote_id: str = "") -> None:
        quote_id = quote_id or self.places.get(doc_id, "")
        try:
            ready = self.session.open(doc_id, quote_id)
        except StoreError as err:
            hint = (
                "ctrl+r moves the annotation onto the new text"
                if self.workspace.entry(doc_id).status == "changed"
                else "see `annotator validate`"
            )
            self.refresh_view(note=f"Cannot open: {err.problems[0]}  ({hint})")
            return
        if not ready:
            self.refresh_view(note="Detecting quotes… (the article is readable meanwhile)")
            self.detect(doc_id)
        else:
            self.refresh_view(scroll=True)
            if doc_id not in self.candidates:  # the speaker picker's names, once the screen is up
                self.set_timer(CANDIDATES_DELAY, lambda: self.detect(doc_id))

    def detect(self, doc_id: str) -> None:
        """Draft the article in the detector's own process (the screen never waits for spaCy),
        through a thread worker whose result comes back in ``on_worker_state_changed``."""
        if doc_id in self.detecting or doc_id in self.candidates:
            return
        self.detecting.add(doc_id)
        text, path = self.workspace.text(doc_id), self.workspace.entry(doc_id).path
        self.run_worker(
            lambda: self.detector.analyse(text, doc_id, path),
            name=doc_id,
            group="detect",
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "detect" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        doc_id = worker.name
        self.detecting.discard(doc_id)
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            draft, names = worker.result
            self.detected(doc_id, draft, names)
            return
        error = worker.error
        if isinstance(error, UserError) and not self.detector_closed:
            self.notify(str(error), severity="error", timeout=30)
        if not self.detector_closed:
            self.detected(doc_id, None, [])

    class SavesChanged(Message):
        """The background writer saved, failed or was refused (posted from its thread)."""

    def on_annotate_screen_saves_changed(self, _: SavesChanged) -> None:
        if self.is_mounted:
            self.show_save_state()

    def detected(self, doc_id: str, draft: Annotation | None, names: list[tuple[str, str]]) -> None:
        self.candidates[doc_id] = names
        if doc_id in self.workspace.editors:
            return
        if draft is None:  # no pipeline: annotate by hand from an empty file
            self.workspace.start_empty(doc_id)
        else:
            self.workspace.add_draft(doc_id, draft)
        if doc_id == self.session.doc_id:
            self.open_article(doc_id)

    def act(self, change: Callable[[], object], *, scroll: bool = True, done: str = "") -> None:
        """Run a session action, then redraw; a refusal is one line at the bottom."""
        self.sync_cursor()
        try:
            change()
        except EditError as err:
            self.refused(err)
            return
        if done:
            self.notify(done)
        self.refresh_view(scroll=scroll)

    # --- keys -----------------------------------------------------------------------------

    def action_accept(self) -> None:
        self.act(self.session.accept)

    def action_reject(self) -> None:
        self.act(self.session.reject)

    def action_step(self, delta: int) -> None:
        self.act(lambda: self.session.step(delta))

    def action_next_pending(self) -> None:
        if not self.session.next_pending():
            self.notify("No pending quotes left in this article: D marks it done.")
        self.refresh_view(scroll=True)

    def action_article(self, delta: int) -> None:
        if (doc_id := self.session.neighbour_article(delta)) is not None:
            self.open_article(doc_id)

    def action_focus_list(self) -> None:
        """o opens the article list (on a narrow terminal it is hidden until asked for); o or esc
        closes it again."""
        articles = self.query_one(ArticleList)
        if articles.has_focus:
            self.action_close_list()
            return
        self.add_class("-list")
        articles.focus()

    def action_close_list(self) -> None:
        self.remove_class("-list")
        self.query_one(ArticleView).focus()

    def action_cycle_role(self) -> None:
        self.act(self.session.cycle_role, scroll=False)

    def action_cycle_type(self) -> None:
        self.act(self.session.cycle_type)

    def action_span(self, how: str) -> None:
        actions = {"set": self.session.set_span, "add": self.session.add_span, "clear": self.session.clear_spans}
        self.act(self.consume_selection(actions[how]))

    def action_add_quote(self) -> None:
        self.act(self.consume_selection(self.session.add_quote), done="Quote added: s sets its speaker.")

    def action_delete(self) -> None:
        self.act(self.session.delete, done="Quote deleted (u to undo).")

    def action_undo(self) -> None:
        if not self.session.undo():
            self.notify("Nothing to undo.")
        self.refresh_view(scroll=True)

    def action_redo(self) -> None:
        if not self.session.redo():
            self.notify("Nothing to redo.")
        self.refresh_view(scroll=True)

    def action_mark(self, status: Status) -> None:
        finishing.mark(self, status)  # done asks while quotes are pending; skip asks why

    def action_speaker(self) -> None:
        editor = self.session.editor
        if editor is None or self.session.quote is None:
            return
        speakers = [(s.id, s.name, s.kind) for s in editor.annotation.speakers]
        picker = SpeakerPicker(speakers, self.candidates.get(self.session.doc_id, []))

        def chosen(choice: SpeakerChoice | None) -> None:
            if choice is not None:
                self.act(lambda: self.session.set_speaker(choice.speaker_id, choice.name, choice.kind))

        self.app.push_screen(picker, chosen)

    def action_rename_speaker(self) -> None:
        editor, quote = self.session.editor, self.session.quote
        speaker = editor.annotation.speaker(quote.speaker) if editor and quote else None
        if speaker is None:
            self.notify("This quote has no speaker to rename: s picks one.", severity="warning")
            return

        def renamed(name: str | None) -> None:
            if name is not None:
                self.act(lambda: self.session.rename_speaker(name))

        title = f"Rename {speaker.name} everywhere in this article:"
        prompt = TextPrompt(title, speaker.name, "enter renames, esc cancels")
        self.app.push_screen(prompt, renamed)

    def action_note(self) -> None:
        if (quote := self.session.quote) is None:
            return

        def noted(note: str | None) -> None:
            if note is not None:
                self.act(lambda: self.session.set_note(note))

        self.app.push_screen(TextPrompt(f"Note on {quote.id}:", quote.note), noted)

    def action_reanchor(self) -> None:
        """Move the open article's annotation onto the text its file holds now."""
        doc_id = self.session.doc_id
        entry = self.workspace.entry(doc_id)
        if entry.status != "changed" and not self.workspace.article_changed(doc_id):
            self.notify("The article has not changed: nothing to re-anchor.")
            return
        try:
            result = self.workspace.reanchor(doc_id)
        except (StoreError, UserError) as err:
            problem = err.problems[0] if isinstance(err, StoreError) else err
            self.notify(f"Not re-anchored: {problem}", severity="error", timeout=15)
            return
        lost = result.outcome("lost")
        self.notify(
            f"Re-anchored: {summary(result)}. The old file is kept as .bak "
            "(`annotator reanchor --confirm` or `--undo`).",
            severity="warning" if lost else "information",
            timeout=20 if lost else 8,
        )
        self.open_article(doc_id)

    def action_retry_saves(self) -> None:
        unsaved = self.workspace.unsaved()
        if not unsaved:
            self.notify("Everything is saved.")
            return
        for path in unsaved:
            self.workspace.writer.retry(path)
        self.notify("Trying to save again…")

    async def action_quit(self) -> None:
        """Quit at once when everything is on disk; otherwise ask what to do with the rest."""
        writer = self.workspace.writer
        writer.flush(timeout=5)
        unsaved = self.workspace.unsaved()
        if not unsaved:
            self.close()
            return

        def decided(choice: str | None) -> None:
            if choice == "retry":
                for path in unsaved:
                    writer.retry(path)
                writer.flush(timeout=5)
                if self.workspace.unsaved():
                    self.call_later(self.action_quit)  # still not saved: ask again
                else:
                    self.close()
            elif choice == "copy":
                copies = []
                try:
                    copies = [self.workspace.save_copy(path) for path in unsaved]
                except OSError as err:
                    self.notify(f"Could not save a copy either ({err.strerror or err}).", severity="error")
                    return
                self.close(message="Saved copies: " + ", ".join(map(str, copies)))
            elif choice == "discard":
                for path in unsaved:
                    self.workspace.discard(path)
                self.close()

        self.app.push_screen(UnsavedDialog([(str(p), why) for p, why in unsaved.items()]), decided)

    def action_help(self) -> None:
        try:
            guidelines = guidelines_path().read_text(encoding="utf-8")
        except FileNotFoundError:
            guidelines = "The annotation guidelines (docs/guidelines.md) are not installed."
        self.app.push_screen(HelpScreen(help_markdown(), guidelines))

    @on(ArticleList.Chosen)
    def _chosen(self, event: ArticleList.Chosen) -> None:
        """Enter opens the article where it was left; on the open article, only closes the list."""
        self.action_close_list()
        if event.doc_id != self.session.doc_id:
            self.open_article(event.doc_id)

    @on(ArticleView.QuoteClicked)
    def _clicked(self, event: ArticleView.QuoteClicked) -> None:
        self.session.quote_id = event.quote_id
        self.refresh_view()

    @on(ArticleView.SelectionChanged)
    def _selection(self, event: ArticleView.SelectionChanged) -> None:
        self.session.selection, self.session.cursor = event.selection, event.cursor

    def select_quote(self, quote_id: str | None) -> None:
        self.session.quote_id = quote_id
        self.refresh_view(scroll=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in QUOTE_ACTIONS and self.session.quote is None:
            return None  # shown greyed out in the footer
        return True

    def close(self, message: str = "") -> None:
        """Quit the app from its own screen; go back to the screen below otherwise."""
        if self.main:
            self.app.exit(message=message or None)
        else:
            if message:
                self.notify(message)
            self.dismiss(None)

    def commands(self) -> list[SystemCommand]:
        """The command palette's entries: every action in the key table, with its key."""
        return [
            SystemCommand(key.label, f"{key.help or key.label} ({key_of(key)})", self._runner(key.action))
            for key in palette(ANNOTATE)
        ]

    def _runner(self, action: str) -> Callable[[], Any]:
        return lambda: self.run_action(action)

    def on_unmount(self) -> None:
        self.detector_closed = True
        self.detector.close()
        self.workspace.remember(self.session.doc_id, self.session.quote_id)
        self.workspace.close()
