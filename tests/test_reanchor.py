"""Re-anchoring an annotation onto a changed article: the pure function, the files, the command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import store
from annotator.cli import main
from annotator.model import Annotation, Quote, Span, Speaker, check, text_sha256
from annotator.reanchor import reanchor
from tests.conftest import REPO
from tests.helpers import TEXT, sample

# The first version of an article, with a typo ("wiat") in a quote and a quote over two lines.
ARTICLE = (
    "The mayor said the bridge would reopen in May.\n"
    "\n"
    "“We are not going to wiat another year,” said Ana Ruiz, the mayor, on Tuesday.\n"
    "\n"
    "Engineers said the repairs\n"
    "were on schedule. “The steel is in,” said Tom Lee.\n"
)
TOP = "Updated on Wednesday with the mayor’s comments.\n\n"


def span(text: str, phrase: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span.of(text, start, start + len(phrase))


def article_annotation(text: str = ARTICLE) -> Annotation:
    def quote(qid: str, kind: str, content: str, nth: int, source: str, **more: object) -> Quote:
        return Quote(
            id=qid,
            type=kind,  # type: ignore[arg-type]
            content=(span(text, content),),
            cue=(span(text, "said", nth),),
            source=(span(text, source),),
            **more,  # type: ignore[arg-type]
        )

    return Annotation(
        doc_id="bridge",
        article="bridge.txt",
        text_sha256=text_sha256(text),
        annotator="alice",
        status="done",
        updated="2026-11-30T10:00:00Z",
        speakers=(Speaker("s1", "Ana Ruiz", "person"), Speaker("s2", "Tom Lee", "person")),
        quotes=(
            quote("q1", "indirect", "the bridge would reopen in May", 0, "The mayor", review="accepted"),
            quote("q2", "direct", "“We are not going to wiat another year,”", 1, "Ana Ruiz", speaker="s1",
                  review="corrected", note="checked with the audio"),
            quote("q3", "indirect", "the repairs\nwere on schedule", 2, "Engineers", review="rejected"),
            quote("q4", "direct", "“The steel is in,”", 3, "Tom Lee", speaker="s2", review="accepted"),
        ),
    )  # fmt: skip


DRIFTS = {
    "sentence added at the top": TOP + ARTICLE,
    "typo fixed inside a quote": ARTICLE.replace("wiat", "wait"),
    "converted to CRLF": ARTICLE.replace("\n", "\r\n"),
    "paragraph with a quote deleted": ARTICLE.replace(ARTICLE.split("\n\n")[1] + "\n\n", ""),
}


def test_a_sentence_added_at_the_top_shifts_every_span_and_keeps_every_review() -> None:
    old, text = article_annotation(), DRIFTS["sentence added at the top"]
    result = reanchor(old, text)
    new = result.annotation
    assert check(new, text) == []
    assert [r.outcome for r in result.quotes] == ["moved"] * 4
    for before, after in zip(old.quotes, new.quotes, strict=True):
        assert [(s.start + len(TOP), s.text) for _, s in before.all_spans()] == [
            (s.start, s.text) for _, s in after.all_spans()
        ]
        assert (after.review, after.note) == (before.review, before.note)
    assert new.status == "done" and new.text_sha256 == text_sha256(text)


def test_a_fixed_typo_marks_its_quote_pending_with_a_note_of_the_old_text() -> None:
    old, text = article_annotation(), DRIFTS["typo fixed inside a quote"]
    result = reanchor(old, text)
    new = result.annotation
    assert check(new, text) == []
    assert [r.outcome for r in result.quotes] == ["moved", "changed", "moved", "moved"]
    q2 = new.quote("q2")
    assert q2.content == (span(text, "“We are not going to wait another year,”"),)
    assert q2.cue == (span(text, "said", 1),) and q2.source == (span(text, "Ana Ruiz"),)
    assert q2.review == "pending"
    assert q2.note == "checked with the audio\nre-anchored: content was '“We are not going to wiat another year,”'"
    assert [q.review for q in new.quotes] == ["accepted", "pending", "rejected", "accepted"]
    assert new.status == "in_progress"  # a done article with a quote to look at again


def test_crlf_line_ends_keep_every_quote_and_its_review() -> None:
    old, text = article_annotation(), DRIFTS["converted to CRLF"]
    result = reanchor(old, text)
    new = result.annotation
    assert check(new, text) == []
    assert [r.outcome for r in result.quotes] == ["moved"] * 4
    assert new.quote("q3").content == (span(text, "the repairs\r\nwere on schedule"),)
    assert [p.how for p in result.quotes[2].placements] == ["spacing", "exact", "exact"]
    assert [q.review for q in new.quotes] == [q.review for q in old.quotes]


def test_a_deleted_paragraph_drops_its_quote_but_reports_it_and_keeps_its_speaker() -> None:
    old, text = article_annotation(), DRIFTS["paragraph with a quote deleted"]
    result = reanchor(old, text)
    new = result.annotation
    assert check(new, text) == []
    assert [q.id for q in new.quotes] == ["q1", "q3", "q4"]
    (lost,) = result.outcome("lost")
    assert lost.old == old.quote("q2") and lost.new is None
    assert [(p.role, p.how) for p in lost.placements] == [("content", "lost"), ("cue", "lost"), ("source", "lost")]
    assert new.speakers == old.speakers
    assert not result.complete
    assert new.quote("q4").cue == (span(text, "said", 2),)  # the third "said" now, found all the same


def test_a_lost_cue_drops_only_the_cue_and_marks_the_quote_pending() -> None:
    old, text = article_annotation(), ARTICLE.replace("said Tom Lee", "Tom Lee added")
    result = reanchor(old, text)
    q4 = result.annotation.quote("q4")
    assert check(result.annotation, text) == []
    assert q4.cue == () and q4.source == (span(text, "Tom Lee"),) and q4.review == "pending"
    assert q4.note == f"re-anchored: cue 'said' [{old.quote('q4').cue[0].start}, {old.quote('q4').cue[0].end}) " + (
        "not found in the changed article; removed"
    )
    assert result.quotes[3].outcome == "changed" and not result.complete


def test_a_repeated_phrase_lands_on_its_own_occurrence() -> None:
    text = "He said yes. She said no. They said maybe.\n"
    said = [span(text, "said", i) for i in range(3)]
    contents = [span(text, w) for w in ("yes", "no", "maybe")]
    quotes = tuple(
        Quote(f"q{i}", "indirect", (c,), cue=(s,)) for i, (c, s) in enumerate(zip(contents, said, strict=True))
    )
    old = Annotation("d", "d.txt", text_sha256(text), "alice", quotes=quotes)
    new_text = "Intro.\n" + text.replace("no.", "no, twice.")
    new = reanchor(old, new_text).annotation
    assert [q.cue[0].start for q in new.quotes] == [s.start for s in (span(new_text, "said", i) for i in range(3))]


PIECES = ["Lavrov ", "said ", "told reporters", "“Good luck and good", "night.”", "\r\n", "\n\n", "the talks"]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(TEXT)),
            st.integers(0, 30),
            st.text(alphabet="ab .,\n\r“”", max_size=40) | st.sampled_from(PIECES),
        ),
        max_size=4,
    )
)
def test_the_result_always_fits_the_new_text_and_no_quote_goes_unreported(edits: list[tuple[int, int, str]]) -> None:
    text = TEXT
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    if not text:
        return
    old = sample()
    result = reanchor(old, text)
    assert check(result.annotation, text) == []
    assert [r.old for r in result.quotes] == list(old.quotes)
    assert [q.id for q in result.annotation.quotes] == [r.old.id for r in result.quotes if r.new is not None]
    assert result.annotation.speakers == old.speakers
    for report in result.quotes:
        if report.new is not None and report.outcome == "moved":
            assert report.new.review == report.old.review and report.new.note == report.old.note
        elif report.new is not None:
            assert report.new.review == "pending" and "re-anchored: " in report.new.note


def test_an_unchanged_article_changes_nothing() -> None:
    result = reanchor(sample(), TEXT)
    assert result.annotation == sample() and result.complete


def test_insertions_far_from_every_span_move_them_all_exactly() -> None:
    text = "Breaking.\n" + TEXT.replace("\n\n", "\n\nAn added line.\n\n") + "The end.\n"
    result = reanchor(sample(), text)
    assert [r.outcome for r in result.quotes] == ["moved", "moved"]
    assert check(result.annotation, text) == []
    assert [q.review for q in result.annotation.quotes] == [q.review for q in sample().quotes]


def test_a_reworded_quote_beyond_recognition_is_lost() -> None:
    text = TEXT.replace("“Good luck and good night.”", "“Farewell, everyone.”")
    result = reanchor(replace(sample(), status="in_progress"), text)
    assert [r.outcome for r in result.quotes] == ["lost", "moved"]


# --- the files: the new one written, the old one kept as .bak until confirmed --------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the first version of the article and alice's annotation of it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bridge.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    store.save(article_annotation(), tmp_path / "ann" / "alice" / "bridge.yaml")
    return tmp_path


def drift(folder: Path, text: str) -> bytes:
    """Change the article; returns the annotation file's bytes as they were."""
    (folder / "bridge.txt").write_text(text, encoding="utf-8", newline="")
    return (folder / "ann" / "alice" / "bridge.yaml").read_bytes()


def test_the_file_is_rewritten_and_the_old_one_kept_byte_for_byte(folder: Path) -> None:
    path = folder / "ann" / "alice" / "bridge.yaml"
    before = drift(folder, DRIFTS["typo fixed inside a quote"])
    result = store.reanchor_file(path)
    assert result is not None
    assert store.backup_path(path).read_bytes() == before
    annotation, text = store.load(path)  # loads again: sound against the new article
    assert annotation.quotes == result.annotation.quotes and annotation.updated != "2026-11-30T10:00:00Z"
    store.restore_backup(path)
    assert path.read_bytes() == before and not store.backup_path(path).exists()


def test_a_file_that_still_matches_is_never_written(folder: Path) -> None:
    path = folder / "ann" / "alice" / "bridge.yaml"
    stamp = path.stat().st_mtime_ns
    assert store.reanchor_file(path) is None
    assert path.stat().st_mtime_ns == stamp and not store.backup_path(path).exists()


def test_a_second_reanchoring_before_the_first_is_confirmed_is_refused(folder: Path) -> None:
    path = folder / "ann" / "alice" / "bridge.yaml"
    drift(folder, DRIFTS["sentence added at the top"])
    store.reanchor_file(path)
    kept = store.backup_path(path).read_bytes()
    drift(folder, "Another line.\n" + DRIFTS["sentence added at the top"])
    with pytest.raises(store.StoreError, match=r"bridge.yaml.bak from an earlier re-anchoring waits"):
        store.reanchor_file(path)
    assert store.backup_path(path).read_bytes() == kept


def test_the_pure_module_imports_nothing_of_ours_but_the_model() -> None:
    code = "import sys, annotator.reanchor; print(' '.join(m for m in sys.modules if m.startswith('annotator')))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert sorted(out) == ["annotator", "annotator.model", "annotator.reanchor"]


# --- the command ------------------------------------------------------------------------------

ALICE = "ann/alice/bridge.yaml"
KEPT = f"old file kept as bridge.yaml.bak; check it, then: annotator reanchor --confirm {ALICE}"


def reanchor_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["reanchor", *args])
    return code, capsys.readouterr().out


def saved(folder: Path) -> Annotation:
    annotation, _ = store.load(folder / ALICE)  # checked against the new article
    return annotation


def test_cli_a_sentence_added_at_the_top(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = drift(folder, DRIFTS["sentence added at the top"])
    assert reanchor_cli(capsys, "ann") == (0, f"{ALICE}: 4 quotes moved — {KEPT}\n")
    new, old = saved(folder), article_annotation()
    assert [s.start for q in new.quotes for _, s in q.all_spans()] == [
        s.start + len(TOP) for q in old.quotes for _, s in q.all_spans()
    ]
    assert [(q.review, q.note) for q in new.quotes] == [(q.review, q.note) for q in old.quotes]
    assert (folder / f"{ALICE}.bak").read_bytes() == before
    assert main(["validate", "ann"]) == 0
    assert reanchor_cli(capsys, "--confirm", "ann") == (
        0,
        f"{ALICE}: re-anchored version kept, bridge.yaml.bak deleted\n",
    )
    assert not (folder / f"{ALICE}.bak").exists() and saved(folder) == new


def test_cli_a_typo_fixed_inside_a_quote(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = drift(folder, DRIFTS["typo fixed inside a quote"])
    assert reanchor_cli(capsys, ALICE) == (0, f"{ALICE}: 3 quotes moved, 1 changed (marked pending: q2) — {KEPT}\n")
    q2 = saved(folder).quote("q2")
    assert (q2.content[0].start, q2.content[0].text) == (48, "“We are not going to wait another year,”")
    assert q2.review == "pending" and q2.note.endswith(
        "\nre-anchored: content was '“We are not going to wiat another year,”'"
    )
    assert [q.review for q in saved(folder).quotes] == [
        "pending" if q.id == "q2" else q.review for q in article_annotation().quotes
    ]
    assert main(["validate", "ann"]) == 0
    capsys.readouterr()
    assert reanchor_cli(capsys, "--undo", ALICE) == (0, f"{ALICE}: old version put back from bridge.yaml.bak\n")
    assert (folder / ALICE).read_bytes() == before and not (folder / f"{ALICE}.bak").exists()


def test_cli_the_article_converted_to_crlf(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = drift(folder, DRIFTS["converted to CRLF"])
    assert reanchor_cli(capsys, "ann") == (0, f"{ALICE}: 4 quotes moved — {KEPT}\n")
    q3 = saved(folder).quote("q3")
    assert (q3.content[0].start, q3.content[0].text) == (
        ARTICLE.index("the repairs") + 4,
        "the repairs\r\nwere on schedule",
    )
    assert [q.review for q in saved(folder).quotes] == [q.review for q in article_annotation().quotes]
    assert (folder / f"{ALICE}.bak").read_bytes() == before
    assert main(["validate", "ann"]) == 0


def test_cli_a_deleted_paragraph_that_held_a_quote(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = drift(folder, DRIFTS["paragraph with a quote deleted"])
    lost = "1 not placed (q2 content '“We are not going to wiat ano…' [48, 88))"
    assert reanchor_cli(capsys, "ann") == (1, f"{ALICE}: 3 quotes moved, {lost} — {KEPT}\n")
    new = saved(folder)
    assert [q.id for q in new.quotes] == ["q1", "q3", "q4"]
    assert [s.name for s in new.speakers] == ["Ana Ruiz", "Tom Lee"]  # q2's speaker stays
    assert (folder / f"{ALICE}.bak").read_bytes() == before
    assert main(["validate", "ann"]) == 0
    capsys.readouterr()
    assert reanchor_cli(capsys, "--undo", "ann")[0] == 0
    assert (folder / ALICE).read_bytes() == before


def test_cli_dry_run_writes_nothing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = drift(folder, DRIFTS["typo fixed inside a quote"])
    expected = f"{ALICE}: 3 quotes moved, 1 changed (marked pending: q2) — dry run, nothing written\n"
    assert reanchor_cli(capsys, "--dry-run", "ann") == (0, expected)
    assert (folder / ALICE).read_bytes() == before and not (folder / f"{ALICE}.bak").exists()


def test_cli_files_that_match_are_left_alone(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (folder / ALICE).read_bytes()
    assert main(["reanchor", "ann"]) == 0
    assert capsys.readouterr() == ("", "0 re-anchored, 1 still matching their articles, 0 broken\n")
    assert (folder / ALICE).read_bytes() == before and not (folder / f"{ALICE}.bak").exists()


def test_cli_a_broken_file_is_one_line_and_exit_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drift(folder, DRIFTS["sentence added at the top"])
    (folder / "ann" / "bob").mkdir()
    broken = (folder / ALICE).read_text(encoding="utf-8").replace("review: rejected", "review: maybe")
    (folder / "ann" / "bob" / "bridge.yaml").write_text(broken, encoding="utf-8")
    code, out = reanchor_cli(capsys, "ann")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0] == f"{ALICE}: 4 quotes moved — {KEPT}"
    assert re.fullmatch(r"ann/bob/bridge.yaml:\d+:\d+: quotes/2/review: 'maybe' is not one of .*", lines[1])
    assert not (folder / "ann" / "bob" / "bridge.yaml.bak").exists()


def test_cli_usage_errors_exit_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["reanchor", "--confirm", "--undo", "ann"])
    assert exit_.value.code == 2
    (folder / "empty").mkdir()
    assert main(["reanchor", "empty"]) == 1  # nothing to do: a refusal, not a usage error
    assert capsys.readouterr().err.endswith("annotator: no annotation files found in empty\n")


def test_cli_help_explains_the_bak_and_the_next_steps() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "annotator", "reanchor", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("usage: annotator reanchor", ".bak", "--confirm", "--undo", "--dry-run", "exit status"):
        assert words in out


def test_the_seeds_keep_every_quote_when_a_paragraph_is_added_at_the_top(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "annotations" / "gold", corpus / "annotations" / "gold")
    path = corpus / "annotations" / "gold" / "002_2fd87e77b8dd77fa.yaml"
    old, _ = store.load(path)
    article = corpus / old.article
    article.write_bytes(
        b"A paragraph added by the editors, with \xe2\x80\x9cquotes\xe2\x80\x9d of its own.\n" + article.read_bytes()
    )
    assert main(["reanchor", "annotations"]) == 0
    assert capsys.readouterr().out.startswith(
        f"annotations/gold/002_2fd87e77b8dd77fa.yaml: {len(old.quotes)} quotes moved — "
    )
    new, _ = store.load(path)
    assert [(q.id, q.review, [(r, s.text) for r, s in q.all_spans()]) for q in new.quotes] == [
        (q.id, q.review, [(r, s.text) for r, s in q.all_spans()]) for q in old.quotes
    ]
    assert new.status == old.status == "done"
    assert main(["validate", "annotations"]) == 0
