"""The key maps: one table per screen, from which its bindings, its help, the README's key map and
the command palette are all made, so they can never drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma-separated
    action: str
    label: str  # the footer's and the palette's name for it
    help: str  # what the help screen and the README say
    group: str
    shown: str = ""  # how the help writes the keys (default: from ``keys``)
    footer: bool = False
    palette: bool = True
    priority: bool = False  # before the focused widget's own binding for the same key


def Info(shown: str, help: str, group: str) -> Key:  # noqa: N802  (a row of the help with no binding)
    return Key("", "", "", help, group, shown=shown, palette=False)


ANNOTATE: list[Key] = [
    Key("a", "accept", "Accept", "accept the quote as it is, and go to the next pending one", "Review", footer=True),
    Key("x", "reject", "Reject", "reject it (not a quote), and go to the next pending one", "Review", footer=True),
    Key("j", "step(1)", "Next", "next / previous quote", "Review", shown="j / k", footer=True, palette=False),
    Key("k", "step(-1)", "Prev", "", "Review", footer=True, palette=False),
    Key("n", "next_pending", "Next pending", "next pending quote", "Review", footer=True),
    Info("click", "select the quote under the mouse", "Review"),
    Key(
        "s", "speaker", "Speaker", "pick the speaker: type to filter; new speaker; unknown", "Who said it", footer=True
    ),
    Key("R", "rename_speaker", "Rename speaker", "rename the speaker everywhere in the article", "Who said it"),
    Key(
        "e",
        "cycle_role",
        "Role",
        "choose the span to edit: content, cue, source (▸ in the panel)",
        "Spans",
        footer=True,
    ),  # fmt: skip
    Key(
        "h",
        "edge('start', -1)",
        "Span start one word left",
        "move its start one word left / right",
        "Spans",
        shown="h / l",
        palette=False,
    ),  # fmt: skip
    Key("l", "edge('start', 1)", "Span start one word right", "", "Spans", palette=False),
    Key(
        "H",
        "edge('end', -1)",
        "Span end one word left",
        "move its end one word left / right",
        "Spans",
        shown="H / L",
        palette=False,
    ),  # fmt: skip
    Key("L", "edge('end', 1)", "Span end one word right", "", "Spans", palette=False),
    Info("arrows, shift+arrows, ctrl+arrows", "move the text cursor; select; by word (or drag)", "Spans"),
    Key("r", "span('set')", "Span = selection", "make the span the selection (snapped to whole words)", "Spans"),
    Key(
        "plus",
        "span('add')",
        "Add selection as another part",
        "add the selection as another part (an interrupted quote)",
        "Spans",
        shown="+",
    ),  # fmt: skip
    Key("minus", "span('clear')", "Clear cue or source", "clear the cue or source", "Spans", shown="-"),
    Info("esc", "clear the selection", "Spans"),
    Key("i", "add_quote", "Add quote", "add a quote the detector missed, from the selection", "Quotes"),
    Key("d", "delete", "Delete quote", "delete the quote", "Quotes"),
    Key("t", "cycle_type", "Type", "type: direct → mixed → indirect", "Quotes", footer=True),
    Key("m", "note", "Note", "note on the quote", "Quotes"),
    Key(
        "D",
        "mark('done')",
        "Done",
        "mark the article done (asks while quotes are pending) / skipped (asks why: the article's note)",
        "Articles",
        shown="D / K",
        footer=True,
    ),  # fmt: skip
    Key("K", "mark('skipped')", "Skip article", "", "Articles"),
    Key("right_square_bracket", "article(1)", "Next article", "next / previous article", "Articles", shown="] / ["),
    Key("left_square_bracket", "article(-1)", "Previous article", "", "Articles"),
    Key("o", "focus_list", "Article list", "the article list (Enter opens one)", "Articles"),
    Key(
        "ctrl+r",
        "reanchor",
        "Re-anchor onto the changed article",
        "the article's text changed: move the annotation onto it (the old file kept as .bak)",
        "Articles",
    ),  # fmt: skip
    Key(
        "u,ctrl+z", "undo", "Undo", "undo / redo, without limit", "Always", shown="u, ctrl+z / U, ctrl+y", footer=True
    ),  # fmt: skip
    Key("U,ctrl+y", "redo", "Redo", "", "Always"),
    Info("ctrl+p", "command palette", "Always"),
    Key(
        "ctrl+s",
        "retry_saves",
        "Save again",
        "save again what could not be saved (every change is saved at once)",
        "Always",
    ),  # fmt: skip
    Key("question_mark", "help", "Help", "this help and the guidelines", "Always", shown="?", footer=True),
    Key(
        "q",
        "quit",
        "Quit",
        "quit: everything is already saved; if something could not be, asks what to do",
        "Always",
        footer=True,
        palette=False,
    ),  # fmt: skip
]


REVIEW: list[Key] = [
    Key(
        "enter",
        "open",
        "Open",
        "open the article: its versions side by side, to compare and adjudicate",
        "Articles",
        footer=True,
    ),  # fmt: skip
    Key(
        "slash",
        "search",
        "Search",
        "search quote texts, speaker names and ids (esc clears)",
        "Articles",
        shown="/",
        footer=True,
    ),  # fmt: skip
    Key(
        "a",
        "filter_annotator",
        "Annotator",
        "show one annotator's files, then the next, then all",
        "Filters",
        footer=True,
    ),  # fmt: skip
    Key(
        "f",
        "filter_status",
        "Status",
        "show one status (draft, in progress, done, skipped), then all",
        "Filters",
        footer=True,
    ),  # fmt: skip
    Key("d", "filter_differs", "Disagreements", "only articles whose annotators disagree", "Filters", footer=True),
    Key("o", "sort", "Sort", "sort by id, last change, disagreements, active time", "Filters", footer=True),
    Key(
        "P",
        "promote",
        "Promote agreed",
        "make gold of every article whose done annotators (two or more) agree fully (asks first)",
        "Gold",
    ),  # fmt: skip
    Key("ctrl+r", "reload", "Reload", "read the folders again", "Always"),
    Key("question_mark", "help", "Help", "this help", "Always", shown="?", footer=True),
    Key(
        "q",
        "quit",
        "Quit",
        "quit (the review screens never write, only adjudication does)",
        "Always",
        footer=True,
        palette=False,
    ),  # fmt: skip
]

COMPARE: list[Key] = [
    Key("j", "step(1)", "Next", "next / previous quote group", "Compare", shown="j / k", footer=True, palette=False),
    Key("k", "step(-1)", "Prev", "", "Compare", footer=True, palette=False),
    Key("n", "next_open", "Next disagreement", "next disagreement not decided yet", "Compare", footer=True),
    Key(
        "1",
        "take(0)",
        "Take 1st",
        "gold takes the 1st, 2nd … annotator's version of this group (none: not a quote)",
        "Adjudicate",
        shown="1 … 9",
        footer=True,
    ),  # fmt: skip
    *[Key(str(n + 1), f"take({n})", f"Take version {n + 1}", "", "Adjudicate", palette=False) for n in range(1, 9)],
    Key("x", "reject", "Not a quote", "gold says the group is not a quote", "Adjudicate", footer=True),
    Key(
        "e",
        "edit",
        "Edit gold",
        "edit the gold version with the annotator's keys (q comes back)",
        "Adjudicate",
        footer=True,
    ),  # fmt: skip
    Key("D", "done", "Gold done", "mark the gold version done", "Adjudicate", footer=True),
    Key(
        "u,ctrl+z", "undo", "Undo", "undo / redo a decision, without limit", "Adjudicate", shown="u / U", footer=True
    ),  # fmt: skip
    Key("U,ctrl+y", "redo", "Redo", "", "Adjudicate"),
    Key("v", "detector", "Detector layer", "show the detector's draft as one more version, or hide it", "Compare"),
    Key(
        "escape,q",
        "back",
        "Back",
        "back to the list",
        "Always",
        shown="esc, q",
        footer=True,
        palette=False,
        priority=True,
    ),  # fmt: skip
    Key("question_mark", "help", "Help", "this help", "Always", shown="?", footer=True),
]


def bindings(table: list[Key]) -> list[BindingType]:
    return [Binding(k.keys, k.action, k.label, show=k.footer, priority=k.priority) for k in table if k.keys]


def palette(table: list[Key]) -> list[Key]:
    """The keys the command palette offers (every action, with its key)."""
    return [k for k in table if k.keys and k.palette]


def help_markdown(table: list[Key] | None = None) -> str:
    """The key map as Markdown, for the help screen and the README."""
    groups: dict[str, list[Key]] = {}
    for key in table if table is not None else ANNOTATE:
        if key.help:
            groups.setdefault(key.group, []).append(key)
    lines = []
    for group, keys in groups.items():
        lines.append(f"**{group}**\n")
        lines.extend(f"- `{k.shown or k.keys.replace(',', ', ')}`: {k.help}" for k in keys)
        lines.append("")
    return "\n".join(lines)


def key_of(key: Key) -> str:
    """The key as a person types it, for the palette's help text."""
    names = {"right_square_bracket": "]", "left_square_bracket": "[", "plus": "+", "minus": "-", "question_mark": "?"}
    return ", ".join(names.get(k, k) for k in key.keys.split(","))


BINDINGS: list[BindingType] = bindings(ANNOTATE)
