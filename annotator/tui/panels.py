"""The side panels: the article list, the selected quote's details, the speakers, the legend.

Every piece of article text is put into Rich Text as plain strings, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import Footer, Header, Static
from textual.widgets._footer import FooterKey  # not exported by textual.widgets (8.2); KeyFooter reads its widths
from textual.widgets._header import HeaderTitle  # not exported either; TitleBar swaps in its own

from annotator import doubts
from annotator.model import ROLES, Annotation, Quote, Role, Span
from annotator.tui import highlight
from annotator.tui.layout import visible
from annotator.workspace import Entry

PROBLEM = "#ff8787"
ROW_WIDTH = 26  # the cells of a row while the list is hidden (a narrow terminal: 32 wide once shown)
STATUS_MARK = {"unknown": "…", "new": "·", "draft": "○", "in_progress": "◐", "done": "●", "skipped": "⊘", "error": "!"}


class ArticleList(ScrollView, can_focus=True):
    """The corpus: status, id and quotes reviewed / total, and under it the headline (or why the
    article cannot be opened); Enter (or a click) opens one.  Files that could not be read at
    all close the list, greyed out, with the reason.

    Only the lines on screen are ever drawn (Textual's line API), each from its entry as it is
    now: the list costs the same with 10,000 articles as with 30, to show and at every key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "up", show=False),
        Binding("down", "move(1)", "down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("home", "move(-1_000_000_000)", "first", show=False),
        Binding("end", "move(1_000_000_000)", "last", show=False),
        Binding("enter", "choose", "open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--row", "article-list--cursor"}
    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        & > .article-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .article-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
    LINES = 2  # per article: its id line and its headline line

    @dataclass
    class Chosen(Message):
        doc_id: str

    unreadable: tuple[str, ...] = ()  # set before the first show: articles that could not be read

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self._entries: list[Entry] = []
        self._source: list[Entry] | None = None  # the list shown (the workspace's), as last given
        self._rows: dict[str, int] = {}
        self._current = ""
        self.highlighted = 0

    def show(self, entries: list[Entry], current: str, changed: Iterable[str] = ()) -> None:
        """List ``entries`` with ``current`` in bold and under the cursor.  Rows are drawn from
        the entries when painted, so a change shows at the next paint; only the rows of
        ``changed`` and of the current article (before and after) are asked to repaint."""
        if entries is not self._source or len(entries) != len(self._entries):  # another list: another corpus
            self._source, self._entries = entries, list(entries)
            self._rows = {entry.doc_id: n for n, entry in enumerate(entries)}
            self._current = current
            self._resize_virtual()
            self._move_to(self._rows.get(current, 0))
            self.refresh()
            return
        rows = (self._rows.get(doc_id) for doc_id in {*changed, current, self._current})
        self._refresh_rows([row for row in rows if row is not None])
        if current != self._current:
            self._current = current
            if (row := self._rows.get(current)) is not None:
                self._move_to(row)

    @property
    def row_count(self) -> int:
        return len(self._entries)

    @property
    def row_width(self) -> int:
        """The cells a row may use: each line of a label is cut to it, never wrapped."""
        return max(12, self.scrollable_content_region.width - 2 if self.scrollable_content_region.width else ROW_WIDTH)

    def label_at(self, row: int) -> Text:
        """The article's row as it is drawn (without the cursor's colours): one line per line."""
        return _label(self._entries[row], self._current, self.row_width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        base = self.get_component_rich_style("article-list--row")
        row, part = divmod(line, self.LINES)
        if 0 <= row < len(self._entries):
            lines = self.label_at(row).split("\n", allow_blank=True)
            text = lines[part] if part < len(lines) else Text()
            style = self.get_component_rich_style("article-list--cursor") if row == self.highlighted else base
        elif 0 <= (extra := line - self.LINES * len(self._entries)) < len(self.unreadable):
            text, style = _unreadable(self.unreadable[extra], self.row_width), base
        else:
            return Strip.blank(width, base)
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width).apply_style(style)

    def on_resize(self) -> None:
        self._resize_virtual()

    def _resize_virtual(self) -> None:
        lines = self.LINES * len(self._entries) + len(self.unreadable)
        self.virtual_size = Size(self.scrollable_content_region.width, lines)

    def _refresh_rows(self, rows: Iterable[int]) -> None:
        """Repaint the rows on screen among ``rows`` (a batch of 200 statuses touches few)."""
        top, height, width = self.scroll_offset.y, self.scrollable_content_region.height, self.size.width
        for row in rows:
            y = row * self.LINES - top
            if -self.LINES < y < height:
                self.refresh(Region(0, y, width, self.LINES))

    def _move_to(self, row: int) -> None:
        row = max(0, min(row, len(self._entries) - 1))
        previous, self.highlighted = self.highlighted, row
        self._refresh_rows((previous, row))
        region = Region(0, row * self.LINES, 1, self.LINES)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def action_move(self, delta: int) -> None:
        self._move_to(self.highlighted + delta)

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height // self.LINES - 1)
        self._move_to(self.highlighted + direction * rows)

    def action_choose(self) -> None:
        if 0 <= self.highlighted < len(self._entries):
            self.post_message(self.Chosen(self._entries[self.highlighted].doc_id))

    def on_click(self, event: events.Click) -> None:
        row = (self.scroll_offset.y + event.y) // self.LINES
        if 0 <= row < len(self._entries):
            self._move_to(row)
            self.action_choose()


def _label(entry: Entry, current: str, width: int) -> Text:
    label = Text()
    label.append(f"{STATUS_MARK.get(entry.status, '?')} ", style="bold")
    progress = f" {entry.reviewed}/{entry.total}" if entry.status not in ("new", "error", "unknown") else ""
    doc_id = Text(entry.doc_id, style="bold" if entry.doc_id == current else "")
    doc_id.truncate(max(4, width - 2 - len(progress)), overflow="ellipsis")  # the id gives way, never the count
    label.append_text(doc_id)
    label.append(progress, style="dim")
    label.truncate(width, overflow="ellipsis")
    if entry.problem:
        label.append_text(_cut(f"\n  {visible(entry.problem)}", width + 1, PROBLEM))
    elif entry.headline:
        label.append_text(_cut(f"\n  {visible(entry.headline)}", width + 1, "dim"))
    return label


def _cut(line: str, width: int, style: str) -> Text:
    text = Text(line, style=style)
    text.truncate(width, overflow="ellipsis")
    return text


def _unreadable(line: str, width: int) -> Text:
    return _cut(f"! {visible(line)}", width, PROBLEM)


def _spans(spans: tuple[Span, ...]) -> str:
    return " … ".join(visible(s.text) for s in spans) if spans else "—"


class Pane(Static):
    """A panel of text whose size never follows its content (the layout fixes it): a new text
    repaints the panel alone, and the same text nothing (a key's new content would otherwise lay
    the whole screen out again and repaint every panel)."""

    DEFAULT_CSS = """
    Pane {
        height: 1fr;
    }
    """
    _shown: Text | None = None

    def show_text(self, text: Text) -> None:
        if text == self._shown:
            return
        self._shown = text
        self.update(text, layout=False)


class QuoteDetail(Pane):
    """Everything about the selected quote, as text."""

    def show(self, annotation: Annotation | None, quote: Quote | None, role: Role, note: str = "") -> None:
        if annotation is None:
            self.show_text(Text(note or "No article open."))
            return
        if quote is None:
            self.show_text(Text(note or "No quotes in this article: select text and press i to add one."))
            return
        text = Text()
        position = f"{annotation.quotes.index(quote) + 1}/{len(annotation.quotes)}"
        text.append(f"{quote.id} ({position})  ", style="bold")
        text.append(quote.type, style="bold")
        if doubts.unmarked(quote.type, [span.text for span in quote.content]):
            text.append(" (no quotation marks: indirect? t)", style="bold #ff8787")
        text.append("  review: ")
        text.append(quote.review, style=highlight.LABEL[quote.review])
        if quote.confidence is not None:
            tentative = quote.confidence < highlight.LOW_CONFIDENCE
            text.append(f"  confidence {quote.confidence:.2f}", style="italic dim" if tentative else "dim")
        text.append(f"  origin {quote.origin}\n", style="dim")
        speaker = annotation.speaker(quote.speaker)
        text.append("speaker  ", style="dim")
        text.append(f"{speaker.name} ({speaker.kind})" if speaker else "unknown", style="bold")
        for name in reversed(ROLES):
            marker = "▸" if name == role else " "
            text.append(f"\n{marker}{name:<8}", style="bold" if name == role else "dim")
            text.append(_spans(quote.spans(name)), style=highlight.ROLE.get(name, ""))
        if quote.note:
            text.append("\nnote     ", style="dim")
            text.append(visible(quote.note))
        if note:
            text.append(f"\n{note}", style="bold #ff8787")
        self.show_text(text)


class SpeakerList(Pane):
    """The article's speakers with how many quotes each has."""

    def show(self, annotation: Annotation | None) -> None:
        text = Text("Speakers\n", style="bold")
        if annotation is None or not annotation.speakers:
            text.append("none yet", style="dim")
        else:
            counts = annotation.quote_counts()
            for speaker in sorted(annotation.speakers, key=lambda s: -counts.get(s.id, 0)):
                text.append(f"{counts.get(speaker.id, 0):>3} ", style="bold")
                text.append(visible(speaker.name))
                text.append(f" {speaker.kind}\n", style="dim")
        self.show_text(text)


class Legend(Static):
    def on_mount(self) -> None:
        text = Text()
        for label, style in highlight.LEGEND:
            text.append(f" {label} ", style=style)
            text.append(" ")
        text.append(" ◂ speaker", style="dim")
        self.update(text)


class Alert(Static):
    """What must not go unseen: changes not on disk, an article changed under the annotation.
    Hidden while there is nothing to say; stays until the problem is resolved."""

    _lines: tuple[str, ...] = ()

    def show(self, lines: list[str]) -> None:
        if tuple(lines) == self._lines:
            return
        self._lines = tuple(lines)
        self.display = bool(lines)
        self.update(Text("\n".join(f"⚠ {visible(line)}" for line in lines)))


class TitleBar(Header):
    """Textual's header, whose title changes without laying the whole screen out again (a new
    article's title did, at every ] and [): the title is one line whatever it says."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _Title() if type(widget) is HeaderTitle else widget


class _Title(HeaderTitle):
    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=False)


def set_sub_title(screen: Screen[Any], text: str) -> None:
    """Set ``screen``'s sub-title and show it in its title bar.  ``Screen.sub_title`` is a
    reactive that repaints every cell of the screen when set: the terminal was sent the whole
    screen at each ] and [, and at each count digit typed."""
    if screen.sub_title == text:
        return
    screen.set_reactive(Screen.sub_title, text)
    for bar in screen.query(TitleBar):
        bar.query_one(_Title).update(bar.format_title())


class KeyFooter(Footer):
    """Textual's compact footer, where a key that would be cut is left out whole, so the last
    one shown is readable and none peeps out beside ctrl+p (which reaches every action)."""

    _width = 0

    def compose(self) -> ComposeResult:
        self._width = width = self.size.width
        items = list(super().compose())
        room = width - sum(_cells(item) for item in items if item.has_class("-command-palette"))
        used = 0
        for item in items:
            if width and not item.has_class("-command-palette"):
                used += _cells(item) + 1  # a compact footer puts one cell after each key
                if used - 1 > room:
                    continue
            yield item

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width and self._bindings_ready:
            self.call_after_refresh(self.recompose)


def _cells(key: object) -> int:
    """The cells a compact footer key takes: its key, a space, its description (and, for ctrl+p,
    the bar before it)."""
    if not isinstance(key, FooterKey):
        return 0
    extra = 1 if key.has_class("-command-palette") else 0
    return len(key.key_display) + (1 + len(key.description) if key.description else 0) + extra
