"""Words for telling who a source is, read once from speakers.json (data, not code):
gendered titles and first names, the pronouns the resolver treats apart, and group nouns."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class SpeakerWords:
    female_titles: frozenset[str]
    male_titles: frozenset[str]
    female_names: frozenset[str]
    male_names: frozenset[str]
    female_pronouns: frozenset[str]
    male_pronouns: frozenset[str]
    author_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    group_nouns: frozenset[str]
    org_words: frozenset[str]
    irregular_verb_forms: frozenset[str]
    title_aliases: dict[str, str]  # 'sen' -> 'senator': 'the senator' finds 'Sen. Warren'

    def title(self, word: str) -> str:
        word = word.lower().rstrip(".")
        return self.title_aliases.get(word, word)

    def gender_of_word(self, word: str) -> str | None:
        """'female' or 'male' for a gendered title or first name ('Mrs.', 'Hillary'), else None."""
        word = word.lower().rstrip(".")
        if word in self.female_titles or word in self.female_names:
            return "female"
        if word in self.male_titles or word in self.male_names:
            return "male"
        return None

    def gender_of_pronoun(self, word: str) -> str | None:
        word = word.lower()
        return "female" if word in self.female_pronouns else "male" if word in self.male_pronouns else None


@cache
def speaker_words() -> SpeakerWords:
    raw = json.loads(resources.files("annotator.detect").joinpath("speakers.json").read_text(encoding="utf-8"))
    sets = {k: frozenset(v) for k, v in raw.items() if k not in ("_comment", "title_aliases")}
    return SpeakerWords(title_aliases=dict(raw["title_aliases"]), **sets)
