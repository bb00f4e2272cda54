"""Scores of predicted quotes against gold ones: pure functions over model objects.

Quote level: one-to-one matching by ``annotator.match`` (the one matcher), at the
lenient (0.3) and strict (0.8) levels.  Role level (content, cue, source): exact spans, and
token overlap.  Source accuracy: over matched quotes whose gold quote has a source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from annotator.match import LENIENT, STRICT, coverage, match
from annotator.model import ROLES, Annotation, Quote, Span
from annotator.tokens import token_starts
from annotator.wording import counted

__all__ = ["LENIENT", "PRF", "STRICT", "Report", "coverage", "evaluate", "match", "render"]


@dataclass
class PRF:
    tp: float = 0.0
    pred: float = 0.0
    gold: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class QuoteScores:
    prf: PRF = field(default_factory=PRF)
    source_overlap: Accuracy = field(default_factory=Accuracy)
    source_exact: Accuracy = field(default_factory=Accuracy)
    speaker: Accuracy = field(default_factory=Accuracy)


def _sources_overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> bool:
    return any(x.overlap(y) > 0 for x in a for y in b)


def score_quotes(
    pred: list[Quote],
    gold: list[Quote],
    threshold: float,
    keep: Callable[[Quote], bool] = lambda q: True,
    names: tuple[Annotation, Annotation] | None = None,
) -> QuoteScores:
    """Quote-level scores for the quotes ``keep`` selects.  A kept prediction that falls on
    a gold quote that is not kept is neither a hit nor a false alarm."""
    gold_kept = [g for g in gold if keep(g)]
    gold_other = [g for g in gold if not keep(g)]
    pred_kept = [p for p in pred if keep(p)]
    pairs = match(pred_kept, gold_kept, threshold)
    matched = {id(p) for p, _ in pairs}
    unmatched = [p for p in pred_kept if id(p) not in matched]
    elsewhere = {id(p) for p, _ in match(unmatched, gold_other, threshold)}
    scores = QuoteScores(PRF(len(pairs), len(pred_kept) - len(elsewhere), len(gold_kept)))
    for p, g in pairs:
        if g.source:
            scores.source_overlap.total += 1
            scores.source_exact.total += 1
            scores.source_overlap.correct += _sources_overlap(p.source, g.source)
            scores.source_exact.correct += set(p.source) == set(g.source)
        if names is not None and g.speaker is not None:
            pred_ann, gold_ann = names
            scores.speaker.total += 1
            scores.speaker.correct += pred_ann.speaker_name(p).casefold() == gold_ann.speaker_name(g).casefold()
    return scores


def score_roles(pred: list[Quote], gold: list[Quote], text: str) -> dict[str, dict[str, PRF]]:
    scores: dict[str, dict[str, PRF]] = {}
    for role in ROLES:
        p_spans = {s for q in pred for s in q.spans(role)}
        g_spans = {s for q in gold for s in q.spans(role)}
        p_tok, g_tok = token_starts(text, p_spans), token_starts(text, g_spans)
        scores[role] = {
            "exact": PRF(len(p_spans & g_spans), len(p_spans), len(g_spans)),
            "token": PRF(len(p_tok & g_tok), len(p_tok), len(g_tok)),
        }
    return scores


VIEWS: dict[str, Callable[[Quote], bool]] = {
    "all": lambda q: True,
    "direct": lambda q: q.type == "direct",
    "mixed": lambda q: q.type == "mixed",
    "indirect": lambda q: q.type == "indirect",
}


@dataclass
class Report:
    documents: int = 0
    quotes: dict[str, dict[str, QuoteScores]] = field(default_factory=dict)  # view -> lenient/strict
    roles: dict[str, dict[str, PRF]] = field(default_factory=dict)  # role -> exact/token
    roles_by_type: dict[str, dict[str, dict[str, PRF]]] = field(default_factory=dict)  # type -> role -> kind
    missing: list[str] = field(default_factory=list)  # gold documents with no prediction

    def as_dict(self) -> dict[str, object]:
        def acc(a: Accuracy) -> dict[str, float]:
            return {"accuracy": round(a.value, 4), "correct": a.correct, "total": a.total}

        return {
            "documents": self.documents,
            "missing_predictions": self.missing,
            "quotes": {
                view: {
                    level: {
                        **s.prf.as_dict(),
                        "source_overlap": acc(s.source_overlap),
                        "source_exact": acc(s.source_exact),
                        "speaker": acc(s.speaker),
                    }
                    for level, s in levels.items()
                }
                for view, levels in self.quotes.items()
            },
            "roles": _roles_dict(self.roles),
            "roles_by_type": {kind: _roles_dict(roles) for kind, roles in self.roles_by_type.items()},
        }


def _roles_dict(roles: dict[str, dict[str, PRF]]) -> dict[str, dict[str, dict[str, float]]]:
    return {role: {kind: prf.as_dict() for kind, prf in kinds.items()} for role, kinds in roles.items()}


def _add_roles(into: dict[str, dict[str, PRF]], scores: dict[str, dict[str, PRF]]) -> None:
    for role, kinds in scores.items():
        for kind, prf in kinds.items():
            into.setdefault(role, {}).setdefault(kind, PRF()).add(prf)


def evaluate(docs: Iterable[tuple[Annotation, Annotation | None, str]]) -> Report:
    """Score ``(gold, pred, text)`` triples; rejected quotes count as absent on both sides."""
    report = Report()
    for gold_ann, pred_ann, text in docs:
        report.documents += 1
        if pred_ann is None:
            report.missing.append(gold_ann.doc_id)
        gold = [q for q in gold_ann.quotes if q.review != "rejected"]
        pred = [q for q in (pred_ann.quotes if pred_ann else ()) if q.review != "rejected"]
        names = (pred_ann, gold_ann) if pred_ann else None
        for view, keep in VIEWS.items():
            levels = report.quotes.setdefault(view, {})
            for level, threshold in (("lenient", LENIENT), ("strict", STRICT)):
                got = score_quotes(pred, gold, threshold, keep, names)
                total = levels.setdefault(level, QuoteScores())
                total.prf.add(got.prf)
                for name in ("source_overlap", "source_exact", "speaker"):
                    mine, theirs = getattr(total, name), getattr(got, name)
                    mine.correct += theirs.correct
                    mine.total += theirs.total
        _add_roles(report.roles, score_roles(pred, gold, text))
        for view, keep in list(VIEWS.items())[1:]:
            by_type = report.roles_by_type.setdefault(view, {})
            _add_roles(by_type, score_roles([q for q in pred if keep(q)], [q for q in gold if keep(q)], text))
    return report


def figure(value: float | None, width: int = 8) -> str:
    """A score to three places, right-aligned, or a dash where there was nothing to score (no
    quote of that type predicted or in the gold): 0.000 there would read as a failure."""
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.3f}"


def _figures(prf: PRF, width: int) -> str:
    """P, R and F1: precision needs predictions, recall gold quotes, F1 either."""
    return (
        figure(prf.precision if prf.pred else None, width)
        + figure(prf.recall if prf.gold else None, width)
        + figure(prf.f1 if prf.pred or prf.gold else None, width)
    )


def _share(accuracy: Accuracy, width: int) -> str:
    return figure(accuracy.value if accuracy.total else None, width)


def render(report: Report, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(
        counted(report.documents, "document")
        + (f", {len(report.missing)} without prediction" if report.missing else "")
    )
    lines.append("")
    lines.append(
        f"{'quotes':<10}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}  {'src~':>6}{'src=':>6}{'spk':>6}"
    )
    for view, levels in report.quotes.items():
        for level, s in levels.items():
            lines.append(
                f"{view:<10}{level:<9}{_figures(s.prf, 7)}"
                f"{s.prf.gold:>7.0f}{s.prf.pred:>7.0f}  {_share(s.source_overlap, 6)}{_share(s.source_exact, 6)}"
                f"{_share(s.speaker, 6)}"
            )
    lines.append("")
    types = "".join(f"{name:>9}" for name in report.roles_by_type)
    lines.append(f"{'role':<10}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}    {types}   (F1 by quote type)")
    for role, kinds in report.roles.items():
        for kind, prf in kinds.items():
            by_type = "".join(
                figure(roles[role][kind].f1 if roles[role][kind].pred or roles[role][kind].gold else None, 9)
                for roles in report.roles_by_type.values()
                if role in roles
            )
            lines.append(f"{role:<10}{kind:<9}{_figures(prf, 7)}    {by_type}")
    lines.append("")
    lines.append("src~: source overlaps gold over matched quotes; src=: exact source; spk: same speaker name")
    lines.append("(spk means something only where the gold names speakers canonically, not for brat imports)")
    return "\n".join(lines)
