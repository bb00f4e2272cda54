"""``annotator evaluate``: gather gold and predicted annotations, score, print."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import UserError
from annotator.formats import brat
from annotator.model import Annotation, text_sha256
from annotator.scores import Report, evaluate, render
from annotator.store import StoreError, find_files, load


@dataclass
class Gold:
    documents: list[tuple[Annotation, str]]
    warnings: list[str] = field(default_factory=list)  # brat lines that could not be held
    unreadable: list[str] = field(default_factory=list)  # brat files that could not be read at all


@dataclass
class Evaluation:
    report: Report
    warnings: list[str] = field(default_factory=list)  # gold lines passed over: said, not a failure
    refused: list[str] = field(default_factory=list)  # gold files unreadable, pairs not scored: exit 1

    @property
    def scored(self) -> int:
        """Gold documents scored against a prediction."""
        return self.report.documents - len(self.report.missing)

    def summary(self) -> str:
        parts = [f"{self.scored} of {self.report.documents} gold documents scored against a prediction"]
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings reading the gold")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)


def read_gold(path: Path, root: Path | None = None) -> Gold:
    """Gold annotations with their texts: annotation files, or a brat folder (one annotator
    per article: the first by name, so that an article counts once), and what was passed over."""
    gold = Gold([])
    pairs: list[tuple[Annotation, str]] = []
    if path.is_dir() and (any(path.glob("*.ann")) or (path / "attributions").is_dir()):
        for doc in brat.read_folder(path):
            if isinstance(doc, str):
                gold.unreadable.append(doc)
            else:
                gold.warnings.extend(doc.warnings)
                pairs.append((brat.to_annotation(doc), doc.text))
    else:
        pairs = [load(file, root) for file in find_files([path])]
    found: dict[str, tuple[Annotation, str]] = {}
    for annotation, text in pairs:
        if annotation.doc_id not in found or annotation.annotator < found[annotation.doc_id][0].annotator:
            found[annotation.doc_id] = (annotation, text)
    if not found:
        raise UserError(f"{path}: no gold annotations found")
    gold.documents = [found[k] for k in sorted(found)]
    return gold


def gold_documents(path: Path, root: Path | None = None) -> list[tuple[Annotation, str]]:
    return read_gold(path, root).documents


def predicted(path: Path, root: Path | None = None) -> dict[str, tuple[Annotation, str]]:
    """Predicted annotations by doc id, each with the file it came from."""
    result: dict[str, tuple[Annotation, str]] = {}
    for file in find_files([path]):
        try:
            annotation, _ = load(file, root)
        except StoreError as err:
            raise UserError(str(err.problems[0])) from None
        result[annotation.doc_id] = (annotation, str(file))
    return result


def detected(gold: list[tuple[Annotation, str]], model: str | None) -> dict[str, tuple[Annotation, str]]:
    from annotator.corpus import Article
    from annotator.detect.pipeline import load as load_nlp
    from annotator.detect.run import detect_texts

    articles = [Article(a.doc_id, a.article, text) for a, text in gold]
    return {doc.doc_id: (draft, "the detector") for doc, draft in detect_texts(load_nlp(model), articles)}


def run(gold_path: Path, pred_path: Path | None, model: str | None = None, root: Path | None = None) -> Evaluation:
    gold = read_gold(gold_path, root)
    pred = predicted(pred_path, root) if pred_path else detected(gold.documents, model)
    refused = list(gold.unreadable)
    triples: list[tuple[Annotation, Annotation | None, str]] = []
    for annotation, text in gold.documents:
        prediction, where = pred.get(annotation.doc_id, (None, ""))
        if prediction is not None and prediction.text_sha256 != text_sha256(text):
            refused.append(
                f"{where}: annotates another text than the gold's {annotation.doc_id} ({annotation.article}): "
                "text_sha256 differs; not scored"
            )
            continue
        triples.append((annotation, prediction, text))
    return Evaluation(evaluate(triples), gold.warnings, refused)


def evaluate_cli(
    gold: Path, pred: Path | None, *, as_json: bool, model: str | None, root: Path | None
) -> tuple[str, Evaluation]:
    """The text to print, and the evaluation (its warnings and refusals go to stderr)."""
    result = run(gold, pred, model, root)
    if as_json:
        data = {**result.report.as_dict(), "gold_warnings": len(result.warnings), "refused": result.refused}
        return json.dumps(data, indent=2), result
    title = f"gold: {gold}   predictions: {pred or 'the detector'}"
    return render(result.report, title), result
