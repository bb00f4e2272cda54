"""``annotator detect``: detector drafts for a corpus, batched, in parallel if asked."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from annotator.corpus import Article, ArticleError, iter_articles
from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import info, load
from annotator.model import DETECTOR_ANNOTATOR, Annotation
from annotator.store import annotation_path, save, stamp

BATCH_SIZE = 16


@dataclass
class DetectReport:
    written: int = 0
    skipped: int = 0
    quotes: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.written / self.seconds if self.seconds else 0.0
        return (
            f"{self.written} drafted ({self.quotes} quotes), {self.skipped} already drafted, "
            f"{len(self.failed)} failed, {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


class Progress:
    """A one-line progress bar on a terminal; nothing when output is not a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.stream: TextIO = stream or sys.stderr
        self.live = self.stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if self.live:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
            self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")


def detect_texts(nlp: Any, articles: Iterable[Article], jobs: int = 1) -> Iterator[tuple[Article, Annotation]]:
    """Run the pipeline over articles, yielding each with its draft."""
    detector = info(nlp)
    items = list(articles)
    docs = nlp.pipe(((a.text, a) for a in items), as_tuples=True, batch_size=BATCH_SIZE, n_process=max(1, jobs))
    for doc, article in docs:
        yield article, to_annotation(doc, article.doc_id, article.path, detector)


def detect_corpus(
    paths: list[Path], out: Path, *, model: str | None = None, jobs: int = 1, force: bool = False
) -> DetectReport:
    report = DetectReport()
    started = time.perf_counter()
    todo: list[Article] = []
    for item in iter_articles(paths):
        if isinstance(item, ArticleError):
            report.failed.append(str(item))
            print(item, file=sys.stderr)
        elif not force and annotation_path(out, DETECTOR_ANNOTATOR, item.doc_id).exists():
            report.skipped += 1
        else:
            todo.append(item)
    if todo:
        nlp = load(model)
        progress = Progress(len(todo))
        for article, annotation in detect_texts(nlp, todo, jobs):
            save(stamp(annotation), annotation_path(out, DETECTOR_ANNOTATOR, article.doc_id))
            report.written += 1
            report.quotes += len(annotation.quotes)
            progress.step(article.doc_id)
        progress.close()
    report.seconds = time.perf_counter() - started
    return report
