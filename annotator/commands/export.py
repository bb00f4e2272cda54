"""``annotator export``: each article's gold, by the one gold rule, written as a dataset.

What is taken is ``annotator.gold``'s answer, read through ``review.load_corpus``: the gold file
when done, else the one person's done file; never a detector draft or a file not done.  Pending
quotes never reach the dataset; rejected ones are never positives.  Everything passed over is
said, per article, in the summary and in the dataset card.

Nothing is lost: the dataset is written into a hidden folder beside OUT, which replaces OUT only
once complete (``store.folders``); --force replaces only an earlier export (it has manifest.json),
never the annotations themselves nor a folder around them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator import store
from annotator.agreement import Report as AgreementReport
from annotator.agreement import agreement
from annotator.errors import UserError, require
from annotator.formats import FORMATS, Item, Options, Written
from annotator.gold import is_human
from annotator.model import Annotation
from annotator.progress import Step, bars, no_progress
from annotator.review import Row, load_corpus
from annotator.splits import Splits
from annotator.store.folders import check_out, written_whole
from annotator.wording import counted


@dataclass
class Gathered:
    items: list[Item] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)  # per article: the file taken, and why
    skipped: list[str] = field(default_factory=list)  # per article or quote: what was left out, and why
    agreement: AgreementReport | None = None  # when some article has two or more people's files


@dataclass
class Exported:
    out: Path
    format: str
    gathered: Gathered
    written: Written
    files: dict[str, str]  # path inside OUT -> sha256

    @property
    def quotes(self) -> int:
        return sum(len(item.positives()) for item in self.gathered.items)

    def summary(self) -> str:
        skipped = f"; {len(self.gathered.skipped)} things skipped (listed above)" if self.gathered.skipped else ""
        return (
            f"exported {counted(len(self.gathered.items), 'article')} ({counted(self.quotes, 'quote')})"
            f" as {self.format} "
            f"into {self.out}{skipped}"
        )


def gather(paths: Sequence[Path], splits: Splits, root: Path | None = None, step: Step = no_progress) -> Gathered:
    """The gold of every article under ``paths``, with what was left out and why."""
    found = Gathered()
    unreadable: list[store.Problem] = []
    rows = load_corpus(paths, root, differences=False, unreadable=unreadable, progress=step)
    if unreadable:  # its files could change which file is gold: nothing is exported
        raise store.StoreError(unreadable)
    compared: list[tuple[str, str, list[Annotation]]] = []
    chosen: list[tuple[Row, Path]] = []
    for row in rows:
        broken = [v for v in row.versions if v.problem and (v.human or v.annotator == "gold")]
        if broken:
            found.skipped.append(f"{row.doc_id}: not exported: {broken[0].problem}")
            continue
        if (people := _people(row, root)) is not None:
            compared.append((row.doc_id, *people))
        if row.choice.layer is None:
            found.skipped.append(f"{row.doc_id}: not exported: {row.choice.reason}")
            continue
        chosen.append((row, row.choice.layer.item))
    advance = step("reading the gold", len(chosen))
    for (row, path), loaded in zip(chosen, load_all([path for _, path in chosen], root, advance), strict=True):
        if isinstance(loaded, str):
            found.skipped.append(f"{row.doc_id}: not exported: {loaded}")
            continue
        annotation, text = loaded
        found.taken.append(f"{row.doc_id}: {path}: {row.choice.reason}")
        pending = [q.id for q in annotation.quotes if q.review == "pending"]
        if pending:
            found.skipped.append(
                f"{row.doc_id}: {len(pending)} pending quote(s) left out ({', '.join(pending)}): not reviewed"
            )
            annotation = replace(annotation, quotes=tuple(q for q in annotation.quotes if q.review != "pending"))
        found.items.append(Item(annotation, text, splits.of(row.doc_id), str(path)))
    if compared:
        found.agreement = agreement(compared)
    return found


def load_all(
    paths: Sequence[Path], root: Path | None, advance: Callable[[int], Any] = lambda n: None
) -> Iterator[tuple[Annotation, str] | str]:
    """Each file loaded and checked against its article (``store.load``), in order, or its first
    problem.  Serial: parsing YAML is most of an export, and worker processes were measured slower
    on this 2-core machine (300 files: 3.6 s serial, 5.3 s in a pool, the pickling included)."""
    for path in paths:
        yield _load(path, root)
        advance(1)


def _load(path: Path, root: Path | None) -> tuple[Annotation, str] | str:
    try:
        return store.load(path, root)
    except store.StoreError as err:
        return str(err.problems[0])


def _people(row: Row, root: Path | None) -> tuple[str, list[Annotation]] | None:
    """The article's text and its people's versions, when two or more load: for the agreement
    figures (taken as gold or not: disagreement is what leaves an article without gold)."""
    humans = [v for v in row.versions if is_human(v.annotator) and not v.problem]
    if len(humans) < 2:
        return None
    loaded, text = [], ""
    for version in humans:
        try:
            annotation, text = store.load(version.path, root)
        except store.StoreError:
            continue
        loaded.append(annotation)
    return (text, loaded) if len(loaded) >= 2 else None


class NothingToExport(UserError):
    """No article has gold: nothing is written; ``skipped`` says why for each."""

    def __init__(self, message: str, skipped: list[str]) -> None:
        super().__init__(message)
        self.skipped = skipped


def export(
    paths: Sequence[Path],
    out: Path,
    format_name: str,
    splits: Splits,
    *,
    text: bool = True,
    force: bool = False,
    root: Path | None = None,
    command: Sequence[str] = (),
    progress: Step | None = None,
) -> Exported:
    """Gather the gold under ``paths`` and write it as ``format_name`` into ``out``, all or nothing.

    ``progress(description, total)`` returns a function told how many more articles are done."""
    from annotator.commands.card import MANIFEST, write_card

    fmt = FORMATS[format_name]
    if not text and fmt.needs_text:
        raise UserError(
            f"--no-text: the {format_name} format cannot exist without the article texts; "
            "use jsonl, csv or hf to export offsets without texts"
        )
    check_out(out, paths, force=force, marker=MANIFEST, command="export")
    step = progress or no_progress
    gathered = gather(paths, splits, root, step)
    if not gathered.items:
        where = ", ".join(map(str, paths))
        raise NothingToExport(f"nothing to export: no article under {where} has gold yet", gathered.skipped)
    with written_whole(out) as partial:
        options = Options(splits.names, text, step(f"writing {format_name}", len(gathered.items)))
        written = fmt.write(gathered.items, partial, options)
        files = write_card(partial, gathered, written, fmt, splits, text=text, command=command)
    return Exported(out, format_name, gathered, written, files)


def empty_splits(splits: Splits, items: Sequence[Item]) -> list[str]:
    """A warning for each split asked for that no article fell into: the split is by a hash of
    each id, so a few articles can leave one empty (a new user's 3 articles had no dev split)."""
    taken = {item.split for item in items}
    return [
        f"warning: no article fell into the {name} split ({share:.0%} of {counted(len(items), 'article')}, by a"
        " hash of each id); another --seed or --split changes that"
        for name, share in splits.shares
        if share > 0 and name not in taken
    ]


def command_line(args: Any) -> list[str]:
    """The export's command line, spelled out in full (defaults included) for the card."""
    line = ["annotator", "export", *map(str, args.paths or ["annotations"]), "--out", str(args.out)]
    line += ["--format", args.format, "--split", args.split, "--seed", str(args.seed)]
    line += ["--no-text"] * args.no_text + ["--force"] * args.force
    return line + (["--root", str(args.root)] if args.root else [])


def export_cli(args: Any) -> int:
    """Run ``annotator export``; every skipped thing on stderr, then a summary. 0, or 1 when
    something was skipped."""
    import sys

    splits = Splits.parse(args.split, args.seed)
    paths = args.paths or [Path("annotations")]
    require(paths)
    with bars(sys.stderr.isatty()) as progress:
        try:
            done = export(
                paths,
                args.out,
                args.format,
                splits,
                text=not args.no_text,
                force=args.force,
                root=args.root,
                command=command_line(args),
                progress=progress,
            )
        except NothingToExport as err:
            for line in err.skipped:
                print(line, file=sys.stderr)
            raise
    for line in done.gathered.skipped:
        print(line, file=sys.stderr)
    for line in empty_splits(splits, done.gathered.items):
        print(line, file=sys.stderr)
    if done.written.notes:
        print(f"{len(done.written.notes)} notes from the {args.format} writer in {args.out}/README.md", file=sys.stderr)
    print(done.summary(), file=sys.stderr)
    return 1 if done.gathered.skipped else 0
