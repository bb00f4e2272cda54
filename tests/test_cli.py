from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.cli import main
from annotator.model import Span
from tests.helpers import sample, write_article


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path)
    return tmp_path


def test_help_everywhere() -> None:
    out = subprocess.run([sys.executable, "-m", "annotator", "--help"], capture_output=True, text=True, check=True)
    for command in ("annotate", "validate", "stats", "detect", "import", "evaluate"):
        assert command in out.stdout
        sub = subprocess.run([sys.executable, "-m", "annotator", command, "--help"], capture_output=True, text=True)
        assert sub.returncode == 0 and "usage: annotator " + command in sub.stdout


def test_validate_passes_sound_files(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(sample(), folder / "ann" / "alice" / "a.yaml")
    assert main(["validate", "ann"]) == 0
    assert "all 1 files valid" in capsys.readouterr().err


def test_validate_lists_every_problem_and_exits_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = folder / "ann" / "alice" / "a.yaml"
    store.save(sample(), good)
    quote = sample().quotes[0]
    broken = replace(quote, source=(Span(0, 6, "Lavrov"),))
    store.save(replace(sample(), quotes=(broken,)), folder / "ann" / "bob" / "a.yaml")
    (folder / "ann" / "carol").mkdir()
    (folder / "ann" / "carol" / "a.yaml").write_text("quotes: [\n", encoding="utf-8")
    assert main(["validate", "ann"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert lines[0] == "ann/bob/a.yaml: quote q1: source [0, 6) has text 'Lavrov' but the article has 'Before'"
    assert lines[1].startswith("ann/carol/a.yaml:2:1: YAML syntax: ")
    assert "1 of 3 files valid" in captured.err
    assert "Traceback" not in captured.out + captured.err


def test_validate_warns_about_done_files_with_pending_quotes_and_strict_refuses_them(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.save(replace(sample(), status="done"), folder / "ann" / "alice" / "a.yaml")  # q1 is pending
    bare = replace(sample().quotes[1], type="direct")  # no quotation marks in its content
    store.save(replace(sample(), annotator="bob", quotes=(bare,)), folder / "ann" / "bob" / "a.yaml")
    assert main(["validate", "ann"]) == 0  # sound files: warnings only
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "ann/alice/a.yaml: warning: marked done with 1 pending quote (q1): accept, correct or reject them, "
        "or mark it in progress",
        "ann/bob/a.yaml: warning: quote q2 is direct but its content has no quotation marks: make it indirect?",
    ]
    assert "all 2 files valid; 2 with warnings (--strict refuses them)" in captured.err
    assert main(["validate", "--strict", "ann"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("ann/alice/a.yaml: marked done with 1 pending quote (q1)")
    assert "0 of 2 files valid; 2 with warnings, refused by --strict" in captured.err
    assert main(["validate", "--strict", "--json", "ann"]) == 1  # the second run comes from the index
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"files": 2, "valid": 0, "invalid": 2, "warned": 2, "folders": 0}
    assert [len(f["warnings"]) for f in data["files"]] == [1, 1]


def test_validate_with_nothing_to_check_is_a_one_line_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "empty").mkdir()
    assert main(["validate", "empty"]) == 1
    assert capsys.readouterr().err.strip() == "annotator: no annotation files found in empty"


def test_a_missing_article_is_named(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(replace(sample(), article="gone.txt"), folder / "a.yaml")
    assert main(["validate", "a.yaml"]) == 1
    assert "a.yaml: article gone.txt:" in capsys.readouterr().out


def test_stats_counts_status_annotator_and_review(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(sample(), folder / "ann" / "alice" / "a.yaml")
    store.save(replace(sample(), annotator="bob", status="done"), folder / "ann" / "bob" / "a.yaml")
    assert main(["stats", "ann"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 files by 2 annotators")
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[3:5]}
    # draft in_progress done skipped | accepted corrected rejected added pending | active, per done
    assert rows == {"alice": "0 1 0 0 1 0 0 1 1 0m -".split(), "bob": "0 0 1 0 1 0 0 1 1 0m 0m".split()}
    # bob marked it done with q1 still pending: that is not finished, so not gold (annotator.gold)
    assert "corpus: 1 articles, 0 with a gold version (the gold rule), 0 to adjudicate" in out
