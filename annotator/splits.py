"""Train / dev / test splits that depend on nothing but an article's id and a seed.

Each article falls in a split by a hash of ``seed`` and its doc id mapped to [0, 1): adding
or removing other articles never moves it, and it can be in one split only.  Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from annotator.errors import UserError

NAMES = ("train", "dev", "test")
DEFAULT = "80/10/10"


@dataclass(frozen=True)
class Splits:
    """Split names with their shares of the articles (summing to 1)."""

    shares: tuple[tuple[str, float], ...]
    seed: int = 0

    @classmethod
    def parse(cls, value: str, seed: int = 0) -> Splits:
        """``80/10/10`` (train/dev/test), ``90/10`` (train/dev) or ``100`` (train only)."""
        try:
            numbers = [float(part) for part in value.split("/")]
        except ValueError:
            raise UserError(f"--split {value!r}: give percentages such as 80/10/10") from None
        if (
            not 1 <= len(numbers) <= len(NAMES)
            or not all(0 <= n < math.inf for n in numbers)  # nan and inf too
            or abs(sum(numbers) - 100) > 1e-6
        ):
            raise UserError(f"--split {value!r}: one to three percentages, none negative, adding up to 100")
        return cls(tuple(zip(NAMES, (n / 100 for n in numbers), strict=False)), seed)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.shares)

    def position(self, doc_id: str) -> float:
        """Where ``doc_id`` falls in [0, 1) for this seed."""
        digest = hashlib.sha256(f"{self.seed}\0{doc_id}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def of(self, doc_id: str) -> str:
        """The split ``doc_id`` belongs to."""
        where, edge = self.position(doc_id), 0.0
        for name, share in self.shares:
            edge += share
            if where < edge:
                return name
        return next(name for name, share in reversed(self.shares) if share > 0)  # rounding at the top edge
