"""``annotator detect``: detector drafts for a corpus, batched, in parallel if asked."""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from annotator.corpus import Article, ArticleError, iter_articles
from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import info, load, pipe
from annotator.model import DETECTOR_ANNOTATOR, Annotation, text_sha256
from annotator.store import StoreError, annotation_path, read, save, stamp
from annotator.wording import counted

BATCH_SIZE = 16  # articles per nlp.pipe batch, and per piece of work sent to a worker process


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
            f"{self.written} drafted ({counted(self.quotes, 'quote')}), "
            f"{self.skipped} already drafted for the same text, "
            f"{len(self.failed)} failed, {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


class Progress:
    """A progress bar with the rate and the time left (rich) on a terminal; nothing otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.stream: TextIO = stream or sys.stderr
        self.live = self.stream.isatty()
        self._bar: Any = None
        if self.live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("drafting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("left"),
                TimeRemainingColumn(),
                TextColumn("{task.description}", style="dim"),
                console=Console(file=self.stream),
            )
            self._task = self._bar.add_task("", total=total, rate="")
            self._bar.start()

    def step(self, label: str) -> None:
        if self._bar is not None:
            speed = self._bar.tasks[0].speed
            rate = f"{speed:.1f} articles/s" if speed else ""
            self._bar.update(self._task, advance=1, description=label[:40], rate=rate)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def detect_texts(
    nlp: Any, articles: Iterable[Article], jobs: int = 1, model: str | None = None
) -> Iterator[tuple[Article, Annotation]]:
    """Run the pipeline over articles, yielding each with its draft, in order.

    With ``jobs`` > 1, pieces of BATCH_SIZE articles go to that many worker processes, each
    with the pipeline (forked from this one where the OS can, so nothing is loaded again), and
    each sends back only the drafts: spaCy's own ``n_process`` starts its processes afresh and
    sends every Doc back as bytes, leaving their decoding and the conversion to drafts to this
    one process (serial work that bounds the speed-up; bench/detect.py times both)."""
    items = list(articles)
    if jobs <= 1 or len(items) <= BATCH_SIZE:
        detector = info(nlp)
        docs = pipe(nlp, ((a.text, a) for a in items), BATCH_SIZE)
        for doc, article in docs:
            yield article, to_annotation(doc, article.doc_id, article.path, detector)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pieces = [items[i : i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE)]
    with context.Pool(min(jobs, len(pieces)), initializer=_start_worker, initargs=(model,)) as pool:
        for piece, drafts in zip(pieces, pool.imap(_draft, [(model, piece) for piece in pieces]), strict=True):
            yield from zip(piece, drafts, strict=True)


def _start_worker(model: str | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the parent's to handle: it stops the pool
    load(model)  # already loaded when forked (load is cached); loaded once per process otherwise


def _draft(work: tuple[str | None, list[Article]]) -> list[Annotation]:
    model, articles = work
    return [draft for _, draft in detect_texts(load(model), articles)]


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
            for article, annotation in detect_texts(nlp, todo, jobs, model):
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
