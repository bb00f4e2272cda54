"""The side panels: the article list, the selected quote's details, the speakers, the legend.

Every piece of article text is put into Rich Text as plain strings, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotator import doubts
from annotator.model import ROLES, Annotation, Quote, Role, Span
from annotator.tui import highlight
from annotator.tui.layout import visible
from annotator.workspace import Entry

STATUS_MARK = {"unknown": "…", "new": "·", "draft": "○", "in_progress": "◐", "done": "●", "skipped": "⊘", "error": "!"}


class ArticleList(OptionList):
    """The corpus: id, status and quotes reviewed / total; Enter opens one."""

    @dataclass
    class Chosen(Message):
        doc_id: str

    _ids: tuple[str, ...] = ()  # the entries listed, in order
    _rows: dict[str, int] = {}  # noqa: RUF012  (replaced, never mutated in place)
    _current: str = ""

    def show(self, entries: list[Entry], current: str, changed: Iterable[str] = ()) -> None:
        """List ``entries`` with ``current`` in bold.  Once listed, only the rows of ``changed``
        (and of the current article, before and after) are redrawn: a key costs the same with
        10,000 articles as with 10."""
        if len(entries) != len(self._ids) or any(e.doc_id != i for e, i in zip(entries, self._ids, strict=True)):
            self._ids = tuple(e.doc_id for e in entries)
            self._rows = {doc_id: n for n, doc_id in enumerate(self._ids)}
            self._current = current
            self.clear_options()
            self.add_options([Option(_label(entry, current), id=entry.doc_id) for entry in entries])
            self.highlighted = self._rows.get(current, 0)
            return
        for doc_id in {*changed, current, self._current}:
            if (row := self._rows.get(doc_id)) is not None:
                self._redraw_row(row, _label(entries[row], current))
        if current != self._current:
            self._current = current
            if (row := self._rows.get(current)) is not None:
                self.highlighted = row

    def _redraw_row(self, row: int, label: Text) -> None:
        """``replace_option_prompt_at_index`` without its cost: Textual then drops the line
        cache of every option, and the next paint measures all 10,000 again (over 100 ms).
        A one-line label that still fits on one line keeps every line where it was, so only
        the rendered lines are dropped (Textual's private caches: the public call otherwise)."""
        lines, rendered = getattr(self, "_line_cache", None), getattr(self, "_option_render_cache", None)
        fits = label.cell_len < self.scrollable_content_region.width - 2 and "\n" not in label.plain
        if lines is None or rendered is None or not fits or getattr(lines, "heights", {}).get(row) != 1:
            self.replace_option_prompt_at_index(row, label)
            return
        self.get_option_at_index(row)._set_prompt(label)
        rendered.clear()
        self.refresh()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))


def _label(entry: Entry, current: str) -> Text:
    label = Text()
    label.append(f"{STATUS_MARK.get(entry.status, '?')} ", style="bold")
    label.append(entry.doc_id, style="bold" if entry.doc_id == current else "")
    progress = f" {entry.reviewed}/{entry.total}" if entry.status not in ("new", "error", "unknown") else ""
    label.append(progress, style="dim")
    return label


def _spans(spans: tuple[Span, ...]) -> str:
    return " … ".join(visible(s.text) for s in spans) if spans else "—"


class QuoteDetail(Static):
    """Everything about the selected quote, as text."""

    def show(self, annotation: Annotation | None, quote: Quote | None, role: Role, note: str = "") -> None:
        if annotation is None:
            self.update(Text(note or "No article open."))
            return
        if quote is None:
            self.update(Text(note or "No quotes in this article: select text and press i to add one."))
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
        self.update(text)


class SpeakerList(Static):
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
        self.update(text)


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
