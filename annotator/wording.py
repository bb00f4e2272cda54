"""How counts read in messages: '1 quote', '2 quotes'."""

from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is one (regular plurals only: quote, article...)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
