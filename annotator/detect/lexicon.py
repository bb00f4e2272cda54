"""The detector's word lists, read once from lexicon.json (data, not code)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    tell_verbs: frozenset[str]
    object_nouns: frozenset[str]
    spokes_nouns: frozenset[str]
    unit_nouns: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    titles: frozenset[str]
    object_verbs: frozenset[str]
    cue_nouns: frozenset[str]


@cache
def lexicon() -> Lexicon:
    raw = json.loads(resources.files("annotator.detect").joinpath("lexicon.json").read_text(encoding="utf-8"))
    sets = {k: frozenset(v) for k, v in raw.items() if k not in ("_comment", "phrases")}
    return Lexicon(phrases=tuple(tuple(p) for p in raw["phrases"]), **sets)
