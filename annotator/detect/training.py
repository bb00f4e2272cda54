"""Training a quote model with spaCy's own loop (``spacy.training``: the config system,
``init_nlp`` and ``train``, exactly what ``python -m spacy train`` runs), on the DocBins and the
config that ``annotator export --format spacy`` writes.

What is ours: a logger (registered in spaCy's registry, named in the config) that reports each
evaluation to a callback and ends the run when time is up.  spaCy saves ``model-best`` at every
best evaluation and ``model-last`` when the loop ends for any reason, ctrl-c included.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.training.initialize import init_nlp
from spacy.training.loop import DIR_MODEL_BEST, train
from spacy.util import load_config, registry

LOGGER = "annotator.TrainProgress.v1"


@dataclass(frozen=True)
class Checkpoint:
    """One evaluation on the dev split: what the progress display shows."""

    step: int
    epoch: int
    seconds: float
    losses: dict[str, float]
    scores: dict[str, Any]  # ents_p, ents_r, ents_f, ents_per_type
    best: bool


Report = Callable[[Checkpoint], None]


@dataclass
class Run:
    """How a training run went: its evaluations, and why it ended."""

    best: Path  # model-best, the pipeline kept (absent when no evaluation was done)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    stopped: str = "finished"  # finished (spaCy's max_steps or patience), time limit, interrupted
    seconds: float = 0.0

    @property
    def best_checkpoint(self) -> Checkpoint | None:
        kept = [c for c in self.checkpoints if c.best]
        return kept[-1] if kept else None


class TimeUp(Exception):
    """Raised by the logger when --max-minutes have passed; spaCy saves and re-raises it."""


_current: dict[str, Any] = {}  # the running train()'s callback and deadline, read by the logger


def progress_logger() -> Callable[..., tuple[Callable[[dict[str, Any] | None], None], Callable[[], None]]]:
    """spaCy logger: each evaluation to ``train``'s callback; TimeUp once past the deadline."""

    def setup(nlp: Any, stdout: Any = None, stderr: Any = None) -> tuple[Callable[..., None], Callable[[], None]]:
        def log_step(info: dict[str, Any] | None) -> None:
            if info is not None:
                best = info["score"] == max(info["checkpoints"])[0]
                scores = {k: info["other_scores"].get(k) for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")}
                seconds = time.monotonic() - _current["started"]
                losses = {k: float(v) for k, v in info["losses"].items()}
                _current["report"](Checkpoint(info["step"], info["epoch"], seconds, losses, scores, best))
            if time.monotonic() > _current["deadline"]:
                raise TimeUp

        return log_step, lambda: None

    return setup


registry.loggers.register(LOGGER, func=progress_logger)


def run(
    config_path: Path,
    work: Path,
    *,
    seed: int,
    max_minutes: float | None,
    max_steps: int,
    eval_every: int,
    report: Report,
    resume: Path | None = None,
) -> Run:
    """Train with ``config_path`` (paths.train and paths.dev set beside it: train.spacy, dev.spacy)
    into ``work``; stop after ``max_minutes``.  ``resume``: start from that trained pipeline's
    tok2vec and ner (sourced, as spaCy's config does it) instead of a new ner."""
    overrides = {
        "paths.train": str(config_path.parent / "train.spacy"),
        "paths.dev": str(config_path.parent / "dev.spacy"),
        "system.seed": seed,
        "training.max_steps": max_steps,
        "training.eval_frequency": eval_every,
        "training.logger": {"@loggers": LOGGER},
    }
    config = load_config(config_path, overrides=overrides, interpolate=False)
    if resume is not None:
        config["components"]["tok2vec"] = {"source": str(resume)}
        config["components"]["ner"] = {"source": str(resume)}
    started = time.monotonic()
    limit = float("inf") if max_minutes is None else max_minutes * 60
    result = Run(work / DIR_MODEL_BEST)

    def keep(checkpoint: Checkpoint) -> None:
        result.checkpoints.append(checkpoint)
        report(checkpoint)

    _current.update(report=keep, started=started, deadline=started + limit)
    work.mkdir(parents=True, exist_ok=True)
    quiet = io.StringIO()  # spaCy's own table: our callback shows progress instead
    try:
        nlp = init_nlp(config)
        train(nlp, work, stdout=quiet, stderr=quiet)
    except TimeUp:
        result.stopped = "time limit"
    except KeyboardInterrupt:
        result.stopped = "interrupted"
    finally:
        result.seconds = time.monotonic() - started
        _current.clear()
    return result
