"""evaluate takes, per article, the gold by the one gold rule, and says what it passed over."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.cli import main
from annotator.commands.evaluate import read_gold
from tests.helpers import finished, sample, write_article


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Article a: a detector draft, a pending-only annotator (carol, in progress), two conflicting
    done files (alice, bob) and a gold file.  Article b: the same people, no gold file.  Article c:
    a draft and one done file.  Article d: only a draft."""
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path)
    base = sample()
    conflicting = replace(base, quotes=base.quotes[:1])
    for doc in ("a", "b", "c", "d"):
        draft = replace(base, doc_id=doc, annotator="detector", status="draft")
        store.save(draft, tmp_path / "ann" / "detector" / f"{doc}.yaml")
    for doc in ("a", "b"):
        store.save(replace(base, doc_id=doc, annotator="carol"), tmp_path / "ann" / "carol" / f"{doc}.yaml")
        store.save(finished(replace(base, doc_id=doc, annotator="alice")), tmp_path / "ann" / "alice" / f"{doc}.yaml")
        bob = finished(replace(conflicting, doc_id=doc, annotator="bob"))
        store.save(bob, tmp_path / "ann" / "bob" / f"{doc}.yaml")
    store.save(finished(replace(conflicting, doc_id="a", annotator="gold")), tmp_path / "ann" / "gold" / "a.yaml")
    store.save(finished(replace(base, doc_id="c", annotator="alice")), tmp_path / "ann" / "alice" / "c.yaml")
    return tmp_path


def test_the_gold_of_each_article_by_the_rule(corpus: Path) -> None:
    gold = read_gold(Path("ann"))
    assert [(a.doc_id, a.annotator, len(a.quotes)) for a, _ in gold.documents] == [("a", "gold", 1), ("c", "alice", 2)]
    assert gold.passed_over == [
        "b: not scored: 2 annotators are done (alice, bob) and there is no gold file: adjudicate them"
    ]
    assert gold.choices == [
        "a: ann/gold/a.yaml: the gold file",
        "b: nothing: 2 annotators are done (alice, bob) and there is no gold file: adjudicate them",
        "c: ann/alice/c.yaml: the only done file, by alice",
        "d: nothing: no done file (a detector draft)",
    ]


def test_the_detectors_drafts_never_become_gold(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The old bug: `--gold annotations/` took the first annotator by name, the detector scored
    itself at P 1.000.  Now its drafts are scored against a (1 quote) and c (alice's 2)."""
    assert main(["evaluate", "--gold", "ann", "--pred", "ann/detector", "--verbose"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "a: ann/gold/a.yaml: the gold file",
        "b: nothing: 2 annotators are done (alice, bob) and there is no gold file: adjudicate them",
        "c: ann/alice/c.yaml: the only done file, by alice",
        "d: nothing: no done file (a detector draft)",
        "b: not scored: 2 annotators are done (alice, bob) and there is no gold file: adjudicate them",
        "2 of 2 gold documents scored against a prediction, 1 articles not scored until adjudicated",
    ]
    all_lenient = next(line for line in captured.out.splitlines() if line.startswith("all       lenient"))
    assert all_lenient.split()[2:7] == ["0.750", "1.000", "0.857", "3", "4"]  # P, R, F1, gold, pred


def test_an_unreadable_file_keeps_its_article_out(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "ann" / "gold" / "c.yaml").write_text("- a\n", encoding="utf-8")  # c's gold, broken
    assert main(["evaluate", "--gold", "ann", "--pred", "ann/detector"]) == 1
    err = capsys.readouterr().err
    assert "ann/gold/c.yaml:1:1: top level: expected a mapping, found a list; its article is not scored" in err
    assert "1 of 1 gold documents scored" in err
