"""Finishing an article on the annotate screen: ``D`` (done) and ``K`` (skip).

Done never hides undecided quotes: while some are pending it asks whether to accept them all or
go and review them.  Skip asks why (the note on the whole article the guidelines want).  Both
work while the detector is still reading the article: the text is on screen, so the annotator
can already say that it has no quotes, or that it is to be skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator import edits
from annotator.edits import EditError
from annotator.model import Status
from annotator.tui.dialogs import ChoiceDialog, TextPrompt

if TYPE_CHECKING:
    from annotator.tui.annotate import AnnotateScreen

MARKED = "{doc_id} marked {status}: ] opens the next one."  # named: the note may outlast its article


def mark(screen: AnnotateScreen, status: Status) -> None:
    """``D`` or ``K`` on the article on screen."""
    session = screen.session
    detecting = session.editor is None and session.doc_id in screen.detecting
    if session.editor is None and not detecting:
        screen.notify("This article cannot be annotated: see the message below the article.", severity="warning")
        return
    if status == "skipped":
        _skip(screen, detecting)
    elif detecting:
        _done_while_detecting(screen)
    else:
        _done(screen)


def _skip(screen: AnnotateScreen, detecting: bool) -> None:
    editor = screen.session.editor
    note = editor.annotation.note if editor else ""

    def noted(reason: str | None) -> None:
        if reason is None:
            return

        def skip() -> None:
            if detecting and screen.session.editor is None:
                screen.session.start_empty()
            screen.session.skip(reason)

        screen.act(skip, done=_marked(screen, "skipped"))

    question = "Why skip this article? (not news, not English…) Kept as its note."
    screen.app.push_screen(TextPrompt(question, note), noted)


def _marked(screen: AnnotateScreen, status: str) -> str:
    return MARKED.format(doc_id=screen.session.doc_id, status=status)


def _done(screen: AnnotateScreen) -> None:
    editor = screen.session.editor
    assert editor is not None
    left = edits.pending(editor.annotation)
    if not left:
        screen.act(lambda: screen.session.mark("done"), done=_marked(screen, "done"))
        return
    quotes = f"{left} quote{'s are' if left > 1 else ' is'}"

    def decided(choice: str | None) -> None:
        if choice == "accept":
            screen.act(
                screen.session.finish,
                done=_marked(screen, "done") + f" ({left} accepted as they were)",
            )
        elif choice == "review":
            screen.action_next_pending()

    answers = [
        ("a", "accept", f"accept the {left} as the detector proposed them, and mark the article done"),
        ("n", "review", "go to the next pending quote (the article stays in progress)"),
    ]
    screen.app.push_screen(ChoiceDialog(f"{quotes} still pending: nobody has decided on them.", answers), decided)


def _done_while_detecting(screen: AnnotateScreen) -> None:
    def decided(choice: str | None) -> None:
        if choice != "empty":
            return

        def done() -> None:
            if screen.session.editor is not None:  # the draft came meanwhile: ask about its quotes
                raise EditError("The detector's quotes have just come: D again to decide on them.")
            screen.session.start_empty()
            screen.session.mark("done")

        screen.act(done, done=_marked(screen, "done") + " (no quotes)")

    answers = [("d", "empty", "done: the article has no quotes (the detector's proposals are not added)")]
    question = "The detector is still looking for quotes in this article."
    screen.app.push_screen(ChoiceDialog(question, answers), decided)
