"""Where annotators differ, case by case."""

from __future__ import annotations

from dataclasses import replace

from annotator.compare import compare, disagreements
from annotator.model import Annotation, Quote, Span, Speaker
from tests.helpers import TEXT, sample


def version(who: str, *quotes: Quote, speakers: tuple[Speaker, ...] = ()) -> Annotation:
    base = sample()
    return replace(base, annotator=who, quotes=quotes, speakers=speakers or base.speakers)


LUCK, TALKS = sample().quotes


def test_identical_versions_agree() -> None:
    groups = compare([version("alice", LUCK, TALKS), version("bob", LUCK, TALKS)])
    assert [g.agreed for g in groups] == [True, True] and disagreements(groups) == []


def test_a_quote_only_one_has() -> None:
    groups = compare([version("alice", LUCK, TALKS), version("bob", TALKS)])
    [missing] = disagreements(groups)
    assert missing.quote_of("bob") is None and missing.quote_of("alice") == LUCK
    assert [(d.kind, d.detail) for d in missing.differences] == [("missing", "only alice (not bob)")]


def test_spans_speaker_by_name_and_type() -> None:
    shorter = replace(LUCK, id="q7", content=(Span.of(TEXT, LUCK.start, LUCK.end - 1),), cue=(), type="mixed")
    renamed = (Speaker("s9", "sergei  LAVROV", "person"),)  # another id, the same name: no difference
    bob = version("bob", replace(shorter, speaker="s9"), replace(TALKS, speaker="s9"), speakers=renamed)
    groups = compare([version("alice", LUCK, TALKS), bob])
    first, second = groups
    assert [d.kind for d in first.differences] == ["content", "cue", "type"]
    assert "alice: “Good luck and good night.”; bob: “Good luck and good night." in first.differences[0].detail
    assert "bob: —" in first.differences[1].detail and first.differences[2].detail == "alice: direct; bob: mixed"
    assert second.agreed
    other = (Speaker("s9", "Maria Zakharova", "person"),)
    assert [
        d.detail
        for d in compare([version("a", TALKS), version("b", replace(TALKS, speaker="s9"), speakers=other)])[
            0
        ].differences
    ] == ["a: Sergei Lavrov; b: Maria Zakharova"]


def test_rejected_quotes_count_as_absent_and_three_annotators_align() -> None:
    rejected = replace(LUCK, review="rejected")
    groups = compare([version("a", LUCK, TALKS), version("b", rejected, TALKS), version("c", LUCK)])
    assert [g.quote_of("b") for g in groups] == [None, TALKS]
    assert [d.detail for d in groups[0].differences] == ["only a, c (not b)"]
    assert [d.detail for d in groups[1].differences] == ["only a, b (not c)"]
    assert [g.id for g in groups] == ["g1", "g2"] and groups[0].start < groups[1].start
