"""The seeds annotated by hand (annotations/gold): sound files, and a regression floor for the detector."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import info
from annotator.scores import evaluate
from annotator.store import find_files, load, validate
from tests.conftest import REPO

GOLD = REPO / "annotations" / "gold"


def test_every_seed_is_annotated_done_and_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    results = dict(validate([GOLD]))
    assert len(results) == len(list((REPO / "seeds").glob("*.txt"))) == 4
    assert all(problems == [] for problems in results.values()), results
    for path in results:
        annotation, _ = load(path)
        assert annotation.status == "done" and annotation.annotator == "gold"
        assert all(q.review != "pending" for q in annotation.quotes)


@pytest.mark.slow
def test_the_detector_does_not_fall_below_its_seed_scores(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    triples = []
    for path in find_files([GOLD]):
        gold, text = load(Path(path))
        triples.append((gold, to_annotation(nlp(text), gold.doc_id, gold.article, info(nlp)), text))
    report = evaluate(triples)
    assert report.quotes["direct"]["lenient"].prf.f1 >= 0.95
    assert report.quotes["all"]["lenient"].prf.f1 >= 0.70
    assert report.quotes["all"]["lenient"].source_overlap.value >= 0.90
    # issue 12: 0.82 before; 0.94 with the speaker rules alone, 0.865 once the recall work found
    # more quotes; 1.000 (36 of 36) since a governing cue claims its clause first, a clip's
    # credit names its voice-over and a misread '-s' verb is a cue: the floor allows one miss
    assert report.quotes["all"]["lenient"].speaker.value >= 0.97
