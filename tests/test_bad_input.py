"""Bad input, through the real command line: one line naming the file and the place, never
a traceback, never a hang, never a silent repair, and the exit code the README promises."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import edits, store
from annotator.cli import main
from annotator.model import ROLES, Annotation, check
from annotator.store import codec
from tests.helpers import TEXT, finished, sample, write_article

GOOD = store.dumps(replace(sample(), doc_id="x"))  # its file is x.yaml
REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds: far above any of these, far below forever


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path)
    return tmp_path


def run_cli(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The command in a fresh interpreter, killed after TIMEOUT seconds instead of hanging
    forever, with its memory capped so that a runaway read fails fast."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    options: dict[str, object] = {"capture_output": True, **kwargs}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd, text=True, timeout=TIMEOUT, env=env, preexec_fn=limit_memory, **options,
    )  # fmt: skip


# --- annotation files: (file content, the one line validate prints) ------------------------

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)

FILES = {
    "alias loop": ("speakers: &a [*a]\n", "x.yaml:1:11: YAML anchors and aliases are not allowed in annotation files"),
    "billion laughs": (BILLION_LAUGHS, "x.yaml:1:4: YAML anchors and aliases are not allowed in annotation files"),
    "anchor alone": (
        GOOD.replace("status: in_progress", "status: &s in_progress"),
        "x.yaml:6:9: YAML anchors and aliases are not allowed in annotation files",
    ),
    "complex key": ("? [a, b]\n: 1\n", "x.yaml:1:3: a key must be text, found a list"),
    "number as key": (GOOD + "12: x\n", "x.yaml:46:1: a key must be text, found 12"),
    "float offset": (
        GOOD.replace("{start: 55,", "{start: 55.0,"),
        "x.yaml:22:13: quotes/0/content/0/start: expected a whole number, found 55.0",
    ),
    "float schema version": (
        GOOD.replace("schema_version: 2", "schema_version: 1.0"),
        "x.yaml:1:17: schema_version: expected a whole number, found 1.0",
    ),
    "boolean schema version": (
        GOOD.replace("schema_version: 2", "schema_version: true"),
        "x.yaml:1:17: schema_version: expected a whole number, found true",
    ),
    "confidence NaN": (
        GOOD.replace("confidence: 0.93", "confidence: .nan"),
        "x.yaml:28:15: quotes/0/confidence: expected a finite number, found .nan",
    ),
    "impossible date": (
        GOOD.replace('updated: "2026-11-30T10:00:00Z"', "updated: 2026-13-45"),
        "x.yaml:7:10: cannot read '2026-13-45' as timestamp",
    ),
    "bad explicit tag value": (
        GOOD.replace("confidence: 0.93", "confidence: !!float high"),
        "x.yaml:28:15: cannot read 'high' as float",
    ),
    "not a mapping": (
        "".join(f"- {'word ' * 40}\n" for _ in range(50)),
        "x.yaml:1:1: top level: expected a mapping, found a list",
    ),
    "long wrong value": (
        GOOD.replace("status: in_progress", "status: " + "x" * 5000),
        "x.yaml:6:9: status: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not one of "
        "['draft', 'in_progress', 'done', 'skipped']",
    ),
    "long unknown key": (
        GOOD + "y" * 1000 + ": 1\n", "x.yaml:1:1: top level: unknown key 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy..."
    ),
}  # fmt: skip


HANGS = {"alias loop", "billion laughs"}  # run in a subprocess below: they used to loop forever


@pytest.mark.parametrize(
    ("content", "expected"), [v for k, v in FILES.items() if k not in HANGS], ids=[k for k in FILES if k not in HANGS]
)
def test_a_bad_annotation_file_is_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    (folder / "x.yaml").write_text(content, encoding="utf-8")
    before = (folder / "x.yaml").stat().st_mtime_ns
    assert main(["validate", "x.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [expected]
    assert err == "0 of 1 files valid\n"
    assert (folder / "x.yaml").stat().st_mtime_ns == before  # loading never writes


@pytest.mark.parametrize("case", sorted(HANGS))
def test_aliases_never_hang_validate_or_stats(folder: Path, case: str) -> None:
    content, expected = FILES[case]
    (folder / "x.yaml").write_text(content, encoding="utf-8")
    done = run_cli("validate", "x.yaml", cwd=folder)
    assert (done.returncode, done.stdout.splitlines()) == (1, [expected])
    done = run_cli("stats", "x.yaml", cwd=folder)
    assert done.returncode == 1 and f"  {expected}" in done.stdout.splitlines()
    assert "Traceback" not in done.stderr


# --- articles: (what the file's article is, the line) --------------------------------------


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "fifo.txt")
    return "fifo.txt"


def _nul_late(folder: Path) -> str:
    (folder / "late.txt").write_text("word " * 1000 + "\x00 end\n", encoding="utf-8")
    return "late.txt"


def _too_big(folder: Path) -> str:
    with (folder / "big.txt").open("wb") as handle:
        handle.truncate(4_000_001)
    return "big.txt"


ARTICLES: dict[str, tuple[Callable[[Path], str], str]] = {
    "a FIFO": (_fifo, "x.yaml: article fifo.txt: {tmp}/fifo.txt: not a regular file (a pipe, socket or device)"),
    "/dev/zero": (
        lambda _: "/dev/zero", "x.yaml: article /dev/zero: /dev/zero: not a regular file (a pipe, socket or device)"
    ),
    "NUL after 4 KB": (_nul_late, "x.yaml: article late.txt: {tmp}/late.txt: binary file (NUL bytes), not an article"),
    "too large": (_too_big, "x.yaml: article big.txt: {tmp}/big.txt: larger than the 4,000,000 bytes allowed"),
    "a folder": (lambda f: (f / "sub").mkdir() or "sub", "x.yaml: article sub: {tmp}/sub: a folder, not a file"),
}  # fmt: skip


@pytest.mark.parametrize(("make", "expected"), ARTICLES.values(), ids=ARTICLES.keys())
def test_a_bad_article_is_one_line_and_never_hangs(folder: Path, make: Callable[[Path], str], expected: str) -> None:
    store.save(replace(sample(), doc_id="x", article=make(folder)), folder / "x.yaml")
    done = run_cli("validate", "x.yaml", cwd=folder)  # a subprocess: a FIFO used to block forever
    assert (done.returncode, done.stdout.splitlines()) == (1, [expected.format(tmp=folder)])
    assert done.stderr == "0 of 1 files valid\n"


def test_an_annotation_file_that_is_a_fifo_is_refused(folder: Path) -> None:
    os.mkfifo(folder / "x.yaml")
    done = run_cli("validate", "x.yaml", cwd=folder)
    assert (done.returncode, done.stdout) == (1, "x.yaml: not a regular file (a pipe, socket or device)\n")


# --- folders ------------------------------------------------------------------------------


def test_a_folder_named_with_dots_is_searched(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(sample(), folder / "ann" / "alice" / "a.yaml")
    store.save(sample(), folder / "ann" / ".hidden" / "a.yaml")  # hidden below the folder named: left out
    (folder / "work").mkdir()
    monkeypatch.chdir(folder / "work")
    assert main(["validate", "../ann", "--root", ".."]) == 0


def test_an_unreadable_folder_is_a_problem_not_skipped(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store.save(sample(), folder / "ann" / "alice" / "a.yaml")
    store.save(sample(), folder / "ann" / "bob" / "a.yaml")
    scandir = os.scandir

    def denied(path: str) -> object:  # chmod 000 does not stop root, who runs some CI
        if str(path).endswith("bob"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    assert main(["validate", "ann"]) == 1
    out, err = capsys.readouterr()
    assert out == "ann/bob: cannot read this folder (Permission denied)\n"
    assert err == "all 1 files valid; 1 folder could not be read\n"
    assert main(["stats", "ann"]) == 1
    assert "  ann/bob: cannot read this folder (Permission denied)" in capsys.readouterr().out.splitlines()


# --- brat ---------------------------------------------------------------------------------

BRAT_TEXT = "“We won,” Jane Doe said.\n"
BRAT_ANN = "T1\tSource 10 18\tJane Doe\nT2\tCue 19 23\tsaid\nT3\tContent 0 9\t“We won,”\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"  # noqa: E501


@pytest.fixture
def brat(folder: Path) -> Path:
    (folder / "brat").mkdir()
    for name in ("good", "latin", "dir"):
        (folder / "brat" / f"{name}.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (folder / "brat" / "good.ann").write_text(BRAT_ANN, encoding="utf-8")
    (folder / "brat" / "latin.ann").write_bytes(BRAT_ANN.replace("Jane Doe", "Jané Doe").encode("latin-1", "replace"))
    (folder / "brat" / "dir.ann").mkdir()
    return folder / "brat"


BRAT_WARNINGS = [
    "brat/dir.ann: a folder, not a file",
    "brat/latin.ann: not UTF-8 (byte 19: invalid continuation byte)",
]


def test_brat_import_warns_once_per_bad_file_and_imports_the_rest(
    brat: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--format", "brat", "brat", "--out", "out", "--annotator", "gold"]) == 1  # 2 refused
    err = capsys.readouterr().err.splitlines()
    assert err == [*BRAT_WARNINGS, "imported 1 quotes into 1 files, 2 files refused, 0 warnings"]
    assert [p.name for p in (brat.parent / "out" / "gold").iterdir()] == ["good.yaml"]


def test_brat_import_of_nothing_exits_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "empty").mkdir()
    assert main(["import", "--format", "brat", "empty", "--out", "out", "--annotator", "gold"]) == 1


def test_evaluate_on_brat_gold_says_what_it_passed_over(brat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--format", "brat", "brat", "--out", "pred", "--annotator", "gold"]) == 1
    capsys.readouterr()
    assert main(["evaluate", "--gold", "brat", "--pred", "pred", "--json"]) == 1  # two gold files unreadable
    out, err = capsys.readouterr()
    assert err.splitlines() == [*BRAT_WARNINGS, "1 of 1 gold documents scored against a prediction, 2 refused"]
    data = json.loads(out)
    assert (data["documents"], data["refused"], data["gold_warnings"]) == (1, BRAT_WARNINGS, 0)


# --- evaluate -----------------------------------------------------------------------------


def test_evaluate_refuses_a_prediction_on_another_text(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(finished(sample(annotator="gold")), folder / "gold" / "a.yaml")
    other = TEXT.replace("meeting", "summit")
    write_article(folder, "b.txt", other)
    store.save(replace(sample(other, "b.txt", "detector"), doc_id="a"), folder / "pred" / "a.yaml")
    assert main(["evaluate", "--gold", "gold", "--pred", "pred"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "pred/a.yaml: annotates another text than the gold's a (a.txt): text_sha256 differs; not scored",
        "0 of 0 gold documents scored against a prediction, 1 refused",
    ]


def test_evaluate_with_no_predictions_exits_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(finished(sample(annotator="gold")), folder / "gold" / "a.yaml")
    store.save(replace(sample(), doc_id="zz"), folder / "pred" / "zz.yaml")
    assert main(["evaluate", "--gold", "gold", "--pred", "pred"]) == 1
    assert capsys.readouterr().err == "0 of 1 gold documents scored against a prediction\n"


@pytest.mark.parametrize("command", [["stats", "--json", "ann"], ["validate", "--json", "ann"]])
def test_a_closed_pipe_ends_quietly_with_exit_1(folder: Path, command: list[str]) -> None:
    for n in range(300):  # more output than a pipe holds
        store.save(replace(sample(), annotator=f"a{n}"), folder / "ann" / f"a{n}" / "a.yaml")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: `... | head -0`
    try:
        done = run_cli(*command, cwd=folder, stdout=write, capture_output=False, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


# --- exit codes and --json ----------------------------------------------------------------


def test_usage_errors_exit_2_and_interruptions_130(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate"])
    assert exit_.value.code == 2

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("annotator.stats.collect", interrupted)
    (folder / "annotations").mkdir()  # stats' default folder
    assert main(["stats"]) == 130


def test_validate_json_lists_every_file_with_its_problems(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(sample(), folder / "ann" / "alice" / "a.yaml")
    (folder / "ann" / "bob").mkdir()
    (folder / "ann" / "bob" / "a.yaml").write_text(FILES["confidence NaN"][0], encoding="utf-8")
    assert main(["validate", "--json", "ann"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "files": [
            {"path": "ann/alice/a.yaml", "problems": [], "warnings": []},
            {
                "path": "ann/bob/a.yaml",
                "problems": [
                    {"line": 28, "column": 15, "message": "quotes/0/confidence: expected a finite number, found .nan"}
                ],
                "warnings": [],
            },
        ],
        "folders": [],
        "totals": {"files": 2, "valid": 1, "invalid": 1, "warned": 0, "folders": 0},
    }


def test_stats_json_and_exit_1_with_unreadable_files(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(sample(), folder / "ann" / "alice" / "a.yaml")
    assert main(["stats", "--json", "ann"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "files": 1,
        "annotators": {
            "alice": {
                "role": "human",
                "files": 1,
                "status": {"draft": 0, "in_progress": 1, "done": 0, "skipped": 0},
                "quotes": {"accepted": 1, "corrected": 0, "rejected": 0, "added": 1, "pending": 1},
                "active_seconds": 0,
                "active_seconds_per_done": None,
            }
        },
        "corpus": {"articles": 1, "with_gold": 0, "to_adjudicate": 0},
        "problems": [],
    }
    (folder / "ann" / "bob.yaml").write_text("- a\n", encoding="utf-8")
    assert main(["stats", "--json", "ann"]) == 1
    assert json.loads(capsys.readouterr().out)["problems"] == [
        "ann/bob.yaml:1:1: top level: expected a mapping, found a list"
    ]  # noqa: E501


# --- sizes --------------------------------------------------------------------------------


def test_checking_20000_quotes_takes_well_under_a_second() -> None:
    import time

    quote = sample().quotes[0]
    many = replace(sample(), quotes=tuple(replace(quote, id=f"q{i}") for i in range(20_000)))
    started = time.perf_counter()
    assert check(many, TEXT) == []
    assert time.perf_counter() - started < 1.0  # quadratic, this took 10 s


# --- any text at all ----------------------------------------------------------------------

YAMLISH = st.text(alphabet=st.sampled_from(list("-:?[]{},&*!|>'\"#%@ \n\tabqs01.\\") + ["\x00", "é", "\ufeff"]))


class Hang(Exception):
    pass


def _parse_or_refuse(text: str) -> None:
    """An Annotation or a StoreError of one-line problems, within seconds: a hang (an alias
    loop did that) fails the example through an alarm instead of stopping the suite."""

    def hang(*_: object) -> None:
        raise Hang(f"store.parse did not return within 5 s on {text!r}")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(5)
    try:
        assert isinstance(store.parse(text, "x.yaml"), Annotation)
    except store.StoreError as err:
        assert err.problems and all("\n" not in str(p) for p in err.problems)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(max_examples=300, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), YAMLISH))
def test_any_text_parses_or_is_refused(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(st.data())
def test_any_mutation_of_a_sound_file_parses_or_is_refused(data: st.DataObject) -> None:
    text = GOOD
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(at, min(len(text), at + 20)))
        text = text[:at] + data.draw(st.one_of(YAMLISH.filter(lambda s: len(s) < 8), st.just("1.0"))) + text[end:]
    _parse_or_refuse(text)


# --- any edits ----------------------------------------------------------------------------


def _edit(data: st.DataObject, annotation: Annotation) -> Annotation:
    quote_ids = [q.id for q in annotation.quotes] + ["q404"]
    qid = data.draw(st.sampled_from(quote_ids))
    role = data.draw(st.sampled_from(ROLES))
    a = data.draw(st.integers(-5, len(TEXT) + 5))
    b = data.draw(st.integers(-5, len(TEXT) + 5))
    name = data.draw(st.text(max_size=12))
    speaker = data.draw(st.sampled_from([s.id for s in annotation.speakers] + ["s404", None]))
    edit: Callable[[], Annotation | tuple[Annotation, str]] = data.draw(
        st.sampled_from(
            [
                lambda: edits.accept(annotation, qid),
                lambda: edits.reject(annotation, qid),
                lambda: edits.set_type(annotation, qid, "mixed"),
                lambda: edits.set_note(annotation, qid, name),
                lambda: edits.set_speaker(annotation, qid, speaker),
                lambda: edits.add_speaker(annotation, name),
                lambda: edits.rename_speaker(annotation, speaker or "s404", name),
                lambda: edits.resize(annotation, TEXT, qid, role, "start" if a % 2 else "end", b % 7 - 3),
                lambda: edits.set_span(annotation, TEXT, qid, role, a, b),
                lambda: edits.add_span(annotation, TEXT, qid, role, a, b),
                lambda: edits.clear_spans(annotation, qid, role),
                lambda: edits.add_quote(annotation, TEXT, a, b),
                lambda: edits.delete_quote(annotation, qid),
                lambda: edits.set_status(annotation, "done"),
            ]
        )
    )
    result = edit()
    return result[0] if isinstance(result, tuple) else result


@settings(max_examples=200, deadline=timedelta(seconds=2))
@given(st.data())
def test_any_sequence_of_edits_keeps_the_annotation_sound(data: st.DataObject) -> None:
    annotation = sample()
    for _ in range(data.draw(st.integers(1, 25))):
        try:
            annotation = _edit(data, annotation)
        except edits.EditError:
            continue
        assert check(annotation, TEXT) == []
        assert store.parse(store.dumps(annotation), "x.yaml") == annotation


# --- JSONL articles ---------------------------------------------------------------------------


def test_a_fifo_named_jsonl_is_refused_not_waited_on(folder: Path) -> None:
    os.mkfifo(folder / "feed.jsonl")
    done = run_cli("detect", "feed.jsonl", "--out", "annotations", cwd=folder)  # it used to block forever
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "feed.jsonl: not a regular file (a pipe, socket or device)"


def test_a_jsonl_line_over_the_limit_is_refused_naming_it_and_the_rest_is_read(folder: Path) -> None:
    from annotator.corpus import Article, ArticleError, iter_jsonl

    records = [{"id": "a", "text": TEXT}, {"id": "huge", "text": "x" * 500}, {"id": "b", "text": TEXT}]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    items = list(iter_jsonl(Path("feed.jsonl"), line_limit=400))
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["a", "b"]
    assert [str(i) for i in items if isinstance(i, ArticleError)] == [
        "feed.jsonl:2: a line of more than 400 bytes; not read"
    ]


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["yes", "No", "~", "0o17", "0x1F", "1_000", "1e3", ".inf", "2026-11-30", "<<", "=", "1:20"]),
)  # fmt: skip
PLAIN = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
)


PLAIN_WORDS = st.lists(
    st.sampled_from(["yes", "No", "~", "null", "0o17", "0x1F", "1_000", "1e3", ".inf", "2026-11-30", "<<", "=",
                     "1:20", "-0", "+12", "2026-11-30T10:00:00Z", "a b", "305.0", ".nan", "''", "[]", "{}"]),
    min_size=1, max_size=5,
)  # fmt: skip


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(st.one_of(PLAIN.map(lambda v: ("dump", v)), PLAIN_WORDS.map(lambda v: ("words", v))), st.booleans())
def test_the_quick_parse_builds_what_the_safe_loader_builds(case: tuple[str, object], flow: bool) -> None:
    """``codec._plain_tree`` (the quick way for files without tags, anchors or aliases) gives
    PyYAML's safe answer, or refuses and leaves the file to the exact way."""
    kind, value = case
    if kind == "dump":
        text = yaml.safe_dump({"k": value}, default_flow_style=flow, allow_unicode=True)
    else:
        assert isinstance(value, list)
        text = "".join(f"k{n}: {word}\n" for n, word in enumerate(value)) + ("k: [" + ", ".join(value) + "]\n")
    if any(c in text for c in "&*!"):
        return
    try:
        quick = codec._plain_tree(yaml.compose(text, Loader=codec._QuickLoader), yaml.SafeLoader(""))
    except Exception:  # noqa: BLE001 - any refusal sends the file the exact way (parse_data)
        return
    expected = yaml.safe_load(text)
    assert quick == expected and repr(quick) == repr(expected)


# --- commands: one table of bad command lines and places, each with its exact lines and exit code --


@dataclass(frozen=True)
class Case:
    """A bad command line: what the folder holds (``setup``), the command, its exit code, and its
    exact stderr lines (``err``) and stdout lines (``out``, when given; ``{tmp}`` is the folder).
    Unless ``writes``, the folder is byte for byte as it was: nothing half written, no litter.
    ``read_only``: run without the power to override file permissions (setpriv when root);
    ``patch``: run in this process with a trap set (a full disk, an unreadable folder)."""

    setup: Callable[[Path], object]
    argv: tuple[str, ...]
    code: int
    err: tuple[str, ...]
    out: tuple[str, ...] | None = None
    read_only: bool = False
    patch: Callable[[pytest.MonkeyPatch], object] | None = None
    writes: bool = False


def _done(folder: Path, who: str) -> None:
    store.save(store.stamp(finished(sample(annotator=who))), folder / "ann" / who / "a.yaml")


def one_done(folder: Path) -> None:
    """ann/alice/a.yaml done: gold by the rule."""
    _done(folder, "alice")


def two_agree(folder: Path) -> None:
    """ann/alice and ann/bob done and agreeing: promote makes gold of it."""
    _done(folder, "alice")
    _done(folder, "bob")


def _then(*steps: Callable[[Path], object]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        for step in steps:
            step(folder)

    return setup


def _read_only(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name).chmod(0o555)

    return make


def _file(name: str, text: str = "x\n") -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")

    return make


def _link(name: str, target: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).symlink_to(target)


def _unreadable_bob(monkeypatch: pytest.MonkeyPatch) -> None:
    """ann/bob cannot be listed (chmod 000 does not stop root, who runs some CI)."""
    scandir = os.scandir

    def denied(path: Any) -> Any:
        if str(path).endswith("bob"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)


def _disk_full_in_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.formats import jsonl

    real = jsonl.counted

    def full(*args: Any) -> None:
        real(*args)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl, "counted", full)


LONG = "c" * 256  # one more than a file name may have
CSV = ("--format", "csv")
BOB = "ann/bob: cannot read this folder (Permission denied)"
ALIAS = "speakers: &a [*a]\n"
SHARES = "one to three percentages, none negative, adding up to 100"


def _folder(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir()


COMMANDS: dict[str, Case] = {
    # F7: --out is, holds or lies in the annotations; --force only replaces its own earlier output
    "export --out the input --force": Case(
        one_done, ("export", "ann", "--out", "ann", *CSV, "--force"), 1,
        ("annotator: ann: is the input ann; give an --out outside the annotations",),
    ),
    "export --out holding the input --force": Case(
        one_done, ("export", "ann/alice", "--out", "ann", *CSV, "--force"), 1,
        ("annotator: ann: holds the input ann/alice; give an --out outside the annotations",),
    ),
    "export --out . holding the default input": Case(
        _then(one_done, lambda f: (f / "ann").rename(f / "annotations")), ("export", "--out", ".", *CSV, "--force"), 1,
        ("annotator: .: holds the input annotations; give an --out outside the annotations",),
    ),
    "export --out inside the input": Case(
        one_done, ("export", "ann", "--out", "ann/alice/ds", *CSV), 1,
        ("annotator: ann/alice/ds: is inside the input ann; give an --out outside the annotations",),
    ),
    "export --out through a link into the input": Case(
        _then(one_done, _link("mine", "ann")), ("export", "ann", "--out", "mine/ds", *CSV), 1,
        ("annotator: mine/ds: is inside the input ann; give an --out outside the annotations",),
    ),
    "export --force over a folder it did not write": Case(
        _then(one_done, _file("other/notes.txt")), ("export", "ann", "--out", "other", *CSV, "--force"), 1,
        ("annotator: other: not replaced: it has no manifest.json, so it is not an earlier `annotator export` "
         "output (--force replaces only those); give another --out",),
    ),
    "export --force over a folder holding annotation files": Case(
        _then(one_done, _file("other/manifest.json", "{}"), _file("other/bob/a.yaml")),
        ("export", "ann", "--out", "other", *CSV, "--force"), 1,
        ("annotator: other: not replaced: it holds annotation files (other/bob/a.yaml); give another --out",),
    ),
    "train --out the input --force": Case(
        one_done, ("train", "ann", "--out", "ann", "--force"), 1,
        ("annotator: ann: is the input ann; give an --out outside the annotations",),
    ),
    "train --force over a folder it did not write": Case(
        _then(one_done, _file("models/notes.txt")), ("train", "ann", "--out", "models", "--force"), 1,
        ("annotator: models: not replaced: it has no meta.json, so it is not an earlier `annotator train` "
         "output (--force replaces only those); give another --out",),
    ),
    # F1-F6: places that cannot be written: one line, nothing half written, no litter
    "export under a read-only folder": Case(
        _then(one_done, _read_only("ro")), ("export", "ann", "--out", "ro/ds", *CSV), 1,
        ("annotator: ro/ds: cannot be written (Permission denied); nothing written",), read_only=True,
    ),
    "export into an empty read-only --out": Case(
        _then(one_done, _read_only("ro")), ("export", "ann", "--out", "ro", *CSV), 1,
        ("annotator: ro: cannot be written (Permission denied); give another --out",), read_only=True,
    ),
    "promote into a read-only gold folder": Case(
        _then(two_agree, _read_only("ann/gold")), ("promote", "ann"), 1,
        ("annotator: ann/gold: cannot be written (Permission denied); nothing promoted",), read_only=True,
    ),
    "export to a full disk (jsonl)": Case(
        one_done, ("export", "ann", "--out", "ds", "--format", "jsonl"), 1,
        ("annotator: ds: cannot be written (No space left on device); nothing written",), patch=_disk_full_in_jsonl,
    ),
    "export --out a name too long": Case(
        one_done, ("export", "ann", "--out", LONG, *CSV), 1,
        (f"annotator: {LONG}: cannot be written (File name too long); give another --out",),
    ),
    "export --out a name as long as allowed": Case(
        one_done, ("export", "ann", "--out", LONG[:250], *CSV), 0,
        (
            *(f"warning: no article fell into the {name} split (10% of 1 article, by a hash of each id); another"
              " --seed or --split changes that" for name in ("dev", "test")),
            f"exported 1 article (2 quotes) as csv into {LONG[:250]}",
        ),
        writes=True,
    ),
    "train --out a name too long": Case(
        one_done, ("train", "ann", "--out", LONG), 1,
        (f"annotator: {LONG}: cannot be written (File name too long); give another --out",),
    ),
    "promote --out a file": Case(
        _then(two_agree, _file("afile")), ("promote", "ann", "--out", "afile"), 1,
        ("annotator: afile/gold: cannot be written (Not a directory); nothing promoted",),
    ),
    # F8, F9: promote
    "promote a missing folder": Case(one_done, ("promote", "nope"), 1, ("annotator: nope: no such folder",)),
    "promote beside a file that does not load": Case(
        _then(two_agree, _file("ann/carol/a.yaml", ALIAS)), ("promote", "ann"), 1,
        ("0 promoted to gold, 1 left to adjudicate",),
        out=("a: not promoted: ann/carol/a.yaml:1:11: YAML anchors and aliases are not allowed in annotation files",),
    ),
    "promote --dry-run beside a file that does not load": Case(
        _then(two_agree, _file("ann/carol/a.yaml", ALIAS)), ("promote", "--dry-run", "ann"), 1, (),
        out=("a: not promoted: ann/carol/a.yaml:1:11: YAML anchors and aliases are not allowed in annotation files",),
    ),
    # F10: an unreadable folder is said, as validate says it, and fails the command
    "promote where every file is broken names them (a new user's report: it said nothing, exit 0)": Case(
        _then(_file("ann/alice/a.yaml", "status: finished\n"), _file("ann/bob/a.yaml", ALIAS)), ("promote", "ann"), 1,
        (
            "ann/alice/a.yaml:1:1: top level: 'schema_version' is a required property",
            "ann/bob/a.yaml:1:11: YAML anchors and aliases are not allowed in annotation files",
            "0 promoted to gold, 0 left to adjudicate",
        ),
        out=(),
    ),
    "promote --dry-run with nothing to promote says so": Case(
        one_done, ("promote", "--dry-run", "ann"), 0,
        ("nothing to promote: no article has two or more people done and no gold file",), out=(),
    ),
    "promote with an unreadable folder": Case(two_agree, ("promote", "ann"), 1, (BOB,), patch=_unreadable_bob),
    "export with an unreadable folder": Case(
        two_agree, ("export", "ann", "--out", "ds", *CSV), 1, (BOB,), patch=_unreadable_bob
    ),
    "train with an unreadable folder": Case(
        two_agree, ("train", "ann", "--out", "m"), 1, (BOB,), patch=_unreadable_bob
    ),
    "reanchor with an unreadable folder": Case(
        two_agree, ("reanchor", "--dry-run", "ann"), 1, ("0 re-anchored, 1 still matching their articles, 0 broken",),
        out=(BOB,), patch=_unreadable_bob,
    ),
    "agreement with an unreadable folder": Case(two_agree, ("agreement", "ann"), 1, (BOB,), patch=_unreadable_bob),
    # F11: only articles are read as articles
    "detect an annotation file": Case(
        one_done, ("detect", "ann/alice/a.yaml", "--out", "o"), 1,
        ('annotator: ann/alice/a.yaml: not an article: name .txt files, folders of them, or .jsonl files of '
         '{{"id", "text"}}',),
    ),
    # F12, F13: a wrong value on the command line is a usage error (exit 2; the last line says why)
    "detect --jobs 0": Case(one_done, ("detect", "a.txt", "--jobs", "0"), 2,
                            ("annotator detect: error: argument --jobs: '0' is not a whole number above 0",)),
    "detect --jobs -3": Case(one_done, ("detect", "a.txt", "--jobs", "-3"), 2,
                             ("annotator detect: error: argument --jobs: '-3' is not a whole number above 0",)),
    "export --split abc": Case(
        one_done, ("export", "ann", "--out", "ds", *CSV, "--split", "abc"), 2,
        ("annotator export: error: argument --split: 'abc': give percentages such as 80/10/10",),
    ),
    "export --split 50/10": Case(
        one_done, ("export", "ann", "--out", "ds", *CSV, "--split", "50/10"), 2,
        (f"annotator export: error: argument --split: '50/10': {SHARES}",),
    ),
    "train --split nan": Case(
        one_done, ("train", "ann", "--out", "m", "--split", "nan"), 2,
        (f"annotator train: error: argument --split: 'nan': {SHARES}",),
    ),
    "validate --root nope": Case(
        one_done, ("validate", "--root", "nope", "ann"), 2,
        ("annotator validate: error: argument --root: 'nope': no such folder",),
    ),
    "a reserved annotator name": Case(
        one_done, ("annotate", "a.txt", "--annotator", "gold"), 2,
        (
            "annotator annotate: error: argument --annotator: annotator name 'gold' is reserved for the gold"
            " versions (imported with `annotator import --annotator gold`, or adjudicated); choose your own name",
        ),
    ),
    "an annotator name that is a path": Case(
        one_done, ("annotate", "a.txt", "--annotator", "../evil"), 2,
        (
            "annotator annotate: error: argument --annotator: annotator name '../evil' contains a path separator"
            " (/ or \\)",
        ),
    ),
    "a reserved adjudicator name": Case(
        one_done, ("promote", "ann", "--adjudicator", "detector"), 2,
        (
            "annotator promote: error: argument --adjudicator: annotator name 'detector' is reserved for the"
            " detector's shared drafts (written by `annotator detect`); choose your own name",
        ),
    ),
    "an option before any command": Case(
        one_done, ("--bogus",), 2,
        ("annotator: error: unrecognized option --bogus: a command comes first (annotator --help lists them)",),
    ),
    "evaluate --pred with --model": Case(
        one_done, ("evaluate", "--gold", "ann", "--pred", "ann", "--model", "m"), 2,
        ("annotator evaluate: error: argument --model: not allowed with argument --pred",),
    ),
    # F17: a brat file of which nothing can be used is refused, in our words
    "import a brat file whose every line is broken": Case(
        _then(_file("brat/x.txt", "\u201cWe won,\u201d Jane Doe said.\n"),
              _file("brat/x.ann", "T1\tSource abc 18\tJane Doe\nT2\tCue 19 2\tsaid\n")),
        ("import", "--format", "brat", "brat", "--out", "o", "--annotator", "gold"), 1,
        ("brat/x.ann: nothing in it can be imported (2 problems; the first: brat/x.ann:1: offsets 'abc 18' are not "
         "two whole numbers (start end); line skipped)", "imported 0 quotes into 0 files, 1 file refused, 0 warnings"),
    ),
    # F19: nothing found where something was asked for: exit 1, one line
    "detect an empty folder": Case(
        _folder("empty"), ("detect", "empty", "--out", "o"), 1,
        ("annotator: no articles found in empty (.txt files, or .jsonl records)",),
    ),
    "detect an empty .jsonl": Case(
        _file("feed.jsonl", ""), ("detect", "feed.jsonl", "--out", "o"), 1,
        ("annotator: no articles found in feed.jsonl (.txt files, or .jsonl records)",),
    ),
    "import a folder without brat files": Case(
        _file("brat/x.txt"), ("import", "--format", "brat", "brat", "--out", "o", "--annotator", "gold"), 1,
        ("annotator: brat: no brat documents found (a .ann file beside its .txt)",),
    ),
    "stats of a missing folder": Case(
        one_done, ("stats", "nope"), 1, ("annotator: nope: no such file or folder",), out=()
    ),
    "stats of an empty folder": Case(
        _folder("empty"), ("stats", "empty"), 1, ("annotator: no annotation files found in empty",), out=()
    ),
    "promote an empty folder": Case(
        _folder("empty"), ("promote", "empty"), 1, ("annotator: no annotation files found in empty",), out=()
    ),
}  # fmt: skip


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path below ``folder`` with its bytes (None for a folder), links not followed."""
    found: dict[str, bytes | None] = {}
    for where, dirs, files in os.walk(folder):
        for name in dirs:
            found[os.path.relpath(os.path.join(where, name), folder)] = None
        for name in files:
            path = Path(where, name)
            found[os.path.relpath(path, folder)] = b"link" if path.is_symlink() else path.read_bytes()
    return found


_CAPS = "-dac_override,-dac_read_search,-fowner"
NO_OVERRIDE = ("setpriv", f"--inh-caps={_CAPS}", f"--bounding-set={_CAPS}")


def _run_read_only(folder: Path, argv: tuple[str, ...]) -> tuple[int, str, str]:
    """The command in a process that file permissions bind: root without its overriding powers."""
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("run as root without setpriv: a read-only folder cannot stop this process")
        prefix = NO_OVERRIDE
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "annotator", *argv],
        cwd=folder, text=True, capture_output=True, timeout=TIMEOUT, env=env,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("case", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_bad_command_is_one_line_and_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the index's cache, outside the folder
    monkeypatch.chdir(folder)
    write_article(folder)
    case.setup(folder)
    before = _tree(folder)
    try:
        if case.read_only:
            code, out, err = _run_read_only(folder, case.argv)
        else:
            if case.patch is not None:
                case.patch(monkeypatch)
            try:
                code = main(list(case.argv))
            except SystemExit as usage:  # argparse
                code = int(usage.code or 0)
            monkeypatch.undo()
            monkeypatch.chdir(folder)
            out, err = capsys.readouterr()
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)  # so that pytest can remove it
    assert "Traceback" not in err
    shown = err.splitlines()[-1:] if code == 2 else err.splitlines()  # a usage error: usage, then why
    assert shown == [line.format(tmp=folder) for line in case.err]
    if case.out is not None:
        assert out.splitlines() == [line.format(tmp=folder) for line in case.out]
    assert code == case.code
    if not case.writes:
        assert _tree(folder) == before


# --- JSONL records: (the file's bytes, what is read: ids of articles, lines of errors) ------------

RECORD = b'{"id": "a", "text": "He said \\"hi\\" to me."}'
JSONL: dict[str, tuple[bytes, list[str]]] = {
    "a NUL in a record's text (F14)": (
        b'{"id": "a", "text": "nul \\u0000 here"}\n' + RECORD.replace(b'"a"', b'"b"') + b"\n",
        ["feed.jsonl:1: a NUL character in the text (binary data), not an article", "b"],
    ),
    "a byte order mark first, CRLF line ends (F15)": (b"\xef\xbb\xbf" + RECORD + b"\r\n", ["a"]),
    "a byte order mark on a later line": (
        RECORD + b"\n\xef\xbb\xbf" + RECORD.replace(b'"a"', b'"b"') + b"\n",
        ["a", "feed.jsonl:2: not a JSON record with a string 'id' and 'text'"],
    ),
}


@pytest.mark.parametrize(("content", "expected"), JSONL.values(), ids=JSONL.keys())
def test_a_jsonl_record_passes_the_checks_of_a_txt_article(folder: Path, content: bytes, expected: list[str]) -> None:
    from annotator.corpus import Article, iter_jsonl

    (folder / "feed.jsonl").write_bytes(content)
    found = [i.doc_id if isinstance(i, Article) else str(i) for i in iter_jsonl(Path("feed.jsonl"))]
    assert found == expected


def test_an_article_missing_from_the_folder_run_in_says_where_paths_are_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new user ran validate from the folder above the project: 'cannot read' alone did not
    say that the article paths are relative to where one runs, nor that --root changes it."""
    one_done(folder)
    (folder / "elsewhere").mkdir()
    monkeypatch.chdir(folder / "elsewhere")
    assert main(["validate", "../ann"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("../ann/alice/a.yaml: article a.txt: ")
    assert line.endswith("; article paths are read from the folder you run in (--root names another)")
    assert main(["validate", "../ann", "--root", ".."]) == 0
