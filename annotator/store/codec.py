"""Annotation files' content: the model to plain data and YAML text, and back, checked.

Loading uses only safe YAML (libyaml's safe loader where present); a schema error, a
duplicate key or an unsafe tag becomes a Problem with the YAML line and column.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

import fastjsonschema
import jsonschema
import yaml

from annotator.model import Annotation, DetectorInfo, Quote, Span, Speaker
from annotator.resources import schema_path
from annotator.store import yaml_text
from annotator.store.errors import Problem, StoreError

_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [{"start": s.start, "end": s.end, "text": s.text} for s in spans]


def to_data(annotation: Annotation) -> dict[str, Any]:
    """The file's content in its fixed, human order."""
    detector = annotation.detector
    quotes = []
    for q in annotation.quotes:
        item: dict[str, Any] = {
            "id": q.id,
            "type": q.type,
            "content": _spans(q.content),
            "cue": _spans(q.cue),
            "source": _spans(q.source),
            "speaker": q.speaker,
        }
        if q.confidence is not None:
            item["confidence"] = q.confidence
        item.update(origin=q.origin, review=q.review, note=q.note)
        quotes.append(item)
    return {
        "schema_version": annotation.schema_version,
        "doc_id": annotation.doc_id,
        "article": annotation.article,
        "text_sha256": annotation.text_sha256,
        "annotator": annotation.annotator,
        "status": annotation.status,
        "updated": annotation.updated,
        "detector": None
        if detector is None
        else {"name": detector.name, "version": detector.version, "model": detector.model},
        "speakers": [{"id": s.id, "name": s.name, "kind": s.kind} for s in annotation.speakers],
        "quotes": quotes,
    }


def from_data(data: dict[str, Any]) -> Annotation:
    """Build the model from data that has passed the schema."""

    def spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
        return tuple(Span(i["start"], i["end"], i["text"]) for i in items)

    det = data.get("detector")
    return Annotation(
        schema_version=data["schema_version"],
        doc_id=data["doc_id"],
        article=data["article"],
        text_sha256=data["text_sha256"],
        annotator=data["annotator"],
        status=data["status"],
        updated=data["updated"],
        detector=DetectorInfo(det["name"], det["version"], det["model"]) if det else None,
        speakers=tuple(Speaker(s["id"], s["name"], s["kind"]) for s in data["speakers"]),
        quotes=tuple(
            Quote(
                id=q["id"],
                type=q["type"],
                content=spans(q["content"]),
                cue=spans(q["cue"]),
                source=spans(q["source"]),
                speaker=q["speaker"],
                confidence=q.get("confidence"),
                origin=q["origin"],
                review=q["review"],
                note=q.get("note", ""),
            )
            for q in data["quotes"]
        ),
    )


def dumps(annotation: Annotation) -> str:
    """The file's text: keys in a fixed, human order; unicode as is; long text as blocks."""
    return yaml_text.dumps(to_data(annotation))


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


@cache
def _fast_check() -> Callable[[Any], Any]:
    """The schema compiled to Python: a quick yes for sound files (jsonschema explains a no)."""
    check: Callable[[Any], Any] = fastjsonschema.compile(copy.deepcopy(schema()))  # it edits its input
    return check


@cache
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    validator: jsonschema.protocols.Validator = cls(schema())
    return validator


def _node_at(node: yaml.Node, path: Iterable[Any]) -> yaml.Node:
    """The YAML node at a JSON path, for the line and column of a schema error."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == key]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node


def _problem(path: str, message: str, mark: Any) -> Problem:
    return Problem(path, message, mark.line + 1, mark.column + 1) if mark is not None else Problem(path, message)


def _duplicate_keys(node: yaml.Node, path: str) -> list[Problem]:
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(_problem(path, f"key {key.value!r} appears twice", key.start_mark))
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def _timestamps_as_text(data: Any) -> Any:
    """A hand-written ``updated: 2026-11-30T10:00:00Z`` loads as a datetime; keep it text."""
    if isinstance(data, dict) and isinstance(data.get("updated"), date):
        value = data["updated"]
        data["updated"] = value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else str(value)
    return data


def parse(text: str, path: str) -> Annotation:
    """Parse and validate the YAML of one file (schema only, not against the article)."""
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as err:
        raise StoreError([_problem(path, f"YAML syntax: {err.problem}", err.problem_mark)]) from None
    except yaml.YAMLError as err:
        raise StoreError([Problem(path, f"YAML syntax: {err}")]) from None
    if node is None:
        raise StoreError([Problem(path, "empty file, not an annotation")])
    if problems := _duplicate_keys(node, path):
        raise StoreError(problems)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.constructor.ConstructorError as err:
        raise StoreError(
            [_problem(path, f"unsafe or unknown YAML tag refused ({err.problem})", err.problem_mark)]
        ) from None
    data = _timestamps_as_text(data)
    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return from_data(data)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        problems = []
        for error in errors:
            where = "/".join(map(str, error.absolute_path)) or "top level"
            mark = _node_at(node, error.absolute_path).start_mark
            problems.append(_problem(path, f"{where}: {error.message}", mark))
        raise StoreError(problems)
    return from_data(data)
