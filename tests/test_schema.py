"""The JSON Schema and the code agree: what we write validates, what breaks a rule is refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from annotator import store
from tests.helpers import sample

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "annotation.schema.json").read_text())


def written() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(store.dumps(sample()))
    return data


def test_what_the_code_writes_validates_against_the_schema_file() -> None:
    jsonschema.validate(written(), SCHEMA)
    jsonschema.validate(yaml.safe_load(store.dumps(store.from_data(written()))), SCHEMA)


def test_the_store_uses_the_schema_file() -> None:
    assert store.schema() == SCHEMA


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is KeyError:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


BREAKS = {
    "schema_version": _set("schema_version", 3),
    "version 1 with a version-2 field": lambda data: data.update(schema_version=1),
    "doc_id missing": _set("doc_id", KeyError),
    "doc_id with a slash": _set("doc_id", "a/b"),
    "sha256 not hex": _set("text_sha256", "xyz"),
    "status unknown": _set("status", "finished"),
    "updated not a time": _set("updated", "yesterday"),
    "detector incomplete": _set("detector", {"name": "x"}),
    "unknown top-level key": _set("reviewer", "bob"),
    "speaker kind unknown": _set("speakers.0.kind", "robot"),
    "speaker without name": _set("speakers.0.name", ""),
    "quote type unknown": _set("quotes.0.type", "paraphrase"),
    "quote without content": _set("quotes.0.content", []),
    "span start negative": _set("quotes.0.content.0.start", -1),
    "span text missing": _set("quotes.0.cue.0.text", KeyError),
    "span offsets not numbers": _set("quotes.0.cue.0.start", "12"),
    "confidence above one": _set("quotes.0.confidence", 1.5),
    "origin unknown": _set("quotes.0.origin", "imported"),
    "review unknown": _set("quotes.0.review", "ok"),
    "speaker not a string": _set("quotes.0.speaker", 3),
    "unknown quote key": _set("quotes.0.reviewer", "x"),
}


@pytest.mark.parametrize("change", BREAKS.values(), ids=BREAKS.keys())
def test_a_file_breaking_a_rule_is_refused_by_schema_and_store(change: Callable[[dict[str, Any]], None]) -> None:
    data = copy.deepcopy(written())
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    with pytest.raises(store.StoreError):
        store.parse(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "x.yaml")
