"""`annotator agreement`: which files count, the table, JSON, the gate and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.cli import main
from annotator.model import Annotation
from tests.test_agreement import ALICE, BOB, TEXT


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """annotations/ with alice and bob on d, alice alone on e, and a detector draft and gold file of d."""
    monkeypatch.chdir(tmp_path)
    for doc in ("d", "e"):
        (tmp_path / f"{doc}.txt").write_text(TEXT, encoding="utf-8")
    save(ALICE)
    save(BOB)
    save(replace(ALICE, doc_id="e", article="e.txt"))
    save(replace(BOB, annotator="detector", status="draft"))
    save(replace(ALICE, annotator="gold", status="done"))
    return tmp_path


def save(annotation: Annotation) -> None:
    store.save(store.stamp(annotation), Path("annotations") / annotation.annotator / f"{annotation.doc_id}.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["agreement", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_help_names_every_figure_and_the_exit_codes() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "annotator", "agreement", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for word in ("usage: annotator agreement", "lenient", "kappa", "alpha", "--min-f1", "brat", "exit status"):
        assert word in out


def test_the_table_compares_people_not_the_detector_or_gold(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert "agreement of 2 annotators on 1 article: 1 comparison" in out
    assert "quotes lenient           0.667  1.000  0.800        2        3        2" in out
    assert "e: 1 annotator (alice)" in out
    assert "detector" not in out and "gold" not in out


def test_json_holds_the_same_figures(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and data["annotators"] == ["alice", "bob"]
    assert data["pooled"]["quotes"]["lenient"]["f1"] == 0.8
    assert data["pooled"]["speaker"] == {"agreement": 0.5, "kappa": 0.0, "quotes": 2}
    assert [(p["reference"], p["prediction"]) for p in data["pairs"]] == [("alice", "bob")]
    assert data["articles"][0]["doc_id"] == "d" and data["articles"][0]["token_alpha"]["tokens"] == 20
    assert data["not_compared"] == [{"doc_id": "e", "reason": "1 annotator (alice)"}]


def test_with_detector_adds_the_drafts(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--json", "--with-detector")
    assert json.loads(out)["annotators"] == ["alice", "bob", "detector"]


@pytest.mark.parametrize(("args", "code"), [(["--min-f1", "0.79"], 0), (["--min-f1", "0.81"], 1)])
def test_min_f1_gates_on_the_pooled_quote_f1(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    got, _, err = run(capsys, *args)
    assert got == code
    assert ("lenient quote F1 0.800 is below --min-f1 0.81" in err) == (code == 1)


def test_min_f1_at_the_exact_level(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--level", "exact", "--min-f1", "0.5")
    assert code == 1 and "pooled exact quote F1 0.400 is below --min-f1 0.5" in err


@pytest.mark.parametrize("args", [["--min-f1", "1.5"], ["--min-f1", "high"], ["--level", "loose"]])
def test_usage_errors_exit_2(folder: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["agreement", *args])
    assert exit_.value.code == 2


def test_a_missing_folder_is_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "nowhere")
    assert code == 1 and err == "annotator: nowhere: no such file or folder\n"  # 2 is for the command line itself


def test_an_unreadable_file_is_one_line_and_exit_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "annotations" / "carol").mkdir()
    (folder / "annotations" / "carol" / "d.yaml").write_text("doc_id: [\n", encoding="utf-8")
    code, out, err = run(capsys)
    assert code == 1 and "agreement of 2 annotators" in out
    assert len(err.splitlines()) == 1 and err.startswith("annotations/carol/d.yaml")


def test_min_f1_with_nothing_to_compare_fails(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "annotations/alice", "--min-f1", "0.1")
    assert code == 1 and "no article has two annotators" in err and "not compared (2 articles)" in out
    # no table of zeros, which read as total disagreement (a new user's report)
    assert "nothing to compare: no article has two annotators' usable files yet" in out and "0.000" not in out


def test_a_brat_folder_names_annotators_by_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "news.txt").write_text(TEXT, encoding="utf-8")
    lines = ["T1\tSource 50 54\tw010", "T2\tCue 55 59\tw011", "T3\tContent 0 49\t" + TEXT[:49]]
    (brat / "news_ab12.ann").write_text(
        "\n".join([*lines, "E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3"]) + "\n", encoding="utf-8"
    )
    lines[2] = "T3\tContent 0 34\t" + TEXT[:34]
    (brat / "news_cd34.ann").write_text(
        "\n".join([*lines, "E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3"]) + "\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, str(brat), "--json")
    data = json.loads(out)
    assert code == 0 and data["annotators"] == ["ab12", "cd34"]
    assert data["pooled"]["quotes"]["lenient"]["f1"] == 1.0 and data["pooled"]["quotes"]["strict"]["f1"] == 0.0


def test_only_unreadable_files_are_still_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yaml").write_text("doc_id: [\n", encoding="utf-8")
    code, _, err = run(capsys, str(tmp_path))
    assert code == 1 and err.startswith(str(tmp_path / "bad.yaml"))
