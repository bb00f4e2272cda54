"""The annotator driven as a person would (Textual's Pilot), asserting on the saved YAML."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from annotator import store
from annotator.model import Annotation, text_sha256
from annotator.tui.app import AnnotatorApp
from annotator.tui.article_view import ArticleView
from annotator.workspace import Workspace
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow
SIZE = (120, 35)
FIRST = "000_3a9a5821664f45c6"
LAVROV = "001_0c38e3542eae8caf"


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """Detector drafts of the seeds, made once."""
    from annotator.detect.run import detect_corpus

    folder = tmp_path_factory.mktemp("drafts")
    shutil.copytree(SEEDS, folder / "seeds")
    cwd = Path.cwd()
    try:
        import os

        os.chdir(folder)
        detect_corpus([Path("seeds")], Path("annotations"))
    finally:
        os.chdir(cwd)
    return folder / "annotations" / "detector"


@pytest.fixture
def work(corpus: Path, drafts: Path) -> Path:
    shutil.copytree(drafts, corpus / "annotations" / "detector")
    return corpus


def app_for(folder: Path, *paths: str) -> AnnotatorApp:
    workspace = Workspace([Path(p) for p in paths or ("seeds",)], folder / "annotations", "alice")
    return AnnotatorApp(workspace)


def saved(app: AnnotatorApp, doc_id: str = FIRST) -> Annotation:
    app.workspace.writer.flush()
    return store.load(app.workspace.path(doc_id))[0]


def cell(view: ArticleView, offset: int) -> tuple[int, int]:
    """Where character ``offset`` is on the screen, relative to the view (1 cell of padding)."""
    y = view.line_at(offset)
    return offset - view.lines[y].start + 1, y - view.scroll_offset.y


def good_luck(app: AnnotatorApp) -> Any:
    """Lavrov's “Good luck and good night.” as saved."""
    return next(q for q in saved(app, LAVROV).quotes if "Good luck" in q.content[0].text)


async def open_on(pilot: Any, doc_id: str) -> None:
    app = pilot.app
    app.open_article(doc_id)
    await pilot.pause()


async def test_accept_reject_and_move_save_at_once(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        first = app.session.quote_id
        await pilot.press("a")
        assert saved(app).quote(first).review == "accepted"
        assert saved(app).status == "in_progress"
        second = app.session.quote_id
        assert second != first  # accepting moves on to the next pending quote
        await pilot.press("x")
        assert saved(app).quote(second).review == "rejected"
        await pilot.press("k", "k")  # rejecting moved on too
        assert app.session.quote_id == first
        await pilot.press("n")
        assert saved(app).quote(app.session.quote_id).review == "pending"


async def test_undo_and_redo_cover_every_edit_and_are_saved(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        original = saved(app)
        await pilot.press("a", "t", "d")
        await pilot.press("u", "u", "u")
        assert saved(app).quotes == original.quotes
        await pilot.press("U", "U", "U")
        assert len(saved(app).quotes) == len(original.quotes) - 1


async def picked_by_typing(pilot: Any, app: AnnotatorApp, doc_id: str, typed: str) -> str:
    """The speaker saved for the selected quote of ``doc_id`` after ``s``, ``typed`` and Enter."""
    quote = app.session.quote_id
    await pilot.press("s")
    await pilot.pause()  # the picker's field takes the focus once it is shown
    await pilot.press(*typed, "enter")
    annotation = saved(app, doc_id)
    return annotation.speaker_name(annotation.quote(quote))


async def test_pick_an_existing_speaker_by_typing(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        assert await picked_by_typing(pilot, app, LAVROV, "lavr") == "Sergei Lavrov"


async def test_a_name_starting_with_what_was_typed_beats_scattered_letters_of_a_speaker(work: Path) -> None:
    """Typing 'Oana' once picked Bogdan Buta, a speaker of the article whose name holds o-a-n-a
    in order, over Oana Lungescu, a person the article names: the match comes before the list."""
    nato = "003_b7926997440bf31b"
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, nato)
        assert "Bogdan Buta" in {s.name for s in saved(app, nato).speakers}
        screen: Any = app.screen
        for _ in range(300):  # the names the article gives come from the detector, behind the screen
            if nato in screen.candidates:
                break
            await pilot.pause(0.1)
        assert "Oana Lungescu" in {name for name, _ in screen.candidates[nato]}
        assert await picked_by_typing(pilot, app, nato, "Oana") == "Oana Lungescu"


async def test_a_new_speaker_and_unknown(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        quote = app.session.quote_id
        await pilot.press("s")
        await pilot.pause()  # the picker's field takes the focus once it is shown
        await pilot.press(*"Jane Roe")
        await pilot.press("down")  # to the list
        picker_list = app.screen.query_one("#picker-options")
        ids = [picker_list.get_option_at_index(i).id for i in range(picker_list.option_count)]
        picker_list.highlighted = ids.index("typed:person")
        await pilot.press("enter")
        annotation = saved(app)
        speaker = annotation.speaker(annotation.quote(quote).speaker)
        assert speaker is not None and (speaker.name, speaker.kind) == ("Jane Roe", "person")
        await pilot.press("s")
        picker_list = app.screen.query_one("#picker-options")
        picker_list.highlighted = picker_list.option_count - 1  # "unknown speaker" is always last
        picker_list.focus()
        await pilot.press("enter")
        assert saved(app).quote(quote).speaker is None


async def test_renaming_a_speaker_renames_it_everywhere(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        annotation = saved(app, LAVROV)
        lavrov = [q for q in annotation.quotes if annotation.speaker_name(q) == "Sergei Lavrov"]
        assert len(lavrov) >= 2
        app.select_quote(lavrov[0].id)
        await pilot.press("R")
        await pilot.pause()  # the prompt's field takes the focus once it is shown
        await pilot.press(*["backspace"] * 20, *"S. V. Lavrov", "enter")
        annotation = saved(app, LAVROV)
        assert {annotation.speaker_name(annotation.quote(q.id)) for q in lavrov} == {"S. V. Lavrov"}


async def test_grow_and_shrink_the_cue_by_a_word(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        quote = good_luck(app)
        app.select_quote(quote.id)
        await pilot.press("e")  # content -> cue
        assert app.session.role == "cue"
        await pilot.press("L")
        assert saved(app, LAVROV).quote(quote.id).cue[0].text == "told reporters"
        await pilot.press("H")
        assert saved(app, LAVROV).quote(quote.id).cue[0].text == "told"
        await pilot.press("e", "h")  # source: start one word left
        assert saved(app, LAVROV).quote(quote.id).source[0].text == "meeting Lavrov"


async def test_a_missed_quote_from_a_keyboard_selection(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ArticleView)
        text = view.text
        start = text.index("Russia, for its part, denied")
        view.cursor = start
        await pilot.press(*["shift+right"] * 20)
        await pilot.press("i")
        annotation = saved(app)
        added = annotation.quote(app.session.quote_id)
        assert (added.origin, added.review) == ("manual", "accepted")
        assert added.content[0].start == start and added.content[0].text.startswith("Russia, for its part")
        view.select(text.index("denied"), text.index("denied") + 3)  # a partial word snaps to 'denied'
        await pilot.pause()
        await pilot.press("e", "r")
        assert saved(app).quote(added.id).cue[0].text == "denied"


async def test_a_note_and_the_article_status(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        quote = app.session.quote_id
        await pilot.press("m")
        await pilot.pause()  # the note's field takes the focus once it is shown
        await pilot.press(*"video caption", "enter")
        assert saved(app).quote(quote).note == "video caption"
        await pilot.press("D", "a")  # quotes are pending: accept them all (tests/test_states_tui.py has the rest)
        assert saved(app).status == "done"
        notes = [n.message for n in app._notifications]  # it outlives its article: it names it
        assert any(n.startswith(f"{FIRST} marked done: ] opens the next one.") for n in notes), notes
        await pilot.press("K", "enter")  # skip, with no note
        assert saved(app).status == "skipped"


async def test_articles_next_previous_and_resume(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert app.session.doc_id == LAVROV
        await pilot.press("j", "j")
        where = app.session.quote_id
    again = app_for(work)
    async with again.run_test(size=SIZE):
        assert (again.session.doc_id, again.session.quote_id) == (LAVROV, where)


async def test_clicking_a_quote_selects_it(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        view = app.query_one(ArticleView)
        target = good_luck(app)
        view.scroll_to_offset(target.start, top=True)
        await pilot.pause()
        x, y = cell(view, target.start)
        await pilot.click(ArticleView, offset=(x + 2, y))
        assert app.session.quote_id == target.id


async def test_markup_and_escapes_in_an_article_are_shown_literally(corpus: Path) -> None:
    article = corpus / "odd" / "odd.txt"
    article.parent.mkdir()
    article.write_text("[bold]not bold[/bold] [link=http://x]x[/link] \x1b[31mred\x1b[0m said he.\n", encoding="utf-8")
    annotation = Annotation("odd", "odd/odd.txt", text_sha256(article.read_bytes().decode()), "alice")
    store.save(store.stamp(annotation), corpus / "annotations" / "alice" / "odd.yaml")
    app = app_for(corpus, "odd")
    async with app.run_test(size=SIZE):
        view = app.query_one(ArticleView)
        line = "".join(segment.text for segment in view.render_line(0))
        assert "[bold]not bold[/bold] [link=http://x]x[/link] ␛[31mred␛[0m" in line


async def test_a_file_that_no_longer_matches_its_article_is_reported_not_touched(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
    path = work / "annotations" / "alice" / f"{FIRST}.yaml"
    article = work / "seeds" / f"{FIRST}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "An added line.\n", encoding="utf-8")
    before = path.read_bytes()
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "x", "D")
        assert app.session.editor is None
    assert path.read_bytes() == before


async def test_an_article_without_drafts_is_detected_in_the_background(corpus: Path, nlp: Any) -> None:
    app = app_for(corpus)
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.editor is None  # the first paint does not wait for spaCy
        for _ in range(600):  # the detector's process runs at a lower priority than the app
            await pilot.pause(0.05)
            if app.session.editor is not None:
                break
        assert app.session.editor is not None and app.session.editor.annotation.quotes
        app.workspace.writer.flush()
        assert (corpus / "annotations" / "detector" / f"{FIRST}.yaml").exists()
        await pilot.press("a")
        assert saved(app).quotes[0].review == "accepted"


def test_the_help_lists_every_key() -> None:
    from textual.binding import Binding

    from annotator.tui.keys import BINDINGS, help_markdown

    text = help_markdown()
    names = {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?", "plus": "+", "minus": "-"}
    names |= {"quotation_mark": '"', "comma": ",", "full_stop": ".", "slash": "/", "escape": "esc"}
    names |= {str(digit): "0 … 9" for digit in range(10)}
    for binding in BINDINGS:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            assert f"{names.get(key, key)}" in text, key


async def test_the_help_screen_shows_the_guidelines(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        from annotator.tui.dialogs import HelpScreen

        assert isinstance(app.screen, HelpScreen) and "Annotation guidelines" in app.screen.source
        await pilot.press("escape")
        await pilot.pause()  # the screen is popped after the key is handled: a busy machine showed it
        assert app.screen is app.screen_stack[0]


def test_the_readme_key_map_is_the_apps() -> None:
    from annotator.tui.keys import help_markdown

    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- keys: generated from annotator/tui/keys.py; a test keeps them in step -->\n")[1]
    assert section.split("<!-- /keys -->")[0].strip() == help_markdown().strip()


async def test_a_mouse_drag_selects_words_for_a_span(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        view = app.query_one(ArticleView)
        quote = good_luck(app)
        app.select_quote(quote.id)
        await pilot.pause()
        x0, y = cell(view, quote.cue[0].start)
        await pilot.mouse_down(ArticleView, offset=(x0 + 1, y))
        await pilot.hover(ArticleView, offset=(x0 + 10, y))  # into 'reporters'
        await pilot.mouse_up(ArticleView, offset=(x0 + 10, y))
        await pilot.press("e", "r")  # cue = the dragged words, snapped to whole words
        assert saved(app, LAVROV).quote(quote.id).cue[0].text == "told reporters"


async def test_without_a_pipeline_the_article_is_annotated_by_hand(corpus: Path) -> None:
    workspace = Workspace([Path("seeds")], corpus / "annotations", "alice")
    app = AnnotatorApp(workspace, model="no_such_pipeline")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(600):  # the detector's process, at a lower priority, says it has no pipeline
            await pilot.pause(0.05)
            if app.session.editor is not None:
                break
        assert app.session.editor is not None and not app.session.editor.annotation.quotes
        view = app.query_one(ArticleView)
        start = view.text.index("Russia, for its part")
        view.select(start, start + 20)
        await pilot.pause()
        await pilot.press("i")
        assert [q.origin for q in saved(app).quotes] == ["manual"]


async def test_a_narrow_terminal_gives_the_article_the_room(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.query_one("#articles")
        assert not articles.display and not app.query_one("#speakers").display
        await pilot.press("o")
        assert articles.display and articles.has_focus
        await pilot.press("down", "enter")
        assert app.session.doc_id == LAVROV and not articles.display


def test_a_second_annotator_process_on_the_same_folder_is_refused(work: Path) -> None:
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import time, sys; from pathlib import Path; "
         "from annotator.workspace import Workspace; Workspace([Path('seeds')], Path('annotations'), 'alice'); "
         "print('ready', flush=True); time.sleep(30)"],
        cwd=work, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        out = subprocess.run(
            [sys.executable, "-m", "annotator", "annotate", "seeds", "--annotator", "alice"],
            cwd=work, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.returncode == 1
        assert out.stderr.strip().startswith("annotator: annotations/alice is open in another annotator (process")
    finally:
        holder.kill()
        holder.communicate()


async def test_a_file_changed_by_hand_meanwhile_is_not_overwritten(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        path = app.workspace.path(FIRST)
        app.workspace.writer.flush()
        edited = path.read_text(encoding="utf-8").replace("status: in_progress", "status: done")
        path.write_text(edited, encoding="utf-8")  # someone edits the file in an editor
        await pilot.press("x")
        app.workspace.writer.flush()
        assert path.read_text(encoding="utf-8") == edited
        await pilot.pause()
        from annotator.tui.panels import Alert

        assert "changed on disk outside the annotator" in str(app.query_one(Alert).render())


# --- saves that fail, and text that changes, while the app runs (issue 10) ------------------


def no_space(*args: object, **kwargs: object) -> None:
    import errno
    import os

    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_a_failed_save_stays_on_screen_and_quitting_asks(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.store import files
    from annotator.tui.dialogs import UnsavedDialog
    from annotator.tui.panels import Alert

    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        before = saved(app)
        monkeypatch.setattr(files, "write_atomic", no_space)  # the disk is full from now on
        await pilot.press("a")
        app.workspace.writer.flush()
        await pilot.pause()
        alert = app.query_one(Alert)
        assert alert.display and "NOT SAVED" in str(alert.render()) and "No space left on device" in str(alert.render())
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog) and app.is_running  # not quit: asked
        await pilot.press("escape")
        monkeypatch.undo()  # space again
        await pilot.press("ctrl+s")
        app.workspace.writer.flush()
        await pilot.pause()
        assert not alert.display and saved(app).reviewed() == before.reviewed() + 1
        await pilot.press("q")
    assert not app.is_running


async def test_quitting_with_a_refused_save_can_keep_it_as_a_copy(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        path = app.workspace.path(FIRST)
        app.workspace.writer.flush()
        theirs = path.read_text(encoding="utf-8").replace("status: in_progress", "status: skipped")
        path.write_text(theirs, encoding="utf-8")  # edited by hand meanwhile
        await pilot.press("x")
        app.workspace.writer.flush()
        await pilot.pause()
        await pilot.press("q", "c")
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == theirs
    [copy] = path.parent.glob(f"{FIRST}.yaml.unsaved-*")
    mine = store.parse(copy.read_text(encoding="utf-8"), str(copy))
    assert any(q.review == "rejected" for q in mine.quotes) and mine.status == "in_progress"


async def test_quitting_with_a_failed_save_can_discard_it(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.store import files

    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        before = saved(app)
        monkeypatch.setattr(files, "write_atomic", no_space)
        await pilot.press("x")
        app.workspace.writer.flush()
        await pilot.press("q", "d")
        await pilot.pause()
    monkeypatch.undo()
    assert saved(app) == before and app.workspace.unsaved() == {}


async def test_an_article_changed_on_disk_while_open_is_said_at_once(work: Path) -> None:
    from annotator.tui.panels import Alert

    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        article = work / "seeds" / f"{FIRST}.txt"
        article.write_text("A correction at the top.\n" + article.read_text(encoding="utf-8"), encoding="utf-8")
        await pilot.press("j")
        assert "changed on disk since it was opened" in str(app.query_one(Alert).render())
        app.workspace.writer.flush()
        accepted = store.read(app.workspace.path(FIRST)).reviewed()
        await pilot.press("ctrl+r")  # move the work onto the new text
        await pilot.pause()
        assert not app.query_one(Alert).display
        after, text = store.load(app.workspace.path(FIRST))  # loads: it matches the new text
        assert text.startswith("A correction at the top.") and after.reviewed() == accepted
        assert store.backup_path(app.workspace.path(FIRST)).exists()
        await pilot.press("a")  # and annotating goes on, saved against the new text
        assert saved(app).reviewed() == accepted + 1


async def test_an_article_that_changed_before_the_app_opened_is_re_anchored_with_ctrl_r(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.press("q")
    article = work / "seeds" / f"{FIRST}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Ukraine", "Ukrayina"), encoding="utf-8")
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        assert app.workspace.entry(FIRST).status == "changed" and app.session.editor is None
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.session.editor is not None and app.workspace.entry(FIRST).status != "changed"
        annotation, text = store.load(app.workspace.path(FIRST))
        assert "Ukrayina" in text and annotation.reviewed() >= 1


async def test_waiting_for_saves_on_the_apps_own_thread_never_deadlocks(work: Path) -> None:
    """The writer tells the screen of each save by a message, never by waiting for the event loop:
    flushing from the loop's own thread (as quitting does) must return at once."""
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await pilot.press("a")
            assert app.workspace.writer.flush(timeout=5)  # returned because it finished, not timed out


async def test_a_big_corpus_opens_at_once_and_the_list_fills_in_from_a_worker(work: Path) -> None:
    from annotator.tui.panels import ArticleList

    async with AnnotatorApp(Workspace([Path("seeds")], work / "annotations", "alice")).run_test() as pilot:
        await pilot.press("a")  # alice's own file for the first article, one quote reviewed
        await pilot.press("]", "a", "x")
        await pilot.pause()
    workspace = Workspace([Path("seeds")], work / "annotations", "alice", background=True)
    assert {e.doc_id: e.status for e in workspace.entries if e.status != "new"} == {FIRST: "unknown", LAVROV: "unknown"}
    app = AnnotatorApp(workspace)
    async with app.run_test() as pilot:
        for _ in range(200):  # the worker starts after the first paint: on a loaded machine, later
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if workspace.entry(FIRST).status != "unknown":
                break
        first = workspace.entry(FIRST)  # not open (the app resumed on LAVROV): its status is the worker's
        assert app.session.doc_id == LAVROV and (first.status, first.reviewed) == ("in_progress", 1)
        row = app.query_one(ArticleList).label_at(0)
        line = row.plain.splitlines()[0]  # redrawn when its status came in; a long id gives way to the count
        assert line.startswith("◐ 000_") and line.endswith(f" 1/{first.total}")
        await pilot.press("a")  # the open article's status is its own, never overwritten by the worker's
        await pilot.pause()
        assert app.workspace.entry(app.session.doc_id).reviewed == saved(app, app.session.doc_id).reviewed()


async def test_what_a_key_repaints_is_what_a_whole_repaint_shows(work: Path) -> None:
    """A key repaints only the lines it changed (quotes, cursor, selection, labels); after each
    key the screen must be what repainting the whole article view would show."""
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        view = app.query_one(ArticleView)
        keys = ["j", "j", "a", "k", "x", "u", "t", "t", "t", "l", "l", "w", "b", "comma", "full_stop", "u", "u"]
        keys += ["v", "w", "w", "escape", "j", "j", "j", "a", "right_square_bracket", "left_square_bracket", "j"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            after_key = app.export_screenshot()
            view.refresh()
            await pilot.pause()
            assert app.export_screenshot() == after_key, f"stale lines after {key!r}"


async def test_a_new_title_repaints_the_title_not_the_whole_screen(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The title bar follows the article and the count typed, and only it is repainted for that:
    setting Textual's Screen.sub_title repainted every cell of the screen."""
    from textual._compositor import Compositor
    from textual.widgets._header import HeaderTitle

    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, LAVROV)
        title = app.screen.query_one(HeaderTitle)
        full = 0
        real = Compositor.render_full_update

        def counted(self: Compositor, simplify: bool = False) -> Any:
            nonlocal full
            full += 1
            return real(self, simplify)

        monkeypatch.setattr(Compositor, "render_full_update", counted)
        for key, on_lavrov in [
            ("right_square_bracket", False),
            ("3", False),
            ("l", False),
            ("left_square_bracket", True),
        ]:
            await pilot.press(key)
            await pilot.pause()
            shown = str(title.render())
            assert (key == "3") == ("count 3" in shown) and (LAVROV in shown) == on_lavrov, shown
        assert full == 0


async def test_the_collector_off_for_the_start_is_on_once_the_screen_is_up(work: Path) -> None:
    """``annotator annotate`` starts with the garbage collector off (a tenth of the start went to
    collections); the first paint turns it back on, for the whole session."""
    import gc

    gc.disable()
    try:
        app = app_for(work)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
