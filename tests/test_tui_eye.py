"""Issue 11, what the eye meets and where the keys go: the cursor on the selected quote, search
and keyboard selections, the article list (o, esc, enter, headlines, problems), one notice at
start, the note dialog's hint, and every action in the command palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label

from annotator.tui.app import AnnotatorApp
from annotator.tui.article_view import ArticleView
from annotator.tui.dialogs import TextPrompt
from annotator.tui.keys import ANNOTATE, palette
from annotator.tui.panels import ArticleList
from annotator.workspace import Workspace
from tests.test_tui import FIRST, LAVROV, SIZE, app_for, drafts, open_on, saved, work  # noqa: F401

pytestmark = pytest.mark.slow


async def test_the_text_cursor_starts_on_the_selected_quote_and_moves_with_it(work: Path) -> None:  # noqa: F811
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert view.cursor == app.session.quote.start
        await pilot.press("j")
        assert view.cursor == app.session.quote.start
        await pilot.press("l")  # the content's start moves one word right: the cursor follows
        assert view.cursor == saved(app).quote(app.session.quote_id).start


async def test_search_then_select_by_word_and_to_the_end_of_the_clause(work: Path) -> None:  # noqa: F811
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("slash", *"for its part", "enter")
        assert view.text[view.cursor :].startswith("for its part")
        await pilot.press("b", "v", "2", "w")  # back to "part," ... a selection of two words from "Russia,"
        assert view.selection is not None and view.text[slice(*view.selection)] == "Russia, for "
        await pilot.press("comma")  # the selection reaches to the end of its clause
        assert view.text[slice(*view.selection)] == "Russia, for its part"
        await pilot.press("i")
        added = saved(app).quote(app.session.quote_id)
        assert added.origin == "manual" and added.content[0].text == "Russia, for its part"
        assert view.selection is None  # used up by the new quote


async def test_the_article_list_closes_with_o_and_esc_and_enter_keeps_the_place(work: Path) -> None:  # noqa: F811
    app = app_for(work)
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.query_one(ArticleList)
        await pilot.press("j", "j")
        place = app.session.quote_id
        await pilot.press("o")
        assert articles.display and articles.has_focus
        await pilot.press("o")
        assert not articles.display and app.query_one(ArticleView).has_focus
        await pilot.press("o", "escape")
        assert not articles.display
        await pilot.press("o", "enter")  # the open article: the list closes, the quote stays
        assert not articles.display and app.session.quote_id == place
        await pilot.press("o", "down", "enter", "j")
        there = app.session.quote_id
        await pilot.press("o", "up", "enter")  # back to the first article, where it was left
        assert (app.session.doc_id, app.session.quote_id) == (FIRST, place)
        await pilot.press("o", "down", "enter")
        assert (app.session.doc_id, app.session.quote_id) == (LAVROV, there)


async def test_the_article_list_shows_headlines_and_problems_and_one_notice(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices: list[str] = []
    monkeypatch.setattr(AnnotatorApp, "notify", lambda self, message, **kw: notices.append(message))
    (corpus / "zz_broken.jsonl").write_text("{not json\n", encoding="utf-8")  # a record that cannot be read
    workspace = Workspace([Path("seeds"), Path("zz_broken.jsonl")], corpus / "annotations", "alice")
    assert workspace.skipped
    app = AnnotatorApp(workspace, model="no_such_pipeline")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):  # the headlines are read by a worker after the first paint
            await pilot.pause(0.05)
            if all(entry.headline for entry in workspace.entries):
                break
        await pilot.pause()
        articles = app.query_one(ArticleList)
        rows = [articles.label_at(i).plain for i in range(articles.row_count)]
        headline = rows[1].splitlines()[1].strip()  # under the id, cut to the list's width
        full = "US, Russia Head Into High Stakes Meeting"
        assert headline.startswith("US, Russia Head Into High") and full.startswith(headline.rstrip("…"))
        last = articles.render_line(articles.virtual_size.height - 1 - articles.scroll_offset.y).text
        assert last.startswith("! ") and "zz_broken" in last  # the unreadable, after every article
        articles.action_move(1_000_000)
        assert articles.highlighted == articles.row_count - 1  # and never under the cursor
        assert len([n for n in notices if "could not be read" in n]) == 1  # one notice, not one per problem


async def test_the_note_dialog_says_enter_saves_and_esc_cancels(work: Path) -> None:  # noqa: F811
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, TextPrompt)
        hints = [str(label.render()) for label in app.screen.query(Label)]
        assert any("enter saves" in h and "esc cancels" in h for h in hints)
        await pilot.press(*"[bold]x", "enter")
        assert saved(app).quote(app.session.quote_id).note == "[bold]x"


async def test_every_action_of_the_key_table_is_in_the_command_palette(work: Path) -> None:  # noqa: F811
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        actions = (
            {k.action for k in ANNOTATE if k.keys}
            - {"quit", "close_list"}
            - {k.action for k in ANNOTATE if k.action.startswith("count(")}
        )
        offered = {k.action for k in palette(ANNOTATE) if k.label in titles}
        assert actions <= offered, actions - offered
        assert "Quit" in titles  # Textual's own entry
        for wanted in ("Type", "Note", "Delete quote", "Rename speaker", "Add quote", "Article list"):
            assert wanted in titles
        await pilot.press("ctrl+p", *"Type")
        await pilot.pause(0.3)
        from textual.command import CommandList

        found = app.screen.query_one(CommandList)
        shown: Any = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert any(line.startswith("Type") for line in shown)


async def test_the_footer_leaves_out_whole_keys_that_do_not_fit(work: Path) -> None:  # noqa: F811
    from textual.widgets._footer import FooterKey

    app = app_for(work)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)

        def shown() -> list[str]:
            return [key.description for key in app.screen.query(FooterKey)]

        assert {"accept", "reject", "next", "who", "help", "quit", "role", "done", "undo"} <= set(shown())
        await pilot.resize_terminal(60, 15)
        await pilot.pause(0.3)
        assert {"help", "quit", "palette"} <= set(shown()) and "undo" not in shown()
