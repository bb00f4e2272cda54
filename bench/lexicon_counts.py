"""Cue verbs and stance adjectives from counts: which of them PolNeAR train marks as cues.

    .venv/bin/python bench/lexicon_counts.py [--write] [--min-count N] [--min-adjective-count N]
                                             [--min-prep-count N] [--min-prep-share S]
                                             [--min-share S] [--cache FILE] [--limit N]

Parses the train articles (the gold of each by the one gold rule, as bench/detector.py scores
them), and counts, for every verb lemma (lemmas as the detector reads them, with lexicon.json's
lemma_fixes), how often it occurs and how often it is inside a gold cue span.  Prints the verbs
that are not yet in the lexicon and reach both thresholds, then the near misses, each with its
counts.  With --write, the verbs that reach them become the lexicon's ``counted_verbs`` (read as
speech verbs): single lemmas with their counts' thresholds, no text.  The same count is made of
adjectives after 'be' with a phrase or clause after them ('are worried that', 'critical of'): those
that reach the thresholds become ``counted_adjectives``, the stances the detector reads as
tentative beliefs (clauses.stance); and of a verb with a preposition that has an object ('refer
to', 'speak about'): the pairs inside a cue at least half the time (``counted_prep_cues``) report
the preposition's object (clauses.prep_object).  --cache keeps the parse
(a spaCy DocBin, outside the repository) so that a second run with other thresholds is quick.
The texts are read from ../shared/polnear and never copied.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from annotator.commands.evaluate import read_gold
from annotator.detect.clauses import is_stance
from annotator.detect.lexicon import lexicon, raw_lexicon
from annotator.detect.pipeline import COMPONENT, load
from annotator.store import write_atomic

# Chosen on PolNeAR dev: at 0.5 the list has 28 verbs, at 0.3 78 (talk, name, appear, push...),
# which find more attributions than they add false alarms there (docs/detector.md, Recall).
MIN_SHARE = 0.3
# A verb with a preposition needs half: at 0.3, 'said in' (as in 'said in a statement', the
# statement a part of the cue on PolNeAR) would make 'a statement' what is reported.
MIN_PREP_SHARE = 0.5
POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear"
ATTRS = ["ORTH", "TAG", "POS", "LEMMA", "HEAD", "DEP", "SENT_START", "SPACY", "ENT_IOB", "ENT_TYPE", "MORPH"]


def parsed(nlp: Any, texts: list[str], cache: Path | None) -> list[Any]:
    from spacy.tokens import DocBin

    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
        print(f"{cache}: made from other texts; parsing again", file=sys.stderr)
    with nlp.select_pipes(disable=[COMPONENT]):
        docs = list(nlp.pipe(texts, batch_size=16))
    if cache is not None:
        bin_ = DocBin(attrs=ATTRS)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def starts_phrase(doc: Any, i: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether token ``i`` opens one of the lexicon's cue phrases ('according to'): the phrase
    is a cue already, its verb need not be."""
    return any([t.lower_ for t in doc[i : i + len(p)]] == list(p) for p in phrases)


def count(
    docs: list[Any], cue_spans: list[list[tuple[int, int]]], *, adjectives: bool = False
) -> tuple[Counter[str], Counter[str]]:
    """(occurrences, occurrences inside a gold cue) of each verb lemma; with ``adjectives``, of
    each adjective after 'be' with something after it ('worried about', 'critical of', 'eager
    to'), the stances the detector reads (clauses.stance)."""
    lex = lexicon()
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for doc, spans in zip(docs, cue_spans, strict=True):
        for tok in doc:
            if not tok.is_alpha:
                continue
            if adjectives:
                if not is_stance(tok):
                    continue
            elif tok.pos_ != "VERB" or starts_phrase(doc, tok.i, lex.phrases):
                continue
            lemma = lex.lemma_fixes.get(tok.lower_) or tok.lemma_.lower()
            seen[lemma] += 1
            end = tok.idx + len(tok.text)
            cued[lemma] += any(a <= tok.idx and end <= b for a, b in spans)
    return seen, cued


def count_prep_cues(docs: list[Any], cue_spans: list[list[tuple[int, int]]]) -> tuple[Counter[str], Counter[str]]:
    """(occurrences, occurrences inside one gold cue) of each verb with a preposition after it
    that has an object ('refer to', 'speak about'), as 'lemma preposition'."""
    lex = lexicon()
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for doc, spans in zip(docs, cue_spans, strict=True):
        for tok in doc:
            if tok.pos_ != "VERB" or not tok.is_alpha or starts_phrase(doc, tok.i, lex.phrases):
                continue
            lemma = lex.lemma_fixes.get(tok.lower_) or tok.lemma_.lower()
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.i < tok.i or not any(c.dep_ == "pobj" for c in prep.children):
                    continue
                key = f"{lemma} {prep.lower_}"
                seen[key] += 1
                end = prep.idx + len(prep.text)
                cued[key] += any(a <= tok.idx and end <= b for a, b in spans)
    return seen, cued


def chosen(
    seen: Counter[str], cued: Counter[str], known: frozenset[str], min_count: int, min_share: float, kind: str
) -> list[str]:
    """The words of ``seen`` not ``known`` that reach both thresholds, after printing their counts."""
    rows = sorted(
        ((cued[w] / seen[w], cued[w], seen[w], w) for w in seen if w not in known and seen[w] >= min_count),
        reverse=True,
    )
    words = sorted(w for share, _, _, w in rows if share >= min_share)
    print(f"{kind} not in the lexicon, seen >= {min_count} times")
    print(f"{'lemma':16} {'in a cue':>8} {'seen':>6} {'share':>6}")
    for share, n, total, word in rows:
        if share >= min_share / 2:
            mark = "  added" if share >= min_share else ""
            print(f"{word:16} {n:8} {total:6} {share:6.2f}{mark}")
    print(f"{len(words)} {kind} reach a share of {min_share}: {', '.join(words)}\n")
    return words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--min-count", type=int, default=10, help="occurrences needed (default 10)")
    parser.add_argument(
        "--min-adjective-count", type=int, default=6, help="occurrences needed of an adjective (default 6)"
    )
    parser.add_argument(
        "--min-prep-count", type=int, default=8, help="occurrences needed of a verb with a preposition (default 8)"
    )
    parser.add_argument(
        "--min-prep-share",
        type=float,
        default=MIN_PREP_SHARE,
        help=f"share inside a cue needed of a verb with a preposition ({MIN_PREP_SHARE})",
    )
    parser.add_argument("--min-share", type=float, default=MIN_SHARE, help=f"share inside a cue needed ({MIN_SHARE})")
    parser.add_argument("--write", action="store_true", help="write the verbs found into lexicon.json")
    parser.add_argument("--cache", type=Path, help="a DocBin file keeping the parse between runs")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()
    folder = args.polnear / "train"
    if not folder.is_dir():
        print(f"PolNeAR not found at {folder}: nothing to count", file=sys.stderr)
        return 1
    gold = read_gold(folder).documents
    if args.limit:
        gold = gold[: args.limit]
    docs = parsed(load(None), [text for _, text in gold], args.cache)
    cues = [[(s.start, s.end) for q in annotation.quotes for s in q.cue] for annotation, _ in gold]
    lex = lexicon()
    known = (lex.speech_verbs - lex.counted_verbs) | lex.belief_verbs | lex.object_verbs
    print(f"PolNeAR train, {len(gold)} articles")
    verbs = chosen(*count(docs, cues), known, args.min_count, args.min_share, "verbs")
    stances = chosen(
        *count(docs, cues, adjectives=True), frozenset(), args.min_adjective_count, args.min_share, "adjectives"
    )
    with_prep = chosen(
        *count_prep_cues(docs, cues), frozenset(), args.min_prep_count, args.min_prep_share, "verbs with a preposition"
    )
    if args.write:
        raw = raw_lexicon()
        raw["counted_verbs"] = verbs
        raw["counted_adjectives"] = stances
        raw["counted_prep_cues"] = with_prep
        path = Path(str(resources.files("annotator.detect").joinpath("lexicon.json")))
        write_atomic(path, json.dumps(raw, indent=1, ensure_ascii=False) + "\n")
        print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
