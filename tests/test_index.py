"""The index of annotation files: reused only while a file is unchanged, never written under the
annotations, a broken cache rebuilt, an unwritable one done without."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.store import index
from tests.helpers import sample, write_article

HOUR_NS = 3600 * 10**9


@pytest.fixture
def ann(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path)
    store.save(sample(), tmp_path / "ann" / "alice" / "a.yaml")
    store.save(replace(sample(annotator="bob"), status="done"), tmp_path / "ann" / "bob" / "a.yaml")
    age(tmp_path)
    return tmp_path / "ann"


def age(folder: Path) -> None:
    """Files last changed an hour ago: old enough to be trusted (see index.RACY_NS)."""
    for path in folder.rglob("*"):
        os.utime(path, ns=(path.stat().st_atime_ns - HOUR_NS, path.stat().st_mtime_ns - HOUR_NS))


@pytest.fixture(autouse=True)
def _trust_ctime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "RACY_NS", -HOUR_NS)  # utime cannot age ctime; only mtime is aged here


def run(ann: Path) -> tuple[list[store.Summary], index.Index]:
    idx = index.Index.open(ann)
    files, _ = store.scan_files([ann])
    found = [idx.summary(f) for f in files]
    idx.save()
    return found, idx


def test_a_summary_holds_what_stats_and_search_need(ann: Path) -> None:
    found, idx = run(ann)
    alice = found[0]
    assert (alice.doc_id, alice.annotator, alice.status, alice.pending, alice.accepted, alice.added) == (
        "a",
        "alice",
        "in_progress",
        1,
        1,
        1,
    )
    assert alice.speakers == ("Sergei Lavrov",) and alice.contents == ()  # only when asked for
    assert (idx.read, idx.reused) == (2, 0)
    assert run(ann)[1].reused == 2  # the second time, nothing is read


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files read from here on (``store.read_data``), in order."""
    reads: list[Path] = []
    real = store.read_data

    def reading(path: Path) -> dict[str, object]:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(store, "read_data", reading)
    return reads


def test_the_quotes_texts_come_when_asked_for_and_follow_the_file(ann: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found, _ = store.summaries([ann], contents=True)
    assert found[0].contents[0] == "“Good luck and good night.”" and found[0].contents[1] == "the talks were useful"
    reads = count_reads(monkeypatch)
    assert store.summaries([ann], contents=True)[0] == found and reads == []  # warm: all from the caches
    path = ann / "alice" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Good luck", "Bad luck"), encoding="utf-8")
    again, _ = store.summaries([ann], contents=True)
    assert again[0].contents[0] == "“Bad luck and good night.”" and again[1] == found[1]
    assert reads == [path]  # read once for its summary, and its texts kept with it


def test_the_quotes_texts_are_found_without_a_usable_cache(ann: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = ann.parent / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    found, _ = store.summaries([ann], contents=True)
    assert [len(s.contents) for s in found] == [2, 2] and found[0].contents[0] == "“Good luck and good night.”"


def test_the_folder_named_another_way_uses_the_same_cache(ann: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(ann)
    assert run(Path("ann"))[1].reused == 2  # relative, from its parent
    monkeypatch.chdir(ann / "alice")
    assert run(Path("..") / ".." / "ann")[1].reused == 2  # through ".."
    assert run(Path(".."))[1].reused == 2  # the folder itself, as ".."


def test_validate_keeps_its_verdict_until_the_article_changes(ann: Path) -> None:
    first, _ = store.check_files([ann])
    idx = index.Index.open(ann)
    assert len(idx.verdicts) == 2 and [p for _, p in first] == [[], []]
    article = ann.parent / "a.txt"
    article.write_text(article.read_text(encoding="utf-8") + "More text.\n", encoding="utf-8")
    again, _ = store.check_files([ann])
    assert all(
        any("the article changed since it was annotated" in p.message for p in problems) for _, problems in again
    )


def test_a_changed_file_of_the_same_size_is_read_again(ann: Path) -> None:
    run(ann)
    path = ann / "alice" / "a.yaml"
    text = path.read_text(encoding="utf-8")
    changed = text.replace("status: in_progress", "status: in_progress".replace("in_progress", "done       "))
    assert len(changed) == len(text)
    path.write_text(changed.replace("done       ", "skipped    "), encoding="utf-8")
    found, idx = run(ann)
    assert found[0].status == "skipped" and (idx.read, idx.reused) == (1, 1)


def test_a_file_changed_just_now_is_not_trusted(ann: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "RACY_NS", 2 * 10**9)
    store.save(sample(), ann / "alice" / "a.yaml")  # mtime: now
    run(ann)
    assert run(ann)[1].reused == 0  # a second write within the same clock tick could keep its stamp


def test_a_deleted_file_disappears(ann: Path) -> None:
    run(ann)
    (ann / "bob" / "a.yaml").unlink()
    found, _ = run(ann)
    assert [s.annotator for s in found] == ["alice"]
    assert list(index.Index.open(ann).entries) == ["alice/a.yaml"]


@pytest.mark.parametrize("junk", ["", "{", "[1, 2]", '{"version": "x"}', "\x00\xff", None])
def test_a_corrupt_cache_is_rebuilt(ann: Path, junk: str | None) -> None:
    run(ann)
    cache = index.Index.open(ann).file
    assert cache is not None and cache.exists()
    if junk is None:  # the right version, entries of the wrong shape
        cache.write_text(cache.read_text().replace('"alice","in_progress"', '"alice"'), encoding="utf-8")
    else:
        cache.write_text(junk, encoding="utf-8", errors="surrogateescape")
    found, idx = run(ann)
    assert [s.annotator for s in found] == ["alice", "bob"] and idx.reused == 0  # the whole cache, rebuilt
    assert run(ann)[1].reused == 2  # and written again whole


def test_an_unwritable_cache_folder_just_means_no_cache(ann: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = ann.parent / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert [s.annotator for s in run(ann)[0]] == ["alice", "bob"]
    assert run(ann)[1].reused == 0


def test_problems_are_kept_and_given_with_the_path_as_named(ann: Path) -> None:
    (ann / "carol").mkdir()
    (ann / "carol" / "a.yaml").write_text("- a\n", encoding="utf-8")
    age(ann)
    for _ in range(2):
        found, _ = store.summaries([Path("ann")])
        assert [str(p) for s in found for p in s.problems] == [
            "ann/carol/a.yaml:1:1: top level: expected a mapping, found a list"
        ]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_no_byte_is_written_under_the_annotations(ann: Path) -> None:
    (ann / "bob" / "b.yaml").write_text("- a\n", encoding="utf-8")
    before = snapshot(ann.parent)
    for _ in range(2):
        store.summaries([ann])
        store.check_files([ann])
    assert snapshot(ann.parent) == before


def test_validate_reuses_a_verdict_only_while_file_and_article_are_unchanged(ann: Path) -> None:
    for _ in range(2):  # checked, then known
        results, folders = store.check_files([ann])
        assert folders == [] and len(results) == 2 and all(not problems for _, problems in results)
    article = ann.parent / "a.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("useful", "USEFUL"), encoding="utf-8")  # same size, new mtime
    results, _ = store.check_files([ann])
    assert all(any("text_sha256" in p.message for p in problems) for _, problems in results)
    article.write_text(text, encoding="utf-8")
    age(ann.parent)
    assert all(not problems for _, problems in store.check_files([ann])[0])


@pytest.mark.parametrize("named", ["ann", "ann/", "./ann", "ann/../ann", "ann/alice/..", "ABS", "."])
def test_a_file_has_one_key_however_its_folder_is_named(ann: Path, monkeypatch: pytest.MonkeyPatch, named: str) -> None:
    (ann / "alice" / "sub").mkdir()
    store.save(sample(), ann / "alice" / "sub" / "a.yaml")
    if named == ".":
        monkeypatch.chdir(ann)
    folder = Path(str(ann) if named == "ABS" else named)
    files, _ = store.scan_files([folder])
    quick, slow = index.Index.open(folder), index.Index(index.Index.open(folder).root, None)  # no name: normalised
    odd = [folder / "alice" / ".." / "bob" / "a.yaml", Path(str(folder) + "//alice/a.yaml"), ann.parent / "a.txt"]
    assert [quick.key(f) for f in [*files, *odd]] == [slow.key(f) for f in [*files, *odd]]
    assert [quick.key(f) for f in files] == ["alice/a.yaml", "alice/sub/a.yaml", "bob/a.yaml"]


def test_files_read_on_every_core_give_what_one_process_gives(
    ann: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.store import workers

    if workers.cores() < 2:
        pytest.skip("one core: the files are always read in one process")
    for n in range(12):  # sound, broken, and against a changed article
        store.save(replace(sample(annotator="carol"), doc_id="a"), ann / f"p{n}" / "a.yaml")
    (ann / "p3" / "a.yaml").write_text("speakers: [\n", encoding="utf-8")
    (ann / "p5" / "a.yaml").write_text((ann / "p5" / "a.yaml").read_text(encoding="utf-8").replace("a.txt", "gone.txt"))
    age(ann)
    answers = []
    for least, cache in [(10**9, "one"), (1, "many"), (1, "many")]:  # one process; every core, cold then warm
        monkeypatch.setattr(workers, "MIN_ITEMS", least)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / cache))
        doubts: dict[Path, tuple[str, ...]] = {}
        checked = store.check_files([ann], doubts=doubts)
        found = store.summaries([Path("ann")], contents=True)
        index_file = index.Index.open(ann).file
        assert index_file is not None
        answers.append((checked, doubts, found, index_file.read_text(encoding="utf-8")))
    assert answers[0] == answers[1] == answers[2]
    assert sum(bool(problems) for _, problems in answers[0][0][0]) == 2


def test_quote_texts_missing_from_the_cache_are_kept_once_found(ann: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from annotator.store import parsed

    found, _ = store.summaries([ann], contents=True)
    with sqlite3.connect(index.cache_folder() / parsed.NAME) as db:
        db.execute("DELETE FROM texts")  # as when a lock kept them from being written
    reads = count_reads(monkeypatch)
    assert store.summaries([ann], contents=True)[0] == found and len(reads) == 2  # from the parsed files
    assert store.summaries([ann], contents=True)[0] == found and len(reads) == 2  # and now kept


def test_progress_hears_of_the_files_read_and_of_nothing_when_warm(ann: Path) -> None:
    heard: list[tuple[str, int]] = []
    done: list[int] = []

    def step(description: str, total: int) -> Callable[[int], None]:
        heard.append((description, total))
        return done.append

    store.summaries([ann], progress=step)
    store.check_files([ann], progress=step)  # its verdicts are new: checked against the articles
    assert heard == [("reading annotation files", 2), ("checking annotation files", 2)] and sum(done) == 4
    store.summaries([ann], progress=step)
    store.check_files([ann], progress=step)
    assert len(heard) == 2  # warm: nothing read, nothing said


def test_progress_bars_draw_without_a_thread_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read on every core only while no other thread runs (store.workers): the bars
    must not start one."""
    import threading

    from annotator.progress import bars

    before = threading.active_count()
    with bars(True) as step:
        assert step is not None
        advance = step("reading annotation files", 3)
        advance(1)
        assert threading.active_count() == before
