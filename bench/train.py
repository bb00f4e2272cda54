"""Training benchmark on PolNeAR: `annotator train` on ../shared/polnear/train, then the rules
alone, the trained model alone and the two combined, scored on PolNeAR dev and on the train
articles the training never saw (the test share of its 80/10/10 split).

    .venv/bin/python bench/train.py [--max-minutes 30] [--out /tmp/quote-model-polnear]
    .venv/bin/python bench/train.py --model /tmp/quote-model-polnear     (score a model already trained)
    .venv/bin/python bench/train.py --resume /tmp/quote-model-polnear --out /tmp/quote-model-polnear-2

The texts are read from ../shared/polnear and never copied; the imported annotations and the
model are written under /tmp (a model trained on PolNeAR is never committed).  Prints P/R/F1,
lenient and strict, by quote type, the training time, how far the goals are met, and the
precision of the combination's quotes by confidence (what the confidences are measured from).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from annotator.commands.evaluate import read_gold
from annotator.commands.train import Settings, checkpoint_line, train
from annotator.detect.component import QuoteAttribution
from annotator.detect.convert import to_annotation
from annotator.detect.learned import MODEL_KEY, QuoteModel
from annotator.detect.pipeline import COMPONENT, info, load
from annotator.formats.brat import import_folder
from annotator.model import Annotation
from annotator.scores import LENIENT, Report, evaluate, match, render
from annotator.splits import Splits

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear"
SPLIT = "80/10/10"  # of PolNeAR train: train, dev (picks the best checkpoint), test (never seen)
SYSTEMS = ("rules alone", "model alone", "combination")


def trained_model(args: argparse.Namespace) -> tuple[Path, float | None]:
    if args.model:
        return args.model, None
    with tempfile.TemporaryDirectory(prefix="polnear-gold-") as folder:
        imported = import_folder(args.polnear / "train", Path(folder), "polnear", by_annotator=True)
        print(f"imported PolNeAR train: {imported.summary()}", file=sys.stderr)
        settings = Settings(split=SPLIT, max_minutes=args.max_minutes, seed=args.seed, resume=args.resume)
        started = time.perf_counter()
        done = train(
            [Path(folder)],
            args.out,
            settings,
            force=True,
            report=lambda c: print(checkpoint_line(c), file=sys.stderr, flush=True),
        )
        seconds = time.perf_counter() - started
    print(done.summary(), file=sys.stderr)
    return args.out, seconds


def systems(nlp: Any, model: QuoteModel, gold: list[tuple[Annotation, str]]) -> dict[str, list[Any]]:
    """Each system's (gold, prediction, text) triples: one parse, the model run once."""
    rules = QuoteAttribution(nlp, COMPONENT)
    alone = QuoteAttribution(nlp, COMPONENT, rules=False)
    detector = info(nlp)
    found: dict[str, list[Any]] = {name: [] for name in SYSTEMS}
    with nlp.select_pipes(disable=[COMPONENT]):
        docs = nlp.pipe([text for _, text in gold], batch_size=16)
        for (annotation, text), doc in zip(gold, docs, strict=True):
            for name, component in (("rules alone", rules), ("model alone", alone), ("combination", rules)):
                if name == "model alone":
                    model(doc)
                draft = to_annotation(component(doc), annotation.doc_id, annotation.article, detector)
                found[name].append((annotation, draft, text))
    return found


def by_confidence(triples: list[Any]) -> dict[float, list[int]]:
    """Per confidence value: [quotes, matched to gold at the lenient level]."""
    counts: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for gold, pred, _ in triples:
        matched = {id(p) for p, _ in match(list(pred.quotes), list(gold.quotes), LENIENT)}
        for quote in pred.quotes:
            counts[quote.confidence][0] += 1
            counts[quote.confidence][1] += id(quote) in matched
    return dict(sorted(counts.items(), key=lambda kv: -(kv[0] or 0)))


def goals(rules: Report, combined: Report) -> list[str]:
    def prf(report: Report, view: str, level: str = "lenient") -> Any:
        return report.quotes[view][level].prf

    both, alone = prf(combined, "all"), prf(rules, "all")
    lines = [
        f"all attributions F1 {both.f1:.3f} (goal >= 0.78; rules alone {alone.f1:.3f})",
        f"recall {both.recall:.3f} at precision {both.precision:.3f} (goal: R >= 0.72 at P >= 0.84)",
    ]
    for level in ("lenient", "strict"):
        mine, theirs = prf(combined, "direct", level), prf(rules, "direct", level)
        lines.append(f"direct quotes F1 {level}: {mine.f1:.3f} combined, {theirs.f1:.3f} rules alone (goal: no worse)")
    return lines


def report(title: str, gold: list[tuple[Annotation, str]], nlp: Any, model: QuoteModel) -> None:
    started = time.perf_counter()
    found = systems(nlp, model, gold)
    seconds = time.perf_counter() - started
    reports = {name: evaluate(triples) for name, triples in found.items()}
    print(f"===== {title}: {len(gold)} articles (three systems scored in {seconds:.0f} s)")
    for name, scored in reports.items():
        print()
        print(render(scored, f"== {name}"))
    print()
    print(f"== goals, {title}")
    for line in goals(reports["rules alone"], reports["combination"]):
        print("  " + line)
    print()
    print(f"== the combination's quotes by confidence, {title}: precision at the lenient level")
    for confidence, (total, hits) in by_confidence(found["combination"]).items():
        print(f"  confidence {confidence}: {total:5d} quotes, precision {hits / total:.3f}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--out", type=Path, default=Path("/tmp/quote-model-polnear"), help="where the model goes")
    parser.add_argument("--model", type=Path, default=None, help="score this trained model; do not train")
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resume", type=Path, default=None, help="go on training this model (into --out)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles of each set")
    args = parser.parse_args()
    if not (args.polnear / "train").is_dir():
        print(f"PolNeAR not found at {args.polnear}: nothing to measure", file=sys.stderr)
        return 1
    path, seconds = trained_model(args)
    nlp = load(None)
    model = QuoteModel(nlp, MODEL_KEY, path=str(path))
    if seconds is not None:
        print(f"training time: {seconds / 60:.1f} min (import of the gold and export included), this machine")
    print(f"model: {path}")
    print()
    splits = Splits.parse(SPLIT)
    train_gold = read_gold(args.polnear / "train").documents
    held_out = [(a, t) for a, t in train_gold if splits.of(a.doc_id) == "test"]
    dev = read_gold(args.polnear / "dev").documents
    limit = args.limit or None
    report("PolNeAR dev", dev[:limit], nlp, model)
    report("PolNeAR train, held-out test share (never trained on)", held_out[:limit], nlp, model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
