"""brat standoff (``.txt`` + ``.ann``) attributions: Source, Cue and Content text-bound spans
linked by an ``Attribution`` event, as in PolNeAR.

Import is lossless for what our format can hold; whatever it cannot hold (an event with
no content, an unknown span label, a span whose text disagrees with the article) is
reported, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator import ids
from annotator.corpus import ArticleError, FileRefused, display_path, read_article, read_bytes
from annotator.formats import Item, Options, Written
from annotator.model import (
    GOLD_ANNOTATOR,
    SPEAKER_KINDS,
    Annotation,
    Quote,
    QuoteType,
    Role,
    Span,
    Speaker,
    check,
    text_sha256,
)
from annotator.quotes import quote_type_of
from annotator.store import annotation_path, save, stamp

ROLE_LABELS = {"Content": "content", "Cue": "cue", "Source": "source"}
IGNORED_LABELS = {"Attribution", "Attribution-no-source"}  # event anchors: they repeat the cue
PRONOUNS = frozenset(
    "i me my we us our you he him his she her they them their it its this that these those who".split()
)
_ROLE_KEY = re.compile(r"^(Content|Cue|Source)\d*$")


@dataclass
class Document:
    """One .ann file read against its article."""

    doc_id: str
    annotator: str
    article: str
    text: str
    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    written: int = 0
    quotes: int = 0
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def refuse(self, line: str) -> None:
        self.refused.append(line)

    def summary(self) -> str:
        n = len(self.refused)
        refused = f", {n} file{'s' if n > 1 else ''} refused" if n else ""
        return f"imported {self.quotes} quotes into {self.written} files{refused}, {len(self.warnings)} warnings"


def _parse_spans(offsets: str, text: str) -> tuple[Span, ...]:
    """The parts of a text-bound annotation; ValueError saying why they cannot be held."""
    spans = []
    for part in offsets.split(";"):
        numbers = part.split()
        if len(numbers) != 2 or not all(n.isascii() and n.lstrip("-").isdigit() for n in numbers):
            raise ValueError(f"offsets {part.strip()!r} are not two whole numbers (start end)")
        start, end = int(numbers[0]), int(numbers[1])
        if not 0 <= start < end:
            raise ValueError(f"offsets {start} {end} are negative, reversed or empty")
        if end > len(text):
            raise ValueError(f"span {start} {end} is past the end of the article ({len(text)} characters)")
        spans.append(Span.of(text, start, end))
    if not spans:
        raise ValueError("no offsets")
    return tuple(sorted(spans))


def read_ann(ann: Path, text: str, doc_id: str, annotator: str, article: str) -> Document:
    """Read one .ann file; every line it cannot represent becomes a warning.

    A file that cannot be read at all (a folder, not UTF-8), or of which nothing can be used
    (problems and no quote), raises FileRefused."""
    try:
        ann_text = read_bytes(ann).decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileRefused(f"not UTF-8 (byte {err.start}: {err.reason})") from None
    doc = Document(doc_id, annotator, article, text)
    spans: dict[str, tuple[str, tuple[Span, ...], str]] = {}
    ambiguous: dict[str, str] = {}  # span ids defined twice: which one is meant is unknown
    events: list[tuple[int, str, dict[str, list[str]]]] = []
    notes: dict[str, tuple[str, str, str]] = {}  # event id -> (type, speaker name, kind), as our writer notes them
    for number, line in enumerate(ann_text.splitlines(), 1):
        where = f"{ann}:{number}"
        if line.startswith("#"):
            if (found := _note(line)) is not None:
                notes[found[0]] = found[1:]
            continue
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            head, _, covered = rest.partition("\t")
            label, _, offsets = head.partition(" ")
            try:
                parsed = _parse_spans(offsets, text)
            except ValueError as err:
                reason = str(err) if " " in str(err) else f"bad offsets {offsets!r}"
                doc.warnings.append(f"{where}: {reason}; line skipped")
                continue
            if ident in spans or ident in ambiguous:
                first = spans.pop(ident, ("", (), "?"))[2]
                ambiguous[ident] = first
                doc.warnings.append(f"{where}: {ident} is defined twice (also {first}); neither is imported")
                continue
            if " ".join(s.text for s in parsed).split() != covered.split():
                doc.warnings.append(f"{where}: covered text differs from the article at {offsets}; kept the article's")
            spans[ident] = (label, parsed, where)
        elif ident.startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in rest.split():
                key, _, target = arg.partition(":")
                roles.setdefault(key, []).append(target)
            events.append((number, ident, roles))
        else:
            doc.warnings.append(f"{where}: {ident[:1]!r} lines (relations, attributes, notes) are not imported")
    used: set[str] = set()
    speaker_ids: dict[str, str] = {}
    for number, event_id, roles in events:
        where = f"{ann}:{number}"
        parts: dict[str, list[Span]] = {"content": [], "cue": [], "source": []}
        if unclear := sorted(t for targets in roles.values() for t in targets if t in ambiguous):
            doc.warnings.append(f"{where}: uses {', '.join(unclear)}, defined twice; attribution skipped")
            continue
        for key, targets in roles.items():
            for target in targets:
                used.add(target)
                match = _ROLE_KEY.match(key)
                if match is None:
                    if key.split(":")[0] not in IGNORED_LABELS:
                        doc.warnings.append(f"{where}: event role {key!r} is not imported")
                    continue
                if target not in spans:
                    doc.warnings.append(f"{where}: {key} points at {target}, which is not a span")
                    continue
                parts[ROLE_LABELS[match.group(1)]].extend(spans[target][1])
        if not parts["content"]:
            doc.warnings.append(f"{where}: attribution without content cannot be held; skipped")
            continue
        content = tuple(sorted(parts["content"]))
        source = tuple(sorted(parts["source"]))
        noted = notes.get(event_id)
        if noted is None:
            speaker = _speaker_for(source, doc, speaker_ids)
            quote_type: QuoteType = quote_type_of(text, content)
        else:  # written by our exporter: the type and the speaker as they were
            quote_type = noted[0]  # type: ignore[assignment]
            speaker = _named(noted[1], noted[2], doc, speaker_ids) if noted[1] else None
        doc.quotes.append(
            Quote(
                id=f"q{len(doc.quotes) + 1}",
                type=quote_type,
                content=content,
                cue=tuple(sorted(parts["cue"])),
                source=source,
                speaker=speaker,
                origin="manual",
                review="accepted",
            )
        )
    for ident, (label, _, where) in spans.items():
        if ident not in used and label not in IGNORED_LABELS:
            doc.warnings.append(f"{where}: {label} span {ident} is in no attribution; not imported")
    if not doc.quotes and doc.warnings:  # every line broken: not an article without quotes
        raise FileRefused(f"nothing in it can be imported ({len(doc.warnings)} problems; the first: {doc.warnings[0]})")
    doc.quotes.sort(key=lambda q: (q.start, q.end))
    doc.quotes = [Quote(**{**q.__dict__, "id": f"q{i}"}) for i, q in enumerate(doc.quotes, 1)]
    return doc


_NOTE = re.compile(r"^#\d*\tAnnotatorNotes (E\d+)\t[^\t]*?: (direct|mixed|indirect); speaker (.*)$")


def _note(line: str) -> tuple[str, str, str, str] | None:
    """(event id, type, speaker name, kind) from an AnnotatorNotes line our writer made
    (``#1<tab>AnnotatorNotes E1<tab>q3: direct; speaker Sergei Lavrov (person)``); None otherwise."""
    match = _NOTE.match(line)
    if match is None:
        return None
    event, quote_type, who = match.groups()
    if who == "unknown":
        return event, quote_type, "", ""
    name, _, kind = who.rpartition(" (")
    kind = kind.removesuffix(")")
    return (event, quote_type, name, kind) if name and kind in SPEAKER_KINDS else (event, quote_type, who, "unknown")


def _named(name: str, kind: str, doc: Document, ids: dict[str, str]) -> str:
    key = name.casefold()
    if key not in ids:
        ids[key] = f"s{len(ids) + 1}"
        doc.speakers.append(Speaker(ids[key], name, kind))  # type: ignore[arg-type]
    return ids[key]


def _speaker_for(source: tuple[Span, ...], doc: Document, ids: dict[str, str]) -> str | None:
    """A speaker named by the source as written; pronouns cannot be named without the text's sense."""
    if not source:
        return None
    name = " ".join(" ".join(s.text for s in source).split())
    if name.casefold() in PRONOUNS:
        return None
    key = name.casefold()
    if key not in ids:
        ids[key] = f"s{len(ids) + 1}"
        doc.speakers.append(Speaker(ids[key], name, "unknown"))
    return ids[key]


def to_annotation(doc: Document) -> Annotation:
    return Annotation(
        doc_id=doc.doc_id,
        article=doc.article,
        text_sha256=text_sha256(doc.text),
        annotator=doc.annotator,
        status="done",
        speakers=tuple(doc.speakers),
        quotes=tuple(doc.quotes),
    )


def pairs(folder: Path) -> Iterator[tuple[Path, Path, str]]:
    """(.ann, .txt, annotator) for a flat folder, or one with text/ and attributions/ (PolNeAR)."""
    text_dir = folder / "text" if (folder / "text").is_dir() else folder
    ann_dir = folder / "attributions" if (folder / "attributions").is_dir() else folder
    texts = {p.stem: p for p in text_dir.glob("*.txt")}
    for ann in sorted(ann_dir.glob("*.ann")):
        if ann.stem in texts:
            yield ann, texts[ann.stem], GOLD_ANNOTATOR
            continue
        stem, _, annotator = ann.stem.rpartition("_")
        if stem in texts:
            yield ann, texts[stem], annotator
        else:
            yield ann, ann.with_suffix(".txt"), GOLD_ANNOTATOR


def read_folder(folder: Path) -> Iterator[Document | str]:
    """Every document in ``folder``; an unreadable one (its article or its .ann) comes as one
    warning line naming the file, and the rest go on."""
    if not folder.is_dir():
        raise ArticleError(f"{folder}: not a folder")
    for ann, txt, annotator in pairs(folder):
        try:
            article = read_article(txt)
        except ArticleError as err:
            yield f"{ann}: {err}"
            continue
        try:
            doc = read_ann(ann, article.text, txt.stem, annotator, display_path(txt))
        except FileRefused as err:
            yield f"{ann}: {err}"
            continue
        yield doc


def import_folder(
    folder: Path, out: Path, annotator: str, *, by_annotator: bool = False, force: bool = False
) -> ImportReport:
    """Import every document of a brat folder into ``out/<annotator>/``.

    With ``by_annotator``, a file named ``<doc>_<who>.ann`` goes into ``out/<annotator>-<who>/``
    instead (a corpus annotated by several people, one layer each).  Nothing else is ever
    written: an existing file is kept unless ``force`` (it may hold a person's work), and a
    document that would not load back (``validate``) is refused, not written."""
    ids.check_annotator(annotator, allow=(GOLD_ANNOTATOR,))
    report = ImportReport()
    targets: dict[Path, str] = {}
    for item in read_folder(folder):
        if isinstance(item, str):
            report.refuse(item)  # its article cannot be read: nothing of it is imported
            continue
        report.warnings.extend(item.warnings)
        who = annotator
        if by_annotator and item.annotator != GOLD_ANNOTATOR:
            who = f"{annotator}-{item.annotator}"
        where = f"{folder}/{item.doc_id}"
        try:
            path = annotation_path(out, ids.check_annotator(who, allow=(GOLD_ANNOTATOR,)), item.doc_id)
        except ids.IdError as err:
            report.refuse(f"{where}: {err}")
            continue
        if path in targets:
            report.refuse(
                f"{where}: {targets[path]} and another file are both for {path}; "
                "--by-annotator keeps each annotator's file apart"
            )
            continue
        targets[path] = item.annotator
        if path.exists() and not force:
            report.refuse(f"{path}: exists (it may hold someone's work); not overwritten, --force replaces it")
            continue
        annotation = stamp(replace(to_annotation(item), annotator=who))
        if problems := check(annotation, item.text):
            report.refuse(f"{where}: would not load back ({problems[0]}); not written")
            continue
        try:
            save(annotation, path)
        except OSError as err:
            report.refuse(f"{path}: cannot be written ({err.strerror or err}); import stopped")
            break
        report.written += 1
        report.quotes += len(annotation.quotes)
    return report


# --- writing: the reader's inverse ------------------------------------------------------------

WRITTEN_ROLES: tuple[tuple[str, Role], ...] = (("Source", "source"), ("Cue", "cue"), ("Content", "content"))
CONF = """\
# brat's configuration for quote-annotator exports: attributions as in PolNeAR
[entities]
Source
Cue
Content
Attribution
[relations]
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>
[events]
Attribution\tSource?:Source, Cue?:Cue, Content+:Content
[attributes]
"""


def ann_lines(annotation: Annotation, quotes: list[Quote]) -> list[str]:
    """The .ann lines of ``quotes``: Source, Cue and Content text-bound spans (one discontinuous
    span, parts joined by ';', per role), an Attribution anchor on the cue (the content when there
    is no cue) and an event linking them, with the speaker and type in an AnnotatorNotes line
    (which brat and INCEpTION show, and our reader passes over)."""
    lines: list[str] = []
    count = 0

    def text_bound(label: str, spans: tuple[Span, ...]) -> str:
        nonlocal count
        count += 1
        offsets = ";".join(f"{s.start} {s.end}" for s in spans)
        covered = " ".join(s.text for s in spans).replace("\n", " ").replace("\r", " ").replace("\t", " ")
        lines.append(f"T{count}\t{label} {offsets}\t{covered}")
        return f"T{count}"

    for number, quote in enumerate(quotes, 1):
        roles = [(label, text_bound(label, quote.spans(role))) for label, role in WRITTEN_ROLES if quote.spans(role)]
        anchor = text_bound("Attribution", quote.cue or quote.content[:1])
        args = " ".join(f"{label}:{ident}" for label, ident in roles)
        lines.append(f"E{number}\tAttribution:{anchor} {args}")
        speaker = annotation.speaker(quote.speaker)
        who = f"{speaker.name} ({speaker.kind})" if speaker else "unknown"
        lines.append(f"#{number}\tAnnotatorNotes E{number}\t{quote.id}: {quote.type}; speaker {who}".replace("\n", " "))
    return lines


def write(items: Sequence[Item], out: Path, options: Options) -> Written:
    """``<split>/<doc_id>.txt`` and ``.ann`` side by side (what brat and INCEpTION open), with
    brat's annotation.conf in each split folder; rejected quotes are left out."""
    written = Written()
    for name in options.splits:
        (out / name).mkdir()
        (out / name / "annotation.conf").write_text(CONF, encoding="utf-8")
    for item in items:
        folder = out / item.split
        (folder / f"{item.annotation.doc_id}.txt").write_text(item.text, encoding="utf-8", newline="")
        lines = ann_lines(item.annotation, item.positives())
        (folder / f"{item.annotation.doc_id}.ann").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        written.counts[item.split] = written.counts.get(item.split, 0) + 1
        options.advance(1)
    written.notes.extend(
        f"{item.annotation.doc_id}: {quote.id}: a span with a line break: brat shows it, some tools refuse it"
        for item in items
        for quote in item.positives()
        if any("\n" in s.text for _, s in quote.all_spans())
    )
    return written
