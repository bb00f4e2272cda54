"""Import directions: spaCy only in detect/, Textual only in tui/ (checked in fresh interpreters)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "annotator.model",
    "annotator.edits",
    "annotator.quotes",
    "annotator.units",
    "annotator.store",
    "annotator.corpus",
    "annotator.scores",
    "annotator.commands.evaluate",
    "annotator.commands.stats",
    "annotator.tokens",
    "annotator.agreement",
    "annotator.agreement_cli",
    "annotator.formats.brat",
    "annotator.stats",
    "annotator.workspace",
    "annotator.cli",
    "annotator.ids",
    "annotator.match",
    "annotator.gold",
    "annotator.doubts",
    "annotator.compare",
    "annotator.reanchor",
    "annotator.detect.process",
    "annotator.splits",
    "annotator.formats",
    "annotator.formats.jsonl",
    "annotator.formats.table",
    "annotator.formats.hf",
    "annotator.formats.docbin",
    "annotator.commands.export",
    "annotator.commands.card",
    "annotator.commands.train",
]


def loaded_after(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return {name.split(".")[0] for name in out.split()}


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_neither_spacy_nor_textual(module: str) -> None:
    loaded = loaded_after(module)
    assert "spacy" not in loaded and "textual" not in loaded


def test_the_detector_does_not_import_textual() -> None:
    assert "textual" not in loaded_after("annotator.detect.run")


def test_the_detector_process_imports_spacy_only_in_its_child() -> None:
    assert "spacy" not in loaded_after("annotator.detect.process")


def test_the_app_does_not_import_spacy_before_it_is_needed() -> None:
    assert "spacy" not in loaded_after("annotator.tui.app")


def test_the_model_imports_nothing_of_ours_but_itself() -> None:
    code = "import sys, annotator.model; print(' '.join(m for m in sys.modules if m.startswith('annotator')))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert sorted(out) == ["annotator", "annotator.model"]
