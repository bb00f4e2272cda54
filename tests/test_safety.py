"""Work is never lost or corrupted through the paths the happy path never takes (issue 10).

Each test first reproduces a case that lost or corrupted work before, then checks what holds now.
docs/safety.md lists the guarantees and which test covers each.
"""

from __future__ import annotations

import errno
import json
import os
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import ids, store
from annotator.cli import main
from annotator.corpus import Article, ArticleError, iter_articles
from annotator.errors import UserError
from annotator.store import files
from annotator.workspace import Workspace
from tests.helpers import TEXT, sample, write_article


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "is empty"),
        (".", "is a folder reference"),
        ("..", "is a folder reference"),
        ("../alice/001", "contains a path separator"),
        ("/elsewhere/escape", "contains a path separator"),
        ("sub/dir", "contains a path separator"),
        ("a\\b", "contains a path separator"),
        ("nul\x00here", "control or invisible character U+0000"),
        ("new\nline", "control or invisible character U+000A"),
        ("bidi\u202eevil", "control or invisible character U+202E"),
        (".hidden", "starts with '.'"),
        ("-x", "starts with '-'"),
        (" ", "starts or ends with white space"),
        ("é" * 100, "takes 200 bytes in UTF-8; at most 180 are allowed (a file name's limit)"),
        ("a" * 121, "is 121 characters long; at most 120 are allowed"),
    ],
)
def test_an_unsafe_id_is_refused_with_its_reason(value: str, reason: str) -> None:
    assert reason in ids.problem(value)
    with pytest.raises(ids.IdError):
        store.annotation_path(Path("out"), "alice", value)
    with pytest.raises(ids.IdError):
        store.annotation_path(Path("out"), value, "doc")


@pytest.mark.parametrize("value", ["001_0c38e3542eae8caf", "5", "[bold]x", "Story 2024-01 (draft)", "café", "a.b"])
def test_ordinary_ids_are_kept_as_they_are(value: str) -> None:
    assert ids.problem(value) == ""
    assert store.annotation_path(Path("out"), "alice", value) == Path("out") / "alice" / f"{value}.yaml"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=130)
    | st.from_regex(r"[A-Za-z0-9_.\-/ ]{0,125}", fullmatch=True)
)
def test_the_quick_check_of_ordinary_ids_agrees_with_the_whole_one(value: str) -> None:
    assert ids.problem(value) == ids._problem(value)
    assert ids.key(value) == unicodedata.normalize("NFC", value).casefold()


def test_the_app_lists_the_articles_that_every_command_reads(folder: Path) -> None:
    """find_refs (the app's quick listing, no text read) and iter_articles give the same ids,
    places and refusals."""
    from annotator.corpus import find_refs

    (folder / "one").mkdir()
    (folder / "two").mkdir()
    for name in ["b.txt", "a.txt", "-opt.txt", " pad.txt", "café.txt", ".hidden.txt", "notes.md"]:
        write_article(folder / "one", name)
    write_article(folder / "two", "a.txt")  # the same id in another folder: both refused
    write_article(folder / "two", "z.txt")
    (folder / "c.jsonl").write_text('{"id": "j1", "text": "x"}\n{"id": "../j", "text": "x"}\n', encoding="utf-8")
    named = [Path("one"), Path("two"), folder / "two" / "z.txt", Path("c.jsonl")]

    def shape(items: list[object]) -> list[tuple[str, str] | str]:
        return [str(i) if isinstance(i, ArticleError) else (i.doc_id, i.path) for i in items]  # type: ignore[attr-defined]

    assert shape(find_refs(named)) == shape(iter_articles(named))  # type: ignore[arg-type]
    assert len(shape(find_refs(named))) == 10


@pytest.mark.parametrize("name", ["detector", "gold", "Gold", " ", "-x", "x" * 300, "a/b", ""])
def test_reserved_and_unsafe_annotator_names_are_refused_by_the_app(folder: Path, name: str) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    with pytest.raises(UserError):
        Workspace([Path("seeds")], Path("annotations"), name)
    assert not (folder / "annotations").exists()  # nothing written, not even a lock


def test_detect_never_writes_outside_out_nor_over_a_persons_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = folder / "annotations" / "alice" / "a.yaml"
    write_article(folder)
    store.save(sample(), alice)
    before = alice.read_bytes()
    records = [
        {"id": "../alice/a", "text": TEXT},
        {"id": "/elsewhere/escape", "text": TEXT},
        {"id": "sub/dir", "text": TEXT},
        {"id": "", "text": TEXT},
        {"id": ".", "text": TEXT},
        {"id": "..", "text": TEXT},
        {"id": "nul\x00", "text": TEXT},
        {"id": "ok1", "text": TEXT},
        {"id": "ok1", "text": TEXT + "another"},
        {"id": 5, "text": TEXT},
        {"id": "5", "text": TEXT},
    ]
    (folder / "c.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert main(["detect", "c.jsonl", "--out", "annotations"]) == 1
    err = capsys.readouterr().err
    assert alice.read_bytes() == before
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "a.txt", "annotations/alice/a.yaml", "c.jsonl"
    ]  # fmt: skip
    assert "c.jsonl:1: doc id '../alice/a' contains a path separator (/ or \\); rename it" in err
    assert "c.jsonl:7: doc id 'nul\\x00' contains the control or invisible character U+0000; rename it" in err
    assert "c.jsonl:8: doc id 'ok1' is also the id of c.jsonl:9; all of them refused" in err
    assert "c.jsonl:9: doc id 'ok1' is also the id of c.jsonl:8; all of them refused" in err
    assert "c.jsonl:10: doc id '5' is also the id of c.jsonl:11; all of them refused" in err
    assert "Traceback" not in err and "0 drafted (0 quotes)" in err


def test_two_articles_with_one_id_in_two_folders_are_both_refused_naming_each_other(folder: Path) -> None:
    for name in ("dA", "dB"):
        (folder / name).mkdir()
        write_article(folder / name, "story.txt")
    write_article(folder / "dA", "other.txt")
    items = iter_articles([Path("dA"), Path("dB")])
    errors = [str(i) for i in items if isinstance(i, ArticleError)]
    assert errors == [
        "dA/story.txt: doc id 'story' is also the id of dB/story.txt; all of them refused",
        "dB/story.txt: doc id 'story' is also the id of dA/story.txt; all of them refused",
    ]
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["other"]
    workspace = Workspace([Path("dA"), Path("dB")], Path("annotations"), "alice")
    try:
        assert [e.doc_id for e in workspace.entries] == ["other"] and len(workspace.skipped) == 2
    finally:
        workspace.close()


def test_ids_that_differ_only_in_case_name_the_same_file_somewhere(folder: Path) -> None:
    (folder / "d").mkdir()
    write_article(folder / "d", "Story.txt")
    write_article(folder / "d", "story.txt")
    assert all(isinstance(i, ArticleError) for i in iter_articles([Path("d")]))


def test_a_file_whose_doc_id_is_not_its_name_is_refused_not_crashed_on(folder: Path) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    wrong = folder / "annotations" / "alice" / "a.yaml"
    store.save(replace(sample(article="seeds/a.txt"), doc_id="b"), wrong)
    with pytest.raises(store.StoreError, match="doc_id 'b' does not match the file name"):
        store.read(wrong)
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    try:
        entry = workspace.entry("a")
        assert entry.status == "error" and "does not match the file name" in entry.problem
        with pytest.raises(store.StoreError):
            workspace.open("a")
    finally:
        workspace.close()


# --- import ---------------------------------------------------------------------------------

ANN = (
    "T1\tSource 0 6\tLavrov\nT2\tCue 7 11\ttold\nT3\tContent 12 20\treporter\nE1\tAttribution:T2 Source:T1 Content:T3\n"
)
BRAT_TEXT = "Lavrov told reporters something.\n"


def brat(folder: Path, files: dict[str, str]) -> Path:
    (folder / "brat").mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / "brat" / name).write_text(content, encoding="utf-8")
    return folder / "brat"


def test_import_never_overwrites_a_file_without_force(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brat(folder, {"a.txt": BRAT_TEXT, "a.ann": ANN})
    gold = folder / "out" / "gold" / "a.yaml"
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "gold"]) == 0
    gold.write_bytes(gold.read_bytes().replace(b"status: done", b"status: in_progress"))  # someone's work
    before = gold.read_bytes()
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "gold"]) == 1
    assert gold.read_bytes() == before
    assert f"{Path('out/gold/a.yaml')}: exists (it may hold someone's work); not overwritten" in capsys.readouterr().err
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "gold", "--force"]) == 0
    assert gold.read_bytes() != before


def test_import_writes_only_into_the_folder_it_was_asked_for(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brat(folder, {"a.txt": BRAT_TEXT, "a_alice.ann": ANN, "a_bob.ann": ANN, "doc_..ann": ANN})
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "pn"]) == 1
    err = capsys.readouterr().err
    assert "are both for out/pn/a.yaml; --by-annotator keeps each annotator's file apart" in err
    assert sorted(p.relative_to(folder / "out").as_posix() for p in (folder / "out").rglob("*.yaml")) == ["pn/a.yaml"]
    assert main(["import", "--format", "brat", "brat", "--out", "o2", "--annotator", "pn", "--by-annotator"]) == 1
    written = sorted(p.relative_to(folder / "o2").as_posix() for p in (folder / "o2").rglob("*.yaml"))
    assert written == ["pn-alice/a.yaml", "pn-bob/a.yaml"]
    with pytest.raises(SystemExit) as usage:  # a reserved name on the command line is a usage error
        main(["import", "--format", "brat", "brat", "--out", "o3", "--annotator", "detector"])
    assert usage.value.code == 2 and "reserved" in capsys.readouterr().err
    assert not (folder / "o3").exists()


@pytest.mark.parametrize(
    ("line", "warning"),
    [
        ("T1\tSource -3 6\tLavrov", "offsets -3 6 are negative, reversed or empty; line skipped"),
        ("T1\tSource 6 0\tLavrov", "offsets 6 0 are negative, reversed or empty; line skipped"),
        ("T1\tSource 6 6\t", "offsets 6 6 are negative, reversed or empty; line skipped"),
        ("T1\tSource 0 999\tLavrov", "span 0 999 is past the end of the article"),
    ],
)
def test_import_refuses_offsets_that_could_not_load_back(
    folder: Path, capsys: pytest.CaptureFixture[str], line: str, warning: str
) -> None:
    brat(folder, {"a.txt": BRAT_TEXT, "a.ann": ANN.replace("T1\tSource 0 6\tLavrov", line)})
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "gold"]) == 0
    assert warning in capsys.readouterr().err
    assert main(["validate", "out"]) == 0


def test_a_span_id_defined_twice_is_not_guessed(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brat(folder, {"a.txt": BRAT_TEXT, "a.ann": ANN + "T1\tSource 21 30\tsomething\n"})
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "gold"]) == 1
    err = capsys.readouterr().err
    # its one attribution cannot be held: the file is refused, never imported as an article without quotes
    assert "brat/a.ann: nothing in it can be imported (4 problems; the first: brat/a.ann:5: T1 is defined twice" in err
    assert not (folder / "out" / "gold" / "a.yaml").exists()


# --- saves that fail ---------------------------------------------------------------------


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_failed_save_is_kept_until_it_is_resolved(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    writer = store.Writer(listener=lambda: calls.append(1))
    target = folder / "ann" / "a.yaml"
    with monkeypatch.context() as patch:
        patch.setattr(files, "write_atomic", disk_full)
        writer.save(sample(), target)
        writer.flush()
        assert writer.unsaved() == {target: "could not save (No space left on device)"}
        assert calls and writer.errors
        writer.save(replace(sample(), status="done"), target)  # a later edit fails too, and is the one kept
        writer.flush()
        assert list(writer.unsaved()) == [target] and not target.exists()
    writer.retry(target)
    writer.flush()
    assert writer.unsaved() == {} and store.read(target).status == "done"
    writer.close()


def test_a_refused_save_can_be_kept_as_a_copy_or_discarded(folder: Path) -> None:
    target = folder / "ann" / "a.yaml"
    store.save(sample(), target)
    writer = store.Writer()
    writer.expect(target)
    target.write_text(target.read_text(encoding="utf-8").replace("in_progress", "done"), encoding="utf-8")
    theirs = target.read_bytes()
    writer.save(replace(sample(), status="skipped"), target)
    writer.flush()
    assert "changed on disk outside the annotator" in writer.unsaved()[target]
    assert target.read_bytes() == theirs
    copy = writer.save_copy(target)
    assert copy.name.startswith("a.yaml.unsaved-") and store.parse(copy.read_text("utf-8"), "c").status == "skipped"
    assert writer.unsaved() == {} and target.read_bytes() == theirs
    assert store.find_files([folder / "ann"]) == [target]  # the copy is never taken for an annotation
    writer.save(replace(sample(), status="draft"), target)  # after discarding, theirs is the version known
    writer.flush()
    assert store.read(target).status == "draft"
    writer.close()


def test_stray_temporary_files_are_removed_at_start(folder: Path) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    stray = folder / "annotations" / "alice" / ".a.yaml.x1y2z3.tmp"
    stray.parent.mkdir(parents=True)
    stray.write_text("half a fi", encoding="utf-8")
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    workspace.close()
    assert not stray.exists() and [p.resolve() for p in workspace.cleaned] == [stray]


def test_an_out_folder_that_cannot_be_written_is_one_line(folder: Path) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    (folder / "annotations").write_text("not a folder", encoding="utf-8")  # fails even for root
    with pytest.raises(UserError, match="^annotations/alice: cannot be written"):
        Workspace([Path("seeds")], Path("annotations"), "alice")


# --- text that changed --------------------------------------------------------------------


def test_an_article_changed_since_annotated_shows_as_changed(folder: Path) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    store.save(sample(article="seeds/a.txt"), folder / "annotations" / "alice" / "a.yaml")
    write_article(folder / "seeds", text="A new first line.\n" + TEXT)
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    try:
        entry = workspace.entry("a")
        assert entry.status == "changed" and "annotator reanchor" in entry.problem
    finally:
        workspace.close()


def test_an_article_changed_while_open_is_noticed(folder: Path) -> None:
    (folder / "seeds").mkdir()
    article = write_article(folder / "seeds")
    store.save(sample(article="seeds/a.txt"), folder / "annotations" / "alice" / "a.yaml")
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    try:
        assert workspace.open("a") is not None and not workspace.article_changed("a")
        os.utime(article, ns=(1, 1))  # touched, same text: not a change
        assert not workspace.article_changed("a")
        write_article(folder / "seeds", text=TEXT.replace("useful", "helpful"))
        assert workspace.article_changed("a")
    finally:
        workspace.close()


def test_a_warm_start_reads_no_text_and_no_file_yet_still_shows_a_changed_article(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    write_article(folder / "seeds", "b.txt")
    store.save(sample(article="seeds/a.txt"), folder / "annotations" / "alice" / "a.yaml")
    monkeypatch.setattr(store.index, "RACY_NS", 0)  # trust files written just now (the index waits 2 s)
    Workspace([Path("seeds")], Path("annotations"), "alice").close()  # reads, checks, keeps the verdicts
    reads: list[str] = []
    with monkeypatch.context() as patch:
        patch.setattr("annotator.workspace.load_text", lambda ref, *a: reads.append(ref) or TEXT)
        patch.setattr(store, "read_data", lambda path: reads.append(str(path)) or {})
        workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
        try:
            assert reads == [] and workspace.entry("a").text is None
            assert (workspace.entry("a").status, workspace.entry("b").status) == ("in_progress", "new")
        finally:
            workspace.close()
    write_article(folder / "seeds", text="A new first line.\n" + TEXT)
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    try:
        entry = workspace.entry("a")
        assert entry.status == "changed" and "annotator reanchor" in entry.problem
        with pytest.raises(store.StoreError, match="the article changed since it was annotated"):
            workspace.open("a")
    finally:
        workspace.close()


def test_an_article_unreadable_when_opened_is_one_line_not_a_crash(folder: Path) -> None:
    (folder / "seeds").mkdir()
    write_article(folder / "seeds")
    (folder / "seeds" / "bin.txt").write_bytes(b"\x00\x01")  # its text is read only when opened
    workspace = Workspace([Path("seeds")], Path("annotations"), "alice")
    try:
        with pytest.raises(store.StoreError, match=r"seeds/bin.txt: binary file \(NUL bytes\), not an article"):
            workspace.open("bin")
        assert workspace.entry("bin").status == "error"
        assert workspace.open("a") is None  # the others open as before
    finally:
        workspace.close()
