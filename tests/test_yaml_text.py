"""The hand-written YAML emitter reads back exactly, whatever the text (property tests)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import store
from annotator.store import yaml_text
from tests.helpers import sample

LOADERS = [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]
# Text as news and notes hold it: any character a str can hold, short or long, one line or many.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
WORDS = st.lists(
    st.sampled_from(["a", "said", "“Good", "luck”", "yes", "null", "1.5", "-", "#", ":", "  "]), max_size=60
)


def reads_back(data: dict[str, Any]) -> None:
    text = yaml_text.dumps(data)
    for loader in LOADERS:
        assert yaml.load(text, Loader=loader) == data, text


@settings(max_examples=400, deadline=None)
@given(note=TEXT, name=TEXT)
def test_any_note_and_name_read_back(note: str, name: str) -> None:
    annotation = sample()
    annotation = replace(annotation, quotes=(replace(annotation.quotes[0], note=note), *annotation.quotes[1:]))
    reads_back(store.to_data(annotation) | {"doc_id": name or "x"})


@settings(max_examples=200, deadline=None)
@given(words=WORDS)
def test_word_soup_reads_back(words: list[str]) -> None:
    text = " ".join(words)
    reads_back({"note": text, "long": text * 3, "lines": "\n".join(words)})


@given(value=st.floats(min_value=0, max_value=1))
def test_confidences_read_back_as_numbers(value: float) -> None:
    assert yaml.safe_load(yaml_text.scalar(value)) == value


def test_the_output_is_what_a_person_would_write() -> None:
    text = store.dumps(sample())
    assert '  - {start: 55, end: 82, text: "“Good luck and good night.”"}' in text
    assert "  note: |-\n    a note:\n    with two lines\n" in text
    assert "name: Sergei Lavrov\n" in text
