"""What the detector misses on PolNeAR, and which sources it gets wrong, by family.

    .venv/bin/python bench/misses.py [--split dev|train] [--parsed FILE]

Counts only, no text: the gold attributions no prediction matches (lenient), by whether
their cue's head word is in the lexicon, its part of speech and the content's length in words,
and whether any prediction overlaps them at all; the most frequent cue lemmas among them; then
the matched attributions whose source is wrong, by whether our cue is the gold's (a wrong or
missing source) or another one (a different attribution over the same words: nested or
overlapping ones), and by kind of gold source (bench/detector.py's ``source_kind``).  The
texts are read from ../shared/polnear and never copied; ``--parsed`` reuses bench/detector.py's
cache of the parse.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.tokens import DocBin

from annotator.commands.evaluate import read_gold
from annotator.detect.component import QuoteAttribution
from annotator.detect.convert import to_annotation
from annotator.detect.lexicon import lexicon
from annotator.detect.pipeline import COMPONENT, info, load
from annotator.match import LENIENT, match

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detector import POLNEAR, source_kind  # noqa: E402


def cue_family(doc: Any, quote: Any) -> tuple[str, str, str]:
    """(lexicon list of the cue's head lemma, its part of speech, the lemma)."""
    if not quote.cue:
        return "no cue", "-", "-"
    span = doc.char_span(quote.cue[0].start, quote.cue[0].end, alignment_mode="expand")
    root = span.root
    lemma = root.lemma_.lower()
    lex = lexicon()
    for name, words in (
        ("counted", lex.counted_verbs),
        ("speech", lex.speech_verbs),
        ("belief", lex.belief_verbs),
        ("object", lex.object_verbs),
        ("noun", lex.cue_nouns),
    ):
        if lemma in words:
            return name, root.pos_, lemma
    return "not listed", root.pos_, lemma


def words(doc: Any, quote: Any) -> str:
    n = sum(
        1
        for part in quote.content
        for t in doc.char_span(part.start, part.end, alignment_mode="expand") or ()
        if t.is_alpha
    )
    return "1" if n <= 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=["dev", "train"])
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--parsed", type=Path, help="bench/detector.py's cached parse of this split")
    parser.add_argument("--top", type=int, default=25, help="rows of each table (default 25)")
    args = parser.parse_args()
    folder = args.polnear / args.split
    if not folder.is_dir():
        print(f"PolNeAR not found at {folder}: nothing to count", file=sys.stderr)
        return 1
    gold = read_gold(folder).documents
    nlp = load(None)
    texts = [text for _, text in gold]
    if args.parsed and args.parsed.exists():
        docs = list(DocBin().from_disk(args.parsed).get_docs(nlp.vocab))
        if [d.text for d in docs] != texts:
            print(f"{args.parsed} holds other texts than {folder}", file=sys.stderr)
            return 1
    else:
        with nlp.select_pipes(disable=[COMPONENT]):
            docs = list(nlp.pipe(texts, batch_size=16))
    component = QuoteAttribution(nlp, COMPONENT)
    detector = info(nlp)
    missed: Counter[tuple[str, ...]] = Counter()
    lemmas: Counter[tuple[str, str, str]] = Counter()
    sources: Counter[tuple[str, str]] = Counter()
    total = matched = 0
    for (annotation, _), doc in zip(gold, docs, strict=True):
        ours = to_annotation(component(doc), annotation.doc_id, annotation.article, detector)
        pairs = match(list(ours.quotes), list(annotation.quotes), LENIENT)
        found = {id(g) for _, g in pairs}
        total += len(annotation.quotes)
        matched += len(pairs)
        for g in annotation.quotes:
            if id(g) in found:
                continue
            family, pos, lemma = cue_family(doc, g)
            near = any(p.overlap(c) > 0 for q in ours.quotes for p in q.content for c in g.content)
            missed[(family, pos, words(doc, g), "overlapped" if near else "nothing near")] += 1
            lemmas[(lemma, pos, family)] += 1
        for p, g in pairs:
            if not g.source or any(a.overlap(b) > 0 for a in p.source for b in g.source):
                continue
            same_cue = any(a.overlap(b) > 0 for a in p.cue for b in g.cue)
            how = "no cue" if not p.cue else "same cue" if same_cue else "other cue"
            how += ", no source" if not p.source else ""
            sources[(how, source_kind(doc, g.source[0]))] += 1
    print(f"PolNeAR {args.split}: {len(gold)} articles, {total} gold attributions, {matched} matched (lenient)")
    print(f"\n== missed: {total - matched}, by cue list, cue part of speech, content words, overlap")
    for key, n in missed.most_common(args.top):
        print(f"{n:6}  {' | '.join(key)}")
    print("\n== missed: the most frequent cue lemmas")
    for key, n in lemmas.most_common(args.top):
        print(f"{n:6}  {' | '.join(key)}")
    print(f"\n== wrong sources on matched attributions: {sum(sources.values())}")
    for key, n in sources.most_common(args.top):
        print(f"{n:6}  {' | '.join(key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
