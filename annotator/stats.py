"""Counts over annotation files: per status, per annotator, per review state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.store import StoreError, read, scan_files


@dataclass
class Stats:
    files: int = 0
    quotes: int = 0
    status: Counter[str] = field(default_factory=Counter)
    annotators: Counter[str] = field(default_factory=Counter)
    review: Counter[str] = field(default_factory=Counter)
    quote_types: Counter[str] = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``annotator stats --json`` (documented in the README)."""
        return {
            "files": self.files,
            "quotes": self.quotes,
            "status": dict(sorted(self.status.items())),
            "annotator": dict(sorted(self.annotators.items())),
            "review": dict(sorted(self.review.items())),
            "type": dict(sorted(self.quote_types.items())),
            "problems": self.unreadable,
        }


def collect(paths: Iterable[Path]) -> Stats:
    stats = Stats()
    files, folders = scan_files(paths)
    stats.unreadable.extend(map(str, folders))
    for path in files:
        try:
            annotation = read(path)
        except StoreError as err:
            stats.unreadable.extend(map(str, err.problems))
            continue
        stats.files += 1
        stats.status[annotation.status] += 1
        stats.annotators[annotation.annotator] += 1
        for quote in annotation.quotes:
            stats.quotes += 1
            stats.review[quote.review] += 1
            stats.quote_types[quote.type] += 1
    return stats


def render(stats: Stats) -> str:
    lines = [f"{stats.files} files, {stats.quotes} quotes"]
    for title, counter in (
        ("status", stats.status),
        ("annotator", stats.annotators),
        ("review", stats.review),
        ("type", stats.quote_types),
    ):
        lines.append(f"\n{title}:")
        width = max((len(k) for k in counter), default=0)
        lines.extend(f"  {key:<{width}}  {count:>6}" for key, count in sorted(counter.items()))
    if stats.unreadable:
        lines.append(f"\n{len(stats.unreadable)} problems (run `annotator validate`):")
        lines.extend(f"  {line}" for line in stats.unreadable)
    return "\n".join(lines)
