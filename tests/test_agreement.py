"""Agreement: kappa and alpha by hand and against nltk, pair scores on small examples."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask

from annotator.agreement import (
    OUTSIDE,
    agreement,
    article_alpha,
    cohen_kappa,
    compare,
    krippendorff_alpha,
    token_labels,
)
from annotator.model import Annotation, Quote, Span, Speaker, text_sha256
from annotator.tokens import words

TEXT = " ".join(f"w{i:03d}" for i in range(20))  # each word 4 characters, then a space: word i at 5*i


def span(first: int, last: int) -> Span:
    """Words ``first`` to ``last`` inclusive."""
    return Span.of(TEXT, 5 * first, 5 * last + 4)


def quote(
    qid: str,
    first: int,
    last: int,
    *,
    kind: str = "direct",
    cue: int | None = None,
    source: int | None = None,
    speaker: str | None = None,
    review: str = "accepted",
) -> Quote:
    return Quote(
        qid,
        kind,  # type: ignore[arg-type]
        (span(first, last),),
        cue=(span(cue, cue),) if cue is not None else (),
        source=(span(source, source),) if source is not None else (),
        speaker=speaker,
        review=review,  # type: ignore[arg-type]
    )


def annotation(who: str, *quotes: Quote, speakers: tuple[Speaker, ...] = ()) -> Annotation:
    return Annotation("d", "d.txt", text_sha256(TEXT), who, speakers=speakers, quotes=quotes)


# --- kappa and alpha ------------------------------------------------------------------------


def test_kappa_by_hand() -> None:
    # first rater y y n n y, second y n n n y: observed 4/5 = 0.8;
    # expected (3/5 y x 2/5 y) + (2/5 n x 3/5 n) = 12/25 = 0.48;
    # kappa = (0.8 - 0.48) / (1 - 0.48) = 0.32 / 0.52 = 8/13
    items = [("y", "y"), ("y", "n"), ("n", "n"), ("n", "n"), ("y", "y")]
    assert cohen_kappa(items) == pytest.approx(8 / 13)


def test_kappa_is_undefined_without_items_or_when_one_value_is_all_there_is() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # nltk says 1.0 here; chance explains it all


def test_alpha_by_hand_with_a_missing_value() -> None:
    # units (values of three coders, a missing value left out): [a a a] [a b] [b b b] [c]
    # [c] has one value: not pairable, it contributes nothing.
    # coincidences: o_aa = 3*2/(3-1) = 3; o_ab = o_ba = 1*1/(2-1) = 1; o_bb = 3
    # n_a = 4, n_b = 4, n = 8; D_o = (1 + 1) / 8; D_e = (4*4 + 4*4) / (8*7) = 32/56
    # alpha = 1 - D_o / D_e = 1 - 0.25 / (4/7) = 1 - 7/16 = 9/16
    assert krippendorff_alpha([["a", "a", "a"], ["a", "b"], ["b", "b", "b"], ["c"]]) == pytest.approx(9 / 16)


def test_alpha_is_one_for_full_agreement_and_undefined_with_one_value() -> None:
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None  # nltk says 1 here
    assert krippendorff_alpha([["a"], []]) is None


LABEL = st.sampled_from(["O", "CONTENT", "CUE", "SOURCE"])


@given(st.lists(st.tuples(LABEL, LABEL), min_size=1, max_size=40))
def test_kappa_agrees_with_nltk(items: list[tuple[str, str]]) -> None:
    ours = cohen_kappa(items)
    if ours is None:
        return
    task = AnnotationTask(
        [(coder, str(i), value) for i, pair in enumerate(items) for coder, value in zip("AB", pair, strict=True)]
    )
    assert ours == pytest.approx(task.kappa())


@given(st.lists(st.lists(st.one_of(st.none(), LABEL), min_size=4, max_size=4), min_size=1, max_size=30))
def test_alpha_agrees_with_nltk_with_missing_values(rows: list[list[str | None]]) -> None:
    ours = krippendorff_alpha([[v for v in row if v is not None] for row in rows])
    if ours is None:
        return
    data = [(f"c{c}", str(i), value) for i, row in enumerate(rows) for c, value in enumerate(row) if value is not None]
    assert ours == pytest.approx(AnnotationTask(data).alpha())


# --- one pair -------------------------------------------------------------------------------

LAVROV = (Speaker("s1", "Sergei  Lavrov", "person"), Speaker("s2", "Putin", "person"))
ALICE = annotation(
    "alice",
    quote("a1", 0, 9, cue=11, source=10, speaker="s1"),  # words 0-9
    quote("a2", 12, 15, kind="indirect", speaker="s2"),
    speakers=LAVROV,
)
BOB = annotation(
    "bob",
    quote("b1", 0, 6, cue=11, source=10, speaker="s1"),  # covers 7 of alice's 10 words: lenient, not strict
    quote("b2", 12, 15, speaker="s1"),  # identical content, another type and speaker
    quote("b3", 18, 19),  # alice has none here
    speakers=(Speaker("s1", "sergei lavrov", "person"),),
)


def test_a_pair_scores_quotes_at_each_level() -> None:
    scores = compare(ALICE, BOB, TEXT)
    lenient, strict, exact = (scores.quotes[level] for level in ("lenient", "strict", "exact"))
    assert (lenient.tp, lenient.gold, lenient.pred) == (2, 2, 3)
    assert (strict.tp, exact.tp) == (1, 1)  # b2 only
    assert lenient.f1 == pytest.approx(2 * 2 / (2 + 3))


def test_swapping_a_pair_swaps_precision_and_recall() -> None:
    ab, ba = compare(ALICE, BOB, TEXT), compare(BOB, ALICE, TEXT)
    for level in ("lenient", "exact"):
        assert ab.quotes[level].precision == ba.quotes[level].recall
        assert ab.quotes[level].recall == ba.quotes[level].precision
        assert ab.quotes[level].f1 == pytest.approx(ba.quotes[level].f1)
    # strict coverage is measured on the reference: bob's b1 (7 words) is all inside alice's a1
    assert (ab.quotes["strict"].tp, ba.quotes["strict"].tp) == (1, 2)


def test_a_pair_scores_role_tokens() -> None:
    roles = compare(ALICE, BOB, TEXT).roles
    # content: alice words 0-9, 12-15 (14 tokens); bob 0-6, 12-15, 18-19 (13); shared 11
    assert (roles["content"].tp, roles["content"].gold, roles["content"].pred) == (11, 14, 13)
    assert roles["cue"].f1 == 1.0 and roles["source"].f1 == 1.0


def test_speaker_and_type_on_matched_quotes() -> None:
    scores = compare(ALICE, BOB, TEXT)
    # a1~b1: "Sergei  Lavrov" and "sergei lavrov" are one name; a2~b2: Putin vs Sergei Lavrov
    assert sorted(scores.speakers) == [("putin", "sergei lavrov"), ("sergei lavrov", "sergei lavrov")]
    assert scores.speaker_observed == 0.5
    assert sorted(scores.types) == [("direct", "direct"), ("indirect", "direct")]


def test_a_quote_without_a_named_speaker_is_left_out_of_speaker_agreement() -> None:
    unnamed = replace(BOB, speakers=())
    assert compare(ALICE, unnamed, TEXT).speakers == []


def test_rejected_quotes_are_absent_and_pending_ones_count() -> None:
    bob = replace(BOB, quotes=(replace(BOB.quotes[0], review="pending"), replace(BOB.quotes[2], review="rejected")))
    lenient = compare(ALICE, bob, TEXT).quotes["lenient"]
    assert (lenient.tp, lenient.pred) == (1, 1)


# --- token labels and alpha -----------------------------------------------------------------


def test_token_labels_prefer_source_over_cue_over_content() -> None:
    nested = annotation("carol", quote("c1", 0, 5, cue=6, source=7), quote("c2", 2, 3, cue=4, source=3))
    labels = token_labels(nested, words(TEXT))
    assert labels[:9] == ["CONTENT", "CONTENT", "CONTENT", "SOURCE", "CUE", "CONTENT", "CUE", "SOURCE", OUTSIDE]


def test_token_labels_take_every_token_a_span_touches() -> None:
    part = annotation("carol", Quote("c1", "direct", (Span.of(TEXT, 2, 7),)))  # "00 w0" of "w000 w001"
    assert token_labels(part, words(TEXT))[:3] == ["CONTENT", "CONTENT", OUTSIDE]


def test_token_alpha_of_one_article_by_hand() -> None:
    # 20 tokens. alice: 0-9 CONTENT, 10 SOURCE, 11 CUE, 12-15 CONTENT, else O.
    # bob: 0-6 CONTENT, 10 SOURCE, 11 CUE, 12-15 CONTENT, 18-19 CONTENT, else O.
    # They differ on 7, 8, 9 (CONTENT/O) and 18, 19 (O/CONTENT): 5 units, each o = 2 (both orders).
    # values: CONTENT 14 + 13 = 27, O 4 + 5 = 9, SOURCE 2, CUE 2; n = 40 (20 units of 2)
    # alpha = 1 - (n - 1) * 10 / (n^2 - sum n_c^2) = 1 - 390 / (1600 - 729 - 81 - 4 - 4) = 1 - 390/782
    alpha = article_alpha([ALICE, BOB], TEXT)
    assert alpha.units == 20
    assert alpha.value == pytest.approx(1 - 390 / 782)


# --- several articles -----------------------------------------------------------------------


def test_pairs_articles_and_pooled_figures_add_up() -> None:
    carol = annotation("carol", *ALICE.quotes, speakers=LAVROV)
    report = agreement([("d", TEXT, [BOB, carol, ALICE]), ("e", TEXT, [replace(ALICE, doc_id="e")])])
    assert sorted(report.pairs) == [("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    assert report.pairs[("alice", "carol")].quotes["exact"].f1 == 1.0
    assert report.pooled.comparisons == 3
    assert report.pooled.quotes["lenient"].tp == 2 + 2 + 2
    assert report.not_compared == [("e", "1 annotator (alice)")]
    assert report.annotators == ["alice", "bob", "carol"]
    assert report.alpha.units == 20 and report.articles[0].quotes == {"alice": 2, "bob": 3, "carol": 2}


def test_an_article_annotated_on_another_text_is_not_compared() -> None:
    other = replace(BOB, text_sha256=text_sha256(TEXT + " more"))
    report = agreement([("d", TEXT, [ALICE, other])])
    assert report.articles == [] and report.not_compared == [("d", "annotated on different versions of its text")]


def test_one_annotator_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="alice"):
        agreement([("d", TEXT, [ALICE, ALICE])])
