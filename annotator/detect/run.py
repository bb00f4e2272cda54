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
from annotator.model import DETECTOR_ANNOTATOR, Annotation, text_sha256
from annotator.store import StoreError, annotation_path, read, save, stamp

BATCH_SIZE = 16


@dataclass
class DetectReport:
    written: int = 0
    skipped: int = 0
    quotes: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def fail(self, line: str) -> None:
        self.failed.append(line)
        print(line, file=sys.stderr)

    def summary(self) -> str:
        rate = self.written / self.seconds if self.seconds else 0.0
        return (
            f"{self.written} drafted ({self.quotes} quotes), {self.skipped} already drafted for the same text, "
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
    """Draft every article under ``paths`` into ``out/detector/``. An article already drafted
    for its current text is skipped; a draft for an older text is redone, unless a person has
    touched it (a quote reviewed), which only ``force`` overwrites. A write that fails stops
    the run with one line; what was written is whole."""
    report = DetectReport()
    started = time.perf_counter()
    todo: list[Article] = []
    for item in iter_articles(paths):
        if isinstance(item, ArticleError):
            report.fail(str(item))
            continue
        path = annotation_path(out, DETECTOR_ANNOTATOR, item.doc_id)
        if force or not path.exists():
            todo.append(item)
        elif reason := _keep(path, item):
            if reason != "current":
                report.fail(reason)
            else:
                report.skipped += 1
        else:
            todo.append(item)
    if todo:
        nlp = load(model)
        progress = Progress(len(todo))
        try:
            for article, annotation in detect_texts(nlp, todo, jobs):
                target = annotation_path(out, DETECTOR_ANNOTATOR, article.doc_id)
                try:
                    save(stamp(annotation), target)
                except OSError as err:
                    report.fail(
                        f"{target}: cannot be written ({err.strerror or err}); stopped, drafts written so far are whole"
                    )
                    break
                report.written += 1
                report.quotes += len(annotation.quotes)
                progress.step(article.doc_id)
        finally:
            progress.close()
    report.seconds = time.perf_counter() - started
    return report


def _keep(path: Path, article: Article) -> str:
    """Why the draft at ``path`` stays: "current" (drafted for this very text), or a line saying
    a person touched a draft of an older text; "" when it is to be redone."""
    try:
        draft = read(path)
    except StoreError:
        return f"{path}: unreadable draft (see `annotator validate`); --force replaces it"
    if draft.text_sha256 == text_sha256(article.text):
        return "current"
    if draft.annotator != DETECTOR_ANNOTATOR or any(q.review != "pending" for q in draft.quotes):
        return f"{path}: drafted for an older text and since edited by hand; --force replaces it"
    return ""
