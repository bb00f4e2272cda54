"""annotator export: what is taken by the gold rule, what is reported, the formats, and safety."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from annotator import store
from annotator.cli import main
from annotator.model import Annotation, Quote, Span, Speaker, text_sha256
from annotator.splits import Splits

TEXT = "“We won,” Jane Doe said. Critics said the vote was unfair.\n"
REPO = Path(__file__).resolve().parent.parent


def quote(qid: str, review: str = "accepted", **roles: tuple[int, int]) -> Quote:
    spans = {role: (Span.of(TEXT, *where),) for role, where in roles.items()}
    return Quote(id=qid, type="indirect", review=review, origin="detected", **spans)


def at(part: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(part, after)
    return start, start + len(part)


WE_WON = quote("q1", content=at("“We won,”"), cue=at("said"), source=at("Jane Doe"))
CRITICS = quote("q2", content=at("the vote was unfair"), cue=at("said", 20), source=at("Critics"))


def annotation(doc_id: str, who: str, status: str, quotes: tuple[Quote, ...]) -> Annotation:
    return Annotation(
        doc_id=doc_id,
        article=f"texts/{doc_id}.txt",
        text_sha256=text_sha256(TEXT),
        annotator=who,
        status=status,
        speakers=(Speaker("s1", "Jane Doe", "person"),),
        quotes=tuple(replace(q, speaker="s1") if q.id == "q1" else q for q in quotes),
    )


def save(folder: Path, annotation: Annotation) -> None:
    (folder / "texts").mkdir(exist_ok=True)
    (folder / "texts" / f"{annotation.doc_id}.txt").write_text(TEXT, encoding="utf-8")
    path = store.annotation_path(folder / "annotations", annotation.annotator, annotation.doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    store.save(store.stamp(annotation), path)


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A draft, a rejected quote, a file marked done with a quote still pending, two conflicting done
    files, an unfinished file, gold."""
    monkeypatch.chdir(tmp_path)
    save(tmp_path, annotation("draft", "detector", "draft", (WE_WON,)))
    pending = quote("q3", review="pending", content=at("the vote"))
    rejected = replace(CRITICS, id="q4", review="rejected")
    save(tmp_path, annotation("reviewed", "alice", "done", (WE_WON, rejected)))
    save(tmp_path, annotation("hasty", "alice", "done", (WE_WON, pending)))
    save(tmp_path, annotation("conflict", "alice", "done", (WE_WON,)))
    save(tmp_path, annotation("conflict", "bob", "done", (WE_WON, CRITICS)))
    save(tmp_path, annotation("unfinished", "alice", "in_progress", (WE_WON,)))
    save(tmp_path, annotation("adjudicated", "alice", "done", (WE_WON,)))
    save(tmp_path, annotation("adjudicated", "gold", "done", (WE_WON, CRITICS)))
    return tmp_path


def export(*args: str) -> int:
    return main(["export", "annotations", *args])


def records(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for p in sorted(folder.glob("*.jsonl")) for line in p.read_text().splitlines()]


def test_exactly_the_gold_is_taken_and_everything_else_is_reported(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export("--out", "out", "--format", "jsonl", "--split", "100") == 1  # something was skipped
    err = capsys.readouterr().err
    assert "conflict: not exported: 2 annotators are done (alice, bob) and there is no gold file" in err
    assert "draft: not exported: no done file (a detector draft)" in err
    assert "unfinished: not exported: no done file (alice: in_progress)" in err
    assert "hasty: not exported: no done file (alice: done with 1 pending quote)" in err  # not finished
    by_id = {r["meta"]["doc_id"]: r for r in records(mixed / "out")}
    assert sorted(by_id) == ["adjudicated", "reviewed"]
    assert by_id["adjudicated"]["meta"]["annotator"] == "gold"
    reviewed = by_id["reviewed"]
    assert [(q["id"], q["rejected"]) for q in reviewed["quotes"]] == [("q1", False), ("q4", True)]
    assert {s["label"] for s in reviewed["spans"]} == {"CONTENT", "CUE", "SOURCE"}
    assert len(reviewed["spans"]) == 3  # the rejected quote is no positive
    manifest = json.loads((mixed / "out" / "manifest.json").read_text())
    assert len(manifest["taken"]) == 2 and len(manifest["skipped"]) == 4
    assert manifest["counts"]["train"] == {
        "articles": 2,
        "quotes": 3,
        "rejected_quotes": 1,
        "labels": {"CONTENT": 3, "CUE": 3, "SOURCE": 3},
        "types": {"indirect": 3},
    }
    assert manifest["agreement"]["articles_compared"] == 1  # alice and bob on conflict; alice alone elsewhere
    card = (mixed / "out" / "README.md").read_text()
    assert "## Skipped (4)" in card and "2 annotators are done (alice, bob)" in card


def test_a_clean_corpus_exits_0_and_the_card_hashes_every_file(tmp_path: Path) -> None:
    assert (
        main(
            ["export", str(REPO / "annotations"), "--root", str(REPO), "--out", str(tmp_path / "o"), "--format", "csv"]
        )
        == 0
    )
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["agreement"] is None and manifest["annotators"] == {"gold": 4}
    on_disk = {p.relative_to(tmp_path / "o").as_posix() for p in (tmp_path / "o").rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {"manifest.json"}
    from annotator.commands.card import sha256_of

    assert all(sha256_of(tmp_path / "o" / name) == digest for name, digest in manifest["files"].items())


JSONL_RECORD = {
    "text": TEXT,
    "meta": {"doc_id": "adjudicated", "annotator": "gold", "text_sha256": text_sha256(TEXT), "split": "train"},
    "tokens": [
        {"text": "“", "start": 0, "end": 1, "id": 0, "ws": False},
        {"text": "We", "start": 1, "end": 3, "id": 1, "ws": True},
        {"text": "won", "start": 4, "end": 7, "id": 2, "ws": False},
        {"text": ",", "start": 7, "end": 8, "id": 3, "ws": False},
        {"text": "”", "start": 8, "end": 9, "id": 4, "ws": True},
        {"text": "Jane", "start": 10, "end": 14, "id": 5, "ws": True},
        {"text": "Doe", "start": 15, "end": 18, "id": 6, "ws": True},
        {"text": "said", "start": 19, "end": 23, "id": 7, "ws": False},
        {"text": ".", "start": 23, "end": 24, "id": 8, "ws": True},
        {"text": "Critics", "start": 25, "end": 32, "id": 9, "ws": True},
        {"text": "said", "start": 33, "end": 37, "id": 10, "ws": True},
        {"text": "the", "start": 38, "end": 41, "id": 11, "ws": True},
        {"text": "vote", "start": 42, "end": 46, "id": 12, "ws": True},
        {"text": "was", "start": 47, "end": 50, "id": 13, "ws": True},
        {"text": "unfair", "start": 51, "end": 57, "id": 14, "ws": False},
        {"text": ".", "start": 57, "end": 58, "id": 15, "ws": True},
    ],
    "spans": [
        {"start": 0, "end": 9, "token_start": 0, "token_end": 4, "label": "CONTENT"},
        {"start": 10, "end": 18, "token_start": 5, "token_end": 6, "label": "SOURCE"},
        {"start": 19, "end": 23, "token_start": 7, "token_end": 7, "label": "CUE"},
        {"start": 25, "end": 32, "token_start": 9, "token_end": 9, "label": "SOURCE"},
        {"start": 33, "end": 37, "token_start": 10, "token_end": 10, "label": "CUE"},
        {"start": 38, "end": 57, "token_start": 11, "token_end": 14, "label": "CONTENT"},
    ],
}
CUE_1 = {"start": 19, "end": 23, "token_start": 7, "token_end": 7, "label": "CUE"}
CUE_2 = {"start": 33, "end": 37, "token_start": 10, "token_end": 10, "label": "CUE"}
RELATIONS = [
    {"head": 7, "child": 4, "head_span": CUE_1, "child_span": JSONL_RECORD["spans"][0], "label": "CONTENT"},
    {"head": 7, "child": 6, "head_span": CUE_1, "child_span": JSONL_RECORD["spans"][1], "label": "SOURCE"},
    {"head": 10, "child": 14, "head_span": CUE_2, "child_span": JSONL_RECORD["spans"][5], "label": "CONTENT"},
    {"head": 10, "child": 9, "head_span": CUE_2, "child_span": JSONL_RECORD["spans"][3], "label": "SOURCE"},
]
QUOTE_1 = {
    "id": "q1",
    "type": "indirect",
    "speaker": "Jane Doe",
    "speaker_kind": "person",
    "content": [{"start": 0, "end": 9, "text": "“We won,”"}],
    "cue": [{"start": 19, "end": 23, "text": "said"}],
    "source": [{"start": 10, "end": 18, "text": "Jane Doe"}],
    "review": "accepted",
    "rejected": False,
    "origin": "detected",
    "confidence": None,
    "note": "",
}


def test_jsonl_records_field_by_field(mixed: Path) -> None:
    export("--out", "out", "--format", "jsonl", "--split", "100")
    record = next(r for r in records(mixed / "out") if r["meta"]["doc_id"] == "adjudicated")
    assert record["text"] == JSONL_RECORD["text"]
    meta = dict(record["meta"])
    assert len(meta.pop("annotation_sha256")) == 64
    assert meta == JSONL_RECORD["meta"]
    assert record["tokens"] == JSONL_RECORD["tokens"]
    assert record["spans"] == JSONL_RECORD["spans"]
    assert record["relations"] == RELATIONS
    assert record["quotes"][0] == QUOTE_1
    assert record["answer"] == "accept"


def test_no_text_leaves_texts_out_and_is_refused_where_a_format_needs_them(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export("--out", "out", "--format", "jsonl", "--split", "100", "--no-text")
    raw = (mixed / "out" / "train.jsonl").read_text()
    assert "Critics" not in raw and "unfair" not in raw and text_sha256(TEXT) in raw
    export("--out", "hf", "--format", "hf", "--split", "100", "--no-text")
    row = records(mixed / "hf")[0]
    assert "tokens" not in row and row["token_offsets"][0] == [0, 1]
    capsys.readouterr()
    assert export("--out", "sp", "--format", "spacy", "--no-text") == 1
    assert capsys.readouterr().err.strip().count("\n") == 0  # one clear line
    assert not (mixed / "sp").exists()


def test_csv_one_row_per_quote_with_bom_and_no_formula(mixed: Path) -> None:
    save(mixed, annotation("formula", "gold", "done", (replace(WE_WON, note="=HYPERLINK(1)"),)))
    export("--out", "out", "--format", "csv", "--split", "100")
    raw = (mixed / "out" / "train.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,") and b"\r\n" in raw
    with (mixed / "out" / "train.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["doc_id"], r["quote_id"]) for r in rows] == [
        ("adjudicated", "q1"),
        ("adjudicated", "q2"),
        ("formula", "q1"),
        ("reviewed", "q1"),
    ]
    assert rows[2]["note"] == "'=HYPERLINK(1)" and rows[0]["content"] == "“We won,”"
    assert rows[0]["content_offsets"] == "0-9" and rows[0]["speaker"] == "Jane Doe"


def test_hf_layout_and_card(mixed: Path) -> None:
    export("--out", "out", "--format", "hf", "--split", "100")
    row = next(r for r in records(mixed / "out") if r["id"] == "adjudicated")
    assert row["tokens"][:5] == ["“", "We", "won", ",", "”"]
    assert row["ner_tags"] == [1, 2, 2, 2, 2, 5, 6, 3, 0, 5, 3, 1, 2, 2, 2, 0]
    header = yaml.safe_load((mixed / "out" / "README.md").read_text().split("---")[1])
    assert header["configs"][0]["data_files"] == [{"split": "train", "path": "train.jsonl"}]
    assert header["dataset_info"]["features"][2]["sequence"]["class_label"]["names"]["1"] == "B-CONTENT"
    assert header["task_categories"] == ["token-classification"] and header["language"] == ["en"]


def test_brat_import_of_the_export_gives_the_gold_back(mixed: Path) -> None:
    export("--out", "out", "--format", "brat", "--split", "100")
    assert main(["import", "--format", "brat", "out/train", "--out", "back", "--annotator", "gold"]) == 0
    for doc_id in ("adjudicated", "reviewed"):
        original = next(
            store.load(p)[0]
            for p in mixed.glob(f"annotations/*/{doc_id}.yaml")
            if "gold" in str(p) or doc_id == "reviewed"
        )
        again, _ = store.load(mixed / "back" / "gold" / f"{doc_id}.yaml", mixed)
        kept = [q for q in original.quotes if q.review not in ("rejected", "pending")]
        assert [(q.content, q.cue, q.source) for q in again.quotes] == [(q.content, q.cue, q.source) for q in kept]
        assert [again.speaker_name(q) for q in again.quotes] == [original.speaker_name(q) for q in kept]
        assert [q.type for q in again.quotes] == [q.type for q in kept]  # the notes carry type and speaker back
        kinds = {s.name: s.kind for s in original.speakers}
        assert all(kinds[s.name] == s.kind for s in again.speakers)


def test_splits_are_stable_and_disjoint(tmp_path: Path) -> None:
    splits = Splits.parse("80/10/10", seed=3)
    ids = [f"doc{n}" for n in range(2000)]
    first = {i: splits.of(i) for i in ids}
    assert {
        i: Splits.parse("80/10/10", seed=3).of(i) for i in [*ids, *(f"new{n}" for n in range(500))] if i in first
    } == first  # an article added later moves no other
    shares = {name: sum(v == name for v in first.values()) / len(ids) for name in ("train", "dev", "test")}
    assert abs(shares["train"] - 0.8) < 0.03 and abs(shares["dev"] - 0.1) < 0.02
    assert {i: Splits.parse("80/10/10", seed=4).of(i) for i in ids} != first  # the seed matters
    assert Splits.parse("100").names == ("train",)
    with pytest.raises(Exception, match="adding up to 100"):
        Splits.parse("80/30")


def test_no_article_is_in_two_splits(mixed: Path) -> None:
    for n in range(30):
        save(mixed, annotation(f"extra{n}", "gold", "done", (WE_WON,)))
    export("--out", "out", "--format", "jsonl", "--seed", "1")
    seen = [r["meta"]["doc_id"] for r in records(mixed / "out")]
    assert len(seen) == len(set(seen)) == 32
    per_split = {p.stem for p in (mixed / "out").glob("*.jsonl") if p.read_text()}
    assert per_split == {"train", "dev", "test"}


def test_out_is_never_half_written_nor_replaced_without_force(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (mixed / "out").mkdir()
    (mixed / "out" / "precious.txt").write_text("keep me")
    assert export("--out", "out", "--format", "csv") == 1
    assert "is not empty" in capsys.readouterr().err
    assert export("--out", "out", "--format", "csv", "--force") == 1  # not an earlier export: never removed
    assert "it has no manifest.json" in capsys.readouterr().err
    (mixed / "out" / "precious.txt").unlink()
    assert export("--out", "out", "--format", "csv") == 1  # an empty folder: written (skipped articles: exit 1)
    (mixed / "out" / "mine.txt").write_text("an earlier export, and a note")

    from annotator.formats import table

    real = table.write

    def failing(items, out, options):
        real(items, out, options)  # every file written, then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(table, "write", failing)
    capsys.readouterr()
    assert export("--out", "out", "--format", "csv", "--force") == 1
    assert (
        capsys.readouterr().err.splitlines()[-1]
        == "annotator: out: cannot be written (No space left on device); nothing written"
    )
    assert (mixed / "out" / "mine.txt").exists()
    assert sorted(p.name for p in mixed.iterdir()) == ["annotations", "out", "texts"]  # no partial folder left
    monkeypatch.setattr(table, "write", real)
    assert export("--out", "out", "--format", "csv", "--force") == 1  # skipped articles: exit 1, but written
    assert not (mixed / "out" / "mine.txt").exists() and (mixed / "out" / "manifest.json").exists()
    assert sorted(p.name for p in mixed.iterdir()) == ["annotations", "out", "texts"]


def test_a_broken_file_is_reported_and_its_article_not_guessed(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mixed / "annotations" / "bob" / "adjudicated.yaml").write_text("doc_id: [\n")
    assert export("--out", "out", "--format", "jsonl", "--split", "100") == 1
    assert "adjudicated: not exported:" in capsys.readouterr().err
    assert "adjudicated" not in {r["meta"]["doc_id"] for r in records(mixed / "out")}


def test_help_names_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    shown = capsys.readouterr().out
    assert all(name in shown for name in ("spacy", "jsonl", "brat", "csv", "hf", "--no-text", "exit status"))


def test_usage_errors_exit_2(mixed: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "--out", "x", "--format", "xml"])
    assert exc.value.code == 2


def test_a_split_no_article_fell_into_is_a_warning(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two articles with gold, 80/10/10: a new user's small export had an empty dev split and
    nothing said so. The export is still whole (exit as before)."""
    code = export("--out", "out", "--format", "jsonl", "--seed", "1")
    err = capsys.readouterr().err
    taken = {p.stem for p in (mixed / "out").glob("*.jsonl") if p.read_text()}
    missing = {"train", "dev", "test"} - taken
    assert missing  # 2 articles cannot fill 3 splits
    for name in missing:
        assert f"warning: no article fell into the {name} split (" in err
    for name in taken:
        assert f"the {name} split" not in err
    assert code == 1 and (mixed / "out" / "manifest.json").exists()  # 1: the fixture has files skipped
