"""Inter-annotator agreement: how far people who annotated the same articles agree.

Pure: plain model values in, counts and scores out (no I/O; ``agreement_cli`` gathers the files).
The caller chooses the annotators: the detector's drafts and the ``gold`` layer are normally
left out.  Rejected quotes count as absent; pending quotes count as they are (an unreviewed
quote is still what that person's file says).

Every pair ``(A, B)`` of an article's annotators, A before B by name, is scored with A as the
reference and B as the prediction:

- quotes: P/R/F1 at the lenient, strict and exact levels of ``annotator.match`` (the one
  matcher).  P and R swap when the pair is swapped, and F1 is the figure to read.  F1 is
  symmetric at the exact level only: the lenient and strict levels measure how much of the
  *reference's* quote is covered, so swapping a pair can change a few matches (on PolNeAR's
  multi-annotated articles, strict F1 is 0.806 one way and 0.789 the other).
- roles: token F1 of content, cue and source (``evaluate.score_roles``, the words of
  ``annotator.tokens``), whatever quote the tokens belong to.
- speaker and type, on the quotes matched at the lenient level: the share with the same
  speaker name (case-insensitive, both named) and its Cohen's kappa; the type's kappa.

Pairs are pooled by summing their counts (quote and token counts; kappa over all the matched
quotes together), per article, per pair of annotators and overall.  Token alpha is
Krippendorff's alpha (nominal) over all the annotators of an article: each word token is a
unit, each annotator's value its role (``CONTENT``, ``CUE``, ``SOURCE``, else ``O``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.match import LENIENT, LEVELS, match
from annotator.model import ROLES, Annotation, Quote, Role, text_sha256
from annotator.scores import PRF, score_roles
from annotator.tokens import words

OUTSIDE = "O"
LABELS: dict[Role, str] = {"content": "CONTENT", "cue": "CUE", "source": "SOURCE"}  # later roles win a token

Pair = tuple[str, str]  # (reference, prediction) annotator names


def cohen_kappa(items: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters, each item being (first rater's value, second's).

    None when it is undefined: no items, or both raters gave one and the same value to all."""
    n = len(items)
    if not n:
        return None
    observed = sum(a == b for a, b in items) / n
    first, second = Counter(a for a, _ in items), Counter(b for _, b in items)
    expected = sum(count * second[value] for value, count in first.items()) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


@dataclass
class Alpha:
    """Krippendorff's alpha, nominal, from the coincidence matrix, kept as two sums so that
    units from several articles pool by adding.

    With ``n_uc`` the number of values ``c`` in unit ``u`` and ``m_u`` its values, only units
    with two or more values count (a missing value contributes nothing):
    observed disagreement ``sum_u (m_u² - sum_c n_uc²) / (m_u - 1)`` (the off-diagonal
    coincidences), and ``n_c = sum_u n_uc``; then with ``n = sum_c n_c``,
    ``alpha = 1 - (n - 1) * disagreement / (n² - sum_c n_c²)``."""

    disagreement: float = 0.0
    values: Counter[str] = field(default_factory=Counter)
    units: int = 0

    def add_unit(self, values: Iterable[str]) -> None:
        counts = Counter(values)
        m = sum(counts.values())
        if m < 2:
            return
        self.units += 1
        self.disagreement += (m * m - sum(c * c for c in counts.values())) / (m - 1)
        self.values.update(counts)

    def add(self, other: Alpha) -> None:
        self.disagreement += other.disagreement
        self.values.update(other.values)
        self.units += other.units

    @property
    def value(self) -> float | None:
        """None when undefined: fewer than two pairable values, or only one value ever given."""
        n = sum(self.values.values())
        expected = n * n - sum(c * c for c in self.values.values())
        return 1 - (n - 1) * self.disagreement / expected if expected else None


def krippendorff_alpha(units: Iterable[Iterable[str]]) -> float | None:
    """Nominal alpha of units given as the values they received (missing values left out)."""
    tally = Alpha()
    for unit in units:
        tally.add_unit(unit)
    return tally.value


@dataclass
class Scores:
    """Agreement of one pair of annotators on one article, or of several pooled."""

    comparisons: int = 0  # (pair, article) comparisons summed in
    quotes: dict[str, PRF] = field(default_factory=lambda: {level: PRF() for level in LEVELS})
    roles: dict[str, PRF] = field(default_factory=lambda: {role: PRF() for role in ROLES})
    speakers: list[tuple[str, str]] = field(default_factory=list)  # matched quotes, both named
    types: list[tuple[str, str]] = field(default_factory=list)  # matched quotes

    def add(self, other: Scores) -> None:
        self.comparisons += other.comparisons
        for level, prf in other.quotes.items():
            self.quotes[level].add(prf)
        for role, prf in other.roles.items():
            self.roles[role].add(prf)
        self.speakers.extend(other.speakers)
        self.types.extend(other.types)

    @property
    def speaker_observed(self) -> float | None:
        return sum(a == b for a, b in self.speakers) / len(self.speakers) if self.speakers else None

    @property
    def speaker_kappa(self) -> float | None:
        return cohen_kappa(self.speakers)

    @property
    def type_kappa(self) -> float | None:
        return cohen_kappa(self.types)


@dataclass
class ArticleAgreement:
    doc_id: str
    annotators: tuple[str, ...]
    pooled: Scores
    pairs: dict[Pair, Scores]
    alpha: Alpha
    quotes: dict[str, int]  # kept quotes per annotator


@dataclass
class Report:
    pooled: Scores = field(default_factory=Scores)
    alpha: Alpha = field(default_factory=Alpha)
    pairs: dict[Pair, Scores] = field(default_factory=dict)
    articles: list[ArticleAgreement] = field(default_factory=list)
    not_compared: list[tuple[str, str]] = field(default_factory=list)  # (doc id, why)

    @property
    def annotators(self) -> list[str]:
        return sorted({name for article in self.articles for name in article.annotators})


def kept(annotation: Annotation) -> list[Quote]:
    return [q for q in annotation.quotes if q.review != "rejected"]


def _name(annotation: Annotation, quote: Quote) -> str:
    return " ".join(annotation.speaker_name(quote).split()).casefold()


def compare(reference: Annotation, prediction: Annotation, text: str) -> Scores:
    """One pair on one article: ``reference`` as gold, ``prediction`` as predicted."""
    ref, pred = kept(reference), kept(prediction)
    scores = Scores(comparisons=1)
    for level, threshold in LEVELS.items():
        scores.quotes[level] = PRF(len(match(pred, ref, threshold)), len(pred), len(ref))
    for role, kinds in score_roles(pred, ref, text).items():
        scores.roles[role] = kinds["token"]
    for p, r in match(pred, ref, LENIENT):
        scores.types.append((r.type, p.type))
        if (a := _name(reference, r)) and (b := _name(prediction, p)):
            scores.speakers.append((a, b))
    return scores


def token_labels(annotation: Annotation, tokens: Sequence[tuple[int, int]]) -> list[str]:
    """The role of each token (``tokens`` sorted, from ``annotator.tokens.words``): a token
    overlapping a span takes its role; source over cue over content where they meet."""
    labels = [OUTSIDE] * len(tokens)
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    quotes = kept(annotation)
    for role, label in LABELS.items():
        for quote in quotes:
            for span in quote.spans(role):
                for i in range(bisect_right(ends, span.start), bisect_left(starts, span.end)):
                    labels[i] = label
    return labels


def article_alpha(annotations: Sequence[Annotation], text: str) -> Alpha:
    tokens = words(text)
    columns = [token_labels(a, tokens) for a in annotations]
    tally = Alpha()
    for unit in zip(*columns, strict=True):
        tally.add_unit(unit)
    return tally


def agreement(articles: Iterable[tuple[str, str, Sequence[Annotation]]]) -> Report:
    """Agreement over ``(doc_id, text, annotations)``, one annotation per annotator.

    An article with fewer than two annotators, or annotated on different texts, is listed in
    ``not_compared`` with the reason.  ValueError when an annotator comes twice for one article."""
    report = Report()
    for doc_id, text, layers in articles:
        names = [a.annotator for a in layers]
        if twice := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"{doc_id}: {', '.join(twice)} given more than once")
        if len(layers) < 2:
            who = f" ({names[0]})" if names else ""
            report.not_compared.append((doc_id, f"{len(layers)} annotator{who}"))
            continue
        if any(a.text_sha256 != text_sha256(text) for a in layers):
            report.not_compared.append((doc_id, "annotated on different versions of its text"))
            continue
        ordered = sorted(layers, key=lambda a: a.annotator)
        counts = {a.annotator: len(kept(a)) for a in ordered}
        article = ArticleAgreement(doc_id, tuple(counts), Scores(), {}, Alpha(), counts)
        for a, b in combinations(ordered, 2):
            scores = compare(a, b, text)
            article.pairs[(a.annotator, b.annotator)] = scores
            article.pooled.add(scores)
            report.pairs.setdefault((a.annotator, b.annotator), Scores()).add(scores)
        article.alpha = article_alpha(ordered, text)
        report.pooled.add(article.pooled)
        report.alpha.add(article.alpha)
        report.articles.append(article)
    return report
