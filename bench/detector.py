"""Detector benchmark on PolNeAR: ours beside textacy 0.13's direct_quotations, same parse.

    make bench            (or: .venv/bin/python bench/detector.py [--split dev|train] [--limit N])

Prints the quote-level table for both systems (direct-quote view and all
attributions), then throughput: articles per second and our component's time as
a share of spaCy's own parse time.  The texts are read from ../shared/polnear and
never copied.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from annotator.commands.evaluate import read_gold
from annotator.detect.component import QuoteAttribution
from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import COMPONENT, info, load
from annotator.model import Annotation, Quote, Span, text_sha256
from annotator.quotes import paragraphs
from annotator.scores import evaluate, render

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear"


def textacy_annotation(doc: Any, gold: Annotation) -> Annotation:
    """textacy's direct quotations, run paragraph by paragraph (it gives up on a whole text
    with an odd number of marks)."""
    from textacy.extract.triples import direct_quotations

    text = doc.text
    quotes = []
    for p0, p1 in paragraphs(text):
        span = doc.char_span(p0, p1, alignment_mode="expand")
        if span is None:
            continue
        try:
            triples = list(direct_quotations(span.as_doc()))
        except (ValueError, IndexError):
            continue
        for triple in triples:
            base = span.start_char

            def spans(tokens: Any, base: int = base) -> tuple[Span, ...]:
                if not tokens:
                    return ()
                a, b = base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text)
                return (Span.of(text, a, b),)

            content = triple.content
            quotes.append(
                Quote(
                    id=f"q{len(quotes) + 1}",
                    type="direct",
                    content=(Span.of(text, base + content.start_char, base + content.end_char),),
                    cue=spans(list(triple.cue)),
                    source=spans(list(triple.speaker)),
                )
            )
    return Annotation(gold.doc_id, gold.article, text_sha256(text), "textacy", quotes=tuple(quotes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args()
    folder = args.polnear / args.split
    if not folder.is_dir():
        print(f"PolNeAR not found at {folder}: nothing to measure", file=sys.stderr)
        return 1
    found = read_gold(folder)
    gold = found.documents
    if args.limit:
        gold = gold[: args.limit]
    nlp = load(None)
    texts = [text for _, text in gold]

    with nlp.select_pipes(disable=[COMPONENT]):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse_seconds = time.perf_counter() - started
    component = QuoteAttribution(nlp, COMPONENT)
    started = time.perf_counter()
    for doc in docs:
        component(doc)
    ours_seconds = time.perf_counter() - started

    detector = info(nlp)
    ours = [
        (g, to_annotation(doc, g.doc_id, g.article, detector), text) for (g, text), doc in zip(gold, docs, strict=True)
    ]
    started = time.perf_counter()
    theirs = [(g, textacy_annotation(doc, g), text) for (g, text), doc in zip(gold, docs, strict=True)]
    textacy_seconds = time.perf_counter() - started

    print(f"PolNeAR {args.split}: {len(gold)} articles with gold by the gold rule (annotator.gold)")
    for line in found.passed_over:
        print(f"  left out: {line}")
    print()
    print(render(evaluate(ours), "== quote_attribution (ours)"))
    print()
    report = evaluate(theirs)
    report.quotes = {"direct": report.quotes["direct"], "all": report.quotes["all"]}
    print(render(report, "== textacy 0.13 direct_quotations (per paragraph; finds direct quotes only)"))
    print()
    n = len(gold)
    print("== throughput (this machine, one process)")
    print(f"spaCy parse:            {parse_seconds:7.2f} s  {n / parse_seconds:6.1f} articles/s")
    print(f"quote_attribution:      {ours_seconds:7.2f} s  = {100 * ours_seconds / parse_seconds:.1f}% of the parse")
    print(
        f"textacy (per paragraph):{textacy_seconds:7.2f} s  = {100 * textacy_seconds / parse_seconds:.1f}% of the parse"
    )
    print(f"parse + ours:           {n / (parse_seconds + ours_seconds):6.1f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
