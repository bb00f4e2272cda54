"""``annotator train``: the gold, by the one gold rule, exported with the deterministic split and
trained with spaCy's own loop into a pipeline that ``spacy.load`` opens.

The export is ``annotator export --format spacy`` itself (same gold, same DocBins, same config),
written into a hidden work folder beside OUT; spaCy trains there, and the best model, with a
``meta.json`` that names the gold it learned from, replaces OUT only at the end.  ctrl-c keeps the
best model so far (spaCy saves it at every best evaluation).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import annotator
from annotator.commands.card import counts, sha256_of
from annotator.commands.export import Exported, export
from annotator.errors import UserError, require
from annotator.progress import Step
from annotator.splits import Splits
from annotator.store import write_atomic
from annotator.store.folders import cannot_write, check_out, replace_folder, temporary_folder

DEFAULT_SPLIT = "90/10"
DEFAULT_MAX_STEPS = 20000
DEFAULT_EVAL_EVERY = 200


@dataclass(frozen=True)
class Settings:
    base: str | None = None  # the pipeline whose tok2vec is fine-tuned (default: the installed English one)
    split: str = DEFAULT_SPLIT
    seed: int = 0
    max_minutes: float | None = None
    max_steps: int = DEFAULT_MAX_STEPS
    eval_every: int = DEFAULT_EVAL_EVERY
    resume: Path | None = None  # a model annotator train wrote, to go on training from


@dataclass
class Trained:
    out: Path
    exported: Exported
    run: Any  # annotator.detect.training.Run
    meta: dict[str, Any]

    def summary(self) -> str:
        best = self.run.best_checkpoint
        scores = best.scores if best else {}
        how = {"finished": "finished", "time limit": "stopped at --max-minutes", "interrupted": "interrupted"}
        step = best.step if best else 0
        return (
            f"{how[self.run.stopped]} after {_duration(self.run.seconds)}: kept the best model (step {step}, "
            f"dev P {_pct(scores.get('ents_p'))} R {_pct(scores.get('ents_r'))} F {_pct(scores.get('ents_f'))}) "
            f"in {self.out}; use it with --model {self.out}"
        )


def _pct(value: float | None) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "-"


def _duration(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


def train(
    paths: Sequence[Path],
    out: Path,
    settings: Settings,
    *,
    force: bool = False,
    root: Path | None = None,
    command: Sequence[str] = (),
    progress: Step | None = None,
    report: Callable[[Any], None] = lambda checkpoint: None,
    started: Callable[[Exported], None] = lambda exported: None,
) -> Trained:
    """Export the gold under ``paths``, train on it, and put the best model in ``out``.

    ``report`` is told each evaluation (a ``training.Checkpoint``); ``started`` the export, before
    training begins.  A KeyboardInterrupt is re-raised after the best model so far is in ``out``."""
    from spacy import util as spacy_util

    from annotator.detect import dataset, training
    from annotator.detect.pipeline import META_KEY, trained_meta

    splits = Splits.parse(settings.split)
    if "dev" not in splits.names:
        raise UserError(f"--split {settings.split}: training needs a dev share to pick the best model (say 90/10)")
    require(paths)
    check_out(out, paths, force=force, marker="meta.json", command="train")
    if settings.base and not (spacy_util.is_package(settings.base) or Path(settings.base, "config.cfg").is_file()):
        raise UserError(f"--base {settings.base!r}: not an installed spaCy pipeline, nor a pipeline folder")
    before = None
    if settings.resume is not None:
        before = trained_meta(str(settings.resume))
        if before is None:
            raise UserError(f"--resume {settings.resume}: not a model folder annotator train wrote")
    base, width = dataset.source_model(before.get("base") if before else settings.base)
    work = temporary_folder(out, ".training")
    try:
        exported = export(paths, work / "data", "spacy", splits, root=root, command=command, progress=progress)
        per_split = counts(exported.gathered, splits)
        for name in ("train", "dev"):
            if not per_split[name]["articles"]:
                raise UserError(
                    f"no article with gold fell in the {name} split ({len(exported.gathered.items)} in all): "
                    "annotate more, or change the shares with --split"
                )
        config = work / "data" / "config.cfg"
        write_atomic(config, dataset.config(base, width))
        started(exported)
        run = training.run(
            config,
            work / "spacy",
            seed=settings.seed,
            max_minutes=settings.max_minutes,
            max_steps=settings.max_steps,
            eval_every=settings.eval_every,
            report=report,
            resume=settings.resume,
        )
        if not run.best.is_dir():
            raise KeyboardInterrupt  # stopped before spaCy saved anything: nothing to keep
        meta = _meta(run, exported, splits, settings, base, command)
        if before is not None:
            meta[META_KEY]["resumed_from"] = {"model": str(settings.resume), "training": before.get("training")}
        write_atomic(run.best / "meta.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        replace_folder(run.best, out)
    except OSError as err:
        if err.errno is None:  # spaCy's own errors (a model not found) are OSErrors without one
            raise
        raise cannot_write(out, err) from err
    finally:
        shutil.rmtree(work, ignore_errors=True)
    trained = Trained(out, exported, run, meta)
    if run.stopped == "interrupted":
        raise Interrupted(trained)
    return trained


class Interrupted(KeyboardInterrupt):
    """ctrl-c during training, once the best model so far is in OUT."""

    def __init__(self, trained: Trained) -> None:
        super().__init__()
        self.trained = trained


def _meta(run: Any, exported: Exported, splits: Splits, settings: Settings, base: str, command: Any) -> dict[str, Any]:
    """spaCy's meta.json of the best model, with our section: the gold (each file with its
    sha256 and split, the counts), how training went, and the dev scores of the model kept."""
    meta: dict[str, Any] = json.loads((run.best / "meta.json").read_text(encoding="utf-8"))
    meta["name"] = "quote_model"
    meta["description"] = "Quotations (CONTENT, CUE, SOURCE) learned by annotator train from annotated gold"
    best = run.best_checkpoint
    items = exported.gathered.items
    from annotator.detect.pipeline import META_KEY

    meta[META_KEY] = {
        "version": annotator.__version__,
        "command": list(command),
        "base": base,
        "gold": {
            "files": [
                {"doc_id": i.annotation.doc_id, "file": i.file, "sha256": sha256_of(Path(i.file)), "split": i.split}
                for i in items
            ],
            "counts": counts(exported.gathered, splits),
            "skipped": exported.gathered.skipped,
            "split": {"shares": settings.split, "seed": splits.seed},
        },
        "training": {
            "seed": settings.seed,
            "max_steps": settings.max_steps,
            "eval_every": settings.eval_every,
            "max_minutes": settings.max_minutes,
            "steps": run.checkpoints[-1].step if run.checkpoints else 0,
            "best_step": best.step if best else None,
            "seconds": round(run.seconds, 1),
            "stopped": run.stopped,
        },
        "dev_scores": best.scores if best else {},
    }
    return meta


def command_line(args: Any) -> list[str]:
    """The training's command line in full (defaults included), for meta.json."""
    line = ["annotator", "train", *map(str, args.paths or ["annotations"]), "--out", str(args.out)]
    line += ["--split", args.split, "--seed", str(args.seed), "--max-steps", str(args.max_steps)]
    line += ["--eval-every", str(args.eval_every)] + (["--base", args.base] if args.base else [])
    line += ["--max-minutes", str(args.max_minutes)] if args.max_minutes else []
    line += ["--resume", str(args.resume)] if args.resume else []
    return line + (["--root", str(args.root)] if args.root else [])


def checkpoint_line(checkpoint: Any) -> str:
    """One evaluation, as the progress shows it."""
    scores = checkpoint.scores
    loss = sum(checkpoint.losses.values())
    line = (
        f"step {checkpoint.step:>6}  epoch {checkpoint.epoch:>3}  loss {loss:>10.1f}  "
        f"dev P {_pct(scores.get('ents_p'))} R {_pct(scores.get('ents_r'))} F {_pct(scores.get('ents_f'))}  "
        f"{_duration(checkpoint.seconds):>7}"
    )
    return line + ("  best so far" if checkpoint.best else "")


def train_cli(args: Any) -> int:
    """Run ``annotator train``: skipped articles and progress on stderr, then where the model is.
    0 trained (or stopped at --max-minutes), 130 interrupted (the best model so far kept)."""
    import sys

    from annotator.commands.export import NothingToExport
    from annotator.progress import bars

    settings = Settings(
        args.base, args.split, args.seed, args.max_minutes, args.max_steps, args.eval_every, args.resume
    )
    paths = args.paths or [Path("annotations")]

    def started(exported: Exported) -> None:
        for line in exported.gathered.skipped:
            print(line, file=sys.stderr)
        per_split = counts(exported.gathered, Splits.parse(settings.split))
        shares = ", ".join(f"{name} {c['articles']} articles ({c['quotes']} quotes)" for name, c in per_split.items())
        print(f"training on the gold: {shares}", file=sys.stderr)
        limit = f"; stops after {settings.max_minutes:g} minutes" if settings.max_minutes else ""
        print(
            f"evaluating on dev every {settings.eval_every} steps{limit}; ctrl-c stops and keeps the best model so far",
            file=sys.stderr,
        )

    def report(checkpoint: Any) -> None:
        print(checkpoint_line(checkpoint), file=sys.stderr, flush=True)

    with bars(sys.stderr.isatty()) as progress:
        try:
            trained = train(
                paths,
                args.out,
                settings,
                force=args.force,
                root=args.root,
                command=command_line(args),
                progress=progress,
                report=report,
                started=started,
            )
        except NothingToExport as err:
            for line in err.skipped:
                print(line, file=sys.stderr)
            raise
        except Interrupted as err:
            print(err.trained.summary(), file=sys.stderr)
            return 130
    print(trained.summary(), file=sys.stderr)
    return 0
