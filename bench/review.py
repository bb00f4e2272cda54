"""Review speed: the compare screen on a long article, and the review list over many files.

    .venv/bin/python bench/review.py            (part of `make bench`)

1. Compare: a 100,000-character article with two versions of 500 quotes each (every tenth
   quote with another speaker, every twentieth only in one version), headless at 120x35:
   time from Enter on the list to the compare screen drawn, then per-key latency (the handler
   plus drawing) for moving between groups (j), jumping to the next disagreement (n) and taking
   a version into gold (2), median, p95 and worst.
2. The review list: the time to list N annotation files (default 10,000, --files N), cold
   (no index yet) and warm (the index of file summaries, checked against each file), beside a
   bare loop reading the same files with libyaml's C loader.  (Disagreements are counted
   behind the list, in a worker, and are not in this time.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from annotator import store
from annotator.model import Speaker, text_sha256

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui import make_article  # noqa: E402  (the same long article as the annotate benchmark)

SIZE = (120, 35)


def versions(folder: Path) -> None:
    text, base = make_article()
    (folder / "long").mkdir()
    (folder / "long" / "long.txt").write_text(text, encoding="utf-8")
    speakers = (Speaker("s1", "Maria Lopez", "person"), Speaker("s2", "Ana Ruiz", "person"))
    alice = replace(base, annotator="alice", status="done", speakers=speakers)
    quotes = [replace(q, speaker="s2" if i % 10 == 0 else q.speaker) for i, q in enumerate(base.quotes) if i % 20 != 5]
    bob = replace(base, annotator="bob", status="done", speakers=speakers, quotes=tuple(quotes))
    store.save(alice, folder / "annotations" / "alice" / "long.yaml")
    store.save(bob, folder / "annotations" / "bob" / "long.yaml")


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    return f"{name:<28} median {median:6.1f} ms   p95 {p95 * 1000:6.1f} ms   worst {worst:6.1f} ms"


async def compare_bench() -> None:
    from textual.widgets import OptionList, Static

    from annotator.tui.article_view import ArticleView
    from annotator.tui.review import CompareScreen, ReviewApp

    app = ReviewApp([Path("annotations")], Path("annotations"), "bench")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        review = app.screen
        while getattr(review, "counting", False):  # the list's worker reads the versions once
            await pilot.pause(0.05)
        started = time.perf_counter()
        await pilot.press("enter")
        while not isinstance(app.screen, CompareScreen):
            await pilot.pause()
        await pilot.pause()
        print(
            f"compare screen open     {time.perf_counter() - started:6.2f} s  (target 1 s; versions read by the list)"
        )
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        view = screen.query_one(ArticleView)
        groups = screen.query_one("#groups", OptionList)
        versions = screen.query_one("#versions", Static)

        def paint() -> None:  # what a key redraws: the visible lines of the three panes
            for y in range(view.size.height):
                view.render_line(y)
            groups.render_lines(groups.region.reset_offset)
            versions.render_lines(versions.region.reset_offset)

        actions = {
            "j (next group)": lambda: screen.action_step(1),
            "n (next disagreement)": screen.action_next_open,
            "2 (take a version)": lambda: screen.action_take(1),
        }
        for name, action in actions.items():
            times = []
            for _ in range(60):
                began = time.perf_counter()
                action()
                paint()
                times.append(time.perf_counter() - began)
            print(summary(f"key {name}", times) + "   (handler + paint; target 50 ms)")
        times = []
        for _ in range(40):
            began = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            times.append(time.perf_counter() - began)
        print(summary("j end to end", times) + "   (press to screen updated, Textual's frame pacing included)")
        app.exit()


def list_bench(count: int) -> None:
    from annotator.review import load_corpus

    text = "The council met on Tuesday to discuss the budget. " * 90
    (Path("many")).mkdir()
    _, base = make_article(chars=4500, quotes=3)
    for n in range(count):
        doc = f"doc{n:05d}"
        (Path("many") / f"{doc}.txt").write_text(text, encoding="utf-8")
        annotation = replace(base, doc_id=doc, article=f"many/{doc}.txt", annotator="alice", status="done")
        annotation = replace(annotation, text_sha256=text_sha256(text), quotes=())
        store.save(annotation, Path("list") / "alice" / f"{doc}.yaml")
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    for path in sorted(Path("list").rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=loader)  # noqa: S506  (the C safe loader)
    bare = time.perf_counter() - started
    os.environ["XDG_CACHE_HOME"] = str(Path("cache").resolve())  # the index's cache, in this temporary folder
    started = time.perf_counter()
    rows = load_corpus([Path("list")], differences=False)  # what the screen shows first
    cold = time.perf_counter() - started
    started = time.perf_counter()
    load_corpus([Path("list")], differences=False)
    warm = time.perf_counter() - started
    print(
        f"review list, {len(rows):,} files: bare libyaml loop {bare:5.2f} s, cold {cold:5.2f} s ({cold / bare:.1f}x), "
        f"warm {warm:5.2f} s ({warm / bare:.1f}x)   (target: warm 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000, help="annotation files for the list (default 10,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        versions(Path(tmp))
        asyncio.run(compare_bench())
        list_bench(args.files)


if __name__ == "__main__":
    main()
