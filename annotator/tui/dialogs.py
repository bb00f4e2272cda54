"""Modal screens: the speaker picker, a one-line text prompt, and help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.model import SpeakerKind
from annotator.tui.layout import visible

NEW_KINDS: tuple[SpeakerKind, ...] = ("person", "organization", "group")


@dataclass(frozen=True)
class SpeakerChoice:
    """What the picker returns: an existing speaker, a new one, or unknown (``name`` empty)."""

    speaker_id: str | None = None
    name: str = ""
    kind: SpeakerKind = "person"


def match_tier(query: str, name: str) -> int | None:
    """How well ``name`` matches what was typed, best first: 3 it starts with it, 2 a word of it
    does ('Oana' in 'Oana Lungescu', 'Lung'), 1 it holds it, 0 its letters come in order
    ('olng'); None when they do not."""
    q, n = query.casefold().strip(), name.casefold()
    if not q or n.startswith(q):
        return 3
    if any(word.startswith(q) for word in n.split()):
        return 2
    if q in n:
        return 1
    pos = 0
    for ch in q:
        pos = n.find(ch, pos) + 1
        if pos == 0:
            return None
    return 0


def picker_order(query: str, name: str, known: bool) -> tuple[int, int, int] | None:
    """Sort key (higher first) of a name in the picker: the match's tier first, so that letters
    scattered through a speaker's name never outrank a name that starts with what was typed;
    within a tier the article's speakers (``known``), then the shorter name ('Sergei Lavrov'
    before a group naming him)."""
    tier = match_tier(query, name)
    return None if tier is None else (tier, int(known), -min(len(name), 49))


class SpeakerPicker(ModalScreen[SpeakerChoice | None]):
    """Pick who said it: the article's speakers, the people and organisations it names,
    a new speaker typed in, or unknown.  Type to filter."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("down", "focus_list", show=False)]

    def __init__(self, speakers: Sequence[tuple[str, str, str]], candidates: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.speakers = speakers  # (id, name, kind)
        known = {name.casefold() for _, name, _ in speakers}
        self.candidates = [(n, k) for n, k in candidates if n.casefold() not in known]

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Who said it? Type to filter; Enter picks; Esc cancels.")
            yield Input(placeholder="name…", id="picker-filter")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")

    @on(Input.Changed, "#picker-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        ranked: list[tuple[tuple[int, int, int], Option]] = []
        for speaker_id, name, kind in self.speakers:
            if (order := picker_order(query, name, known=True)) is not None:
                ranked.append((order, Option(Text(f"{visible(name)}  ({kind})"), id=f"id:{speaker_id}")))
        for index, (name, kind) in enumerate(self.candidates):
            if (order := picker_order(query, name, known=False)) is not None:
                label = Text(f"{visible(name)}  ({kind}, in the article)")  # short: one row each
                ranked.append((order, Option(label, id=f"new:{kind}:{index}")))
        ranked.sort(key=lambda item: item[0], reverse=True)
        typed = query.strip()
        fixed = [Option(Text("unknown speaker"), id="unknown")]
        if typed and not any(typed.casefold() == n.casefold() for _, n, _ in self.speakers):
            fixed[:0] = [Option(Text(f"new {kind}: {visible(typed)}"), id=f"typed:{kind}") for kind in NEW_KINDS]
        room = max(1, self.rows() - len(fixed))  # new speaker and unknown stay in sight: names give way
        shown = ranked if len(ranked) <= room else ranked[: room - 1]
        for _, option in shown:
            options.add_option(option)
        if len(shown) < len(ranked):
            more = Text(f"… {len(ranked) - len(shown)} more names: type to filter", style="dim italic")
            options.add_option(Option(more, disabled=True))
        options.add_options(fixed)
        options.highlighted = 0 if shown else options.option_count - len(fixed)  # the best name, else the first fixed

    def rows(self) -> int:
        """How many options fit on the screen under the question and the filter (border,
        padding, label and input take 10 rows), 16 at most."""
        return max(3, min(16, self.app.size.height - 10))

    def action_focus_list(self) -> None:
        self.query_one("#picker-options", OptionList).focus()

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id or "unknown")

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "unknown")

    def _choose(self, option_id: str) -> None:
        kind_of: dict[str, SpeakerKind] = {kind: kind for kind in NEW_KINDS}
        if option_id.startswith("id:"):
            self.dismiss(SpeakerChoice(speaker_id=option_id[3:]))
        elif option_id.startswith("new:"):
            _, kind, index = option_id.split(":")
            name, _ = self.candidates[int(index)]
            self.dismiss(SpeakerChoice(name=name, kind=kind_of.get(kind, "person")))
        elif option_id.startswith("typed:"):
            name = self.query_one("#picker-filter", Input).value.strip()
            self.dismiss(SpeakerChoice(name=name, kind=kind_of.get(option_id[6:], "person")))
        else:
            self.dismiss(SpeakerChoice())


class TextPrompt(ModalScreen[str | None]):
    """One line of text (a note, a speaker's new name); Enter keeps it, Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "enter saves, esc cancels") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(Text(visible(self.title_text)))  # it may hold a name from the article: never markup
            yield Input(value=self.value, id="prompt-input")
            yield Label(Text(self.hint, style="dim"), id="prompt-hint")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class HelpText(ScrollView, can_focus=True):
    """Markdown drawn by Rich once per width and shown with the line API: the first ``?`` opens
    at once (Textual's Markdown widget, a widget per block, took about 2 s; a Static re-renders
    the Markdown at each layout pass)."""

    def __init__(self, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self._strips: list[Strip] = []
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        console = self.app.console
        from rich.markdown import Markdown  # here: markdown-it and pygments cost 0.05 s at every start

        lines = console.render_lines(Markdown(self.source), console.options.update_width(width), pad=True)
        self._strips = [Strip(line, width) for line in lines]
        self._width = width
        self.virtual_size = Size(width, len(self._strips))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index < len(self._strips):
            return self._strips[index].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)


class HelpScreen(Screen[None]):
    """Every key, then the annotation guidelines; a whole screen, not a modal one, so that opening
    it does not draw (and dim) the annotate screen underneath."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close")]

    def __init__(self, keys_markdown: str, guidelines: str) -> None:
        super().__init__()
        self.keys_markdown = keys_markdown
        self.guidelines = guidelines

    @property
    def source(self) -> str:
        return f"# Keys (Esc closes)\n\n{self.keys_markdown}\n\n{self.guidelines}"

    def compose(self) -> ComposeResult:
        yield HelpText(self.source, id="help")

    def on_mount(self) -> None:
        self.query_one("#help").focus()  # arrows and page keys scroll


class UnsavedDialog(ModalScreen[str | None]):
    """Asked on quit while changes are not on disk: retry, save a copy beside each file,
    or discard them; Esc stays.  Returns "retry", "copy", "discard" or None."""

    BINDINGS = [
        Binding("r", "dismiss('retry')", "Try to save again"),
        Binding("c", "dismiss('copy')", "Save a copy beside each file, then quit"),
        Binding("d", "dismiss('discard')", "Discard the changes and quit"),
        Binding("escape", "dismiss(None)", "Stay"),
    ]

    def __init__(self, unsaved: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.unsaved = unsaved  # (file, why it is not saved)

    def compose(self) -> ComposeResult:
        with Vertical(id="unsaved"):
            yield Label(Text("Some changes are not on disk:", style="bold"))
            for path, why in self.unsaved:
                yield Label(Text(f"  {visible(path)}: {visible(why)}"))
            yield Label(
                Text(
                    "\nr  try to save again\n"
                    "c  save a copy beside each file (<file>.unsaved-<time>), then quit\n"
                    "d  discard these changes and quit\n"
                    "esc  stay in the annotator"
                )
            )


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers, one key each (shown before each answer); Esc cancels.
    Returns the chosen answer's value, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, answers: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.question = question
        self.answers = answers  # (key, value, what it does)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            yield Label(Text(self.question, style="bold"))
            lines = [f"{key:<4} {what}" for key, _, what in self.answers]
            yield Label(Text("\n" + "\n".join([*lines, "esc  cancel"])))

    def on_key(self, event: events.Key) -> None:
        for key, value, _ in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return
