"""Inter-annotator agreement on PolNeAR's multi-annotated articles, beside an independent count.

    .venv/bin/python bench/agreement.py [--polnear DIR]

PolNeAR's annotator-training articles were annotated by 5 or 6 people each (16 in train, 2 in
dev; found by their ``<doc>_<who>.ann`` file names).  This prints our figures for train, dev
and both, read the way ``annotator agreement ../shared/polnear/train`` reads them, beside the
figures of an independent count; docs/agreement.md explains the differences.  The texts are
read from ../shared/polnear and never copied.
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

from annotator.agreement import Report, compare
from annotator.agreement_cli import Gathered, gather, run
from annotator.scores import PRF

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear"

# The independent count, said to be over "the training set's multi-annotated articles (265 annotator
# pairs)": 265 is train's 235 comparisons and dev's 30, and with both our figures agree with it.
INDEPENDENT = {
    "comparisons": 265,
    "quotes lenient": 0.842,
    "quotes strict": 0.789,
    "tokens content": 0.918,
    "tokens cue": 0.693,
    "tokens source": 0.810,
    "token alpha": 0.773,
}


def load(polnear: Path, splits: list[str]) -> Gathered:
    both = Gathered()
    for split in splits:
        found = gather([polnear / split])
        both.articles.update(found.articles)
        both.problems.extend(found.problems)
    return both


def swapped(gathered: Gathered) -> dict[str, float]:
    """Quote F1 with each pair's second annotator (by name) as the reference instead."""
    totals = {"lenient": PRF(), "strict": PRF(), "exact": PRF()}
    for text, layers in gathered.articles.values():
        for a, b in combinations(sorted(layers, key=lambda x: x.annotator), 2):
            for level, prf in compare(b, a, text).quotes.items():
                totals[level].add(prf)
    return {f"quotes {level} (swapped)": prf.f1 for level, prf in totals.items()}


def figures(report: Report) -> dict[str, float]:
    pooled = report.pooled
    found: dict[str, float] = {"articles": len(report.articles), "comparisons": pooled.comparisons}
    found.update({f"quotes {level}": prf.f1 for level, prf in pooled.quotes.items()})
    found.update({f"tokens {role}": prf.f1 for role, prf in pooled.roles.items()})
    for name, value in (
        ("speaker same name", pooled.speaker_observed),
        ("speaker kappa", pooled.speaker_kappa),
        ("type kappa", pooled.type_kappa),
        ("token alpha", report.alpha.value),
    ):
        found[name] = float("nan") if value is None else value
    return found


def polnear_figures(polnear: Path, splits: list[str]) -> dict[str, float]:
    gathered = load(polnear, splits)
    compared = Gathered({k: v for k, v in gathered.articles.items() if len(v[1]) > 1}, gathered.problems)
    return {**figures(run(compared)), **swapped(compared)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    args = parser.parse_args()
    if not (args.polnear / "train").is_dir():
        print(f"PolNeAR not found at {args.polnear}", file=sys.stderr)
        return 1
    columns = {"train": ["train"], "dev": ["dev"], "train+dev": ["train", "dev"]}
    results = {name: polnear_figures(args.polnear, splits) for name, splits in columns.items()}
    print(f"{'PolNeAR, multi-annotated':<32}" + "".join(f"{name:>11}" for name in columns) + f"{'independent':>13}")
    for key in results["train"]:
        row = "".join(_cell(results[name][key]) for name in columns)
        print(f"{key:<32}{row}{_cell(INDEPENDENT[key], 13) if key in INDEPENDENT else ''}")
    return 0


def _cell(value: float, width: int = 11) -> str:
    return f"{value:>{width}d}" if isinstance(value, int) else f"{value:>{width}.3f}"


if __name__ == "__main__":
    sys.exit(main())
