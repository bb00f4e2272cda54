"""The annotator on a big corpus: 2,000 and 10,000 articles, each with an annotation file.

    .venv/bin/python bench/corpus.py [SIZES...] [--keys N]     (default: 2000 10000, 100 keys)

Prints, per corpus size: the time from launching the app (a fresh process, headless) to its
first painted, interactive screen, with the summary cache cold (first launch) and warm (the
next ones); and per-key latency for accept (a) and next article (]), median, p95 and worst
over 100 keys each (fewer with --keys, for a slow version), measured two ways: the key's
handler alone (as bench/tui.py does) and the key through Textual until the screen is idle
again (pilot.press).  Then the same in a real terminal, as a person sees it (where tmux is
installed): launch to the first screen, and next article, next quote and accept from the key
to the changed screen, with the app's CPU time per key (the steadier figure on a shared
machine).  The index cache lives in a temporary XDG_CACHE_HOME, so nothing outside is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from annotator import store
from annotator.model import Annotation, Quote, Span, Speaker, text_sha256

_spec = spec_from_file_location("bench_index", Path(__file__).with_name("index.py"))
assert _spec is not None and _spec.loader is not None
_index = module_from_spec(_spec)
_spec.loader.exec_module(_index)
as_installed = _index.as_installed

SIZE = (120, 35)
PARAGRAPH = (
    "The council met on Tuesday to discuss the budget and the new bridge over the river. "
    "“We will finish the bridge before the winter comes,” Maria Lopez said. "
    "Residents asked about the cost, and the mayor promised a public meeting next month.\n"
)


def make_corpus(folder: Path, count: int) -> None:
    """``count`` articles of about 4.5 KB under articles/, each with 3 quotes in
    annotations/bench/ (drafts, every quote pending)."""
    (folder / "articles").mkdir()
    out = folder / "annotations" / "bench"
    out.mkdir(parents=True)
    text = PARAGRAPH * 20
    quote = "“We will finish the bridge before the winter comes,”"
    starts = [i for i in range(len(text)) if text.startswith(quote, i)][:3]
    speakers = (Speaker("s1", "Maria Lopez", "person"),)
    for n in range(count):
        doc_id = f"art{n:05d}"
        (folder / "articles" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        quotes = tuple(
            Quote(
                id=f"q{i + 1}",
                type="direct",
                content=(Span.of(text, s, s + len(quote)),),
                cue=(Span.of(text, s + len(quote) + 13, s + len(quote) + 17),),
                source=(Span.of(text, s + len(quote) + 1, s + len(quote) + 12),),
                speaker="s1",
                confidence=0.9,
            )
            for i, s in enumerate(starts)
        )
        annotation = Annotation(
            doc_id, f"articles/{doc_id}.txt", text_sha256(text), "bench", speakers=speakers, quotes=quotes
        )
        (out / f"{doc_id}.yaml").write_text(store.dumps(store.stamp(annotation)), encoding="utf-8")
    old = time.time() - 3600  # files older than the index's "racy" window, as a real corpus's are
    for path in [*(folder / "articles").iterdir(), *out.iterdir()]:
        os.utime(path, (old, old))
    time.sleep(2.1)  # their ctime is now: the index trusts no file changed in the 2 s before it looks


LAUNCH = """
import sys, time, asyncio
from pathlib import Path
from annotator.tui.app import AnnotatorApp
from annotator.workspace import Workspace

BACKGROUND = {"background": True} if "background" in Workspace.__init__.__kwdefaults__ else {}  # as `annotate`

async def main():
    workspace = Workspace([Path("articles")], Path("annotations"), "bench", **BACKGROUND)
    app = AnnotatorApp(workspace)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        print(time.time())
        await app.workers.wait_for_complete()  # the list's statuses, worked out behind the screen
        await pilot.pause()
        print(time.time(), sum(e.status == "unknown" for e in workspace.entries))
        app.exit()

asyncio.run(main())
"""


def launch_seconds(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the first screen, and to the last status in the list."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH], cwd=folder, capture_output=True, text=True, check=True, env=env
    )
    first, (last, unknown) = out.stdout.split()[-3], out.stdout.split()[-2:]
    assert unknown == "0", "some statuses never came in"
    return float(first) - started, float(last) - started


async def key_latencies(folder: Path, keys: int) -> dict[str, list[float]]:
    from annotator.tui.annotate import AnnotateScreen
    from annotator.tui.app import AnnotatorApp
    from annotator.workspace import Workspace

    os.chdir(folder)
    results: dict[str, list[float]] = {}
    app = AnnotatorApp(Workspace([Path("articles")], Path("annotations"), "bench", background=True))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        handlers = {"a": screen.action_accept, "]": lambda: screen.action_article(1)}
        for key, handler in handlers.items():
            handler_times, press_times = [], []
            for n in range(keys):
                if key == "a" and screen.session.quote is None or n % 3 == 2 and key == "a":
                    screen.action_article(1)  # a fresh article with pending quotes
                    await pilot.pause()
                started = time.perf_counter()
                handler()
                handler_times.append(time.perf_counter() - started)
                await pilot.pause()
                if key == "a" and screen.session.quote is None:
                    screen.action_article(1)
                    await pilot.pause()
                started = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                press_times.append(time.perf_counter() - started)
            results[f"{key} handler"] = handler_times
            results[f"{key} press"] = press_times
        app.workspace.writer.flush()
    return results


class Terminal:
    """The app in a real terminal (tmux, 120x35, a server of its own), watched as a person sees
    it: ``capture-pane`` polled every few milliseconds (a poll takes about 5 ms, which bounds the
    precision), and the app's own CPU seconds read from /proc."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        annotator = Path(sys.executable).with_name("annotator")
        self.base = ["tmux", "-L", "annotator-bench"]
        command = (
            f"exec env -u PYTHONDONTWRITEBYTECODE XDG_CACHE_HOME={env['XDG_CACHE_HOME']} "
            f"{annotator} annotate articles --annotator bench"
        )  # as installed (index.as_installed)
        self.started = time.perf_counter()
        size = ["-x", str(SIZE[0]), "-y", str(SIZE[1])]
        subprocess.run([*self.base, "new", "-d", "-s", "t", *size, "-c", str(folder), command], check=True)
        self.pid = self.tmux("display", "-p", "-t", "t", "#{pane_pid}").strip()

    def tmux(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, test: Callable[[str], bool], timeout: float = 30) -> float:
        """Seconds since launch until the screen passes ``test``."""
        while time.perf_counter() - self.started < timeout:
            if test(self.screen()):
                return time.perf_counter() - self.started
            time.sleep(0.005)
        raise TimeoutError("the screen never showed what was awaited")

    def settle(self) -> None:
        """Wait until the screen has not changed for 0.2 s."""
        last, since = self.screen(), time.perf_counter()
        while time.perf_counter() - since < 0.2:
            time.sleep(0.02)
            if (now := self.screen()) != last:
                last, since = now, time.perf_counter()

    def idle(self, quiet: float = 0.5, timeout: float = 60) -> float:
        """Seconds since launch until the app used no CPU for ``quiet`` seconds (its workers done)."""
        last, since = self.cpu_ms(), time.perf_counter()
        while time.perf_counter() - self.started < timeout:
            time.sleep(0.05)
            if (now := self.cpu_ms()) != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return since - self.started
        raise TimeoutError("the app never went idle")

    def cpu_ms(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def key(self, key: str) -> float:
        """Seconds from sending ``key`` until the screen changed."""
        before = self.screen()
        started = time.perf_counter()
        self.tmux("send-keys", "-t", "t", key)
        while self.screen() == before and time.perf_counter() - started < 5:
            pass
        return time.perf_counter() - started

    def close(self) -> None:
        self.tmux("send-keys", "-t", "t", "q")
        time.sleep(0.5)
        self.tmux("kill-server")


def in_terminal(folder: Path, env: dict[str, str], keys: int) -> None:
    """Launch to first screen, and each key to its screen, in a real terminal."""
    if shutil.which("tmux") is None or not Path("/proc/self/stat").exists():
        print("  (no tmux or no /proc here: no real-terminal figures)")
        return
    term = Terminal(folder, env)
    try:
        first = term.wait_for(lambda screen: "art00000" in screen and "Maria Lopez" in screen)
        listed = term.wait_for(lambda screen: "…" not in screen.split("│")[0] and "0/3" in screen)
        idle = term.idle()
        print(
            f"  in a terminal: first screen {first:.2f} s after launch, the visible statuses {listed:.2f} s, "
            f"every status and headline (the app idle) {idle:.2f} s"
        )
        for key, back, name in (("]", "[", "next article"), ("j", "k", "next quote"), ("a", "]", "accept")):
            times, cpu = [], 0.0
            for n in range(keys):
                if key != "a" or n % 3 == 0:  # accept: the three quotes of an article, then the next one
                    term.key(back)
                    term.settle()
                before = term.cpu_ms()
                times.append(term.key(key))
                term.settle()
                cpu += term.cpu_ms() - before
            print(row(f"{name} ({key}), key to screen", times) + f"   app CPU {cpu / keys:5.1f} ms a key")
    finally:
        term.close()


def row(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    p95 = statistics.quantiles(ms, n=20)[-1]
    return f"  {label:<34} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   worst {max(ms):7.1f} ms"


def main(sizes: list[int], keys: int) -> int:
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            make_corpus(folder, count)
            print(f"{count:,} articles of {len(PARAGRAPH) * 20:,} characters, each with an annotation file "
                  f"(made in {time.perf_counter() - started:.1f} s); terminal {SIZE}")  # fmt: skip
            env = as_installed(os.environ | {"XDG_CACHE_HOME": str(folder / "cache")})
            cold = launch_seconds(folder, env)
            warm = [launch_seconds(folder, env) for _ in range(2)]
            print(
                f"  launch to first screen: cache cold {cold[0]:.2f} s, "
                f"warm {statistics.median(w[0] for w in warm):.2f}"
                f" s (runs {', '.join(f'{w[0]:.2f}' for w in warm)})   target <= 1 s"
            )
            print(
                f"  every status in the list: cache cold {cold[1]:.2f} s, warm "
                f"{statistics.median(w[1] for w in warm):.2f} s (behind the screen, in a worker thread)"
            )
            in_terminal(folder, env, min(keys, 20))
            os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
            here = Path.cwd()
            try:
                results = asyncio.run(key_latencies(folder, keys))
            finally:
                os.chdir(here)
            for key, name in (("a", "accept (a)"), ("]", "next article (])")):
                print(row(f"{name}, handler", results[f"{key} handler"]))
                print(row(f"{name}, key to idle screen", results[f"{key} press"]))
            print("  target: every key <= 50 ms")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 10000])
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    sys.exit(main(args.sizes, args.keys))
