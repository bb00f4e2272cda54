"""Scores checked against small examples computed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import store
from annotator.cli import main
from annotator.model import Annotation, Quote, Span, text_sha256
from annotator.scores import LENIENT, STRICT, Report, coverage, evaluate, match
from tests.helpers import finished

TEXT = " ".join(f"w{i:03d}" for i in range(20))  # each word 4 characters, then a space


def span(start: int, end: int) -> Span:
    return Span.of(TEXT, start, end)


def quote(qid: str, start: int, end: int, kind: str = "direct", source: tuple[int, int] | None = None) -> Quote:
    return Quote(qid, kind, (span(start, end),), source=(span(*source),) if source else ())  # type: ignore[arg-type]


GOLD = [quote("g1", 0, 10, source=(15, 19)), quote("g2", 20, 30, "indirect"), quote("g3", 40, 50)]
PRED = [quote("p1", 0, 4, source=(15, 17)), quote("p2", 20, 30), quote("p3", 60, 70)]


def annotation(quotes: list[Quote], who: str) -> Annotation:
    return Annotation("d", "d.txt", text_sha256(TEXT), who, quotes=tuple(quotes))


def report() -> Report:
    return evaluate([(annotation(GOLD, "gold"), annotation(PRED, "detector"), TEXT)])


def test_coverage_is_the_share_of_gold_characters_covered() -> None:
    assert coverage(PRED[0], GOLD[0]) == pytest.approx(0.4)
    assert coverage(PRED[1], GOLD[1]) == 1.0


def test_matching_is_one_to_one() -> None:
    twice = [quote("a", 0, 10), quote("b", 0, 10)]
    assert len(match(twice, [GOLD[0]], LENIENT)) == 1


def test_quote_scores_lenient_and_strict() -> None:
    scores = report().quotes["all"]
    lenient, strict = scores["lenient"].prf, scores["strict"].prf
    assert (lenient.tp, lenient.pred, lenient.gold) == (2, 3, 3)  # p1 covers 0.4 of g1: lenient only
    assert lenient.precision == pytest.approx(2 / 3) and lenient.f1 == pytest.approx(2 / 3)
    assert (strict.tp, strict.pred, strict.gold) == (1, 3, 3)
    assert STRICT == 0.8


def test_the_direct_view_ignores_a_direct_prediction_on_an_indirect_gold_quote() -> None:
    direct = report().quotes["direct"]["lenient"].prf
    # gold direct: g1, g3; predictions: p1 hits g1, p2 falls on indirect g2 (ignored), p3 is a false alarm
    assert (direct.tp, direct.pred, direct.gold) == (1, 2, 2)


def test_source_accuracy_over_matched_quotes() -> None:
    lenient = report().quotes["all"]["lenient"]
    assert (lenient.source_overlap.correct, lenient.source_overlap.total) == (1, 1)
    assert (lenient.source_exact.correct, lenient.source_exact.total) == (0, 1)


def test_role_scores_exact_and_by_token() -> None:
    roles = report().roles
    content = roles["content"]
    assert (content["exact"].tp, content["exact"].pred, content["exact"].gold) == (1, 3, 3)
    # tokens: gold g1 = w000 w001, g2 = w004 w005, g3 = w008 w009; pred p1 = w000, p2 = w004 w005, p3 = w012 w013
    assert (content["token"].tp, content["token"].pred, content["token"].gold) == (3, 5, 6)


def test_rejected_quotes_count_as_absent() -> None:
    rejected = [Quote("p9", "direct", (span(40, 50),), review="rejected")]
    scores = evaluate([(annotation(GOLD, "gold"), annotation(rejected, "x"), TEXT)]).quotes["all"]["lenient"].prf
    assert (scores.tp, scores.pred) == (0, 0)


def test_evaluate_command_prints_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    store.save(store.stamp(finished(annotation(GOLD, "gold"))), tmp_path / "gold" / "d.yaml")
    store.save(store.stamp(annotation(PRED, "detector")), tmp_path / "pred" / "d.yaml")
    out = tmp_path / "out.json"
    with out.open("w") as handle:
        monkeypatch.setattr("sys.stdout", handle)
        assert main(["evaluate", "--gold", "gold", "--pred", "pred", "--json"]) == 0
    data = json.loads(out.read_text())
    assert data["quotes"]["all"]["lenient"]["precision"] == pytest.approx(0.6667, abs=1e-4)
    assert data["quotes"]["direct"]["lenient"]["tp"] == 1


def test_role_scores_by_quote_type() -> None:
    by_type = report().roles_by_type
    assert set(by_type) == {"direct", "mixed", "indirect"}
    # direct: gold g1, g3; predictions p1, p2, p3 (all direct): p1 and g1 share w000
    direct = by_type["direct"]["content"]["token"]
    assert (direct.tp, direct.pred, direct.gold) == (1, 5, 4)
    indirect = by_type["indirect"]["content"]["token"]
    assert (indirect.tp, indirect.pred, indirect.gold) == (0, 0, 2)


def test_the_exact_level_needs_identical_content() -> None:
    from annotator.match import EXACT

    assert match([quote("a", 0, 10)], [GOLD[0]], EXACT) and not match([quote("a", 0, 12)], [GOLD[0]], EXACT)


def test_matching_compares_only_overlapping_quotes_and_agrees_with_the_brute_force() -> None:
    import itertools
    import random

    from annotator.match import coverage

    rng = random.Random(7)
    for _ in range(200):
        pred = [quote(f"p{i}", s, s + rng.randint(1, 30)) for i, s in enumerate(rng.sample(range(0, 60), 6))]
        gold = [quote(f"g{i}", s, s + rng.randint(1, 30)) for i, s in enumerate(rng.sample(range(0, 60), 6))]
        candidates = sorted(
            ((c, i, j) for (i, p), (j, g) in itertools.product(enumerate(pred), enumerate(gold))
             if (c := coverage(p, g)) >= LENIENT),
            key=lambda t: (-t[0], t[1], t[2]),
        )  # fmt: skip
        used_p: set[int] = set()
        used_g: set[int] = set()
        expected = []
        for _, i, j in candidates:
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
                expected.append((pred[i], gold[j]))
        assert match(pred, gold, LENIENT) == expected


def test_a_score_with_nothing_to_score_is_a_dash_not_zero() -> None:
    """No mixed quote predicted nor in the gold: '0.000' there read as a failure to a new user."""
    from annotator.scores import PRF, Accuracy, QuoteScores, render

    report = Report(documents=1)
    report.quotes = {
        "all": {"lenient": QuoteScores(PRF(tp=1, pred=2, gold=1), Accuracy(1, 1), Accuracy(0, 1), Accuracy(1, 1))},
        "mixed": {"lenient": QuoteScores()},
        "indirect": {"lenient": QuoteScores(PRF(tp=0, pred=1, gold=0))},
    }
    rows = {line.split()[0]: line.split()[2:] for line in render(report).splitlines()[3:6]}
    assert rows["all"] == ["0.500", "1.000", "0.667", "1", "2", "1.000", "0.000", "1.000"]
    assert rows["mixed"] == ["-", "-", "-", "0", "0", "-", "-", "-"]
    assert rows["indirect"] == ["0.000", "-", "0.000", "0", "1", "-", "-", "-"]
