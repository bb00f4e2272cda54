"""Small builders shared by tests."""

from __future__ import annotations

from pathlib import Path

from annotator.model import Annotation, DetectorInfo, Quote, Span, Speaker, text_sha256

TEXT = (
    "Before heading into the meeting Lavrov told reporters: “Good luck and good night.”\n\n"
    "Sergei Lavrov, Russia’s foreign minister, said the talks were useful.\n"
)


def sample(text: str = TEXT, article: str = "a.txt", annotator: str = "alice") -> Annotation:
    start = text.index("“Good")
    end = text.index("night.”") + len("night.”")
    quote = Quote(
        id="q1",
        type="direct",
        content=(Span.of(text, start, end),),
        cue=(Span.of(text, text.index("told"), text.index("told") + 4),),
        source=(Span.of(text, text.index("Lavrov"), text.index("Lavrov") + 6),),
        speaker="s1",
        confidence=0.93,
    )
    said = text.index("said the talks")
    second = Quote(
        id="q2",
        type="indirect",
        content=(Span.of(text, said + 5, text.index("useful") + 6),),
        cue=(Span.of(text, said, said + 4),),
        source=(Span.of(text, text.index("Sergei"), text.index("Sergei") + 13),),
        speaker="s1",
        origin="manual",
        review="accepted",
        note="a note:\nwith two lines",
    )
    return Annotation(
        doc_id="a",
        article=article,
        text_sha256=text_sha256(text),
        annotator=annotator,
        status="in_progress",
        updated="2026-11-30T10:00:00Z",
        detector=DetectorInfo("quote_attribution", "0.1.0", "en_core_web_sm-3.8.0"),
        speakers=(Speaker("s1", "Sergei Lavrov", "person"),),
        quotes=(quote, second),
    )


def write_article(folder: Path, name: str = "a.txt", text: str = TEXT) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def finished(annotation: Annotation) -> Annotation:
    """``annotation`` marked done the honest way: every pending quote decided (accepted) first;
    a done file with pending quotes is never gold."""
    from dataclasses import replace

    from annotator.edits import accept_pending

    return replace(accept_pending(annotation), status="done")
