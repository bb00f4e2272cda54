"""brat import, and `annotator detect` over files, folders and JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import store
from annotator.cli import main

TEXT = "“We won,” Jane Doe said, “and we will win again.” Critics said the vote was unfair.\n"


def offsets(part: str, after: int = 0) -> str:
    start = TEXT.index(part, after)
    return f"{start} {start + len(part)}"


def ann_lines() -> list[str]:
    first, second = "“We won,”", "“and we will win again.”"
    critics = TEXT.index("Critics")
    return [
        f"T1\tSource {offsets('Jane Doe')}\tJane Doe",
        f"T2\tCue {offsets('said')}\tsaid",
        f"T3\tContent {offsets(first)};{offsets(second)}\t{first} {second}",
        f"T4\tAttribution {offsets('said')}\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        f"T5\tSource {offsets('Critics')}\tCritics",
        f"T6\tCue {offsets('said', critics)}\tsaid",
        "E2\tAttribution:T4 Source:T5 Cue:T6",
        "R1\tCoref Arg1:T1 Arg2:T5",
    ]


@pytest.fixture
def brat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "news.txt").write_text(TEXT, encoding="utf-8")
    (folder / "news_ab12.ann").write_text("\n".join(ann_lines()) + "\n", encoding="utf-8")
    return folder


def test_brat_import_keeps_everything_it_can_and_reports_the_rest(
    brat_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", "--format", "brat", "brat", "--out", "out"]) == 0
    err = capsys.readouterr().err
    assert "attribution without content cannot be held; skipped" in err
    assert "'R' lines (relations, attributes, notes) are not imported" in err
    annotation, _ = store.load(tmp_path / "out" / "ab12" / "news.yaml")
    assert (annotation.annotator, annotation.status, annotation.article) == ("ab12", "done", "brat/news.txt")
    [quote] = annotation.quotes
    assert [s.text for s in quote.content] == ["“We won,”", "“and we will win again.”"]
    assert [s.text for s in quote.cue] == ["said"] and [s.text for s in quote.source] == ["Jane Doe"]
    assert (quote.type, quote.review, annotation.speaker_name(quote)) == ("direct", "accepted", "Jane Doe")
    assert main(["validate", "out"]) == 0


@pytest.mark.slow
def test_detect_writes_drafts_skips_done_ones_and_bad_articles(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "more").mkdir()
    (corpus / "more" / "empty.txt").write_text("  \n", encoding="utf-8")
    (corpus / "more" / "latin1.txt").write_bytes("caf\xe9 said".encode("latin-1"))
    (corpus / "more" / "binary.txt").write_bytes(b"\x00\x01\x02")
    records = [{"id": "j1", "text": "“We are ready,” Maria Lopez said."}, {"id": "j2"}]
    (corpus / "more" / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assert main(["detect", "seeds", "more", "more/feed.jsonl", "--out", "annotations"]) == 1  # bad articles
    err = capsys.readouterr().err
    assert "more/empty.txt: empty article" in err
    assert "more/latin1.txt: not UTF-8" in err and "more/binary.txt: binary file" in err
    assert "more/feed.jsonl:2: not a JSON record" in err
    drafts = sorted(p.stem for p in (corpus / "annotations" / "detector").glob("*.yaml"))
    assert drafts == sorted([p.stem for p in (corpus / "seeds").glob("*.txt")] + ["j1"])
    j1, _ = store.load(corpus / "annotations" / "detector" / "j1.yaml")
    assert j1.article == "more/feed.jsonl#j1" and j1.quotes[0].review == "pending"
    assert main(["validate", "annotations"]) == 0
    capsys.readouterr()
    assert main(["detect", "seeds", "--out", "annotations"]) == 0
    assert "0 drafted (0 quotes), 4 already drafted" in capsys.readouterr().err
