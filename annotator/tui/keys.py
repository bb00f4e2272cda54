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
    short: str = ""  # the footer's name for it, when ``label`` is too long for an 80-column footer


def Info(shown: str, help: str, group: str) -> Key:  # noqa: N802  (a row of the help with no binding)
    return Key("", "", "", help, group, shown=shown, palette=False)


ANNOTATE: list[Key] = [
    Key(
        "a",
        "accept",
        "Accept",
        "accept the quote as it is, and go to the next pending one",
        "Review",
        footer=True,
        short="accept",
    ),
    Key(
        "x",
        "reject",
        "Reject",
        "reject it (not a quote), and go to the next pending one",
        "Review",
        footer=True,
        short="reject",
    ),
    Key("j", "step(1)", "Next", "next / previous quote", "Review", shown="j / k"),
    Key("k", "step(-1)", "Prev", "", "Review"),
    Key("n", "next_pending", "Next pending", "next pending quote", "Review", footer=True, short="next"),
    Info("click", "select the quote under the mouse", "Review"),
    Key(
        "s",
        "speaker",
        "Speaker",
        "pick the speaker: type to filter; new speaker; unknown",
        "Who said it",
        footer=True,
        short="who",
    ),  # fmt: skip
    Key("R", "rename_speaker", "Rename speaker", "rename the speaker everywhere in the article", "Who said it"),
    Info(
        "arrows, ctrl+arrows, shift+arrows",
        "move the text cursor (it starts on the selected quote); by word; select",
        "Text",
    ),
    Key("v", "select", "Select from here", "start a selection at the cursor: moves extend it, esc drops it", "Text"),
    Key("w", "word(1)", "Word right", "cursor one word right / left (3w: three words)", "Text", shown="w / b"),
    Key("b", "word(-1)", "Word left", "", "Text"),
    Key(
        "g",
        "missed",
        "Next quotation not in a quote",
        "select the next passage in quotation marks no quote holds (i then adds it)",
        "Text",
    ),  # fmt: skip
    Key("slash", "search", "Search the text", "search the text (enter: next match)", "Text", shown="/"),
    Info("esc", "drop the selection", "Text"),
    Key(
        "e",
        "cycle_role",
        "Role",
        "choose the span to edit: content, cue, source (▸ in the panel)",
        "Spans",
        footer=True,
        short="role",
    ),  # fmt: skip
    Key(
        "h",
        "edge('start', -1)",
        "Span start one word left",
        "move its start one word left / right (3l: three words)",
        "Spans",
        shown="h / l",
    ),  # fmt: skip
    Key("l", "edge('start', 1)", "Span start one word right", "", "Spans"),
    Key(
        "H",
        "edge('end', -1)",
        "Span end one word left",
        "move its end one word left / right (3H: three words)",
        "Spans",
        shown="H / L",
    ),  # fmt: skip
    Key("L", "edge('end', 1)", "Span end one word right", "", "Spans"),
    Key(
        "1",
        "count(1)",
        "Count",
        "a count before h, l, H, L, w, b: do it that many times (a lone 0: start of the line)",
        "Spans",
        shown="0 … 9",
        palette=False,
    ),  # fmt: skip
    *[Key(str(n), f"count({n})", "Count", "", "Spans", palette=False) for n in (*range(2, 10), 0)],
    Key(
        "quotation_mark",
        "fit('quote')",
        "Span to the quotation marks",
        "fit the span to the quotation marks it overlaps or that follow it (a selection: to the closing mark)",
        "Spans",
        shown='"',
    ),  # fmt: skip
    Key(
        "comma",
        "fit('clause')",
        "Span to the clause",
        "cut the span back to the clause it starts in, or grow it to the whole clause (a selection: to its end)",
        "Spans",
        shown=",",
    ),  # fmt: skip
    Key(
        "full_stop",
        "fit('sentence')",
        "Span to the sentence",
        "the same for the sentence",
        "Spans",
        shown=".",
    ),  # fmt: skip
    Key(
        "r",
        "span('set')",
        "Span = selection",
        "make the span the selection (snapped to whole words), or the word at the cursor",
        "Spans",
    ),  # fmt: skip
    Key(
        "plus",
        "span('add')",
        "Add selection as another part",
        "add the selection as another part (an interrupted quote)",
        "Spans",
        shown="+",
    ),  # fmt: skip
    Key("minus", "span('clear')", "Clear cue or source", "clear the cue or source", "Spans", shown="-"),
    Key("i", "add_quote", "Add quote", "add a quote the detector missed, from the selection", "Quotes"),
    Key("d", "delete", "Delete quote", "delete the quote", "Quotes"),
    Key("t", "cycle_type", "Type", "type: direct → mixed → indirect", "Quotes"),
    Key("m", "note", "Note", "note on the quote", "Quotes"),
    Key(
        "D",
        "mark('done')",
        "Done",
        "mark the article done (asks while quotes are pending) / skipped (asks why: the article's note)",
        "Articles",
        shown="D / K",
        footer=True,
        short="done",
    ),  # fmt: skip
    Key("K", "mark('skipped')", "Skip article", "", "Articles"),
    Key("right_square_bracket", "article(1)", "Next article", "next / previous article", "Articles", shown="] / ["),
    Key("left_square_bracket", "article(-1)", "Previous article", "", "Articles"),
    Key(
        "o",
        "focus_list",
        "Article list",
        "the article list: enter opens one where it was left; o or esc closes it",
        "Articles",
    ),  # fmt: skip
    Key("escape", "close_list", "Close the article list", "", "Articles", palette=False),
    Key(
        "ctrl+r",
        "reanchor",
        "Re-anchor onto the changed article",
        "the article's text changed: move the annotation onto it (the old file kept as .bak)",
        "Articles",
    ),  # fmt: skip
    Key(
        "u,ctrl+z",
        "undo",
        "Undo",
        "undo / redo, without limit",
        "Always",
        shown="u, ctrl+z / U, ctrl+y",
        footer=True,
        short="undo",
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
    Key(
        "question_mark", "help", "Help", "this help and the guidelines", "Always", shown="?", footer=True, short="help"
    ),
    Key(
        "q",
        "quit",
        "Quit",
        "quit: everything is already saved; if something could not be, asks what to do",
        "Always",
        footer=True,
        palette=False,
        short="quit",
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


def bindings(table: list[Key], footer_first: tuple[str, ...] = ()) -> list[BindingType]:
    """The table's bindings; the footer shows them in this order, ``footer_first`` leading, so
    that a narrow footer cut at its end still shows help and quit."""
    keys = [k for k in table if k.keys]
    keys.sort(key=lambda k: footer_first.index(k.keys) if k.keys in footer_first else len(footer_first))
    return [
        Binding(k.keys, k.action, k.short or k.label, show=k.footer, priority=k.priority, tooltip=k.help) for k in keys
    ]


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
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "plus": "+",
        "minus": "-",
        "question_mark": "?",
        "quotation_mark": '"',
        "comma": ",",
        "full_stop": ".",
        "slash": "/",
    }
    return ", ".join(names.get(k, k) for k in key.keys.split(","))


BINDINGS: list[BindingType] = bindings(ANNOTATE, footer_first=("a", "x", "n", "s", "question_mark", "q"))
