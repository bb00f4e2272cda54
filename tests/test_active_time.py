"""Active time per article: what a lead sees an article cost."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import store
from annotator.workspace import ActiveClock, Workspace
from tests.helpers import sample, write_article


def test_time_counts_between_actions_and_pauses_over_a_minute_do_not() -> None:
    clock = ActiveClock()
    for doc, now in [("a", 0), ("a", 10), ("a", 25), ("a", 200), ("b", 230), ("b", 235), ("a", 240)]:
        clock.touch(doc, now)
    # a: 10 + 15 (then a 175 s pause, left out) + 30 (read a, then went to b); b: 5 + 5
    assert clock.take("a") == 55 and clock.take("b") == 10 and clock.take("a") == 0


def test_the_time_is_saved_with_the_article_and_survives_undo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    write_article(tmp_path / "seeds")
    store.save(sample(article="seeds/a.txt"), tmp_path / "annotations" / "alice" / "a.yaml")
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    editor = workspace.open("a")
    assert editor is not None
    workspace.touch("a", 100.0)
    workspace.touch("a", 130.0)
    from annotator import edits

    editor.apply(edits.accept, "q1")
    workspace.save(editor)
    editor.undo()
    workspace.touch("a", 150.0)
    workspace.save(editor)
    workspace.touch("a", 160.0)
    workspace.close()  # the last ten seconds are saved on the way out
    assert store.read(tmp_path / "annotations" / "alice" / "a.yaml").active_seconds == 60
