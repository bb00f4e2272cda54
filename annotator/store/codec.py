"""Annotation files' content: the model to plain data and YAML text, and back, checked.

Loading uses only safe YAML (libyaml's safe loader where present); a schema error, a
duplicate key, a key that is not text, an anchor or alias, or an unsafe tag becomes a
Problem with the YAML line and column, in one line that quotes little of the file.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema
import yaml

from annotator.model import SCHEMA_VERSION, Annotation, DetectorInfo, Provenance, Quote, Source, Span, Speaker
from annotator.resources import schema_path
from annotator.store import yaml_text
from annotator.store.errors import MAX_MESSAGE, Problem, StoreError, schema_message, short

if TYPE_CHECKING:
    import jsonschema  # imported where a file fails the schema: it costs a fifth of a second

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
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,  # a version-1 file read is written as the current version
        "doc_id": annotation.doc_id,
        "article": annotation.article,
        "text_sha256": annotation.text_sha256,
        "annotator": annotation.annotator,
        "status": annotation.status,
        "updated": annotation.updated,
        "active_seconds": annotation.active_seconds,
        "note": annotation.note,
    }
    if annotation.provenance is not None:
        data["provenance"] = {
            "adjudicator": annotation.provenance.adjudicator,
            "sources": [
                {"annotator": s.annotator, "file": s.file, "sha256": s.sha256} for s in annotation.provenance.sources
            ],
        }
    return data | {
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
    prov = data.get("provenance")
    return Annotation(
        schema_version=SCHEMA_VERSION,  # read into the current model; written back as such
        active_seconds=data.get("active_seconds", 0),
        note=data.get("note", ""),
        provenance=None
        if prov is None
        else Provenance(
            prov["adjudicator"], tuple(Source(s["annotator"], s["file"], s["sha256"]) for s in prov["sources"])
        ),
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


def _is_integer(_checker: Any, instance: Any) -> bool:
    return type(instance) is int  # not True, not 305.0: JSON Schema alone lets a whole float pass


def _is_number(_checker: Any, instance: Any) -> bool:
    if isinstance(instance, bool) or not isinstance(instance, int | float):
        return False
    return isinstance(instance, int) or math.isfinite(instance)  # NaN passes minimum and maximum


@cache
def _validator() -> jsonschema.protocols.Validator:
    """The schema with YAML's numbers taken strictly; this one has the last word."""
    import jsonschema

    base = jsonschema.validators.validator_for(schema())
    types = base.TYPE_CHECKER.redefine_many({"integer": _is_integer, "number": _is_number})
    cls = jsonschema.validators.extend(base, type_checker=types)  # type: ignore[no-untyped-call]
    validator: jsonschema.protocols.Validator = cls(schema())
    return validator


def _numbers_strict(data: dict[str, Any]) -> bool:
    """What the fast check cannot see, in data that passed it: every integer a real int, every
    confidence finite.  (Whole floats and NaN go on to ``_validator``, which names the place.)"""
    if type(data["schema_version"]) is not int or type(data.get("active_seconds", 0)) is not int:
        return False
    for quote in data["quotes"]:
        if not _is_number(None, quote.get("confidence", 0)):
            return False
        for role in ("content", "cue", "source"):
            if any(type(s["start"]) is not int or type(s["end"]) is not int for s in quote[role]):
                return False
    return True


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


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return short(node.value) or "an empty value"


def _structure_problems(node: yaml.Node, path: str) -> list[Problem]:
    """What the schema cannot see: a key that is not text, or that appears twice in a mapping.

    The node graph is a tree here (anchors and aliases are refused before), so this walk
    visits each node once."""
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                    problems.append(_problem(path, f"a key must be text, found {_node_kind(key)}", key.start_mark))
                elif key.value in seen:
                    problems.append(_problem(path, f"key {short(key.value)!r} appears twice", key.start_mark))
                else:
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def _refuse_anchors(text: str, path: str) -> None:
    """Annotation files never need anchors or aliases, and aliases make a file's tree a graph
    (``a: &a [*a]`` loops, a billion-laughs file explodes): refuse them where they stand."""
    if "&" not in text and "*" not in text:
        return  # neither can be written without these characters
    for token in yaml.scan(text, Loader=_SAFE_LOADER):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            message = "YAML anchors and aliases are not allowed in annotation files"
            raise StoreError([_problem(path, message, token.start_mark)])


def _bad_value(node: yaml.Node) -> yaml.Node | None:
    """The first scalar the safe constructor cannot make (``2026-13-45``, ``!!int abc``): it
    raised from deep inside PyYAML without a place, so try each on its own (error path only)."""
    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(current)
            except (ValueError, KeyError, TypeError, OverflowError):
                return current
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
    return None


def _timestamps_as_text(data: Any) -> Any:
    """A hand-written ``updated: 2026-11-30T10:00:00Z`` loads as a datetime; keep it text."""
    if isinstance(data, dict) and isinstance(data.get("updated"), date):
        value = data["updated"]
        data["updated"] = value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else str(value)
    return data


def parse(text: str, path: str) -> Annotation:
    """Parse and validate the YAML of one file (schema only, not against the article)."""
    return from_data(parse_data(text, path))


_PLAIN_TEXT = tuple("&*!")  # anchors, aliases and tags: none can be written without these


class _QuickLoader(_SAFE_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's safe loader whose tag resolution is remembered: the same plain scalar always
    resolves to the same tag, and annotation files repeat a few hundred words and numbers."""

    _resolved: dict[tuple[Any, Any, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        key = (kind, value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) > 200_000:
                self._resolved.clear()
            self._resolved[key] = tag
        return tag


class _NotPlain(Exception):
    pass


_STR = "tag:yaml.org,2002:str"
_SCALARS: dict[str, Callable[[yaml.SafeLoader, yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:null": yaml.SafeLoader.construct_yaml_null,
    "tag:yaml.org,2002:bool": yaml.SafeLoader.construct_yaml_bool,
    "tag:yaml.org,2002:int": yaml.SafeLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.SafeLoader.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": yaml.SafeLoader.construct_yaml_timestamp,
}


def _plain_tree(node: yaml.Node, constructor: yaml.SafeLoader) -> Any:
    """The safe constructor's answer for a tree without tags, anchors or aliases, built directly
    (PyYAML's generic constructor spends most of a load on its own bookkeeping).  Refuses what
    ``_structure_problems`` reports (a key that is not text, or one that appears twice) and
    anything unusual (merge keys): a refusal sends the file to the exact path."""
    if type(node) is yaml.ScalarNode:
        tag = node.tag
        if tag == _STR:
            return node.value
        make = _SCALARS.get(tag)
        if make is None:
            raise _NotPlain
        return make(constructor, node)
    if type(node) is yaml.SequenceNode:
        return [_plain_tree(item, constructor) for item in node.value]
    if type(node) is yaml.MappingNode:
        mapping: dict[str, Any] = {}
        for key, value in node.value:
            if type(key) is not yaml.ScalarNode or key.tag != _STR or key.value in mapping:
                raise _NotPlain
            mapping[key.value] = _plain_tree(value, constructor)
        return mapping
    raise _NotPlain


def parse_data(text: str, path: str) -> dict[str, Any]:
    """The plain data of one file, checked exactly as ``parse`` checks it (the model is not built:
    the index needs only a few fields).  Text without tags, anchors or aliases (every file this
    program writes) takes a quicker way to the same answer; anything else, or any doubt, the
    exact way, which also places every problem."""
    if not any(c in text for c in _PLAIN_TEXT):
        try:
            node = yaml.compose(text, Loader=_QuickLoader)
            if node is not None:
                data = _plain_tree(node, yaml.SafeLoader(""))
                if isinstance(data, dict):
                    data = _timestamps_as_text(data)
                    _fast_check()(data)
                    if _numbers_strict(data):
                        checked: dict[str, Any] = data
                        return checked
        except Exception:  # any doubt at all: the exact way decides, and says where
            pass
    return _parse_exactly(text, path)


def _parse_exactly(text: str, path: str) -> dict[str, Any]:
    try:
        _refuse_anchors(text, path)
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as err:
        message = f"YAML syntax: {short(str(err.problem), MAX_MESSAGE)}"
        raise StoreError([_problem(path, message, err.problem_mark)]) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, at a position
        line = text.count("\n", 0, err.position) + 1
        column = err.position - text.rfind("\n", 0, err.position)
        code = err.character if isinstance(err.character, int) else ord(err.character)
        message = f"YAML syntax: character U+{code:04X} is not allowed ({err.reason})"
        raise StoreError([Problem(path, message, line, column)]) from None
    except yaml.YAMLError as err:
        raise StoreError([Problem(path, f"YAML syntax: {short(' '.join(str(err).split()), MAX_MESSAGE)}")]) from None
    if node is None:
        raise StoreError([Problem(path, "empty file, not an annotation")])
    if problems := _structure_problems(node, path):
        raise StoreError(problems)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.constructor.ConstructorError as err:
        message = f"unsafe or unknown YAML tag refused ({short(str(err.problem), MAX_MESSAGE)})"
        raise StoreError([_problem(path, message, err.problem_mark)]) from None
    except (ValueError, KeyError, TypeError, OverflowError):
        if (bad := _bad_value(node)) is None:
            raise StoreError([Problem(path, "a value that YAML cannot read")]) from None
        message = f"cannot read {short(repr(bad.value))} as {bad.tag.rpartition(':')[2]}"
        raise StoreError([_problem(path, message, bad.start_mark)]) from None
    data = _timestamps_as_text(data)
    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        if _numbers_strict(data):
            return cast(dict[str, Any], data)
    errors: dict[tuple[str, ...], jsonschema.ValidationError] = {}
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        place = tuple(map(str, error.absolute_path))
        if place not in errors or error.validator == "type":  # one line per place, the plainest
            errors[place] = error
    if errors:
        problems = []
        for error in errors.values():
            where = "/".join(map(str, error.absolute_path)) or "top level"
            mark = _node_at(node, error.absolute_path).start_mark
            problems.append(_problem(path, f"{where}: {schema_message(error)}", mark))
        raise StoreError(problems)
    return cast(dict[str, Any], data)  # the schema holds: a mapping
