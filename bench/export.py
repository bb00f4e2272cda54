"""``annotator export`` over 10,000 articles, each format timed, against a bare libyaml loop.

    .venv/bin/python bench/export.py [--articles N] [--keep DIR] [--formats spacy,jsonl,...]

Generates N articles (default 10,000; about 4.5 KB of synthetic text each, not PolNeAR, made by
bench/index.py's generator) with one done gold file each, then times, each as a fresh process
(interpreter start-up included, as a user sees it): the bare loop (``yaml.load`` with CSafeLoader
over every file), then ``annotator export`` in each format, the first with the index cache cold
and the others warm.  The target is 30 s per format.  The cache goes to a temporary
XDG_CACHE_HOME, never the user's.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
from dataclasses import replace
from pathlib import Path

from annotator import store
from annotator.formats import writers

_spec = importlib.util.spec_from_file_location("bench_index", Path(__file__).with_name("index.py"))
assert _spec is not None and _spec.loader is not None
generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generator)


def generate(root: Path, articles: int) -> None:
    rng = random.Random(11)
    (root / "articles").mkdir(parents=True)
    folder = root / "annotations" / "gold"
    folder.mkdir(parents=True)
    for number in range(articles):
        doc_id = f"doc{number:05d}"
        text, found = generator.article(rng)
        (root / "articles" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        gold = replace(generator.annotation(doc_id, text, found, "gold", rng), status="done")
        gold = replace(
            gold, quotes=tuple(q if q.review != "pending" else replace(q, review="accepted") for q in gold.quotes)
        )
        (folder / f"{doc_id}.yaml").write_text(store.dumps(gold), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None, help="generate into DIR and keep it")
    parser.add_argument("--formats", default=",".join(writers()), help="comma-separated (default: all)")
    args = parser.parse_args()
    with generator.setting(args.keep, "export", lambda root: generate(root, args.articles)) as at:
        rows = [("bare loop: yaml.load, CSafeLoader", at.bare)]
        for number, name in enumerate(args.formats.split(",")):
            out = at.root / f"out-{name}"
            command = [at.annotator, "export", "annotations", "--out", str(out), "--format", name, "--force"]
            label = f"export --format {name}" + (" (cold cache)" if number == 0 else "")
            rows.append((label, generator.timed(command, at.root, at.env)))
        print(f"{args.articles} articles; each figure a fresh process\n")
        for label, timing in rows:
            print(timing.row(label, at.bare))
    return 0


if __name__ == "__main__":
    sys.exit(main())
