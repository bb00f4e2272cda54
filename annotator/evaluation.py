"""``annotator evaluate``: gather gold and predicted annotations, score, print."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from annotator.errors import UserError
from annotator.evaluate import Report, evaluate, render
from annotator.formats import brat
from annotator.model import Annotation
from annotator.store import StoreError, find_files, load


def gold_documents(path: Path, root: Path | None = None) -> list[tuple[Annotation, str]]:
    """Gold annotations with their texts: annotation files, or a brat folder (one annotator
    per article: the first by name, so that an article counts once)."""
    if path.is_dir() and (any(path.glob("*.ann")) or (path / "attributions").is_dir()):
        pairs = ((brat.to_annotation(d), d.text) for d in brat.read_folder(path) if not isinstance(d, str))
    else:
        pairs = (load(file, root) for file in find_files([path]))
    found: dict[str, tuple[Annotation, str]] = {}
    for annotation, text in pairs:
        if annotation.doc_id not in found or annotation.annotator < found[annotation.doc_id][0].annotator:
            found[annotation.doc_id] = (annotation, text)
    if not found:
        raise UserError(f"{path}: no gold annotations found")
    return [found[k] for k in sorted(found)]


def predicted(path: Path, root: Path | None = None) -> dict[str, Annotation]:
    result: dict[str, Annotation] = {}
    for file in find_files([path]):
        try:
            annotation, _ = load(file, root)
        except StoreError as err:
            raise UserError(str(err.problems[0])) from None
        result[annotation.doc_id] = annotation
    return result


def detected(gold: list[tuple[Annotation, str]], model: str | None) -> dict[str, Annotation]:
    from annotator.corpus import Article
    from annotator.detect.pipeline import load as load_nlp
    from annotator.detect.run import detect_texts

    articles = [Article(a.doc_id, a.article, text) for a, text in gold]
    return {doc.doc_id: draft for doc, draft in detect_texts(load_nlp(model), articles)}


def run(gold_path: Path, pred_path: Path | None, model: str | None = None, root: Path | None = None) -> Report:
    gold = gold_documents(gold_path, root)
    pred = predicted(pred_path, root) if pred_path else detected(gold, model)
    triples: Iterator[tuple[Annotation, Annotation | None, str]] = (
        (annotation, pred.get(annotation.doc_id), text) for annotation, text in gold
    )
    return evaluate(triples)


def evaluate_cli(gold: Path, pred: Path | None, *, as_json: bool, model: str | None, root: Path | None) -> str:
    report = run(gold, pred, model, root)
    if as_json:
        return json.dumps(report.as_dict(), indent=2)
    title = f"gold: {gold}   predictions: {pred or 'the detector'}"
    return render(report, title)
