"""The review screens: every saved annotation at a glance, the versions of an article side by
side, and adjudication into gold.

The list and the compare screen only read; a decision (take a version, not a quote, edit, done)
writes the article's gold file, and promoting asks first.  The work itself is in
``annotator.review`` (no Textual); these screens show it and map keys to it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from annotator import edits, store
from annotator.compare import Group
from annotator.errors import UserError
from annotator.model import DETECTOR_ANNOTATOR, GOLD_ANNOTATOR, STATUSES, Annotation, Quote, Speaker
from annotator.progress import bars
from annotator.review import Adjudication, Loaded, Row, count_differences, load_corpus, promote, quote_texts
from annotator.tui.annotate import AnnotateScreen
from annotator.tui.article_view import ArticleView
from annotator.tui.dialogs import HelpScreen
from annotator.tui.keys import COMPARE, REVIEW, Key, bindings, help_markdown, key_of, palette
from annotator.tui.layout import visible
from annotator.tui.panels import TitleBar, set_sub_title
from annotator.workspace import Workspace

SORTS = ("id", "last change", "disagreements", "active time")
STATE_MARK = {"draft": "○", "in_progress": "◐", "done": "●", "skipped": "⊘", "error": "!"}
GOLD_LABEL = {
    "gold": "gold ●",
    "adjudicating": "gold ◐",
    "adjudicate": "to adjudicate",
    "single": "one done",
    "open": "",
}


def minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds else "–"


class ReviewScreen(Screen[None]):
    """Every article with, for each annotator, status, counts, active time and last change."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(REVIEW)

    def __init__(
        self, paths: list[Path], out: Path, adjudicator: str, root: Path | None = None, rows: list[Row] | None = None
    ) -> None:
        super().__init__()
        self.paths, self.out, self.adjudicator, self.root = paths, out, adjudicator, root
        self.rows: list[Row] = []
        self.first_rows = rows  # read before the app started (``run``), for the first showing
        self.annotator: str | None = None
        self.status: str | None = None
        self.differs_only = False
        self.search_text = ""
        self.sort_by = 0
        self.counting = False  # disagreements still being counted in the background
        self.texts_loading = False  # the quote texts the search looks in, still being read
        self.loaded = Loaded()  # files the count read, for the compare screen to open at once

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(placeholder="search quote text, speakers, ids… (enter keeps, esc clears)", id="search")
        yield Static(id="filters")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "article", "annotator", "status", "acc", "corr", "rej", "added", "pend", "active", "last change", "gold",
            "differ",
        )  # fmt: skip
        self.query_one("#search").display = False
        self.reload()
        table.focus()

    def reload(self) -> None:
        """The list at once from the index; what the annotators disagree on, and the quote texts
        that the search looks in, fill in behind it."""
        rows, self.first_rows = self.first_rows, None
        if rows is None:
            rows = load_corpus(self.paths, self.root, differences=False)
        self.rows = rows
        self.counting = any(len([v for v in r.humans if v.status in ("in_progress", "done")]) >= 2 for r in self.rows)
        self.texts_loading = True
        self.fill()
        paths = list(self.paths)
        self.run_worker(lambda: quote_texts(paths), thread=True, group="texts", exclusive=True)
        if self.counting:
            rows = list(self.rows)
            self.run_worker(lambda: self._count(rows), thread=True, group="differences", exclusive=True)

    def _count(self, rows: list[Row]) -> dict[str, int | None]:
        worker = get_current_worker()
        found: dict[str, int | None] = {}
        for row in rows:
            if worker.is_cancelled:
                break
            found[row.doc_id] = count_differences(row, self.root, self.loaded)
        return found

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS or event.worker.group not in ("differences", "texts"):
            return
        found = event.worker.result or {}
        for row in self.rows:
            if row.doc_id in found:
                if event.worker.group == "texts":
                    row.texts = found[row.doc_id]
                else:
                    row.differences = found[row.doc_id]
        if event.worker.group == "texts":
            self.texts_loading = False
            if self.search_text:
                self.fill()
            return
        self.counting = False
        self.fill()

    def visible_rows(self) -> list[Row]:
        rows = [
            r
            for r in self.rows
            if (self.annotator is None or any(v.annotator == self.annotator for v in r.versions))
            and (self.status is None or any(v.status == self.status for v in r.versions))
            and (not self.differs_only or (r.differences or 0) > 0)
            and (not self.search_text or r.matches(self.search_text))
        ]
        key = SORTS[self.sort_by]
        if key == "last change":
            rows.sort(key=lambda r: max((v.updated for v in r.versions), default=""), reverse=True)
        elif key == "disagreements":
            rows.sort(key=lambda r: -(r.differences or 0))
        elif key == "active time":
            rows.sort(key=lambda r: -sum(v.active_seconds for v in r.versions))
        return rows

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        shown = self.visible_rows()
        for row in shown:
            versions = [v for v in row.versions if self.annotator is None or v.annotator == self.annotator]
            for index, v in enumerate(versions):
                first = index == 0
                differ = "…" if self.counting and row.differences is None else str(row.differences or "")
                if row.differences == 0:
                    differ = "0"
                table.add_row(
                    Text(visible(row.doc_id) if first else "", style="bold"),
                    Text(visible(v.annotator)),
                    Text(f"{STATE_MARK.get(v.status, '?')} {v.status}", style="red" if v.problem else ""),
                    *(str(v.counts[k]) for k in ("accepted", "corrected", "rejected", "added", "pending")),
                    minutes(v.active_seconds),
                    v.updated.replace("T", " ")[:16],
                    GOLD_LABEL[row.gold_state] if first else "",
                    Text(differ if first else "", style="bold yellow" if first and row.differences else ""),
                    key=f"{row.doc_id}\t{v.annotator}",
                )
        parts = [f"{len(shown)} of {len(self.rows)} articles"]
        parts.append(f"annotator: {self.annotator or 'all'}")
        parts.append(f"status: {self.status or 'all'}")
        if self.differs_only:
            parts.append("with disagreements")
        if self.search_text:
            loading = " (quote texts still loading)" if self.texts_loading else ""
            parts.append(f"matching {self.search_text!r}{loading}")
        parts.append(f"sorted by {SORTS[self.sort_by]}")
        needs = sum(r.gold_state == "adjudicate" for r in self.rows)
        parts.append(f"{needs} to adjudicate")
        if self.counting:
            parts.append("counting disagreements…")
        self.query_one("#filters", Static).update(Text("  ·  ".join(parts), style="dim"))
        set_sub_title(self, f"review: {', '.join(map(str, self.paths))}  (read-only)")

    def selected_row(self) -> Row | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        doc_id = key.partition("\t")[0]
        return next((r for r in self.rows if r.doc_id == doc_id), None)

    # --- keys -------------------------------------------------------------------------

    def action_open(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            screen = CompareScreen(row, self.out, self.adjudicator, self.root, self.loaded)
        except (store.StoreError, UserError) as err:
            problem = err.problems[0] if isinstance(err, store.StoreError) else err
            self.notify(f"Cannot open {row.doc_id}: {problem}", severity="error")
            return
        self.app.push_screen(screen, lambda _: self.reload())

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.search_text = event.value.strip()
        self.fill()

    @on(Input.Submitted, "#search")
    def _kept(self) -> None:
        self.query_one(DataTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.value = ""
            search.display = False
            self.query_one(DataTable).focus()

    def _cycle(self, current: str | None, choices: list[str]) -> str | None:
        options: list[str | None] = [None, *choices]
        return options[(options.index(current) + 1) % len(options)] if current in options else None

    def action_filter_annotator(self) -> None:
        names = sorted({v.annotator for r in self.rows for v in r.versions})
        self.annotator = self._cycle(self.annotator, names)
        self.fill()

    def action_filter_status(self) -> None:
        self.status = self._cycle(self.status, list(STATUSES))
        self.fill()

    def action_filter_differs(self) -> None:
        self.differs_only = not self.differs_only
        self.fill()

    def action_sort(self) -> None:
        self.sort_by = (self.sort_by + 1) % len(SORTS)
        self.fill()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Read again.")

    def action_promote(self) -> None:
        agreed = [r for r in self.rows if r.gold_state == "adjudicate" and r.differences == 0]
        if not agreed:
            self.notify("No article has two or more done annotators who agree fully and no gold file.")
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                report = promote(agreed, self.out, self.adjudicator, self.root)
            except (store.StoreError, UserError) as err:
                self.notify(f"Not promoted: {err}", severity="error")
                return
            self.reload()
            done = sum(what.startswith("promoted") for _, what in report)
            self.notify(f"{done} article(s) promoted to gold.")

        self.app.push_screen(Confirm(f"Make gold of {len(agreed)} article(s) whose annotators agree fully?"), confirmed)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_markdown(REVIEW) + "\n\n" + help_markdown(COMPARE), ""))

    def action_quit(self) -> None:
        self.app.exit()


class Confirm(ModalScreen[bool]):
    """A yes/no question: y or enter says yes, n or esc no."""

    BINDINGS = [
        Binding("y,enter", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(Text(self.question))
            yield Label(Text("y / enter: yes    n / esc: no", style="dim"))


NOTHING_TO_DECIDE = "nothing-to-decide"  # the group list's line when no group differs


class CompareScreen(Screen[None]):
    """The versions of one article together: every disagreement listed and highlighted, each
    decided with a key into the gold version."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(COMPARE)

    def __init__(
        self, row: Row, out: Path, adjudicator: str, root: Path | None = None, cache: Loaded | None = None
    ) -> None:
        super().__init__()
        self.row, self.out, self.root = row, out, root
        cache = cache or Loaded(0)
        loaded = [(v.path, *cache.load(v.path, root)) for v in row.versions if not v.problem]
        self.text = loaded[0][2]
        self.files = [(p, a) for p, a, _ in loaded]
        self.adjudicator = adjudicator
        self.adjudication = Adjudication(out, self.files, self.text, adjudicator)
        self.index = 0
        self._labels: list[Text] = []
        self._labels_for: Annotation | None = None  # the gold version the labels were made for
        self._layered: tuple[Annotation, Annotation] | None = None  # (gold, display) drawn last

    @property
    def groups(self) -> list[Group]:
        return self.adjudication.groups

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="compare"):
            yield ArticleView(id="article")
            yield OptionList(id="groups")
        yield Static(id="versions")
        yield Footer()

    def on_mount(self) -> None:
        names = ", ".join(f"{n}: {a.annotator}" for n, a in enumerate(self.adjudication.versions, 1))
        set_sub_title(self, f"{self.row.doc_id}  versions {names}  → gold")
        first_open = next((i for i, g in enumerate(self.groups) if not g.agreed), 0)
        self.index = first_open
        self.refresh_view(scroll=True)
        self.query_one(ArticleView).focus()

    # --- showing --------------------------------------------------------------------------

    def layered(self) -> Annotation:
        """One quote per group for the article view: green where the versions agree or gold has
        decided, yellow where a disagreement waits, struck through where gold says no quote.
        Made again only when the gold version changed."""
        gold = self.adjudication.gold
        if self._layered is not None and self._layered[0] is gold:
            return self._layered[1]
        quotes, speakers = [], []
        for number, group in enumerate(self.groups):
            present = group.present
            decision = self.adjudication.decision(group) if not group.agreed else None
            content = tuple(sorted({s for _, q in present for s in q.content}))
            review = "accepted" if group.agreed else "pending"
            if decision is not None and decision.quote is not None:
                review = "rejected" if decision.taken_from == "rejected" else "corrected"
            names = {}
            for who, quote in present:
                annotation = next(a for a in self.adjudication.versions if a.annotator == who)
                names[who] = annotation.speaker_name(quote) or "?"
            label = next(iter(names.values())) if len(set(names.values())) == 1 else " | ".join(names.values())
            speakers.append(Speaker(f"s{number}", label))
            quotes.append(
                Quote(
                    id=group.id,
                    type=present[0][1].type,
                    content=_disjoint(content),
                    cue=_disjoint(tuple(sorted({s for _, q in present for s in q.cue}))),
                    source=_disjoint(tuple(sorted({s for _, q in present for s in q.source}))),
                    speaker=f"s{number}",
                    review=review,  # type: ignore[arg-type]
                )
            )
        base = self.adjudication.versions[0]
        result = replace(base, quotes=tuple(quotes), speakers=tuple(speakers))
        self._layered = (gold, result)
        return result

    def refresh_view(self, scroll: bool = False) -> None:
        view = self.query_one(ArticleView)
        group = self.groups[self.index] if self.groups else None
        view.show(self.text, self.layered(), group.id if group else None, "content")
        if scroll and group is not None:
            view.scroll_to_offset(group.start)
        options = self.query_one("#groups", OptionList)
        gold = self.adjudication.gold
        listed = self.listed
        labels = self._labels if self._labels_for is gold else [self._group_label(g) for g in listed]
        self._labels_for = gold
        if not listed:  # an empty box said nothing
            if options.option_count != 1 or options.get_option_at_index(0).id != NOTHING_TO_DECIDE:
                options.clear_options()
                note = Text("nothing to decide: no quote differs between the versions", style="dim italic")
                options.add_option(Option(note, id=NOTHING_TO_DECIDE, disabled=True))
        elif options.option_count != len(listed) or options.get_option_at_index(0).id == NOTHING_TO_DECIDE:
            options.clear_options()
            options.add_options(Option(label, id=g.id) for label, g in zip(labels, listed, strict=True))
        else:
            for index, label in enumerate(labels):
                if label != self._labels[index]:  # a decision changes one label
                    options.replace_option_prompt_at_index(index, label)
        self._labels = labels
        position = next((i for i, g in enumerate(listed) if group is not None and g.id == group.id), None)
        if options.highlighted != position:
            options.highlighted = position
        self.query_one("#versions", Static).update(self._versions_text(group), layout=False)  # fixed height
        left = len(self.adjudication.undecided())
        gold = self.adjudication.gold
        state = f"gold {gold.status}" if self.adjudication.saved else "gold not started"
        set_sub_title(self, f"{self.row.doc_id}  {left} disagreement(s) to decide  ·  {state}")

    @property
    def listed(self) -> list[Group]:
        """The groups in the list: every disagreement (agreed groups are only in the article)."""
        return [g for g in self.groups if not g.agreed]

    def _group_label(self, group: Group) -> Text:
        text = Text()
        if group.agreed:
            text.append("✓ ", style="green")
            text.append(f"{group.id} agreed", style="dim")
            return text
        decision = self.adjudication.decision(group)
        mark = "•" if decision.quote is None else "✓"
        text.append(f"{mark} ", style="yellow" if decision.quote is None else "green")
        text.append(f"{group.id} ", style="bold")
        text.append(", ".join(d.kind for d in group.differences))
        if decision.quote is not None:
            text.append(f"  → {decision.taken_from or 'edited'}", style="dim")
        return text

    def _versions_text(self, group: Group | None) -> Text:
        """What differs first (it must show even in a short pane), then each version, then gold."""
        text = Text()
        if group is None:
            return Text("No quotes in any version.")
        for difference in group.differences:
            text.append(f"{difference.kind}: ", style="bold yellow")
            text.append(visible(difference.detail) + "\n")
        if not group.agreed:
            decision = self.adjudication.decision(group)
            gold = "undecided: 1 … 9 takes a version, x says not a quote"
            if decision.quote is not None:
                gold = f"taken from {decision.taken_from}" if decision.taken_from else "edited by hand"
            text.append(f"gold: {gold}\n", style="bold")
        for number, (who, quote) in enumerate(group.quotes, 1):
            annotation = next(a for a in self.adjudication.versions if a.annotator == who)
            text.append(f"{number} {who}: ", style="bold")
            if quote is None:
                text.append("no quote here\n", style="italic dim")
                continue
            speaker = annotation.speaker_name(quote) or "no speaker"
            content = " … ".join(visible(s.text) for s in quote.content)
            cue = " … ".join(visible(s.text) for s in quote.cue) or "—"
            text.append(f"{quote.type}, speaker {visible(speaker)}, cue {cue}: ")
            text.append(_short(content, 120) + "\n", style="italic")
        return text

    # --- keys -----------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        if self.groups:
            self.index = max(0, min(len(self.groups) - 1, self.index + delta))
            self.refresh_view(scroll=True)

    def action_next_open(self) -> None:
        undecided = {g.id for g in self.adjudication.undecided()}
        order = self.groups[self.index + 1 :] + self.groups[: self.index + 1]
        target = next((g for g in order if g.id in undecided), None)
        if target is None:
            self.notify("Every disagreement is decided: D marks the gold version done.")
            return
        self.index = self.groups.index(target)
        self.refresh_view(scroll=True)

    def _decide(self, change: Any) -> None:
        try:
            change()
        except (store.StoreError, OSError) as err:
            problem = err.problems[0] if isinstance(err, store.StoreError) else err
            self.notify(f"Not saved: {problem}", severity="error", timeout=15)
            return
        self.refresh_view()

    def action_take(self, number: int) -> None:
        versions = self.adjudication.versions
        if not self.groups or number >= len(versions):
            self.notify(f"There are {len(versions)} versions.", severity="warning")
            return
        group = self.groups[self.index]
        self._decide(lambda: self.adjudication.take(group, versions[number].annotator))

    def action_reject(self) -> None:
        if self.groups:
            group = self.groups[self.index]
            self._decide(lambda: self.adjudication.reject(group))

    def action_done(self) -> None:
        left = len(self.adjudication.undecided())
        if left:
            self.notify(f"{left} disagreement(s) are not decided yet: n goes to the next one.", severity="warning")
            return
        if pending := edits.pending(self.adjudication.gold):  # a done gold file with them is no gold
            self.notify(f"{pending} quote(s) of the gold version are still pending: e opens it to decide on them.")
            return
        self._decide(lambda: self.adjudication.mark("done"))
        self.notify("Gold version done.")

    def action_undo(self) -> None:
        if not self.adjudication.undo():
            self.notify("Nothing to undo.")
        self.refresh_view()

    def action_redo(self) -> None:
        if not self.adjudication.redo():
            self.notify("Nothing to redo.")
        self.refresh_view()

    def action_edit(self) -> None:
        """The gold version in the annotate screen, with every annotator key; back with q."""
        adjudication = self.adjudication
        if not adjudication.saved:
            self._decide(adjudication.save)
        adjudication.close()  # the annotate screen takes the gold folder for as long as it is open
        article = Path(self.root or ".") / adjudication.gold.article.partition("#")[0]
        try:
            workspace = Workspace([article], self.out, GOLD_ANNOTATOR, role=True)
        except UserError as err:
            self.notify(f"Cannot edit: {err}", severity="error")
            return
        workspace.only(adjudication.doc_id)
        screen = AnnotateScreen(workspace, main=False)

        def back(_: None) -> None:
            try:
                adjudication.replace_gold(store.read(adjudication.path))
            except store.StoreError as err:
                self.notify(f"The gold file cannot be read: {err.problems[0]}", severity="error")
            self.refresh_view()

        self.app.push_screen(screen, back)

    def action_detector(self) -> None:
        """Show the detector's draft as one more version (or stop showing it)."""
        if not any(a.annotator == DETECTOR_ANNOTATOR for _, a in self.files):
            self.notify("This article has no detector draft.")
            return
        with_detector = not self.adjudication.with_detector
        self.adjudication.close()
        self.adjudication = Adjudication(self.out, self.files, self.text, self.adjudicator, with_detector)
        self._labels_for, self._layered, self.index = None, None, 0
        self.query_one("#groups", OptionList).clear_options()
        self.refresh_view(scroll=True)
        self.notify("The detector's draft is shown as a version." if with_detector else "Detector draft hidden.")

    def action_back(self) -> None:
        self.adjudication.close()
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_markdown(COMPARE), ""))

    @on(OptionList.OptionSelected, "#groups")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        ids = [g.id for g in self.groups]
        if event.option.id in ids and ids.index(event.option.id) != self.index:
            self.index = ids.index(event.option.id)
            self.refresh_view(scroll=True)

    @on(ArticleView.QuoteClicked)
    def _clicked(self, event: ArticleView.QuoteClicked) -> None:
        ids = [g.id for g in self.groups]
        if event.quote_id in ids:
            self.index = ids.index(event.quote_id)
            self.refresh_view()


def _disjoint(spans: tuple[Any, ...]) -> tuple[Any, ...]:
    """Spans of several versions for one display quote: overlapping ones merged, so that the
    article view draws each character once."""
    merged: list[Any] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = type(last)(last.start, span.end, last.text + span.text[last.end - span.start :])
        else:
            merged.append(span)
    return tuple(merged)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class ReviewApp(App[None]):
    """``annotator review``: the list first; compare and adjudicate from there."""

    CSS_PATH = "app.tcss"
    TITLE = "quote-annotator review"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self, paths: list[Path], out: Path, adjudicator: str, root: Path | None = None, rows: list[Row] | None = None
    ) -> None:
        super().__init__()
        self.review = ReviewScreen(paths, out, adjudicator, root, rows)

    def get_default_screen(self) -> Screen[Any]:
        return self.review

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        table: list[Key] = REVIEW if isinstance(screen, ReviewScreen) else COMPARE
        if isinstance(screen, AnnotateScreen):
            yield from screen.commands()
            return
        for key in palette(table):
            yield SystemCommand(key.label, f"{key.help or key.label} ({key_of(key)})", _runner(screen, key.action))


def _runner(screen: Screen[Any], action: str) -> Any:
    return lambda: screen.run_action(action)


def run(paths: list[Path], out: Path, adjudicator: str, root: Path | None = None) -> int:
    """Run the review screens; 0, or 1 when the app ended with an error.  The list is read
    before the app starts: files not in the index yet are then read on every core
    (``store.workers``, which never forks beside the app's threads)."""
    with bars(sys.stderr.isatty()) as progress:  # files not read before, on the terminal the app will take
        rows = load_corpus(paths, root, differences=False, progress=progress)
    app = ReviewApp(paths, out, adjudicator, root, rows)
    app.run()
    return 1 if app.return_code else 0
