"""States that say the truth, driven as a person would (Pilot), asserting on the saved files:
done asks while quotes are pending, skip holds a note, corrected means differing from the
detector, speakers without quotes go, typed quotes get their type from the text, D and K work
while the detector runs, and a first run says who is annotating."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator import store
from annotator.cli import main
from annotator.model import Annotation
from annotator.tui import app as app_module
from annotator.tui.app import AnnotatorApp, first_run_notice
from annotator.tui.article_view import ArticleView
from annotator.tui.dialogs import ChoiceDialog, TextPrompt
from annotator.tui.panels import QuoteDetail
from annotator.workspace import Workspace
from tests import test_tui
from tests.test_tui import FIRST, LAVROV, SIZE, app_for, saved

pytestmark = pytest.mark.slow
drafts = test_tui.drafts  # the seeds' detector drafts, made once (a fixture)
work = test_tui.work


def pending(annotation: Annotation) -> int:
    return sum(1 for q in annotation.quotes if q.review == "pending")


async def test_done_asks_while_quotes_are_pending(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")  # one decided, the rest pending
        left = pending(saved(app))
        assert left > 0
        await pilot.press("D")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        assert saved(app).status == "in_progress"  # cancelled: nothing changed
        first_pending = app.session.quote_id
        await pilot.press("j", "D", "n")  # go and review them instead
        assert saved(app).status == "in_progress" and app.session.quote_id != first_pending or left == 1
        assert saved(app).quote(app.session.quote_id).review == "pending"
        await pilot.press("D", "a")  # accept them all as proposed, and done
        annotation = saved(app)
        assert annotation.status == "done" and pending(annotation) == 0
        await pilot.press("u")  # one undo step takes both back
        annotation = saved(app)
        assert annotation.status == "in_progress" and pending(annotation) == left


async def test_done_without_pending_quotes_does_not_ask(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(len(saved(app).quotes)):
            await pilot.press("a")
        await pilot.press("D")
        assert not isinstance(app.screen, ChoiceDialog)
        assert saved(app).status == "done"


async def test_skip_holds_the_articles_note(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("K")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        assert saved(app).status == "draft"  # cancelled
        await pilot.press("K", *"not news: a recipe", "enter")
        annotation = saved(app)
        assert (annotation.status, annotation.note) == ("skipped", "not news: a recipe")
        await pilot.press("K")  # the note is offered again, to change
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and prompt.value == "not news: a recipe"


async def test_cycling_the_type_back_is_no_correction(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        quote = app.session.quote_id
        proposed = saved(app).quote(quote).type
        await pilot.press("t")
        assert saved(app).quote(quote).review == "corrected"
        await pilot.press("t", "t")
        assert (saved(app).quote(quote).type, saved(app).quote(quote).review) == (proposed, "pending")
    again = app_for(work)  # the detector's draft is read back from disk on a later run
    async with again.run_test(size=SIZE) as pilot:
        again.select_quote(quote)
        await pilot.press("t", "t", "t")
        assert saved(again).quote(quote).review == "pending"


async def test_a_speaker_left_without_quotes_is_dropped(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", *"Jane Roe", "enter")  # a new person
        assert "Jane Roe" in [s.name for s in saved(app).speakers]
        await pilot.press("s", *"Jane", "down", "end", "enter")  # unknown, the last choice
        annotation = saved(app)
        assert annotation.quote(app.session.quote_id).speaker is None
        assert "Jane Roe" not in [s.name for s in annotation.speakers]
        assert not store.problems_against(annotation, app.session.editor.text, app.workspace.path(FIRST))  # type: ignore[union-attr]


async def test_a_quote_added_with_i_takes_its_type_from_the_text(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await test_tui.open_on(pilot, LAVROV)
        view = app.query_one(ArticleView)
        text = view.text
        marked = text.index("“Good luck")
        view.select(marked, text.index("night.”", marked) + len("night.”"))
        await pilot.pause()
        await pilot.press("i")
        assert saved(app, LAVROV).quote(app.session.quote_id).type == "direct"
        plain = text.index("Lavrov")
        view.select(plain, plain + 30)
        await pilot.pause()
        await pilot.press("i")
        added = saved(app, LAVROV).quote(app.session.quote_id)
        assert added.type == "indirect" and not any(mark in added.content[0].text for mark in '“”"')
        await pilot.press("t")  # indirect -> direct, by hand: the panel says it has no marks
        assert saved(app, LAVROV).quote(added.id).type == "direct"
        assert "no quotation marks" in str(app.query_one(QuoteDetail).render())


class SlowDetector:
    """Stands for the detector process: answers only when the test lets it."""

    def __init__(self, draft: Annotation) -> None:
        self.draft = draft
        self.go = threading.Event()

    def analyse(self, text: str, doc_id: str, path: str) -> tuple[Annotation, list[tuple[str, str]]]:
        self.go.wait(30)
        return self.draft, []

    def close(self) -> None:
        self.go.set()


@pytest.mark.parametrize("key", ["D", "K"])
async def test_done_and_skip_work_while_the_detector_runs(
    corpus: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    detector = SlowDetector(store.read(drafts / f"{FIRST}.yaml"))
    monkeypatch.setattr("annotator.tui.annotate.DetectorProcess", lambda model: detector)
    app = app_for(corpus)
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.editor is None and app.session.doc_id == FIRST  # the text is on screen
        if key == "D":
            await pilot.press("D")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("d")  # done: it has no quotes
        else:
            await pilot.press("K", *"not English", "enter")
        annotation = saved(app)
        assert annotation.status == ("done" if key == "D" else "skipped") and not annotation.quotes
        assert key == "D" or annotation.note == "not English"
        detector.go.set()  # the draft comes later: it does not undo what the annotator decided
        for _ in range(40):
            await pilot.pause(0.05)
            if FIRST in app.candidates:
                break
        assert FIRST in app.candidates
        assert saved(app) == annotation


async def test_a_first_run_under_the_login_name_says_so(corpus: Path, drafts: Path) -> None:
    notice = first_run_notice(corpus / "annotations", "root")
    assert "'root' (your login name)" in notice and "--annotator NAME" in notice
    workspace = Workspace([Path("seeds")], corpus / "annotations", "root")
    app = AnnotatorApp(workspace, notice=notice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("your login name" in n.message for n in app._notifications)
    store.save(store.read(drafts / f"{FIRST}.yaml"), corpus / "annotations" / "root" / f"{FIRST}.yaml")
    assert first_run_notice(corpus / "annotations", "root") == ""  # said only until something is saved


def test_annotate_without_a_name_uses_the_login_name_and_says_so(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(app_module, "run", lambda **kwargs: calls.append(kwargs) or 0)
    monkeypatch.setattr("annotator.cli._login", lambda: "root")
    assert main(["annotate"]) == 0
    assert main(["annotate", "--annotator", "alice"]) == 0
    assert [(c["annotator"], c["named"]) for c in calls] == [("root", False), ("alice", True)]


@pytest.mark.parametrize("size", [(80, 24), (60, 15)])
async def test_new_speaker_and_unknown_stay_in_sight_however_many_names(work: Path, size: tuple[int, int]) -> None:
    app = app_for(work)
    async with app.run_test(size=size) as pilot:
        app.candidates[FIRST] = [(f"Person Number{n}", "person") for n in range(40)]
        await pilot.press("s", *"Jane")
        await pilot.pause()
        options = app.screen.query_one("#picker-options")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[-4:] == ["typed:person", "typed:organization", "typed:group", "unknown"]
        assert options.option_count <= options.scrollable_content_region.height  # nothing scrolled away
        assert app.screen.query_one("#picker").region.bottom <= size[1]
        await pilot.press("backspace", "backspace", "backspace", "backspace")  # no filter: the names give way
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[-1] == "unknown" and options.option_count <= options.scrollable_content_region.height


async def test_enter_on_a_tiny_picker_never_picks_the_more_names_line(work: Path) -> None:
    app = app_for(work)
    async with app.run_test(size=(60, 15)) as pilot:
        app.candidates[FIRST] = [(f"Jane Number{n}", "person") for n in range(9)]
        quote = app.session.quote_id
        await pilot.press("s", *"Jane", "enter")  # too many Janes to show: enter makes the new one
        annotation = saved(app)
        assert annotation.speaker_name(annotation.quote(quote)) == "Jane"


async def test_a_version_1_file_can_be_skipped_with_a_note(work: Path) -> None:
    """Files written before the article note existed load, and K saves them as version 2."""
    import re

    path = work / "annotations" / "alice" / f"{FIRST}.yaml"
    draft = store.read(work / "annotations" / "detector" / f"{FIRST}.yaml")
    text = store.dumps(store.stamp(replace(draft, annotator="alice", article=f"seeds/{FIRST}.txt")))
    text = text.replace("schema_version: 2", "schema_version: 1")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(re.sub(r"^(active_seconds|note): .*\n", "", text, flags=re.M), encoding="utf-8")
    app = app_for(work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("K", *"broken text", "enter")
    assert path.read_text(encoding="utf-8").startswith("schema_version: 2\n")
    annotation = store.read(path)
    assert (annotation.status, annotation.note) == ("skipped", "broken text")
