"""Reviewing and adjudicating, without a screen: the corpus list, decisions, promotion."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.review import Adjudication, load_corpus, promote, quote_texts
from tests.conftest import REPO

LAVROV = "001_0c38e3542eae8caf"


def two_annotators(corpus: Path, *, bob_differs: bool = True) -> tuple[Path, Path]:
    """Alice and Bob annotated the Lavrov seed; Bob gave one quote another speaker and rejected one."""
    gold, text = store.load(REPO / "annotations" / "gold" / f"{LAVROV}.yaml", REPO)
    alice = replace(gold, annotator="alice", status="done")
    bob = replace(gold, annotator="bob", status="done")
    if bob_differs:
        other = tuple(s for s in gold.speakers if s.id != gold.quotes[0].speaker)[0]
        quotes = list(bob.quotes)
        quotes[0] = replace(quotes[0], speaker=other.id)
        quotes[1] = replace(quotes[1], review="rejected")
        bob = replace(bob, quotes=tuple(quotes))
    paths = (corpus / "annotations" / "alice" / f"{LAVROV}.yaml", corpus / "annotations" / "bob" / f"{LAVROV}.yaml")
    store.save(alice, paths[0])
    store.save(bob, paths[1])
    return paths


@pytest.fixture
def work(corpus: Path) -> Path:
    two_annotators(corpus)
    return corpus


def test_the_corpus_list_shows_versions_gold_state_and_disagreements(work: Path) -> None:
    [row] = load_corpus([Path("annotations")])
    assert row.texts == [] and not row.matches("good luck")  # the quote texts are read apart
    row.texts = quote_texts([Path("annotations")])[row.doc_id]
    assert [v.annotator for v in row.versions] == ["alice", "bob"]
    assert row.gold_state == "adjudicate" and row.differences == 2
    assert row.versions[1].counts["rejected"] == row.versions[0].counts["rejected"] + 1
    assert row.matches("lavrov") and row.matches("good luck") and not row.matches("zzz")


def test_adjudicating_writes_gold_with_provenance_and_undo(work: Path) -> None:
    versions = [(p, store.load(p)[0]) for p in sorted(Path("annotations").glob("*/*.yaml"))]
    text = store.load(versions[0][0])[1]
    adjudication = Adjudication(Path("annotations"), versions, text, "carol")
    gold_path = Path("annotations") / "gold" / f"{LAVROV}.yaml"
    assert not gold_path.exists()  # nothing is written before a decision
    speaker_group, rejected_group = adjudication.undecided()
    adjudication.take(speaker_group, "bob")
    adjudication.take(rejected_group, "alice")
    assert adjudication.undecided() == []
    saved = store.load(gold_path)[0]
    assert saved.annotator == "gold" and saved.status == "in_progress"
    assert saved.provenance is not None and saved.provenance.adjudicator == "carol"
    assert [s.annotator for s in saved.provenance.sources] == ["alice", "bob"]
    assert adjudication.decision(speaker_group).taken_from == "bob"
    assert adjudication.decision(rejected_group).taken_from == "alice"
    live = [q for q in versions[0][1].quotes if q.review != "rejected"]  # what all reject is no quote
    assert len(saved.quotes) == len(live)
    adjudication.undo()
    assert adjudication.decision(rejected_group).quote is None and len(store.load(gold_path)[0].quotes) == len(live) - 1
    adjudication.mark("done")
    adjudication.close()
    [row] = load_corpus([Path("annotations")])
    assert row.gold_state == "gold" and row.choice.reason == "the gold file"


def test_articles_whose_annotators_agree_are_promoted_in_one_step(corpus: Path) -> None:
    two_annotators(corpus, bob_differs=False)
    rows = load_corpus([Path("annotations")])
    assert rows[0].differences == 0
    assert promote(rows, Path("annotations"), "carol") == [(LAVROV, "promoted: 2 annotators agree")]
    gold = store.load(Path("annotations") / "gold" / f"{LAVROV}.yaml")[0]
    assert gold.status == "done" and gold.provenance is not None
    assert promote(load_corpus([Path("annotations")]), Path("annotations"), "carol") == []  # already gold


def test_done_files_with_pending_quotes_are_not_promoted(corpus: Path) -> None:
    """Two done annotators who agree but left a quote pending: nobody decided on it, so no gold."""
    for path in two_annotators(corpus, bob_differs=False):
        annotation = store.load(path)[0]
        quotes = (replace(annotation.quotes[0], review="pending"), *annotation.quotes[1:])
        store.save(replace(annotation, quotes=quotes), path)
    rows = load_corpus([Path("annotations")])
    assert not rows[0].choice.taken
    report = promote(rows, Path("annotations"), "carol")
    assert report == [(LAVROV, "done with pending quotes (alice, bob): not gold until decided")]
    assert not list(Path("annotations").glob("gold/*.yaml"))


def test_an_article_with_only_a_gold_version_can_still_be_read(corpus: Path) -> None:
    path = corpus / "annotations" / "gold" / f"{LAVROV}.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes((REPO / "annotations" / "gold" / f"{LAVROV}.yaml").read_bytes())
    annotation, text = store.load(path)
    adjudication = Adjudication(Path("annotations"), [(path, annotation)], text, "carol")
    assert [a.annotator for a in adjudication.versions] == ["gold"] and adjudication.undecided() == []
