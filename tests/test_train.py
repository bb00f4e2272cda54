"""annotator train: the seeds' gold trained for a few steps (a smoke test: the full run is
bench/train.py), the model loaded and used by detect and evaluate, stopping kept the best model,
and the combination of rules and model spans on sentences of our own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import store
from annotator.cli import main
from annotator.commands.card import sha256_of
from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.slow

FEW_STEPS = ["--split", "50/50", "--max-steps", "4", "--eval-every", "2"]


def train_args(out: Path, *extra: str) -> list[str]:
    return ["train", str(REPO / "annotations"), "--root", str(REPO), "--out", str(out), *FEW_STEPS, *extra]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("train") / "model"
    assert main(train_args(out)) == 0
    return out


def test_the_model_opens_with_spacy_and_names_its_gold(model: Path) -> None:
    import spacy

    nlp = spacy.load(model)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"CONTENT", "CUE", "SOURCE"}
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))["annotator"]
    gold = sorted((REPO / "annotations" / "gold").glob("*.yaml"))
    assert [Path(f["file"]).name for f in meta["gold"]["files"]] == [p.name for p in gold]
    assert [f["sha256"] for f in meta["gold"]["files"]] == [sha256_of(p) for p in gold]
    assert {f["split"] for f in meta["gold"]["files"]} == {"train", "dev"}
    quotes = sum(
        len([q for q in store.load(p, REPO)[0].quotes if q.review not in ("rejected", "pending")]) for p in gold
    )
    assert sum(c["quotes"] for c in meta["gold"]["counts"].values()) == quotes
    assert meta["training"]["stopped"] == "finished" and meta["training"]["steps"] == 4
    assert set(meta["dev_scores"]) == {"ents_p", "ents_r", "ents_f", "ents_per_type"}
    assert not list(model.parent.glob(".model.*"))  # the work folder is gone


def test_detect_and_evaluate_use_the_trained_model(model: Path, tmp_path: Path, capsys: Any) -> None:
    article = sorted(SEEDS.glob("*.txt"))[0]
    assert main(["detect", str(article), "--out", str(tmp_path / "ann"), "--model", str(model)]) == 0
    (draft,) = (tmp_path / "ann" / "detector").glob("*.yaml")
    annotation, _ = store.load(draft)
    assert annotation.detector is not None and annotation.detector.model.endswith("+model")
    assert annotation.quotes  # the rules' quotes at least: a few steps teach the model little
    capsys.readouterr()
    code = main(["evaluate", "--gold", str(REPO / "annotations"), "--root", str(REPO), "--model", str(model)])
    assert code == 0
    assert "4 of 4 gold documents scored" in capsys.readouterr().err


def test_ctrl_c_keeps_the_best_model_so_far_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import annotator.commands.train as train

    seen: list[Any] = []

    def interrupted_at_the_second(checkpoint: Any) -> str:
        seen.append(checkpoint)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return "evaluated"

    monkeypatch.setattr(train, "checkpoint_line", interrupted_at_the_second)
    out = tmp_path / "model"
    assert main(train_args(out, "--max-steps", "100")) == 130
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))["annotator"]
    assert meta["training"]["stopped"] == "interrupted"
    assert meta["training"]["steps"] == 2  # the second evaluation, at step 2
    assert "interrupted after" in capsys.readouterr().err
    assert not list(tmp_path.glob(".model.*"))


def test_max_minutes_stops_after_the_time_and_keeps_the_best(tmp_path: Path) -> None:
    from annotator.commands.train import Settings, train

    out = tmp_path / "model"
    done = train([REPO / "annotations"], out, Settings(split="50/50", max_minutes=1e-6, eval_every=2), root=REPO)
    assert done.run.stopped == "time limit"
    assert done.meta["annotator"]["training"]["steps"] == 0  # stopped right after the first evaluation
    assert (out / "meta.json").is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--split", "100"], "training needs a dev share"),
        (["--base", "no_such_pipeline"], "--base 'no_such_pipeline': not an installed spaCy pipeline"),
    ],
)
def test_refusals_are_one_line(tmp_path: Path, capsys: Any, extra: list[str], message: str) -> None:
    assert main(train_args(tmp_path / "model", *extra)) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "model").exists()


def test_no_gold_and_a_full_out_are_refused(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["train", str(tmp_path / "empty"), "--out", str(tmp_path / "model")]) == 1
    assert "nothing to export" in capsys.readouterr().err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(train_args(tmp_path / "full")) == 1
    assert "is not empty" in capsys.readouterr().err
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for bad in (["--max-minutes", "0"], ["--max-steps", "-3"]):
        with pytest.raises(SystemExit) as stopped:
            main(["train", "--out", str(tmp_path / "m"), *bad])
        assert stopped.value.code == 2


# --- the combination, with the model's spans set by hand ----------------------------------------


def with_model_spans(nlp: Any, text: str, spans: list[tuple[str, str]], *, rules: bool = True) -> Any:
    """``text`` through the pipeline, then again through quote_attribution with ``spans``
    (label, words) standing for what a trained model found."""
    from spacy.tokens import Span

    from annotator.detect.component import QuoteAttribution
    from annotator.detect.learned import MODEL_KEY

    doc = nlp(text)
    made = []
    for label, words in spans:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None, words
        made.append(Span(doc, span.start, span.end, label=label))
    doc.spans[MODEL_KEY] = made
    return QuoteAttribution(nlp, "quote_attribution", rules=rules)(doc)


def quotes(doc: Any) -> list[tuple[str, list[str], list[str], str | None, float]]:
    from annotator.detect.component import attributions

    return [
        (q.type, [s.text for s in q.content], [s.text for s in q.source], q.speaker, q.confidence)
        for q in attributions(doc)
    ]


TEXT = "“We will win,” said Maria Lopez. In the view of several economists, the recession will end by spring.\n"
MODEL = [
    ("CONTENT", "“We will win,”"),
    ("CUE", "said"),
    ("SOURCE", "Maria Lopez"),
    ("CUE", "In the view of"),
    ("SOURCE", "several economists"),
    ("CONTENT", "the recession will end by spring"),
]


def test_the_model_adds_what_the_rules_missed_and_confirms_what_they_found(nlp: Any) -> None:
    from annotator.detect.learned import AGREED, CONFIDENCE

    rules_only = quotes(nlp(TEXT))
    found = quotes(with_model_spans(nlp, TEXT, MODEL))
    assert found[0][:4] == rules_only[0][:4] == ("direct", ["“We will win,”"], ["Maria Lopez"], "Maria Lopez")
    assert found[0][4] == max(rules_only[0][4], AGREED)  # confirmed: never less sure than before
    assert len(rules_only) == 1  # the rules miss the second
    (added,) = [q for q in found if q[1] == ["the recession will end by spring"]]
    assert added[:3] == ("indirect", ["the recession will end by spring"], ["several economists"])
    assert added[4] == CONFIDENCE["clause"]  # six words


def test_the_model_alone_keeps_its_own_attributions_only(nlp: Any) -> None:
    found = quotes(with_model_spans(nlp, TEXT, MODEL[3:], rules=False))
    assert [q[1] for q in found] == [["the recession will end by spring"]]


def test_a_short_content_is_tentative(nlp: Any) -> None:
    from annotator.detect.learned import CONFIDENCE

    text = "The senator spoke for an hour. Her aim was lower taxes, in her view.\n"  # the rules find none
    found = quotes(with_model_spans(nlp, text, [("CONTENT", "lower taxes")]))
    assert [(q[1], q[4]) for q in found if q[1] == ["lower taxes"]] == [(["lower taxes"], CONFIDENCE["short"])]
    assert CONFIDENCE["short"] < 0.6  # below the app's LOW_CONFIDENCE: shown as tentative


def test_an_interrupted_quote_is_one_proposal(nlp: Any) -> None:
    from annotator.detect.learned import proposals

    text = "“Prices rise,” the minister said, “and wages will follow.”\n"
    doc = with_model_spans(
        nlp,
        text,
        [
            ("CONTENT", "“Prices rise,”"),
            ("SOURCE", "the minister"),
            ("CUE", "said"),
            ("CONTENT", "“and wages will follow.”"),
        ],
    )
    from annotator.detect.learned import MODEL_KEY

    (found,) = proposals(doc, list(doc.spans[MODEL_KEY]))
    assert len(found.content) == 2 and found.cue is not None and found.source is not None


def test_a_quoted_passage_the_rules_passed_over_is_not_added(nlp: Any) -> None:
    text = "The “reform” was dropped in March. Nobody asked the “experts” again.\n"
    model = [("CONTENT", "“reform”"), ("CUE", "asked"), ("CONTENT", "“experts”")]
    found = quotes(with_model_spans(nlp, text, model))
    assert not [q for q in found if q[1] in (["“reform”"], ["“experts”"])]
    alone = quotes(with_model_spans(nlp, text, [("CONTENT", "“reform”")], rules=False))
    assert [q[:2] for q in alone] == [("direct", ["“reform”"])]  # the model alone keeps it


def test_resume_goes_on_from_a_trained_model(model: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "more"
    assert main(train_args(out, "--resume", str(model), "--max-steps", "2")) == 0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))["annotator"]
    assert meta["resumed_from"]["model"] == str(model)
    assert meta["resumed_from"]["training"]["steps"] == 4
    assert main(train_args(tmp_path / "other", "--resume", str(REPO / "annotations"))) == 1
    assert "not a model folder annotator train wrote" in capsys.readouterr().err
