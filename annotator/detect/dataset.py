"""spaCy training data: DocBin files made by ``convert.to_doc``, and a config that trains a ner
on them from the English pipeline's tok2vec.  Used by ``annotator export --format spacy``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import DocBin

from annotator.detect.convert import ENTITY_LABELS, to_doc
from annotator.detect.pipeline import default_model
from annotator.model import Annotation

DEFAULT_WIDTH = 96  # en_core_web_sm's tok2vec width, when the pipeline is not installed


def blank() -> Any:
    """The tokenizer of every export: no model needed."""
    return spacy.blank("en")


def docbin(nlp: Any, articles: Iterable[tuple[Annotation, str]], problems: list[str]) -> bytes:
    """The serialised DocBin of ``articles`` (user data kept: the quotes' speakers)."""
    docs = DocBin(attrs=["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for annotation, text in articles:
        doc, lost = to_doc(nlp, annotation, text)
        problems.extend(lost)
        docs.add(doc)
    data: bytes = docs.to_bytes()
    return data


def source_model(name: str | None = None) -> tuple[str, int]:
    """The English pipeline to take the tok2vec from (``name``, else the installed default), and
    its tok2vec's width (en_core_web_sm's when it cannot be read)."""
    name = name or default_model()
    try:
        path = spacy.util.get_package_path(name) if spacy.util.is_package(name) else Path(name)
        found = sorted(path.glob("config.cfg")) or sorted(path.glob("*/config.cfg"))
        width = int(spacy.util.load_config(found[0])["components"]["tok2vec"]["model"]["encode"]["width"])
    except (OSError, IndexError, KeyError, ValueError, TypeError, ImportError):
        width = DEFAULT_WIDTH
    return name, width


def config(model: str, width: int) -> str:
    """A training config: the tok2vec sourced from ``model`` (fine-tuned), a new ner over it."""
    labels = ", ".join(f'"{label}"' for label in ENTITY_LABELS.values())
    return CONFIG.format(model=model, width=width, labels=labels)


CONFIG = """\
# Trains a ner on the exported spans (CONTENT, CUE, SOURCE) from {model}'s tok2vec:
#   python -m spacy train config.cfg --paths.train train.spacy --paths.dev dev.spacy --output model
# Made by annotator export. Labels: {labels}.

[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "en"
pipeline = ["tok2vec","ner"]
batch_size = 256
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]

[components.tok2vec]
source = "{model}"

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}
upstream = "tok2vec"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = 1600
max_epochs = 0
max_steps = 20000
eval_frequency = 200
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = false
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""
