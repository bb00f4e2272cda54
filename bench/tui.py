"""Annotator responsiveness on a long article: 100,000 characters, 500 quotes, drafts saved.

    .venv/bin/python bench/tui.py            (part of `make bench`)

Prints the time from launching the app to the first painted, interactive screen
(a fresh process, headless, median of 3), and per-key latency for moving between
quotes (j) and accepting (a): the key's handler plus drawing every visible line,
median and worst of 200 keys.  As a baseline, the same article drawn the naive way
(a Static widget re-rendering the whole text on each key) is timed in the same run.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator import store
from annotator.model import Annotation, Quote, Span, Speaker, text_sha256

SIZE = (120, 35)
SENTENCE = "The council met on Tuesday to discuss the budget and the new bridge over the river. "


def make_article(chars: int = 100_000, quotes: int = 500) -> tuple[str, Annotation]:
    paragraphs, spans = [], []
    pos = 0
    while pos < chars:
        quote = "“We will finish the bridge before the winter comes,”"
        paragraph = SENTENCE + quote + " Maria Lopez said."
        start = pos + len(SENTENCE)
        spans.append((start, start + len(quote), start + len(quote) + 1, start + len(quote) + 12))
        paragraphs.append(paragraph)
        pos += len(paragraph) + 1
    text = "\n".join(paragraphs)[:chars]
    spans = [s for s in spans if s[3] + 6 <= len(text)][:quotes]
    found = tuple(
        Quote(
            id=f"q{i + 1}",
            type="direct",
            content=(Span.of(text, a, b),),
            cue=(Span.of(text, d + 1, d + 5),),
            source=(Span.of(text, c, d),),
            speaker="s1",
            confidence=0.95,
        )
        for i, (a, b, c, d) in enumerate(spans)
    )
    annotation = Annotation(
        doc_id="long",
        article="long/long.txt",
        text_sha256=text_sha256(text),
        annotator="bench",
        speakers=(Speaker("s1", "Maria Lopez", "person"),),
        quotes=found,
    )
    return text, store.stamp(annotation)


LAUNCH = """
import sys, time, asyncio
from pathlib import Path
from annotator.tui.app import AnnotatorApp
from annotator.workspace import Workspace

async def main():
    app = AnnotatorApp(Workspace([Path("long")], Path("annotations"), "bench"))
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        print(time.time())
        app.exit()

asyncio.run(main())
"""


def launch_seconds(folder: Path) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", LAUNCH], cwd=folder, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1]) - started


async def key_latencies(folder: Path) -> dict[str, list[float]]:
    from rich.text import Text
    from textual.widgets import Static

    from annotator.tui.app import AnnotatorApp
    from annotator.tui.article_view import ArticleView
    from annotator.workspace import Workspace

    results: dict[str, list[float]] = {"j": [], "a": [], "l": [], ",": [], "baseline j": []}
    app = AnnotatorApp(Workspace([folder / "long"], folder / "annotations", "bench"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)

        def paint() -> None:
            for y in range(view.size.height):
                view.render_line(y)

        screen = app.annotate
        for key, action in (
            ("j", lambda: screen.action_step(1)),
            ("a", screen.action_accept),
            ("l", lambda: screen.action_edge("start", 1)),
            (",", lambda: screen.action_fit("clause")),
        ):
            for _ in range(200):
                started = time.perf_counter()
                action()
                view._scroll_to_offset(app.session.quote.start if app.session.quote else 0, False)
                paint()
                results[key].append(time.perf_counter() - started)
        app.workspace.writer.flush()

        # Baseline: the whole article as one Static, re-rendered on each key.
        text = view.text
        static = Static()
        await app.query_one("#main").mount(static)
        quotes = app.session.editor.annotation.quotes if app.session.editor else ()
        for quote in quotes[:20]:
            started = time.perf_counter()
            rich = Text(text)
            rich.stylize("reverse", quote.start, quote.end)
            static.update(rich)
            static.render_lines(static.region.reset_offset)  # lay out and draw, as a paint would
            results["baseline j"].append(time.perf_counter() - started)
    return results


async def early_keys_and_help(folder: Path) -> dict[str, list[float]]:
    """Keys pressed as a person would (Pilot: the key goes through the event loop, so work queued
    by the start-up workers shows as lag) in the first 3 s after launch and after 5 s; and the
    time the first and second ``?`` take to open the help."""
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.dialogs import HelpScreen
    from annotator.workspace import Workspace

    results: dict[str, list[float]] = {"early": [], "later": [], "help": []}
    app = AnnotatorApp(Workspace([folder / "long"], folder / "annotations", "bench", background=True))
    async with app.run_test(size=SIZE) as pilot:
        launched = time.perf_counter()
        while time.perf_counter() - launched < 3:
            started = time.perf_counter()
            await pilot.press("j")
            results["early"].append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
        await asyncio.sleep(max(0.0, 5 - (time.perf_counter() - launched)))
        for _ in range(len(results["early"])):
            started = time.perf_counter()
            await pilot.press("j")
            results["later"].append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
        for _ in range(2):
            started = time.perf_counter()
            await pilot.press("question_mark")
            while not isinstance(app.screen, HelpScreen):
                await asyncio.sleep(0.001)
            await pilot.pause()
            results["help"].append(time.perf_counter() - started)
            await pilot.press("escape")
    return results


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text, annotation = make_article()
        (folder / "long").mkdir()
        (folder / "long" / "long.txt").write_text(text, encoding="utf-8")
        store.save(annotation, store.annotation_path(folder / "annotations", "bench", "long"))
        print(f"article: {len(text):,} characters, {len(annotation.quotes)} quotes, drafts saved; terminal {SIZE}")
        launches = [launch_seconds(folder) for _ in range(3)]
        print(
            f"launch to interactive: median {statistics.median(launches):.2f} s (runs: "
            + ", ".join(f"{s:.2f}" for s in launches)
            + ")   target <= 1.5 s"
        )
        results = asyncio.run(key_latencies(folder))
        labels = (
            ("j", "next quote (j)"),
            ("a", "accept (a)"),
            ("l", "span start a word (l)"),
            (",", "span to the clause (,)"),
            ("baseline j", "baseline: Static redraw"),
        )
        for key, label in labels:
            values = [v * 1000 for v in results[key]]
            p95 = statistics.quantiles(values, n=20)[-1]
            median = statistics.median(values)
            print(f"{label:<26} median {median:7.2f} ms   p95 {p95:7.2f} ms   worst {max(values):7.2f} ms")
        ratio = statistics.median(results["baseline j"]) / statistics.median(results["j"])
        early = asyncio.run(early_keys_and_help(folder))
        for key, label in (("early", "j in the first 3 s"), ("later", "j after 5 s")):
            values = [v * 1000 for v in early[key]]
            print(
                f"{label + ' (Pilot)':<26} median {statistics.median(values):7.2f} ms   "
                f"worst {max(values):7.2f} ms   ({len(values)} keys)"
            )
        first, second = early["help"]
        print(f"help (?) opens in {first * 1000:.0f} ms the first time, {second * 1000:.0f} ms the second")
        print(f"line-API view is {ratio:.0f}x faster per key than the Static baseline; target <= 50 ms per key")
    return 0


if __name__ == "__main__":
    sys.exit(main())
