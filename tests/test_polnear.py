"""The detector against PolNeAR dev, read from ../shared (never copied into the repository).

A regression guard on the issue's targets, not a timed test; `make bench` prints the full table.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.commands.evaluate import read_gold
from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import info
from annotator.scores import evaluate
from tests.conftest import need_polnear

pytestmark = [pytest.mark.polnear, pytest.mark.slow]


def test_polnear_dev_reaches_the_targets(nlp: Any) -> None:
    found = read_gold(need_polnear() / "dev")
    gold = found.documents
    assert len(gold) == 82  # of 84: the two articles with six annotators and no gold are left out
    assert len(found.passed_over) == 2 and all("6 annotators are done" in line for line in found.passed_over)
    detector = info(nlp)
    docs = nlp.pipe([text for _, text in gold], batch_size=16)
    triples = [
        (g, to_annotation(doc, g.doc_id, g.article, detector), text) for (g, text), doc in zip(gold, docs, strict=True)
    ]
    report = evaluate(triples)
    direct = report.quotes["direct"]
    assert direct["lenient"].prf.f1 >= 0.90
    assert direct["strict"].prf.f1 >= 0.85
    assert direct["lenient"].source_overlap.value >= 0.90
    everything = report.quotes["all"]["lenient"].prf
    assert everything.recall >= 0.55 and everything.precision >= 0.80


def test_brat_import_reads_polnear_without_losing_attributions() -> None:
    from annotator.formats.brat import read_folder

    documents = [d for d in read_folder(need_polnear() / "dev") if not isinstance(d, str)]
    assert len(documents) == 94  # one per .ann file: some articles have several annotators
    events = sum(len(d.quotes) for d in documents)
    skipped = sum(1 for d in documents for w in d.warnings if "without content" in w)
    assert events > 2000 and skipped < 5
