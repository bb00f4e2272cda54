"""Writing an annotation as YAML text: fast, stable, and pleasant to read and diff.

The file's shape is fixed, so it is written directly (a few milliseconds for 500
quotes, where a general emitter takes a tenth of a second on every key press).
Every scalar is either a conservative plain word sequence, a JSON-style
double-quoted string (valid YAML, with every line break and non-printable
character escaped), a literal block (``|``) for multi-line text, or a folded
block (``>``) for long text; tests check that safe_load reads back exactly
what was written, for arbitrary text.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

WIDTH = 88
FLOW_SPAN_TEXT = 60  # spans with longer text are written one field per line
FOLD_AT = 80  # single-line strings longer than this are folded

# Plain (unquoted) only for text that can mean nothing else in any context.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.’']*(?: [A-Za-z0-9_.’']+)*")
# Characters that a double-quoted YAML scalar must escape beyond what JSON escapes:
# non-printable ones, and the Unicode line breaks YAML 1.1 would fold into spaces.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# What a block scalar may not hold: control characters other than newline and tab,
# carriage returns, and the characters above.
_NOT_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_RESOLVER = yaml.resolver.Resolver()


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def quoted(value: str) -> str:
    return _ESCAPE.sub(_escape, json.dumps(value, ensure_ascii=False))


def _is_plain(value: str) -> bool:
    if not _PLAIN.fullmatch(value):
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


def scalar(value: Any) -> str:
    """One scalar on one line."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else ("-.inf" if value < 0 else ".inf")
        mantissa, _, exponent = repr(value).partition("e")
        if "." not in mantissa:  # YAML 1.1 reads '1e-05' as text: it wants '1.0e-05'
            mantissa += ".0"
        if exponent and exponent[0] not in "+-":
            exponent = "+" + exponent
        return f"{mantissa}e{exponent}" if exponent else mantissa
    if isinstance(value, str):
        return value if _is_plain(value) else quoted(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def text_block(value: str, indent: int) -> str | None:
    """``value`` as a block scalar at ``indent``, or None when it is better quoted."""
    multiline = "\n" in value
    if not multiline and len(value) <= FOLD_AT:
        return None
    if _NOT_IN_BLOCK.search(value) or value[:1] in (" ", "\t") or "\n " in value or "\n\t" in value:
        return None
    pad = " " * indent
    if multiline:
        lines = value.split("\n")
        if any(line != line.rstrip(" \t") for line in lines):
            return None
        body = lines[:-1] if value.endswith("\n") else lines
        if value.endswith("\n\n") or not body or not body[0]:
            return None  # keep trailing or leading blank lines exact: quote instead
        chomp = "" if value.endswith("\n") else "-"
        return f"|{chomp}\n" + "\n".join(pad + line if line else "" for line in body)
    if "  " in value or "\t" in value or value.endswith(" "):
        return None  # folding would lose repeated spaces
    words, lines, current = value.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > WIDTH - indent:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ">-\n" + "\n".join(pad + line for line in lines)


def field(key: str, value: Any, indent: int) -> str:
    """``key: value`` at ``indent``, long or multi-line text as a block."""
    pad = " " * indent
    if isinstance(value, str) and (block := text_block(value, indent + 2)) is not None:
        return f"{pad}{key}: {block}"
    return f"{pad}{key}: {scalar(value)}"


def span_items(spans: list[dict[str, Any]], indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for span in spans:
        text = span["text"]
        if len(text) <= FLOW_SPAN_TEXT and "\n" not in text:
            lines.append(f"{pad}- {{start: {span['start']}, end: {span['end']}, text: {scalar(text)}}}")
        else:
            lines.append(f"{pad}- start: {span['start']}")
            lines.append(f"{pad}  end: {span['end']}")
            lines.append(field("text", text, indent + 2))
    return lines


def dumps(data: dict[str, Any]) -> str:
    """The YAML text of an annotation's plain data (see ``codec.to_data``), keys in order."""
    lines = []
    for key, value in data.items():
        if key == "detector" and value is not None:
            lines.append("detector:")
            lines.extend(field(k, v, 2) for k, v in value.items())
        elif key == "provenance" and value is not None:
            lines.append("provenance:")
            lines.append(field("adjudicator", value["adjudicator"], 2))
            lines.append("  sources:" if value["sources"] else "  sources: []")
            for source in value["sources"]:
                rows = [field(k, v, 4) for k, v in source.items()]
                lines.extend(["  - " + rows[0][4:], *rows[1:]])
        elif key == "speakers":
            lines.append("speakers:" if value else "speakers: []")
            for speaker in value:
                first = True
                for k, v in speaker.items():
                    lines.append(field(k, v, 2).replace("  ", "- ", 1) if first else field(k, v, 2))
                    first = False
        elif key == "quotes":
            lines.append("quotes:" if value else "quotes: []")
            for quote in value:
                first = True
                for k, v in quote.items():
                    if isinstance(v, list):
                        lines.append(f"  {k}:" if v else f"  {k}: []")
                        lines.extend(span_items(v, 2))
                    else:
                        lines.append(field(k, v, 2))
                    if first:
                        lines[-1] = "- " + lines[-1][2:]
                        first = False
        else:
            lines.append(field(key, value, 0))
    return "\n".join(lines) + "\n"
