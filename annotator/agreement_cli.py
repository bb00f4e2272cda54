"""``annotator agreement``: gather every person's annotations of each article, compare, print.

The scores are ``annotator.agreement``'s; this module reads the files (annotation folders, or a
brat folder whose ``<doc>_<who>.ann`` names the annotator), and renders a table or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.agreement import Alpha, ArticleAgreement, Report, Scores, agreement
from annotator.errors import UserError, require
from annotator.formats import brat
from annotator.gold import is_human
from annotator.match import LEVELS
from annotator.model import DETECTOR_ANNOTATOR, Annotation
from annotator.scores import PRF, figure
from annotator.store import StoreError, load, scan_files
from annotator.wording import counted

NOT_COMPARED_SHOWN = 10  # the table lists this many articles not compared; --json lists all


@dataclass
class Gathered:
    articles: dict[str, tuple[str, list[Annotation]]] = field(default_factory=dict)  # doc id -> (text, layers)
    problems: list[str] = field(default_factory=list)  # files that could not be used, one line each
    brat_warnings: int = 0  # brat lines that could not be held (``annotator import`` lists them)

    def add(self, annotation: Annotation, text: str, where: str) -> None:
        text_seen, layers = self.articles.setdefault(annotation.doc_id, (text, []))
        if any(a.annotator == annotation.annotator for a in layers):
            self.problems.append(f"{where}: a second file of {annotation.doc_id} by {annotation.annotator}; not used")
        else:
            layers.append(annotation)


def is_brat(path: Path) -> bool:
    return path.is_dir() and (any(path.glob("*.ann")) or (path / "attributions").is_dir())


def gather(paths: Iterable[Path], root: Path | None = None, with_detector: bool = False) -> Gathered:
    """Every usable annotation under ``paths`` by doc id: human annotators, and the detector's
    drafts when asked; never the gold layer.  Unreadable files become problem lines."""
    wanted = (lambda who: is_human(who) or who == DETECTOR_ANNOTATOR) if with_detector else is_human
    found = Gathered()
    for path in paths:
        require([path], folder=False)
        if is_brat(path):
            for item in brat.read_folder(path):
                if isinstance(item, str):
                    found.problems.append(item)
                    continue
                found.brat_warnings += len(item.warnings)
                if wanted(item.annotator):
                    found.add(brat.to_annotation(item), item.text, f"{path}/{item.doc_id}_{item.annotator}.ann")
            continue
        files, unreadable = scan_files([path])
        found.problems.extend(map(str, unreadable))  # a folder left out changes the figures: exit 1
        if not files and not unreadable:
            raise UserError(f"{path}: no annotation files (.yaml) found")
        for file in files:
            try:
                annotation, text = load(file, root)
            except StoreError as err:
                more = f" (and {len(err.problems) - 1} more problems)" if len(err.problems) > 1 else ""
                found.problems.append(f"{err.problems[0]}{more}; file not used")
                continue
            if wanted(annotation.annotator):
                found.add(annotation, text, str(file))
    return found


def run(gathered: Gathered) -> Report:
    return agreement((doc_id, text, layers) for doc_id, (text, layers) in sorted(gathered.articles.items()))


# --- JSON ----------------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def scores_dict(scores: Scores) -> dict[str, object]:
    return {
        "comparisons": scores.comparisons,
        "quotes": {level: prf.as_dict() for level, prf in scores.quotes.items()},
        "tokens": {role: prf.as_dict() for role, prf in scores.roles.items()},
        "speaker": {
            "agreement": _round(scores.speaker_observed),
            "kappa": _round(scores.speaker_kappa),
            "quotes": len(scores.speakers),
        },
        "type": {"kappa": _round(scores.type_kappa), "quotes": len(scores.types)},
    }


def alpha_dict(alpha: Alpha) -> dict[str, object]:
    return {"value": _round(alpha.value), "tokens": alpha.units}


def pairs_list(pairs: dict[tuple[str, str], Scores]) -> list[dict[str, object]]:
    return [{"reference": a, "prediction": b, **scores_dict(s)} for (a, b), s in sorted(pairs.items())]


def as_dict(report: Report, problems: list[str]) -> dict[str, object]:
    """Everything the table shows, articles in doc id order (stable for scripts)."""
    return {
        "annotators": report.annotators,
        "articles_compared": len(report.articles),
        "pooled": {**scores_dict(report.pooled), "token_alpha": alpha_dict(report.alpha)},
        "pairs": pairs_list(report.pairs),
        "articles": [
            {
                "doc_id": a.doc_id,
                "quotes_per_annotator": a.quotes,
                **scores_dict(a.pooled),
                "token_alpha": alpha_dict(a.alpha),
                "pairs": pairs_list(a.pairs),
            }
            for a in sorted(report.articles, key=lambda a: a.doc_id)
        ],
        "not_compared": [{"doc_id": doc_id, "reason": why} for doc_id, why in report.not_compared],
        "problems": problems,
    }


# --- the table -----------------------------------------------------------------------------


def _figures(scores: Scores) -> str:
    return (
        "".join(figure(scores.quotes[level].f1) for level in LEVELS)
        + "".join(figure(prf.f1) for prf in scores.roles.values())
        + figure(scores.speaker_kappa, 9)
        + figure(scores.type_kappa)
    )


FIGURES = f"{'lenient':>8}{'strict':>8}{'exact':>8}{'content':>8}{'cue':>8}{'source':>8}{'speaker':>9}{'type':>8}"


def _prf_line(name: str, prf: PRF) -> str:
    return (
        f"  {name:<23}{prf.precision:>7.3f}{prf.recall:>7.3f}{prf.f1:>7.3f}"
        f"{prf.gold:>9.0f}{prf.pred:>9.0f}{prf.tp:>9.0f}"
    )


def render(report: Report, level: str = "lenient") -> str:
    pooled = report.pooled
    head = (
        f"agreement of {counted(len(report.annotators), 'annotator')} on {counted(len(report.articles), 'article')}:"
        f" {counted(pooled.comparisons, 'comparison')} (pairs of annotators x articles)"
    )
    if not pooled.comparisons:  # a table of zeros read as total disagreement
        lines = [head, "nothing to compare: no article has two annotators' usable files yet"]
        return "\n".join(lines + _not_compared(report))
    lines = [
        head,
        "",
        f"{'pooled over all pairs':<25}{'P':>7}{'R':>7}{'F1':>7}{'A has':>9}{'B has':>9}{'same':>9}",
    ]
    lines += [_prf_line(f"quotes {name}", prf) for name, prf in pooled.quotes.items()]
    lines += [_prf_line(f"tokens {name}", prf) for name, prf in pooled.roles.items()]
    lines += [
        f"  speaker same name: {figure(pooled.speaker_observed, 0)}, kappa {figure(pooled.speaker_kappa, 0)} "
        f"(on {len(pooled.speakers)} matched quotes both named)",
        f"  quote type kappa:  {figure(pooled.type_kappa, 0)} (on {len(pooled.types)} matched quotes)",
        f"  token alpha:       {figure(report.alpha.value, 0)} (Krippendorff, nominal, on {report.alpha.units} "
        "tokens: CONTENT / CUE / SOURCE / O)",
    ]
    if report.pairs:
        width = max(len(name) for pair in report.pairs for name in pair) + 2
        lines += ["", "per pair (A is the reference, B the prediction), F1 and kappa", ""]
        lines.append(f"  {'A':<{width}}{'B':<{width}}{'articles':>8}{FIGURES}")
        for (a, b), scores in sorted(report.pairs.items()):
            lines.append(f"  {a:<{width}}{b:<{width}}{scores.comparisons:>8}{_figures(scores)}")
    if report.articles:
        lines += _article_lines(report.articles, level)
    lines += _not_compared(report)
    lines += [
        "",
        "lenient/strict/exact: quote F1 at each match level; content/cue/source: token F1;",
        "speaker/type: Cohen's kappa on quotes matched at the lenient level; docs/agreement.md explains each",
    ]
    return "\n".join(lines)


def _not_compared(report: Report) -> list[str]:
    if not report.not_compared:
        return []
    lines = ["", f"not compared ({len(report.not_compared)} articles):"]
    lines += [f"  {doc_id}: {why}" for doc_id, why in report.not_compared[:NOT_COMPARED_SHOWN]]
    if len(report.not_compared) > NOT_COMPARED_SHOWN:
        lines.append(f"  ... and {len(report.not_compared) - NOT_COMPARED_SHOWN} more (--json lists them all)")
    return lines


def _article_lines(articles: list[ArticleAgreement], level: str) -> list[str]:
    width = max(len(a.doc_id) for a in articles) + 2
    lines = ["", f"per article, worst {level} quote F1 first: pooled over its pairs", ""]
    lines.append(f"  {'article':<{width}}{'people':>6}{'quotes':>9}{FIGURES}{'alpha':>8}")
    for article in sorted(articles, key=lambda a: (a.pooled.quotes[level].f1, a.doc_id)):
        counts = article.quotes.values()
        quotes = f"{min(counts)}-{max(counts)}" if min(counts) != max(counts) else str(min(counts))
        lines.append(
            f"  {article.doc_id:<{width}}{len(article.annotators):>6}{quotes:>9}"
            f"{_figures(article.pooled)}{figure(article.alpha.value)}"
        )
    return lines


def agreement_cli(
    paths: list[Path], *, as_json: bool, level: str, min_f1: float | None, with_detector: bool, root: Path | None
) -> tuple[str, list[str], int]:
    """What to print on stdout, the lines for stderr, and the exit code."""
    gathered = gather(paths, root, with_detector)
    if not gathered.articles and not gathered.problems:
        raise UserError(
            "no annotations by people found in " + ", ".join(map(str, paths)) + " (gold and the detector's drafts "
            "are left out; --with-detector counts the drafts)"
        )
    report = run(gathered)
    out = json.dumps(as_dict(report, gathered.problems), indent=2) if as_json else render(report, level)
    errors = list(gathered.problems)
    if gathered.brat_warnings:
        errors.append(f"{gathered.brat_warnings} brat lines could not be held (`annotator import` lists them)")
    code = 1 if gathered.problems else 0
    if min_f1 is not None:
        f1 = report.pooled.quotes[level].f1
        if not report.articles:
            errors.append(f"no article has two annotators: the quote F1 cannot reach --min-f1 {min_f1}")
            code = 1
        elif f1 < min_f1:
            errors.append(f"pooled {level} quote F1 {f1:.3f} is below --min-f1 {min_f1}")
            code = 1
    return out, errors, code
