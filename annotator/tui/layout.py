"""Wrapping article text into screen lines, and showing it literally.

Pure functions over strings: a screen line is a character range of the article,
so offsets never need translating.  Control characters (an ESC that would start
an escape sequence, a bell, a tab) are shown as visible symbols of the same
length, so article text can never drive the terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

_WORD = re.compile(r"\S+\s*|\s+")
# C0 controls -> the Unicode 'control pictures' block; DEL and C1 controls -> a replacement mark.
_VISIBLE = {code: 0x2400 + code for code in range(32)} | {0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)}
_VISIBLE[ord("\t")] = ord(" ")


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible one (same length)."""
    return text.translate(_VISIBLE)


@dataclass(frozen=True)
class Line:
    start: int
    end: int


def wrap(text: str, width: int) -> list[Line]:
    """Screen lines of at most ``width`` cells; paragraphs (``\\n``) always start a line."""
    width = max(8, width)
    lines: list[Line] = []
    pos = 0
    for paragraph in text.split("\n"):
        end = pos + len(paragraph)
        if not paragraph:
            lines.append(Line(pos, pos))
        line_start, used = pos, 0
        for match in _WORD.finditer(paragraph):
            word = match.group()
            word_start = pos + match.start()
            bare = word.rstrip()
            size = cell_len(bare) if not bare.isascii() else len(bare)
            if used and used + size > width:
                lines.append(Line(line_start, word_start))
                line_start, used = word_start, 0
            while size > width:  # a word longer than the line: break it
                cut = _cells_prefix(bare, width)
                lines.append(Line(word_start, word_start + cut))
                word_start += cut
                bare = bare[cut:]
                line_start, size = word_start, cell_len(bare)
            used += size + (len(word) - len(word.rstrip()))
        if paragraph:
            lines.append(Line(line_start, end))
        pos = end + 1
    return lines


def _cells_prefix(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > width:
            return max(1, i)
    return len(text)


def offset_at(text: str, line: Line, column: int) -> int:
    """The character under screen ``column`` of ``line``."""
    used = 0
    for i in range(line.start, line.end):
        used += cell_len(text[i])
        if used > column:
            return i
    return line.end
