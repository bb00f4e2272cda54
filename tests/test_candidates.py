"""The speaker picker's names: people and organisations that could speak, one entry each."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.detect.service import _key, _looks_like_a_name, candidates
from tests.conftest import SEEDS

FIRST = "000_3a9a5821664f45c6"


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Sergei Lavrov", True),
        ("Bank of England", True),
        ("Video via Press TV", False),
        ("eastern", False),
        ("REUTERS/Yannis Behrakis Kiev", False),
        ("’s European Command", False),
    ],
)
def test_what_looks_like_a_name(name: str, ok: bool) -> None:
    assert _looks_like_a_name(name) == ok


def test_one_key_per_entity() -> None:
    assert _key("U.S.") == _key("US") == "us"
    assert _key("the Kremlin") == _key("Kremlin")


@pytest.mark.slow
def test_the_picker_offers_who_could_speak_without_places_or_nationalities(nlp: Any) -> None:
    from annotator.detect.convert import to_annotation
    from annotator.detect.pipeline import info

    names: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        draft = to_annotation(doc, path.stem, path.name, info(nlp))
        names[path.stem] = candidates(doc, [(s.name, s.kind) for s in draft.speakers])
        offered = [name for name, _ in names[path.stem]]
        assert len({_key(n) for n in offered}) == len(offered)  # one entry per entity
        keys = [_key(n) for n in offered]
        for speaker in draft.speakers:  # every resolved speaker is offered ('Times' as 'New York Times')
            assert any(k == _key(speaker.name) or k.endswith(" " + _key(speaker.name)) for k in keys)
    first = [name for name, _ in names[FIRST]]
    for wrong in ("Luhansk", "Ukrainian", "Video via Press TV"):
        assert wrong not in first
    assert "Vladimir Putin" in first and "NATO" in first
    for offered in names.values():
        assert not {"US", "U.S."} <= {name for name, _ in offered}
