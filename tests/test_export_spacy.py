"""export --format spacy: the DocBin holds the gold spans through the one conversion, and
the config.cfg beside it trains a ner that predicts (a few steps only: a smoke test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator import store
from annotator.cli import main

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spacy") / "data"
    code = main(
        ["export", str(REPO / "annotations"), "--root", str(REPO), "--out", str(out), "--format", "spacy"]
        + ["--split", "50/50"]
    )
    assert code == 0
    return out


def gold() -> dict[str, tuple[Any, str]]:
    found = {}
    for path in sorted((REPO / "annotations" / "gold").glob("*.yaml")):
        annotation, text = store.load(path, REPO)
        found[annotation.doc_id] = (annotation, text)
    return found


def docs(folder: Path) -> list[Any]:
    import spacy
    from spacy.tokens import DocBin

    import annotator.detect.component  # noqa: F401  (the quote_info extension)

    nlp = spacy.blank("en")
    return [
        doc for split in ("train", "dev") for doc in DocBin().from_disk(folder / f"{split}.spacy").get_docs(nlp.vocab)
    ]


def test_docbin_spans_are_the_gold_spans(exported: Path) -> None:
    from annotator.detect.component import SPAN_KEYS

    by_text = {text: annotation for annotation, text in gold().values()}
    loaded = docs(exported)
    assert len(loaded) == 4
    for doc in loaded:
        annotation = by_text[doc.text]
        for role, key in SPAN_KEYS.items():
            expected = sorted(
                (q.id, s.text.strip()) for q in annotation.quotes if q.review != "rejected" for s in q.spans(role)
            )
            assert sorted((s.label_, s.text) for s in doc.spans[key]) == expected
        assert {e.label_ for e in doc.ents} <= {"CONTENT", "CUE", "SOURCE"}
        assert all(not e.text[0].isspace() and not e.text[-1].isspace() for e in doc.ents)


def test_docbin_back_to_annotations_through_the_shared_conversion(exported: Path) -> None:
    from annotator.detect.convert import to_annotation
    from annotator.model import DetectorInfo

    by_text = {text: annotation for annotation, text in gold().values()}
    for doc in docs(exported):
        original = by_text[doc.text]
        back = to_annotation(doc, original.doc_id, original.article, DetectorInfo("x", "0", "blank"))
        kept = [q for q in original.quotes if q.review != "rejected"]

        def facts(annotation: Any, quotes: list[Any]) -> list[object]:
            return [
                (
                    q.type,
                    annotation.speaker_name(q),
                    [tuple(s.text.strip() for s in q.spans(role)) for role in ("content", "cue", "source")],
                )
                for q in quotes
            ]

        assert facts(back, list(back.quotes)) == facts(original, kept)


def test_the_config_trains_a_ner_that_predicts(exported: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "spacy", "train", str(exported / "config.cfg")]
    command += ["--paths.train", str(exported / "train.spacy"), "--paths.dev", str(exported / "dev.spacy")]
    command += ["--training.max_steps", "5", "--training.eval_frequency", "5", "--output", str(tmp_path / "model")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:] + result.stdout[-2000:]
    import spacy

    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"CONTENT", "CUE", "SOURCE"}
    doc = nlp("“We will win,” the minister said on Tuesday.")
    assert all(e.label_ in {"CONTENT", "CUE", "SOURCE"} for e in doc.ents)  # five steps learn little: it runs


def test_overlapping_spans_stay_in_the_groups_and_the_entities_that_do_not_fit_are_reported() -> None:
    import spacy

    from annotator.detect.convert import to_doc
    from annotator.model import Annotation, Quote, Span, Speaker, text_sha256

    text = "Officials said  the plan, which Jane Doe called “a mess ”, would fail.\n"

    def span(part: str) -> Span:
        return Span.of(text, text.index(part), text.index(part) + len(part))

    outer = Quote("q1", "indirect", (span("the plan, which Jane Doe called “a mess ”, would fail"),), (span("said"),))
    inner = Quote("q2", "direct", (span(" “a mess ”"),), (span("called"),), (span("Jane Doe"),), speaker="s1")
    annotation = Annotation(
        "d",
        "d.txt",
        text_sha256(text),
        "gold",
        "done",
        speakers=(Speaker("s1", "Jane Doe", "person"),),
        quotes=(outer, inner),
    )
    doc, problems = to_doc(spacy.blank("en"), annotation, text)
    assert [(s.label_, s.text) for s in doc.spans["quote_content"]] == [
        ("q1", "the plan, which Jane Doe called “a mess ”, would fail"),
        ("q2", "“a mess ”"),  # trimmed of its leading space
    ]
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("CUE", "said"),
        ("CONTENT", "the plan, which Jane Doe called “a mess ”, would fail"),
    ]
    assert len(problems) == 3 and all("overlaps a longer span" in p for p in problems)
    assert doc._.quote_info[1] == {
        "id": "q2",
        "type": "direct",
        "speaker": "Jane Doe",
        "speaker_kind": "person",
        "confidence": None,
    }
