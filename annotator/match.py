"""The one matcher of quotes: which quote of one annotation is which quote of another.

Used by every command that compares annotations (evaluate, agreement, compare and adjudicate),
so that they can never disagree on what "the same quote" means.

Two quotes match when the content of one (``pred``) covers at least a share of the characters
of the other's content (``gold``): 0.3 at the lenient level, 0.8 at the strict one; at the exact
level their content spans must be identical.  Matching is one-to-one, best coverage first.
Pure: plain model values in, pairs out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from annotator.model import Quote

LENIENT = 0.3
STRICT = 0.8
EXACT = 1.0  # identical content spans (not merely full coverage)
LEVELS: dict[str, float] = {"lenient": LENIENT, "strict": STRICT, "exact": EXACT}


def coverage(pred: Quote, gold: Quote) -> float:
    """Share of the gold content's characters that the predicted content covers."""
    size = sum(len(s) for s in gold.content)
    covered = sum(p.overlap(g) for p in pred.content for g in gold.content)
    return covered / size if size else 0.0


def score(pred: Quote, gold: Quote, threshold: float) -> float:
    """How well ``pred`` stands for ``gold`` at this level; below ``threshold`` means no match."""
    if threshold >= EXACT:
        return 1.0 if sorted(pred.content) == sorted(gold.content) else 0.0
    return coverage(pred, gold)


def match(pred: Sequence[Quote], gold: Sequence[Quote], threshold: float) -> list[tuple[Quote, Quote]]:
    """One-to-one pairs ``(pred, gold)``, best score first; each quote is used at most once.

    Only quotes whose extents overlap are compared, so long articles stay fast."""
    order = sorted(range(len(pred)), key=lambda i: pred[i].start)
    starts = [pred[i].start for i in order]
    longest = max((q.end - q.start for q in pred), default=0)
    candidates = []
    for j, g in enumerate(gold):
        first = bisect_left(starts, g.start - longest)
        for k in range(first, len(order)):
            i = order[k]
            if pred[i].start >= g.end:
                break
            if pred[i].end > g.start and (value := score(pred[i], g, threshold)) >= threshold:
                candidates.append((value, i, j))
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((pred[i], gold[j]))
    return pairs
