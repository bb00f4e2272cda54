"""Detector benchmark on PolNeAR: ours beside textacy 0.13's direct_quotations, same parse.

    make bench            (or: .venv/bin/python bench/detector.py [--split dev|train] [--limit N])

Prints the quote-level table for both systems (direct-quote view and all attributions), source
and speaker accuracy by kind of gold source (name, surname, pronoun, description, organisation),
then throughput: articles per second and our component's time as a share of spaCy's own parse
time.  The texts are read from ../shared/polnear and never copied.  ``--parsed FILE`` keeps
spaCy's parse in FILE (a DocBin that holds the texts: keep it outside the repository) and reuses
it, to measure a rule change in seconds; ``--no-textacy`` leaves out the comparison.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

from spacy.tokens import DocBin

from annotator.commands.evaluate import read_gold
from annotator.detect.component import QuoteAttribution
from annotator.detect.convert import to_annotation
from annotator.detect.lexicon import lexicon
from annotator.detect.pipeline import COMPONENT, info, load
from annotator.match import LENIENT, match
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


KINDS = ("name", "surname", "pronoun", "description", "organisation")
ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}


def source_kind(doc: Any, source: Span) -> str:
    """The form of a gold source mention: a full name, a surname alone, a pronoun, an
    organisation (or its spokesperson: the guidelines make the organisation the speaker),
    else a description ('a senior official')."""
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    words = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
    if not words:
        return "description"
    if len(words) == 1 and words[0].pos_ == "PRON":
        return "pronoun"
    head = span.root
    lex = lexicon()
    if head.ent_type_ != "PERSON" and head.lower_ in lex.unit_nouns | lex.spokes_nouns:
        named = any(e.label_ in ORG_LABELS for e in span.ents) or any(t.pos_ == "PROPN" for t in span)
        return "organisation" if named else "description"
    persons = [e for e in span.ents if e.label_ == "PERSON"]
    names = [t for t in persons[0] if t.pos_ == "PROPN" and t.lower_ not in lex.titles] if persons else []
    if not persons and all(t.pos_ == "PROPN" for t in words if t.lower_ not in lex.titles):
        if any(e.label_ in ORG_LABELS for e in span.ents):
            return "organisation"
        names = [t for t in words if t.lower_ not in lex.titles]
    if names:
        return "name" if len(names) > 1 else "surname"
    return "organisation" if any(e.label_ in ORG_LABELS for e in span.ents) else "description"


def names_agree(speaker: str, mention: str) -> bool:
    """A speaker name stands for a named gold mention: its last word appears in it
    ('Sergei Lavrov' for 'Lavrov', 'Pentagon' for 'a Pentagon spokesman')."""
    words = re.findall(r"\w+", speaker.casefold())
    return bool(words) and words[-1] in re.findall(r"\w+", mention.casefold())


def by_kind(triples: list[tuple[Annotation, Annotation, Any]]) -> str:
    """Source overlap and, for named kinds, speaker agreement, over matched quotes, by kind of
    gold source; PolNeAR names no speaker for a pronoun or a description, so those have none."""
    counts: dict[tuple[str, str], list[int]] = {}
    for gold, pred, doc in triples:
        for view in ("direct", "all"):
            keep = (lambda q: q.type == "direct") if view == "direct" else (lambda q: True)
            pairs = match([q for q in pred.quotes if keep(q)], [q for q in gold.quotes if keep(q)], LENIENT)
            for p, g in pairs:
                if not g.source:
                    continue
                kind = source_kind(doc, g.source[0])
                row = counts.setdefault((view, kind), [0, 0, 0, 0])
                row[0] += 1
                row[1] += any(a.overlap(b) > 0 for a in p.source for b in g.source)
                if kind in ("name", "surname", "organisation"):
                    row[2] += 1
                    row[3] += names_agree(pred.speaker_name(p), " ".join(s.text for s in g.source))
    lines = [f"{'source kind':<14}{'view':<8}{'n':>6}{'src~':>8}{'spk':>8}"]
    for view in ("direct", "all"):
        for kind in KINDS:
            n, hit, named, agree = counts.get((view, kind), [0, 0, 0, 0])
            spk = f"{agree / named:>8.3f}" if named else f"{'-':>8}"
            lines.append(f"{kind:<14}{view:<8}{n:>6}{(hit / n if n else 0):>8.3f}{spk}")
    lines.append("src~: our source overlaps the gold source (matched quotes, lenient); spk: our speaker's")
    lines.append("last word is in the gold mention (named kinds only: PolNeAR names no speaker for the rest)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--no-textacy", action="store_true", help="leave out the textacy comparison (faster)")
    parser.add_argument(
        "--parsed", type=Path, help="keep the parsed texts in this file (outside the repository) and reuse them"
    )
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

    started = time.perf_counter()
    if args.parsed and args.parsed.exists():  # parsed before: the component's figures only
        docs = list(DocBin().from_disk(args.parsed).get_docs(nlp.vocab))
        if [d.text for d in docs] != texts:
            print(f"{args.parsed} holds other texts than {folder}: delete it", file=sys.stderr)
            return 1
        parse_seconds = 0.0
    else:
        with nlp.select_pipes(disable=[COMPONENT]):
            docs = list(nlp.pipe(texts, batch_size=16))
        parse_seconds = time.perf_counter() - started
        if args.parsed:
            DocBin(store_user_data=False, docs=docs).to_disk(args.parsed)
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
    pairs = [] if args.no_textacy else list(zip(gold, docs, strict=True))
    theirs = [(g, textacy_annotation(doc, g), text) for (g, text), doc in pairs]
    textacy_seconds = time.perf_counter() - started

    print(f"PolNeAR {args.split}: {len(gold)} articles with gold by the gold rule (annotator.gold)")
    for line in found.passed_over:
        print(f"  left out: {line}")
    print()
    print(render(evaluate(ours), "== quote_attribution (ours)"))
    print()
    print("== ours: source and speaker by kind of gold source")
    print(by_kind([(g, a, doc) for (g, a, _), doc in zip(ours, docs, strict=True)]))
    print()
    if theirs:
        report = evaluate(theirs)
        report.quotes = {"direct": report.quotes["direct"], "all": report.quotes["all"]}
        print(render(report, "== textacy 0.13 direct_quotations (per paragraph; finds direct quotes only)"))
        print()
    n = len(gold)
    if not parse_seconds:
        print(f"== throughput: not measured (texts parsed before, read from {args.parsed})")
        print(f"quote_attribution:      {ours_seconds:7.2f} s")
        return 0
    print("== throughput (this machine, one process)")
    print(f"spaCy parse:            {parse_seconds:7.2f} s  {n / parse_seconds:6.1f} articles/s")
    print(f"quote_attribution:      {ours_seconds:7.2f} s  = {100 * ours_seconds / parse_seconds:.1f}% of the parse")
    if theirs:
        share = 100 * textacy_seconds / parse_seconds
        print(f"textacy (per paragraph):{textacy_seconds:7.2f} s  = {share:.1f}% of the parse")
    print(f"parse + ours:           {n / (parse_seconds + ours_seconds):6.1f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
