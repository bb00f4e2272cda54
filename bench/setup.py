"""Set-up from a fresh clone: how long ``make annotate``'s install and ``make test``'s install
take, and how big ``.venv`` is after each.

    python3 bench/setup.py [--keep DIR]

Clones this repository (its committed HEAD) into a temporary folder, then runs, timing each:

- ``make .venv/.installed-app``: what ``make annotate`` installs before opening the app (the
  app's own dependencies, the spaCy pipeline included);
- ``make .venv/.installed-test``: what ``make test`` adds (pytest, hypothesis, ruff, mypy …).

Figures depend on the machine, its load and pip's cache (``~/.cache/pip``, left as it is: a
second install on the same machine is what most people see; empty it for a first one).
Standard library only: it runs before any .venv exists.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def size_mb(folder: Path) -> float:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total / 1e6


def step(clone: Path, target: str) -> float:
    start = time.monotonic()
    subprocess.run(["make", target], cwd=clone, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="clone into DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="setup-bench-"))
    clone = folder / "clone"
    try:
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        app = step(clone, ".venv/.installed-app")
        app_size = size_mb(clone / ".venv")
        test = step(clone, ".venv/.installed-test")
        test_size = size_mb(clone / ".venv")
        print(f"make annotate (app only): {app:6.1f} s install, .venv {app_size:5.0f} MB")
        print(f"make test adds the tools: {test:6.1f} s install, .venv {test_size:5.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
