"""The key map: the bindings, and the same keys grouped for the help screen and the README."""

from __future__ import annotations

from textual.binding import Binding, BindingType

BINDINGS: list[BindingType] = [
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
    Binding("r", "span('set')", "Span = selection", show=False),
    Binding("plus", "span('add')", "Add selection as another part", show=False),
    Binding("minus", "span('clear')", "Clear cue or source", show=False),
    Binding("i", "add_quote", "Add quote", show=False),
    Binding("d", "delete", "Delete quote", show=False),
    Binding("m", "note", "Note", show=False),
    Binding("R", "rename_speaker", "Rename speaker", show=False),
    Binding("u,ctrl+z", "undo", "Undo"),
    Binding("U,ctrl+y", "redo", "Redo", show=False),
    Binding("D", "mark('done')", "Done"),
    Binding("K", "mark('skipped')", "Skip article", show=False),
    Binding("right_square_bracket", "article(1)", "Next article", show=False),
    Binding("left_square_bracket", "article(-1)", "Previous article", show=False),
    Binding("o", "focus_list", "Article list", show=False),
    Binding("ctrl+s", "retry_saves", "Save again", show=False),
    Binding("ctrl+r", "reanchor", "Re-anchor onto the changed article", show=False),
    Binding("question_mark", "help", "Help"),
    Binding("q", "quit", "Quit"),
]

HELP: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Review",
        [
            ("a", "accept the quote as it is, and go to the next pending one"),
            ("x", "reject it (not a quote), and go to the next pending one"),
            ("j / k", "next / previous quote"),
            ("n", "next pending quote"),
            ("click", "select the quote under the mouse"),
        ],
    ),
    (
        "Who said it",
        [
            ("s", "pick the speaker: type to filter; new speaker; unknown"),
            ("R", "rename the speaker everywhere in the article"),
        ],
    ),
    (
        "Spans",
        [
            ("e", "choose the span to edit: content, cue, source (▸ in the panel)"),
            ("h / l", "move its start one word left / right"),
            ("H / L", "move its end one word left / right"),
            ("arrows, shift+arrows, ctrl+arrows", "move the text cursor; select; by word (or drag)"),
            ("r", "make the span the selection (snapped to whole words)"),
            ("+", "add the selection as another part (an interrupted quote)"),
            ("-", "clear the cue or source"),
            ("esc", "clear the selection"),
        ],
    ),
    (
        "Quotes",
        [
            ("i", "add a quote the detector missed, from the selection"),
            ("d", "delete the quote"),
            ("t", "type: direct → mixed → indirect"),
            ("m", "note on the quote"),
        ],
    ),
    (
        "Articles",
        [
            ("D / K", "mark the article done / skipped"),
            ("] / [", "next / previous article"),
            ("o", "the article list (Enter opens one)"),
            ("ctrl+r", "the article's text changed: move the annotation onto it (the old file kept as .bak)"),
        ],
    ),
    (
        "Always",
        [
            ("u, ctrl+z / U, ctrl+y", "undo / redo, without limit"),
            ("ctrl+p", "command palette"),
            ("?", "this help and the guidelines"),
            ("ctrl+s", "save again what could not be saved (every change is saved at once)"),
            ("q", "quit: everything is already saved; if something could not be, asks what to do"),
        ],
    ),
]


def help_markdown() -> str:
    """The key map as Markdown, for the help screen and the README."""
    lines = []
    for group, keys in HELP:
        lines.append(f"**{group}**\n")
        lines.extend(f"- `{key}`: {what}" for key, what in keys)
        lines.append("")
    return "\n".join(lines)
