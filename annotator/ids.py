"""Ids that become file names: one rule for every reader, and for annotator names.

A document id (from a .txt name, a JSONL record, a brat file name) and an annotator
name each become one component of a path, ``<out>/<annotator>/<doc_id>.yaml``.  So
each must be one safe file-name component: no separators, not ``.`` or ``..``, no
control or invisible characters, nothing a shell or a listing hides (a leading dot
or dash, white space at either end), and short enough that the longest name the
store makes from it (a temporary or ``.bak`` file beside it) still fits.

Two ids that differ only in case or Unicode normalisation name the same file on
some file systems (macOS, Windows), so they count as the same id.

Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from annotator.errors import UserError
from annotator.model import DETECTOR_ANNOTATOR, GOLD_ANNOTATOR

MAX_CHARS = 120
MAX_BYTES = 180  # a name of 255 bytes less room for ".yaml", ".bak" and a temporary prefix/suffix
_SEPARATORS = frozenset("/\\")
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")

RESERVED = {
    DETECTOR_ANNOTATOR: "the detector's shared drafts (written by `annotator detect`)",
    GOLD_ANNOTATOR: "the gold versions (imported with `annotator import --annotator gold`, or adjudicated)",
}


class IdError(UserError):
    """An id or name that cannot be used as a file name; the message says why in one line."""


@lru_cache(maxsize=1 << 16)  # every entry's id is checked at each path made from it
def problem(value: str) -> str:
    """Why ``value`` cannot be an id, or "" when it can."""
    if _PLAIN.fullmatch(value) and len(value) <= MAX_CHARS:
        return ""  # the usual id, quickly: ASCII letters, digits, _ . - and not hidden or option-like
    return _problem(value)


def _problem(value: str) -> str:
    if not value:
        return "is empty"
    if value in (".", ".."):
        return "is a folder reference"
    if len(value) > MAX_CHARS:
        return f"is {len(value):,} characters long; at most {MAX_CHARS} are allowed"
    if (size := len(value.encode("utf-8", "surrogatepass"))) > MAX_BYTES:
        return f"takes {size:,} bytes in UTF-8; at most {MAX_BYTES} are allowed (a file name's limit)"
    if any(ch in _SEPARATORS for ch in value):
        return "contains a path separator (/ or \\)"
    if any(unicodedata.category(ch) in _INVISIBLE for ch in value):
        bad = next(ch for ch in value if unicodedata.category(ch) in _INVISIBLE)
        return f"contains the control or invisible character U+{ord(bad):04X}"
    if value[0] in ".-":
        return f"starts with {value[0]!r} (hidden files and option-like names are not allowed)"
    if value != value.strip():
        return "starts or ends with white space"
    return ""


def shown(value: str, width: int = 40) -> str:
    """``value`` quoted for a message: escapes visible, long values cut."""
    text = value if len(value) <= width else value[: width - 1] + "…"
    return repr(text)


def check(value: str, what: str = "id") -> str:
    """``value`` when it is a safe id; IdError otherwise."""
    if reason := problem(value):
        raise IdError(f"{what} {shown(value)} {reason}")
    return value


def check_annotator(name: str, *, allow: tuple[str, ...] = ()) -> str:
    """A person's annotator name: a safe id that is not one of the reserved roles (unless allowed)."""
    check(name, "annotator name")
    if key(name) in {key(r) for r in RESERVED} and key(name) not in {key(a) for a in allow}:
        reserved = next(r for r in RESERVED if key(r) == key(name))
        raise IdError(f"annotator name {name!r} is reserved for {RESERVED[reserved]}; choose your own name")
    return name


def key(value: str) -> str:
    """What two ids are compared by: equal keys would name the same file somewhere."""
    if value.isascii():
        return value.lower()  # the same as below for ASCII, quicker
    return unicodedata.normalize("NFC", value).casefold()
