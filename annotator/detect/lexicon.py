"""The detector's word lists, read once from lexicon.json (data, not code)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]  # the hand-made list and the counted one (``counted_verbs``)
    belief_verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    tell_verbs: frozenset[str]
    causing_verbs: frozenset[str]  # 'led Republicans to say': the object says it
    object_nouns: frozenset[str]
    spokes_nouns: frozenset[str]
    work_nouns: frozenset[str]  # 'a Quinnipiac poll': a work speaks for whoever made it (lemmas)
    unit_nouns: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    titles: frozenset[str]
    object_verbs: frozenset[str]
    cue_nouns: frozenset[str]
    clip_credits: frozenset[str]  # '(Video via RT)': media whose credit names the next quote's speaker
    counted_verbs: frozenset[str]  # written by bench/lexicon_counts.py from PolNeAR train counts
    counted_adjectives: frozenset[str]  # stances ('worried that'), written by the same script
    counted_prep_cues: frozenset[str]  # 'refer to', 'speak about': verb and preposition, by the same script
    lemma_fixes: Mapping[str, str] = field(hash=False)  # word form -> lemma, where the small model's lemma is wrong


def raw_lexicon() -> dict[str, Any]:
    """lexicon.json as it is stored."""
    text = resources.files("annotator.detect").joinpath("lexicon.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    return raw


@cache
def lexicon() -> Lexicon:
    raw = raw_lexicon()
    special = ("_comment", "phrases", "counted_verbs", "lemma_fixes", "not_cues")
    sets = {k: frozenset(v) for k, v in raw.items() if k not in special and not k.startswith("_")}
    counted = frozenset(raw.get("counted_verbs", [])) - frozenset(raw.get("not_cues", []))
    sets["speech_verbs"] = sets["speech_verbs"] | counted
    return Lexicon(
        phrases=tuple(tuple(p) for p in raw["phrases"]),
        counted_verbs=counted,
        lemma_fixes=dict(raw.get("lemma_fixes", {})),
        **sets,
    )
