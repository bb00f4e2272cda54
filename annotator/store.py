"""The only module that reads or writes annotation files.

Safe YAML only; every write is atomic (temporary file in the same folder, fsync,
``os.replace``); loading never writes and never repairs.  A problem is reported
as one line: file, YAML line and column where there is one, and what is wrong.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from annotator.corpus import ArticleError, load_text
from annotator.model import Annotation, DetectorInfo, Quote, Span, Speaker, check
from annotator.resources import schema_path

SUFFIX = ".yaml"
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.message}"


class StoreError(Exception):
    """A file that cannot be loaded; ``problems`` lists why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


# --- paths ---------------------------------------------------------------------------------


def annotation_path(root: Path, annotator: str, doc_id: str) -> Path:
    return root / annotator / f"{doc_id}{SUFFIX}"


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Annotation files named, or anywhere under the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob(f"*{SUFFIX}") if not any(part.startswith(".") for part in p.parts))
            )
        else:
            found.append(path)
    return found


# --- model <-> plain data ------------------------------------------------------------------


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [{"start": s.start, "end": s.end, "text": s.text} for s in spans]


def to_data(annotation: Annotation) -> dict[str, Any]:
    """The file's content in its fixed, human order."""
    detector = annotation.detector
    quotes = []
    for q in annotation.quotes:
        item: dict[str, Any] = {
            "id": q.id,
            "type": q.type,
            "content": _spans(q.content),
            "cue": _spans(q.cue),
            "source": _spans(q.source),
            "speaker": q.speaker,
        }
        if q.confidence is not None:
            item["confidence"] = q.confidence
        item.update(origin=q.origin, review=q.review, note=q.note)
        quotes.append(item)
    return {
        "schema_version": annotation.schema_version,
        "doc_id": annotation.doc_id,
        "article": annotation.article,
        "text_sha256": annotation.text_sha256,
        "annotator": annotation.annotator,
        "status": annotation.status,
        "updated": annotation.updated,
        "detector": None
        if detector is None
        else {"name": detector.name, "version": detector.version, "model": detector.model},
        "speakers": [{"id": s.id, "name": s.name, "kind": s.kind} for s in annotation.speakers],
        "quotes": quotes,
    }


def from_data(data: dict[str, Any]) -> Annotation:
    """Build the model from data that has passed the schema."""

    def spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
        return tuple(Span(i["start"], i["end"], i["text"]) for i in items)

    det = data.get("detector")
    return Annotation(
        schema_version=data["schema_version"],
        doc_id=data["doc_id"],
        article=data["article"],
        text_sha256=data["text_sha256"],
        annotator=data["annotator"],
        status=data["status"],
        updated=data["updated"],
        detector=DetectorInfo(det["name"], det["version"], det["model"]) if det else None,
        speakers=tuple(Speaker(s["id"], s["name"], s["kind"]) for s in data["speakers"]),
        quotes=tuple(
            Quote(
                id=q["id"],
                type=q["type"],
                content=spans(q["content"]),
                cue=spans(q["cue"]),
                source=spans(q["source"]),
                speaker=q["speaker"],
                confidence=q.get("confidence"),
                origin=q["origin"],
                review=q["review"],
                note=q.get("note", ""),
            )
            for q in data["quotes"]
        ),
    )


# --- YAML ----------------------------------------------------------------------------------


class _Flow(dict[str, Any]):
    """A mapping written on one line (short spans)."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumping (libyaml's emitter where present), long or multi-line text as block scalars."""


def _represent_str(dumper: Any, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    node: yaml.ScalarNode = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


def _represent_flow(dumper: Any, value: _Flow) -> yaml.MappingNode:
    node: yaml.MappingNode = dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)
    return node


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def _flowing(data: dict[str, Any]) -> dict[str, Any]:
    """Mark short spans for one-line output, as in the documented example."""
    for quote in data["quotes"]:
        for role in ("content", "cue", "source"):
            quote[role] = [_Flow(s) if len(s["text"]) <= 60 and "\n" not in s["text"] else s for s in quote[role]]
    return data


def dumps(annotation: Annotation) -> str:
    """YAML text for ``annotation``; checked to load back to the same data before it is used."""
    data = to_data(annotation)
    options: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 88}
    text: str = yaml.dump(_flowing(to_data(annotation)), Dumper=_Dumper, **options)
    if yaml.load(text, Loader=_SAFE_LOADER) != data:  # a block scalar that would not round-trip
        text = yaml.safe_dump(data, **options)
    return text


def save(annotation: Annotation, path: Path) -> None:
    """Write atomically: a crash at any moment leaves the previous file whole."""
    write_atomic(path, dumps(annotation))


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Writer:
    """Saves in a background thread so that a key press never waits for the disk.

    Each ``submit`` replaces what is waiting for the same path (only the newest value
    matters); every write is still atomic, and ``flush`` waits until all are on disk.
    A failed write is kept in ``errors`` for the caller to show.
    """

    def __init__(self) -> None:
        self._pending: dict[Path, Annotation] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="annotation-writer", daemon=True)
        self._thread.start()

    def submit(self, annotation: Annotation, path: Path) -> None:
        with self._cond:
            self._pending[path] = annotation
            self._cond.notify_all()

    def flush(self) -> None:
        with self._cond:
            while self._pending or self._busy:
                self._cond.wait()

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed and not self._pending:
                    return
                path, annotation = self._pending.popitem()
                self._busy = True
            try:
                save(annotation, path)
            except Exception as err:  # noqa: BLE001  (the UI must hear of any failure)
                reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
                self.errors.append(f"{path}: could not save ({reason})")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def stamp(annotation: Annotation) -> Annotation:
    """The annotation with ``updated`` set to now, in UTC."""
    now = datetime.now(UTC).replace(microsecond=0)
    return replace(annotation, updated=now.isoformat().replace("+00:00", "Z"))


# --- loading -------------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    validator: jsonschema.protocols.Validator = cls(schema())
    return validator


def _node_at(node: yaml.Node, path: Iterable[Any]) -> yaml.Node:
    """The YAML node at a JSON path, for the line and column of a schema error."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == key]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node


def _problem(path: str, message: str, mark: Any) -> Problem:
    return Problem(path, message, mark.line + 1, mark.column + 1) if mark is not None else Problem(path, message)


def _duplicate_keys(node: yaml.Node, path: str) -> list[Problem]:
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(_problem(path, f"key {key.value!r} appears twice", key.start_mark))
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def _timestamps_as_text(data: Any) -> Any:
    """A hand-written ``updated: 2026-11-30T10:00:00Z`` loads as a datetime; keep it text."""
    if isinstance(data, dict) and isinstance(data.get("updated"), date):
        value = data["updated"]
        data["updated"] = value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else str(value)
    return data


def parse(text: str, path: str) -> Annotation:
    """Parse and validate the YAML of one file (schema only, not against the article)."""
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as err:
        raise StoreError([_problem(path, f"YAML syntax: {err.problem}", err.problem_mark)]) from None
    except yaml.YAMLError as err:
        raise StoreError([Problem(path, f"YAML syntax: {err}")]) from None
    if node is None:
        raise StoreError([Problem(path, "empty file, not an annotation")])
    if problems := _duplicate_keys(node, path):
        raise StoreError(problems)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.constructor.ConstructorError as err:
        raise StoreError(
            [_problem(path, f"unsafe or unknown YAML tag refused ({err.problem})", err.problem_mark)]
        ) from None
    data = _timestamps_as_text(data)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        problems = []
        for error in errors:
            where = "/".join(map(str, error.absolute_path)) or "top level"
            mark = _node_at(node, error.absolute_path).start_mark
            problems.append(_problem(path, f"{where}: {error.message}", mark))
        raise StoreError(problems)
    return from_data(data)


def read(path: Path) -> Annotation:
    """Load one file, checked against the schema but not the article. Never writes."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise StoreError([Problem(str(path), f"cannot read ({err.strerror})")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise StoreError([Problem(str(path), f"not UTF-8 (byte {err.start})")]) from None
    return parse(text, str(path))


def problems_against(annotation: Annotation, text: str, path: Path) -> list[Problem]:
    return [Problem(str(path), message) for message in check(annotation, text)]


def load(path: Path, root: Path | None = None) -> tuple[Annotation, str]:
    """Load a file and its article, checked against both; returns both. Never writes."""
    annotation = read(path)
    try:
        text = load_text(annotation.article, root)
    except ArticleError as err:
        raise StoreError([Problem(str(path), f"article {annotation.article}: {err}")]) from None
    if problems := problems_against(annotation, text, path):
        raise StoreError(problems)
    return annotation, text


def validate(paths: Iterable[Path], root: Path | None = None) -> Iterator[tuple[Path, list[Problem]]]:
    """Each file under ``paths`` with its problems (empty when it is sound)."""
    for path in find_files(paths):
        try:
            load(path, root)
        except StoreError as err:
            yield path, err.problems
        else:
            yield path, []


# --- the annotator's place in a corpus -----------------------------------------------------

SESSION_FILE = ".session.json"


def load_session(folder: Path) -> dict[str, str]:
    """Where an annotator was (article and quote); empty when unknown or unreadable."""
    try:
        data = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}
    )


def save_session(folder: Path, state: dict[str, str]) -> None:
    write_atomic(folder / SESSION_FILE, json.dumps(state, indent=2) + "\n")
