"""``annotator evaluate``: gather gold and predicted annotations, score, print."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import UserError
from annotator.formats import brat
from annotator.gold import Choice, Layer, choose_all
from annotator.model import GOLD_ANNOTATOR, Annotation, text_sha256
from annotator.scores import Report, evaluate, render
from annotator.store import StoreError, find_files, load, summaries


@dataclass
class Gold:
    documents: list[tuple[Annotation, str]]
    warnings: list[str] = field(default_factory=list)  # brat lines that could not be held
    unreadable: list[str] = field(default_factory=list)  # files that could not be read at all
    passed_over: list[str] = field(default_factory=list)  # articles with no gold yet, to adjudicate
    choices: list[str] = field(default_factory=list)  # per article: the file taken, and why


@dataclass
class Evaluation:
    report: Report
    warnings: list[str] = field(default_factory=list)  # gold lines passed over: said, not a failure
    passed_over: list[str] = field(default_factory=list)  # articles to adjudicate: said, not a failure
    choices: list[str] = field(default_factory=list)  # --verbose: the gold file of each article, and why
    refused: list[str] = field(default_factory=list)  # gold files unreadable, pairs not scored: exit 1

    @property
    def scored(self) -> int:
        """Gold documents scored against a prediction."""
        return self.report.documents - len(self.report.missing)

    def summary(self) -> str:
        parts = [f"{self.scored} of {self.report.documents} gold documents scored against a prediction"]
        if self.passed_over:
            parts.append(f"{len(self.passed_over)} articles not scored until adjudicated")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings reading the gold")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)


def read_gold(path: Path, root: Path | None = None) -> Gold:
    """The gold of each article by the one gold rule (``annotator.gold``): its gold file, else the
    one person's done file; never a detector draft or a file not done.  Annotation files, or a
    brat folder whose documents are done layers (``<doc>_<who>.ann``: annotator ``who``).  An
    article that several people finished, with no gold file, is passed over and said, not guessed."""
    gold = Gold([])
    if path.is_dir() and (any(path.glob("*.ann")) or (path / "attributions").is_dir()):
        texts: dict[tuple[str, str], tuple[Annotation, str]] = {}
        layers: list[Layer[str]] = []
        for doc in brat.read_folder(path):
            if isinstance(doc, str):
                gold.unreadable.append(doc)
                continue
            gold.warnings.extend(doc.warnings)
            texts[doc.doc_id, doc.annotator] = (brat.to_annotation(doc), doc.text)
            name = f"{doc.doc_id}.ann" if doc.annotator == GOLD_ANNOTATOR else f"{doc.doc_id}_{doc.annotator}.ann"
            layers.append(Layer(doc.doc_id, doc.annotator, "done", str(path / name)))
        for choice in choose_all(layers):
            if _said(gold, choice) and choice.layer is not None:
                gold.documents.append(texts[choice.doc_id, choice.layer.annotator])
    else:
        found, folders = summaries([path])
        gold.unreadable.extend(map(str, folders))
        broken = set()
        for summary in found:
            if not summary.loads:
                gold.unreadable.extend(f"{p}; its article is not scored" for p in summary.problems)
                broken.add(summary.path.stem)  # a file's name is its doc id
        layers = [Layer(s.doc_id, s.annotator, s.status, str(s.path), s.pending) for s in found if s.loads]
        for choice in choose_all(layers):
            if choice.doc_id in broken:
                continue
            if _said(gold, choice) and choice.layer is not None:
                gold.documents.append(load(Path(choice.layer.item), root))
    if not gold.documents and not gold.passed_over and not gold.unreadable:
        raise UserError(f"{path}: no gold annotations found (a gold file, or one person's done file)")
    return gold


def _said(gold: Gold, choice: Choice[str]) -> bool:
    """Note what the rule decided for one article; True when it has gold."""
    taken = choice.layer.item if choice.layer is not None else "nothing"
    gold.choices.append(f"{choice.doc_id}: {taken}: {choice.reason}")
    if choice.adjudicate:
        gold.passed_over.append(f"{choice.doc_id}: not scored: {choice.reason}")
    return choice.layer is not None


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
    return Evaluation(evaluate(triples), gold.warnings, gold.passed_over, gold.choices, refused)


def evaluate_cli(
    gold: Path, pred: Path | None, *, as_json: bool, model: str | None, root: Path | None
) -> tuple[str, Evaluation]:
    """The text to print, and the evaluation (its warnings and refusals go to stderr)."""
    result = run(gold, pred, model, root)
    if as_json:
        data = {
            **result.report.as_dict(),
            "gold_warnings": len(result.warnings),
            "not_scored": result.passed_over,
            "refused": result.refused,
        }
        return json.dumps(data, indent=2), result
    title = f"gold: {gold}   predictions: {pred or 'the detector'}"
    return render(result.report, title), result
