from __future__ import annotations

import pytest

from annotator import edits
from annotator.model import Annotation, Quote, Span, Speaker, check, text_sha256
from annotator.workspace import Editor

TEXT = "“We will win,” Jane Doe said on Monday. Her rival, John Roe, disagreed strongly."


def annotation() -> Annotation:
    quote = Quote(
        id="q1",
        type="direct",
        content=(Span.of(TEXT, 0, 14),),
        cue=(Span.of(TEXT, 24, 28),),
        source=(Span.of(TEXT, 15, 23),),
        speaker="s1",
        confidence=0.9,
    )
    return Annotation(
        doc_id="d",
        article="d.txt",
        text_sha256=text_sha256(TEXT),
        annotator="alice",
        speakers=(Speaker("s1", "Jane Doe", "person"),),
        quotes=(quote,),
    )


def test_accept_and_reject_set_review_and_start_the_article() -> None:
    accepted = edits.accept(annotation(), "q1")
    assert accepted.quote("q1").review == "accepted"
    assert accepted.status == "in_progress"
    assert edits.reject(accepted, "q1").quote("q1").review == "rejected"


def test_a_changed_detected_quote_is_corrected_and_accepting_keeps_that() -> None:
    changed = edits.set_type(annotation(), "q1", "mixed")
    assert changed.quote("q1").review == "corrected"
    assert edits.accept(changed, "q1").quote("q1").review == "corrected"


def test_speakers_are_linked_added_once_and_renamed_everywhere() -> None:
    ann, sid = edits.add_speaker(annotation(), "John  Roe", "person")
    assert sid == "s2" and ann.speaker("s2") == Speaker("s2", "John Roe", "person")
    again, same = edits.add_speaker(ann, "john roe")
    assert same == "s2" and again == ann
    ann = edits.set_speaker(ann, "q1", "s2")
    assert ann.speaker_name(ann.quote("q1")) == "John Roe"
    ann = edits.rename_speaker(ann, "s2", "Johnny Roe")
    assert ann.speaker_name(ann.quote("q1")) == "Johnny Roe"
    assert edits.set_speaker(ann, "q1", None).quote("q1").speaker is None
    with pytest.raises(edits.EditError):
        edits.set_speaker(ann, "q1", "s9")


@pytest.mark.parametrize(
    ("edge", "delta", "expected"),
    [
        ("end", 1, "Jane Doe said on"),
        ("end", -1, "Jane Doe"),
        ("start", -1, "” Jane Doe said"),
        ("start", 1, "Doe said"),
        ("end", 2, "Jane Doe said on Monday"),
    ],
)
def test_resize_moves_an_edge_by_words(edge: str, delta: int, expected: str) -> None:
    base = edits.set_span(annotation(), TEXT, "q1", "source", 15, 28)  # "Jane Doe said"
    resized = edits.resize(base, TEXT, "q1", "source", edge, delta)  # type: ignore[arg-type]
    assert resized.quote("q1").source[0].text == expected
    assert check(resized, TEXT) == []


def test_a_span_cannot_shrink_to_nothing() -> None:
    with pytest.raises(edits.EditError):
        edits.resize(annotation(), TEXT, "q1", "cue", "start", 1)


def test_selections_snap_to_whole_words() -> None:
    start, end = edits.snap(TEXT, TEXT.index("ival"), TEXT.index("John") + 2)
    assert TEXT[start:end] == "rival, John"


def test_add_and_delete_quotes_from_a_selection() -> None:
    start = TEXT.index("disagreed")
    ann, qid = edits.add_quote(annotation(), TEXT, start + 2, start + 12, "indirect")
    quote = ann.quote(qid)
    assert quote.content[0].text == "disagreed strongly"
    assert (quote.origin, quote.review, quote.confidence) == ("manual", "accepted", None)
    assert [q.id for q in edits.delete_quote(ann, "q1").quotes] == [qid]


def test_an_interrupted_quote_gets_a_second_content_part() -> None:
    ann = edits.add_span(annotation(), TEXT, "q1", "content", TEXT.index("Her"), TEXT.index("Her") + 3)
    assert [s.text for s in ann.quote("q1").content] == ["“We will win,”", "Her"]


def test_editor_undoes_and_redoes_every_kind_of_edit() -> None:
    editor = Editor(annotation(), TEXT, path=None)  # type: ignore[arg-type]
    original = editor.annotation
    editor.apply(edits.accept, "q1")
    sid = editor.apply(edits.add_speaker, "John Roe", "person")
    editor.apply(edits.set_speaker, "q1", sid)
    editor.apply(edits.set_note, "q1", "check the video")
    after = editor.annotation
    while editor.undo():
        pass
    assert editor.annotation == original
    while editor.redo():
        pass
    assert editor.annotation == after
    editor.undo()
    editor.apply(edits.reject, "q1")
    assert not editor.redo()  # a new edit ends the redo history


def test_fit_span_to_the_quotation_marks_clause_or_sentence() -> None:
    short = edits.set_span(annotation(), TEXT, "q1", "content", 1, 8)  # “We will …
    fitted = edits.fit_span(short, TEXT, "q1", "content", "quote", 0)
    assert fitted.quote("q1").content[0].text == "“We will win,”"
    with pytest.raises(edits.EditError, match="already fits"):
        edits.fit_span(fitted, TEXT, "q1", "content", "quote", 0)
    rival = TEXT.index("Her rival")
    grown = edits.fit_span(annotation(), TEXT, "q1", "cue", "sentence", rival)  # a cue inside one sentence grows
    assert grown.quote("q1").cue[0].text == "“We will win,” Jane Doe said on Monday."
    long = edits.set_span(annotation(), TEXT, "q1", "cue", 24, len(TEXT))
    cut = edits.fit_span(long, TEXT, "q1", "cue", "sentence", 0)  # one running past its sentence is cut back
    assert cut.quote("q1").cue[0].text == "said on Monday."
    no_source = edits.clear_spans(annotation(), "q1", "source")
    clause = edits.fit_span(no_source, TEXT, "q1", "source", "clause", rival)  # an empty role takes the clause here
    assert clause.quote("q1").source[0].text == "Her rival"


def test_an_edit_that_changes_nothing_does_not_correct() -> None:
    same_speaker = edits.set_speaker(annotation(), "q1", "s1")
    assert same_speaker.quote("q1").review == "pending"


def test_corrected_means_differing_from_what_the_detector_proposed() -> None:
    """t three times comes back to the proposed type: pending again (or accepted, when it was)."""
    draft = annotation()
    editor = Editor(draft, TEXT, path=None, propose=lambda: draft)  # type: ignore[arg-type]
    for quote_type in ("mixed", "indirect"):
        editor.apply(edits.set_type, "q1", quote_type)
        assert editor.annotation.quote("q1").review == "corrected"
    editor.apply(edits.set_type, "q1", "direct")
    assert editor.annotation.quote("q1").review == "pending"
    editor.apply(edits.accept, "q1")
    editor.apply(edits.set_type, "q1", "mixed")
    assert editor.annotation.quote("q1").review == "corrected"
    editor.apply(edits.set_type, "q1", "direct")
    assert editor.annotation.quote("q1").review == "accepted"  # as it was when last as proposed
    editor.apply(edits.resize, TEXT, "q1", "content", "end", -1)
    editor.apply(edits.resize, TEXT, "q1", "content", "end", 1)
    assert editor.annotation.quote("q1").review == "accepted"
    # another speaker by the same name as the proposed one is no correction either
    _, sid = edits.add_speaker(editor.annotation, "John Roe")
    editor.apply(lambda a: edits.set_speaker(edits.add_speaker(a, "John Roe")[0], "q1", sid))
    assert editor.annotation.quote("q1").review == "corrected"
    editor.apply(edits.set_speaker, "q1", "s1")
    assert editor.annotation.quote("q1").review == "accepted"


def test_without_the_detectors_draft_every_change_stays_corrected() -> None:
    editor = Editor(annotation(), TEXT, path=None)  # type: ignore[arg-type]
    editor.apply(edits.set_type, "q1", "mixed")
    editor.apply(edits.set_type, "q1", "direct")
    assert editor.annotation.quote("q1").review == "corrected"  # unknown proposal: not guessed


def test_a_draft_from_another_detector_proposes_nothing() -> None:
    from dataclasses import replace

    from annotator.model import DetectorInfo

    other = replace(annotation(), detector=DetectorInfo("other", "9", "m"))
    editor = Editor(annotation(), TEXT, path=None, propose=lambda: other)  # type: ignore[arg-type]
    assert editor.proposed() == {}


def test_a_quote_added_by_hand_takes_its_type_from_the_text() -> None:
    marked, q_direct = edits.add_quote(annotation(), TEXT, 0, 14)  # “We will win,”
    assert marked.quote(q_direct).type == "direct"
    plain, q_indirect = edits.add_quote(annotation(), TEXT, TEXT.index("disagreed"), len(TEXT))
    assert plain.quote(q_indirect).type == "indirect"
    given, q_given = edits.add_quote(annotation(), TEXT, 0, 14, "mixed")
    assert given.quote(q_given).type == "mixed"


def test_speakers_without_quotes_are_pruned_and_pending_quotes_can_be_accepted_at_once() -> None:
    with_roe, sid = edits.add_speaker(annotation(), "John Roe")
    assert [s.name for s in edits.prune_speakers(with_roe).speakers] == ["Jane Doe"]
    moved = edits.set_speaker(with_roe, "q1", sid)
    assert [s.name for s in edits.prune_speakers(moved).speakers] == ["John Roe"]
    assert edits.pending(annotation()) == 1
    decided = edits.accept_pending(annotation())
    assert edits.pending(decided) == 0 and decided.quote("q1").review == "accepted"


def test_the_article_note() -> None:
    noted = edits.set_article_note(annotation(), "  not news: a recipe  ")
    assert noted.note == "not news: a recipe" and noted.status == "in_progress"
