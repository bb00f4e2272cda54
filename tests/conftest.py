"""Shared fixtures: one spaCy pipeline per session, the seeds, PolNeAR when present."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
POLNEAR = REPO.parent / "shared" / "polnear"
IN_CI = os.environ.get("CI") == "true"


def need_polnear() -> Path:
    """PolNeAR's folder; skips where it is absent, except in CI, where that is a failure."""
    if not (POLNEAR / "dev").is_dir():
        if IN_CI:
            pytest.fail(f"PolNeAR is missing at {POLNEAR}; CI must have ../shared/polnear")
        pytest.skip(f"PolNeAR not found at {POLNEAR} (it lives in ../shared, beside the repository)")
    return POLNEAR


@pytest.fixture(scope="session")
def nlp() -> Any:
    from annotator.detect.pipeline import load

    return load(None)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the seeds, made the current folder."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's index cache in a folder of its own, never the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder
