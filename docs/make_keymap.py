"""Write the README's key map from the key table (annotator/tui/keys.py): `make keymap`.

A test (tests/test_tui.py) fails when the two differ, so a key added to the table reaches the
README through this script."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.store import write_atomic
from annotator.tui.keys import help_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
OPEN = "<!-- keys: generated from annotator/tui/keys.py; a test keeps them in step -->\n"
CLOSE = "<!-- /keys -->"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if OPEN not in text or CLOSE not in text.split(OPEN, 1)[1]:
        print(f"{README}: the key map's markers ({OPEN.strip()} … {CLOSE}) are missing", file=sys.stderr)
        return 1
    before, rest = text.split(OPEN, 1)
    after = rest.split(CLOSE, 1)[1]
    updated = f"{before}{OPEN}{help_markdown().strip()}\n{CLOSE}{after}"
    if updated != text:
        write_atomic(README, updated)
    print(f"{README.name}: key map {'updated' if updated != text else 'already in step'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
