"""The article, drawn line by line (Textual's line API), with quotes highlighted.

Only visible lines are drawn, and a change rebuilds the styled ranges, not the
text layout, so a 100,000-character article stays quick.  The text is turned into
Segments directly: markup or escape sequences in an article are never interpreted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.model import Annotation, Role
from annotator.tui import highlight
from annotator.tui.layout import Line, offset_at, visible, wrap

GUTTER = 24
LABEL_LINES = 3  # a speaker label may run over this many lines of the margin
DIM = Style(dim=True)
EMPTY = Annotation(doc_id="", article="", text_sha256="", annotator="")


class ArticleView(ScrollView, can_focus=True):
    """Article text with quotes, a text cursor and a selection (keyboard or mouse)."""

    BINDINGS = [
        Binding("left", "move(-1, 0)", "Cursor left", show=False),
        Binding("right", "move(1, 0)", "Cursor right", show=False),
        Binding("up", "move(0, -1)", "Cursor up", show=False),
        Binding("down", "move(0, 1)", "Cursor down", show=False),
        Binding("ctrl+left", "word(-1)", "Word left", show=False),
        Binding("ctrl+right", "word(1)", "Word right", show=False),
        Binding("shift+left", "move(-1, 0, True)", "Select left", show=False),
        Binding("shift+right", "move(1, 0, True)", "Select right", show=False),
        Binding("shift+up", "move(0, -1, True)", "Select up", show=False),
        Binding("shift+down", "move(0, 1, True)", "Select down", show=False),
        Binding("ctrl+shift+left", "word(-1, True)", "Select word left", show=False),
        Binding("ctrl+shift+right", "word(1, True)", "Select word right", show=False),
        Binding("home", "line_edge(0)", "Line start", show=False),
        Binding("end", "line_edge(1)", "Line end", show=False),
        Binding("escape", "clear_selection", "Clear selection", show=False),
    ]

    @dataclass
    class QuoteClicked(Message):
        quote_id: str

    @dataclass
    class SelectionChanged(Message):
        selection: tuple[int, int] | None
        cursor: int = 0

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.annotation = EMPTY
        self.selected: str | None = None
        self.role: Role = "content"
        self.cursor = 0
        self.sel_anchor: int | None = None
        self.selecting = False  # after v: every move of the cursor extends the selection
        self.lines: list[Line] = [Line(0, 0)]
        self.highlight = highlight.Highlighter()
        self._layout_width = 0
        self._dragging = False
        self._drag_moved = False

    # --- attributes down ----------------------------------------------------------------

    def show(self, text: str, annotation: Annotation, selected: str | None, role: Role) -> None:
        """Show ``annotation`` over ``text``; re-wraps only when the text changed, and repaints
        only the lines whose quotes changed (a key's repaint is then a few lines, not the view)."""
        whole = text is not self.text
        if whole:
            self.text = text
            self.cursor, self.sel_anchor, self.selecting = 0, None, False
            self._layout_width = 0
            self.scroll_to(0, 0, animate=False)
        self.annotation, self.selected, self.role = annotation, selected, role
        whole = self._relayout(force=False) or whole
        dirty = self._restyle()
        if whole:
            self.refresh()
        else:
            self._refresh_lines(dirty)

    @property
    def speaker_margin(self) -> int:
        """The speaker margin: narrower on a narrow terminal."""
        width = self.scrollable_content_region.width
        return GUTTER if width >= 80 else max(12, width // 4)

    @property
    def text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - self.speaker_margin - 1)

    def _relayout(self, force: bool) -> bool:
        """Wrap the text to the view's width, when that changed (or ``force``); whether it did."""
        if not force and self._layout_width == self.text_width:
            return False
        self._layout_width = self.text_width
        self.lines = wrap(self.text, self.text_width) if self.text else [Line(0, 0)]
        self.highlight.relayout(self.lines)
        self.virtual_size = Size(self.text_width + self.speaker_margin + 1, len(self.lines))
        return True

    def _restyle(self) -> set[int]:
        """Bring the styles up to date with the annotation; the lines that changed."""
        styled, labelled = self.highlight.update(self.annotation, self.selected, self.role)
        for line in labelled:  # a label runs on over the margin below, and stops at the next one above
            styled.update(range(line - LABEL_LINES + 1, line + LABEL_LINES))
        return styled

    def _refresh_lines(self, lines: Iterable[int]) -> None:
        """Repaint the lines among ``lines`` that are on screen."""
        top, height, width = self.scroll_offset.y, self.size.height, self.size.width
        for line in lines:
            if 0 <= line - top < height:
                self.refresh(Region(0, line - top, width, 1))

    def _cursor_lines(self) -> set[int]:
        """The lines the cursor and the selection are drawn on (and the lines beside the
        cursor's, where a cursor at a line's end may show)."""
        at = self.line_at(self.cursor)
        lines = {at - 1, at, at + 1}
        if (selection := self.selection) is not None:
            lines.update(range(self.line_at(selection[0]), self.line_at(selection[1]) + 1))
        return lines

    def on_resize(self, event: events.Resize) -> None:
        self._relayout(force=False)
        self._restyle()
        self.scroll_to_offset(self.cursor)  # the text re-wrapped: the cursor (on the selected quote) stays in view
        self.refresh()

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.sel_anchor is None or self.sel_anchor == self.cursor:
            return None
        return min(self.sel_anchor, self.cursor), max(self.sel_anchor, self.cursor)

    def line_at(self, offset: int) -> int:
        return self.highlight.line_of(offset)

    def scroll_to_offset(self, offset: int, *, top: bool = False) -> None:
        """Bring the line with ``offset`` into view (near the top when ``top``), once laid out."""
        self.call_after_refresh(self._scroll_to_offset, offset, top)

    def _scroll_to_offset(self, offset: int, top: bool) -> None:
        y = self.line_at(offset)
        height = self.size.height or 1
        if top or not self.scroll_y <= y < self.scroll_y + height:
            self.scroll_to(y=max(0, y - min(3, height // 4)), animate=False, immediate=True)

    # --- drawing ------------------------------------------------------------------------

    def on_focus(self) -> None:
        self.refresh()  # the cursor shows only while the view has the focus

    def on_blur(self) -> None:
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._layout_width != self.text_width and self.size.width:  # drawn before its first Resize
            self._relayout(force=False)
            self._restyle()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.lines) or not self.text:
            return Strip.blank(width, base)
        strip = Strip(self._segments(index, base), width)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _segments(self, index: int, base: Style) -> list[Segment]:
        line = self.lines[index]
        shown = visible(self.text[line.start : line.end])
        items = self.highlight.on_line(index)
        selection = self.selection
        cursor = self.cursor if self.has_focus else -1
        cuts = {line.start, line.end}
        for item in items:
            cuts.update(c for c in (item.start, item.end) if line.start < c < line.end)
        if selection:
            cuts.update(c for c in selection if line.start < c < line.end)
        if line.start <= cursor < line.end:
            cuts.update((cursor, cursor + 1))
        points = sorted(c for c in cuts if line.start <= c <= line.end)
        segments = []
        for a, b in zip(points, points[1:], strict=False):
            layers = [base, *(item.style for item in items if item.start <= a and b <= item.end)]
            if selection and selection[0] <= a and b <= selection[1]:
                layers.append(highlight.SELECTION)
            if a == cursor:
                layers.append(highlight.CURSOR)
            segments.append(Segment(shown[a - line.start : b - line.start], highlight.combine(*layers)))
        used = sum(s.cell_length for s in segments)
        if cursor == line.end and (index + 1 == len(self.lines) or self.lines[index + 1].start > cursor):
            segments.append(Segment(" ", highlight.combine(base, highlight.CURSOR)))
            used += 1
        segments.append(Segment(" " * max(0, self.text_width - used), base))
        segments.extend(self._gutter(index, base))
        return segments

    def _gutter(self, index: int, base: Style) -> list[Segment]:
        """The speaker margin beside line ``index``: the names of the quotes ending there, going on
        over the next lines while their margin is free, so that a name is never cut short."""
        room = self.speaker_margin - 2
        row, first = self._label_row(index, room)
        if not row:
            return [Segment(" " * (self.speaker_margin + 1), base)]
        out = [Segment(" ◂ " if first else "   ", highlight.combine(base, DIM))]
        used = 0
        for text, style in row:
            out.append(Segment(text, highlight.combine(base, style)))
            used += cell_len(text)
        out.append(Segment(" " * max(0, room - used), base))
        return out

    def _label_row(self, index: int, room: int) -> tuple[list[tuple[str, Style]], bool]:
        """What the margin of line ``index`` shows, and whether it starts a label."""
        for back in range(LABEL_LINES):
            line = index - back
            if line < 0:
                break
            marks = self.highlight.labels(line)
            if not marks:
                continue
            free = 0  # lines after ``line`` whose margin is free
            while free < LABEL_LINES - 1 and line + free + 1 < len(self.lines):
                if self.highlight.labels(line + free + 1):
                    break
                free += 1
            rows = wrap_labels([(visible(name), style) for name, style in marks], room, 1 + free)
            return (rows[back], back == 0) if back < len(rows) else ([], False)
        return [], False

    # --- cursor and selection -----------------------------------------------------------

    def _set_cursor(self, offset: int, extend: bool) -> None:
        offset = max(0, min(len(self.text), offset))
        extend = extend or self.selecting
        before = self._cursor_lines()
        if extend and self.sel_anchor is None:
            self.sel_anchor = self.cursor
        elif not extend:
            self.sel_anchor = None
        self.cursor = offset
        self.scroll_to_offset(offset)
        self._refresh_lines(before | self._cursor_lines())
        self.post_message(self.SelectionChanged(self.selection, self.cursor))

    def action_move(self, dx: int, dy: int, extend: bool = False) -> None:
        if dy:
            y = self.line_at(self.cursor)
            column = self.cursor - self.lines[y].start
            target = self.lines[max(0, min(len(self.lines) - 1, y + dy))]
            self._set_cursor(min(target.start + column, max(target.start, target.end - 1)), extend)
        else:
            self._set_cursor(self.cursor + dx, extend)

    def action_word(self, direction: int, extend: bool = False, count: int = 1) -> None:
        text, pos = self.text, self.cursor
        for _ in range(max(1, count)):
            if direction > 0:
                while pos < len(text) and not text[pos].isspace():
                    pos += 1
                while pos < len(text) and text[pos].isspace():
                    pos += 1
            else:
                pos = max(0, pos - 1)
                while pos > 0 and text[pos].isspace():
                    pos -= 1
                while pos > 0 and not text[pos - 1].isspace():
                    pos -= 1
        self._set_cursor(pos, extend)

    def action_line_edge(self, end: int) -> None:
        line = self.lines[self.line_at(self.cursor)]
        self._set_cursor(line.end if end else line.start, False)

    def action_clear_selection(self) -> None:
        self.selecting = False
        self._set_cursor(self.cursor, False)

    def start_selection(self) -> None:
        """v: a selection starts at the cursor and follows it until used or dropped (esc)."""
        self.selecting = True
        self.sel_anchor = self.cursor
        self.refresh()

    def move_to(self, offset: int) -> None:
        """Move the cursor (extending the selection while one is being made)."""
        self._set_cursor(offset, False)

    def place_cursor(self, offset: int) -> None:
        """Put the cursor at ``offset`` with nothing selected (it follows the selected quote)."""
        self.selecting = False
        self._set_cursor(offset, False)

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (for tests and commands)."""
        self.selecting = False
        self.sel_anchor, self.cursor = start, end
        self.scroll_to_offset(start)
        self.refresh()
        self.post_message(self.SelectionChanged(self.selection, self.cursor))

    # --- mouse --------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        point = event.get_content_offset(self)
        if point is None:
            return None
        y = point.y + self.scroll_offset.y
        if y >= len(self.lines):
            return len(self.text)
        return offset_at(self.text, self.lines[y], point.x + self.scroll_offset.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None:
            return
        self.focus()
        self._dragging, self._drag_moved = True, False
        self.capture_mouse()
        self._set_cursor(offset, False)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging and (offset := self._offset_at(event)) is not None and offset != self.cursor:
            self._drag_moved = True
            if self.sel_anchor is None:
                self.sel_anchor = self.cursor
            self.cursor = offset
            self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        if self._drag_moved:
            self.post_message(self.SelectionChanged(self.selection, self.cursor))
        elif (quote_id := self.quote_at(self.cursor)) is not None:
            self.post_message(self.QuoteClicked(quote_id))

    def quote_at(self, offset: int) -> str | None:
        return self.highlight.quote_at(offset)


def wrap_labels(marks: list[tuple[str, Style]], room: int, rows: int) -> list[list[tuple[str, Style]]]:
    """Names, comma-separated, wrapped at spaces into at most ``rows`` rows of ``room`` cells;
    what does not fit ends in an ellipsis."""
    words: list[tuple[str, Style]] = []
    for i, (name, style) in enumerate(marks):
        parts = name.split() or ["?"]
        if i < len(marks) - 1:
            parts[-1] += ","
        words.extend((part, style) for part in parts)
    out: list[list[tuple[str, Style]]] = [[]]
    used = 0
    for word, style in words:
        gap = 1 if used else 0
        if used and used + gap + cell_len(word) > room:
            if len(out) == rows:
                _ellipsis(out[-1], room)
                return out
            out.append([])
            used, gap = 0, 0
        if cell_len(word) > room - used - gap:
            word = word[: max(0, room - used - gap - 1)] + "…"
        out[-1].append(((" " if gap else "") + word, style))
        used += gap + cell_len(word)
    return out


def _ellipsis(row: list[tuple[str, Style]], room: int) -> None:
    """End ``row`` with an ellipsis within ``room`` cells."""
    used = sum(cell_len(text) for text, _ in row)
    text, style = row[-1]
    if used + 1 > room:
        text = text[: len(text) - (used + 1 - room)]
    row[-1] = (text + "…", style)
