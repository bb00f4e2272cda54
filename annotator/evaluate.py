"""Moved: the scores are ``annotator.scores``, the command ``annotator.commands.evaluate``.

This alias stays only while ``annotator/agreement.py`` (being edited on another branch) still
imports ``PRF`` and ``score_roles`` from here; once it imports ``annotator.scores``, delete it.
"""

from __future__ import annotations

from annotator.scores import PRF, score_roles

__all__ = ["PRF", "score_roles"]
