"""``annotator detect`` in parallel: --jobs 1 against --jobs 2, on generated articles.

    .venv/bin/python bench/detect.py [--articles N]      (default 200)

Each run is a fresh process (`annotator detect DIR --out OUT --jobs N`), model load and process
start-up included, as a user runs it; jobs 1 and 2 alternate, three runs each, in one run of this
script.  As a baseline, spaCy's own ``nlp.pipe(n_process=2)`` (the way detect ran before) is
timed the same way.  Prints the median seconds, articles/s, the speed-up over --jobs 1, and the
CPU seconds used (CPU / wall near 2 means both cores worked); and, as the ceiling, the speed-up
that two processes of a pure-Python loop get at the same moment: on a shared machine the other
jobs running decide what any parallel run can reach.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = (
    "The council met on Tuesday to discuss the budget and the new bridge over the river.",
    "“We will finish the bridge before the winter comes,” Maria Lopez said.",
    "Residents asked about the cost, and the mayor promised a public meeting next month.",
    "According to the treasurer, the city has set aside four million dollars for the work.",
    "“Nobody asked us,” said a shopkeeper on Main Street, who declined to give her name.",
    "Officials told reporters that the project would create two hundred jobs.",
)

SPACY_N_PROCESS = """
import sys, time
from pathlib import Path
from annotator.corpus import Article, iter_articles
from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import info, load
started = time.perf_counter()
nlp = load(None)
items = [a for a in iter_articles([Path(sys.argv[1])]) if isinstance(a, Article)]
detector = info(nlp)
docs = nlp.pipe(((a.text, a) for a in items), as_tuples=True, batch_size=16, n_process=2)
n = sum(1 for doc, a in docs if to_annotation(doc, a.doc_id, a.path, detector))
print(time.perf_counter() - started, n)
"""


def make_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        paragraphs = [" ".join(SENTENCES[(n + i + j) % len(SENTENCES)] for j in range(4)) for i in range(8)]
        (folder / f"a{n:04d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each run's processes


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(folder: Path, jobs: int) -> float:
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    annotator = Path(sys.executable).parent / "annotator"
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run(
        [str(annotator), "detect", "articles", "--out", "out", "--jobs", str(jobs)],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip
    CPU.setdefault(f"--jobs {jobs}", []).append(_cpu() - cpu)
    return time.perf_counter() - started


def spacy_n_process(folder: Path) -> float:
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-c", SPACY_N_PROCESS, "articles"], cwd=folder, check=True, capture_output=True)
    CPU.setdefault("spaCy n_process=2", []).append(_cpu() - cpu)
    return time.perf_counter() - started


def _burn(n: int) -> int:
    return sum(i * i for i in range(n))


def two_process_ceiling(n: int = 5_000_000) -> float:
    """The speed-up two processes get on this machine now, on pure CPU work with nothing shared."""
    started = time.perf_counter()
    _burn(n)
    one = time.perf_counter() - started
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_burn, [n, n])
    return 2 * one / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_articles(folder / "articles", args.articles)
        size = sum(p.stat().st_size for p in (folder / "articles").iterdir()) // args.articles
        print(f"{args.articles} generated articles of {size:,} bytes; {os.cpu_count()} CPUs; {args.runs} runs each")
        times: dict[str, list[float]] = {"--jobs 1": [], "--jobs 2": [], "spaCy n_process=2": []}
        ceilings = []
        for _ in range(args.runs):
            ceilings.append(two_process_ceiling())
            times["--jobs 1"].append(run(folder, 1))
            times["--jobs 2"].append(run(folder, 2))
            times["spaCy n_process=2"].append(spacy_n_process(folder))
        base = statistics.median(times["--jobs 1"])
        for label, values in times.items():
            median = statistics.median(values)
            cpu = statistics.median(CPU[label])
            print(
                f"{label:<20} median {median:6.2f} s  {args.articles / median:6.1f} articles/s  "
                f"x{base / median:.2f} of --jobs 1  CPU {cpu:6.1f} s (x{cpu / median:.2f} of wall)  "
                f"(runs {', '.join(f'{v:.2f}' for v in values)})"
            )
        ceiling = statistics.median(ceilings)
        print(f"ceiling: a pure-Python loop in 2 processes ran x{ceiling:.2f} of 1 in this run (what the machine gave)")
        load = os.getloadavg()
        print(
            f"target: --jobs 2 >= 1.8 x --jobs 1; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on "
            f"{os.cpu_count()} CPUs (shared: other work takes cores from a parallel run)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
