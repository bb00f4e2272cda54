"""Counts over annotation files, per annotator, from the index (``store.summaries``).

Each person is a row of their own; the detector's drafts and the gold files are rows too, but
never added into the people's totals (a draft's pending quotes are not anyone's backlog).  The
corpus part counts articles, those with a gold version by the one gold rule (``annotator.gold``)
and those that need adjudication (several people done, no gold file).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.gold import Layer, choose_all, is_human
from annotator.model import DETECTOR_ANNOTATOR, GOLD_ANNOTATOR, STATUSES
from annotator.progress import Step
from annotator.store import Summary, summaries
from annotator.wording import counted

COUNTED = ("accepted", "corrected", "rejected", "added", "pending")


@dataclass
class Row:
    """One annotator's files: by status, their quotes by review state, and the time spent."""

    role: str  # human, detector or gold
    files: int = 0
    status: Counter[str] = field(default_factory=Counter)
    quotes: Counter[str] = field(default_factory=Counter)
    active_seconds: int = 0
    active_seconds_done: int = 0  # on the articles marked done

    def add(self, summary: Summary) -> None:
        self.files += 1
        self.status[summary.status] += 1
        for name in COUNTED:
            self.quotes[name] += getattr(summary, name)
        self.active_seconds += summary.active_seconds
        if summary.status == "done":
            self.active_seconds_done += summary.active_seconds

    @property
    def per_done(self) -> float | None:
        """Active seconds per done article (None when none is done)."""
        done = self.status["done"]
        return self.active_seconds_done / done if done else None

    def as_dict(self) -> dict[str, object]:
        per_done = self.per_done
        return {
            "role": self.role,
            "files": self.files,
            "status": {s: self.status[s] for s in STATUSES},
            "quotes": {name: self.quotes[name] for name in COUNTED},
            "active_seconds": self.active_seconds,
            "active_seconds_per_done": None if per_done is None else round(per_done, 1),
        }


@dataclass
class Stats:
    files: int = 0
    annotators: dict[str, Row] = field(default_factory=dict)
    articles: int = 0
    with_gold: int = 0  # articles with a gold version by the gold rule
    to_adjudicate: list[str] = field(default_factory=list)  # several done, no gold file
    unreadable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``annotator stats --json`` (documented in the README)."""
        return {
            "files": self.files,
            "annotators": {name: row.as_dict() for name, row in sorted(self.annotators.items())},
            "corpus": {
                "articles": self.articles,
                "with_gold": self.with_gold,
                "to_adjudicate": len(self.to_adjudicate),
            },
            "problems": self.unreadable,
        }


def role(annotator: str) -> str:
    return "human" if is_human(annotator) else {DETECTOR_ANNOTATOR: "detector", GOLD_ANNOTATOR: "gold"}[annotator]


def collect(paths: Iterable[Path], progress: Step | None = None) -> Stats:
    stats = Stats()
    found, folders = summaries(paths, progress=progress)
    stats.unreadable.extend(map(str, folders))
    layers: list[Layer[Summary]] = []
    for summary in found:
        if not summary.loads:
            stats.unreadable.extend(map(str, summary.problems))
            continue
        stats.files += 1
        stats.annotators.setdefault(summary.annotator, Row(role(summary.annotator))).add(summary)
        layers.append(Layer(summary.doc_id, summary.annotator, summary.status, summary, summary.pending))
    choices = choose_all(layers)
    stats.articles = len(choices)
    stats.with_gold = sum(1 for c in choices if c.taken)
    stats.to_adjudicate = [c.doc_id for c in choices if c.adjudicate]
    return stats


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes = round(seconds / 60)
    return f"{minutes // 60}h{minutes % 60:02d}" if minutes >= 60 else f"{minutes}m"


def render(stats: Stats) -> str:
    order = sorted(stats.annotators.items(), key=lambda item: (item[1].role != "human", item[1].role, item[0]))
    shown = {
        name: name if row.role == "human" else f"{name} ({'drafts' if row.role == 'detector' else 'gold files'})"
        for name, row in order
    }
    width = max([len(name) + 2 for name in shown.values()] + [11])
    head = "".join(f"{s:>12}" for s in STATUSES) + "".join(f"{q:>10}" for q in COUNTED)
    count = len(stats.annotators)
    lines = [
        f"{counted(stats.files, 'file')} by {counted(count, 'annotator')}",
        "",
        f"{'annotator':<{width}}{head}",
    ]
    lines[-1] += f"{'active':>9}{'per done':>10}"
    for name, row in order:
        cells = "".join(f"{row.status[s]:>12}" for s in STATUSES) + "".join(f"{row.quotes[q]:>10}" for q in COUNTED)
        lines.append(f"{shown[name]:<{width}}{cells}{_time(row.active_seconds):>9}{_time(row.per_done):>10}")
    if not order:
        lines.append("(no annotation files)")
    lines.append("")
    lines.append(
        f"corpus: {stats.articles} articles, {stats.with_gold} with a gold version (the gold rule), "
        f"{len(stats.to_adjudicate)} to adjudicate (several done, no gold file)"
    )
    if stats.unreadable:
        lines.append(f"\n{counted(len(stats.unreadable), 'problem')} (run `annotator validate`):")
        lines.extend(f"  {line}" for line in stats.unreadable)
    return "\n".join(lines)
