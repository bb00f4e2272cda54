"""Problems with annotation files: one line each, with the file and, where known, the place,
quoting little of the file (a value in a message is cut short)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.store import yaml_text

if TYPE_CHECKING:
    import jsonschema  # only for the type: importing it costs a fifth of a second


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.message}"


class StoreError(Exception):
    """A file that cannot be loaded; ``problems`` lists why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


MAX_QUOTED = 40  # characters of a value quoted in a message
MAX_MESSAGE = 160


def short(value: str, width: int = MAX_QUOTED) -> str:
    return value if len(value) <= width else value[: width - 3] + "..."


_KINDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a finite number",
    "null": "null",
    "boolean": "true or false",
}


def _found(value: Any) -> str:
    """A value as a message shows it: its kind for containers, a short form for scalars."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None or isinstance(value, bool):
        return yaml_text.scalar(value)
    if isinstance(value, int | float | str):
        return short(yaml_text.scalar(value) if isinstance(value, float) else repr(value))
    return f"a {type(value).__name__}"


def schema_message(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, with a value it quotes cut short, and plainer words for a wrong
    type or an unknown key (jsonschema would quote the whole value, the whole file at the top)."""
    if error.validator == "type":
        value = error.validator_value
        kinds: list[str] = value if isinstance(value, list) else [str(value)]
        return f"expected {' or '.join(_KINDS.get(k, k) for k in kinds)}, found {_found(error.instance)}"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unknown = [short(repr(k)) for k in error.instance if k not in known]
        return f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown[:3])}" + (
            ", ..." if len(unknown) > 3 else ""
        )
    message = error.message
    shown = repr(error.instance)
    if len(shown) > MAX_QUOTED:
        message = message.replace(shown, _found(error.instance))
    return short(message, MAX_MESSAGE)
