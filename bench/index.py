"""The annotation index over 10,000 files: cold and warm ``stats`` and ``validate`` against a bare
libyaml loop over the same files, timed in one run.

    .venv/bin/python bench/index.py [--files N] [--keep DIR]

Generates N annotation files (default 10,000) with their articles (about 4.5 KB of synthetic
text each, not PolNeAR) in a temporary folder, spread over the detector, gold and four people,
then times, each as its own process (interpreter start-up included, as a user sees it):

- bare: ``yaml.load(..., CSafeLoader)`` over every annotation file, nothing else;
- stats cold (empty cache), stats warm;
- validate cold, validate warm (every file still checked against its article; the index only
  spares re-reading a file whose bytes and whose article's are unchanged);
- the review list warm: what ``annotator review`` reads before its first screen, and the quote
  texts its search looks in, which it reads behind the list.

Cold runs read the files on every core (``store/workers.py``): the wall-clock ratio is what a
user waits, the CPU ratio what the reading costs.

The cache goes to a temporary XDG_CACHE_HOME, never the user's.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from annotator import store
from annotator.model import Annotation, DetectorInfo, Quote, Span, Speaker, text_sha256

ANNOTATORS = ["detector", "gold", "alice", "bob", "carol", "dave"]
STATUS = {"detector": ["draft"], "gold": ["done"]}
HUMAN_STATUS = ["done", "done", "in_progress", "skipped", "draft"]
REVIEWS = ["accepted", "accepted", "corrected", "rejected", "pending"]
WORDS = (
    "the minister council vote budget river harbour policy report tuesday agreement city officials "
    "program health spending school market season energy prices union talks border court"
).split()
NAMES = ["Ada Brook", "Ben Carter", "Cleo Dunn", "Dmitri Egan", "Elena Ford", "Farid Gale"]
BARE = """
import os, sys, yaml
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as handle:
                yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
            n += 1
print(n)
"""

LIST = """
import sys
from pathlib import Path
from annotator.review import load_corpus
print(len(load_corpus([Path(sys.argv[1])], differences=False)))
"""
TEXTS = """
import sys
from pathlib import Path
from annotator.review import quote_texts
print(len(quote_texts([Path(sys.argv[1])])))
"""


def article(rng: random.Random) -> tuple[str, list[tuple[int, int, int, int, str]]]:
    """About 4.5 KB of text; the quotes in it as (content start, end, cue start, end, name)."""
    parts: list[str] = []
    quotes = []
    size = 0
    while size < 4500:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize()
        if rng.random() < 0.35:
            name = rng.choice(NAMES)
            lead = f"{name} said: "
            start = size + len(lead)
            text = f"{lead}“{sentence}.”"
            quotes.append((start, start + len(sentence) + 3, size + len(name) + 1, size + len(name) + 5, name))
        else:
            text = sentence + "."
        parts.append(text)
        size += len(text) + 1
    return "\n".join(parts) + "\n", quotes


def annotation(
    doc_id: str, text: str, found: list[tuple[int, int, int, int, str]], who: str, rng: random.Random
) -> Annotation:
    names = sorted({q[4] for q in found})
    speakers = tuple(Speaker(f"s{i + 1}", name, "person") for i, name in enumerate(names))
    ids = {name: f"s{i + 1}" for i, name in enumerate(names)}
    quotes = tuple(
        Quote(
            id=f"q{i + 1}",
            type="direct",
            content=(Span.of(text, a, b),),
            cue=(Span.of(text, c, d),),
            source=(Span.of(text, c - len(name) - 1, c - 1),),
            speaker=ids[name],
            confidence=0.95,
            origin="manual" if who != "detector" and rng.random() < 0.1 else "detected",
            review="pending" if who == "detector" else rng.choice(REVIEWS),
        )
        for i, (a, b, c, d, name) in enumerate(found)
    )
    return Annotation(
        doc_id=doc_id,
        article=f"articles/{doc_id}.txt",
        text_sha256=text_sha256(text),
        annotator=who,
        status=rng.choice(STATUS.get(who, HUMAN_STATUS)),  # type: ignore[arg-type]
        updated="2026-11-30T10:00:00Z",
        detector=DetectorInfo("quote_attribution", "0.1.0", "en_core_web_sm-3.8.0"),
        speakers=speakers,
        quotes=quotes,
        active_seconds=0 if who == "detector" else rng.randint(60, 900),
    )


def generate(root: Path, files: int) -> None:
    rng = random.Random(7)
    (root / "articles").mkdir(parents=True)
    doc = written = 0
    while written < files:
        doc_id = f"doc{doc:05d}"
        text, found = article(rng)
        (root / "articles" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        for who in ["detector", *rng.sample(ANNOTATORS[1:], 2)][: files - written]:
            folder = root / "annotations" / who
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{doc_id}.yaml").write_text(store.dumps(annotation(doc_id, text, found, who, rng)))
            written += 1
        doc += 1


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` as a user's: Python keeps the compiled modules it writes on a first run.  A shell
    that forbids writing them (PYTHONDONTWRITEBYTECODE, set in some sandboxes) makes every run
    compile this program again: 0.1 s of each launch, which no installed copy pays."""
    return {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}


class Timing(NamedTuple):
    """A command's wall-clock seconds, and the CPU seconds (user + system) it and its children
    used: on a shared machine the second is the steadier figure."""

    wall: float
    cpu: float

    def row(self, label: str, base: Timing) -> str:
        return (
            f"{label:<40}{self.wall:8.2f} s {self.wall / base.wall:6.2f} x bare"
            f"   cpu {self.cpu:7.2f} s {self.cpu / base.cpu:6.2f} x bare"
        )


def timed(command: list[str], root: Path, env: dict[str, str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(seconds, cpu)


def best(command: list[str], at: Setting, runs: int) -> Timing:
    """The quickest of ``runs`` warm runs: on a shared machine, the others measure its load."""
    return min((timed(command, at.root, at.env) for _ in range(runs)), key=lambda timing: timing.wall)


class Setting(NamedTuple):
    root: Path  # the generated corpus: articles/ and annotations/
    cache: Path  # XDG_CACHE_HOME of every command timed
    env: dict[str, str]
    annotator: str  # the annotator command
    bare: Timing  # the bare libyaml loop over annotations/, the baseline


@contextmanager
def setting(keep: Path | None, name: str, make: Callable[[Path], None]) -> Iterator[Setting]:
    """A corpus made by ``make`` (in ``keep``, kept; else in a temporary folder, removed), a
    cache folder of its own, and the bare loop timed over it: what every scale benchmark needs."""
    root = keep or Path(tempfile.mkdtemp(prefix=f"annotator-{name}-bench-"))
    cache = Path(tempfile.mkdtemp(prefix=f"annotator-{name}-cache-"))
    try:
        if not (root / "annotations").is_dir():
            started = time.perf_counter()
            make(root)
            print(f"generated in {time.perf_counter() - started:.1f} s under {root}")
        time.sleep(2.5)  # the index does not trust files changed in the last 2 s (see store/index.py)
        env = as_installed({**os.environ, "XDG_CACHE_HOME": str(cache)})
        annotator = str(Path(sys.executable).with_name("annotator"))
        bare = timed([sys.executable, "-c", BARE, "annotations"], root, env)
        yield Setting(root, cache, env, annotator, bare)
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None, help="generate into DIR and keep it")
    parser.add_argument("--warm", type=int, default=5, help="warm runs of each command, the best kept (default 5)")
    args = parser.parse_args()
    with setting(args.keep, "index", lambda root: generate(root, args.files)) as at:
        size = sum(p.stat().st_size for p in (at.root / "annotations").rglob("*.yaml")) / args.files
        print(f"{args.files} files, {size / 1000:.1f} KB each on average; each figure a fresh process\n")
        rows = [("bare loop: yaml.load, CSafeLoader", at.bare)]
        for command in ("stats", "validate"):
            shutil.rmtree(at.cache / "quote-annotator", ignore_errors=True)
            argv = [at.annotator, command, "annotations"]
            rows.append((f"{command} cold (empty cache)", timed(argv, at.root, at.env)))
            rows.append((f"{command} warm (best of {args.warm})", best(argv, at, args.warm)))
        listing = [sys.executable, "-c", LIST, "annotations"]
        rows.append((f"review list warm (best of {args.warm})", best(listing, at, args.warm)))
        texts = [sys.executable, "-c", TEXTS, "annotations"]  # after validate: the parsed cache holds them
        rows.append(("  its quote texts, read behind it", best(texts, at, args.warm)))
        for name, timing in rows:
            print(timing.row(name, at.bare))
    return 0


if __name__ == "__main__":
    sys.exit(main())
