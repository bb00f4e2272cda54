"""Agreement on PolNeAR's multi-annotated articles against an independent count (bench/agreement.py).

The texts are read from ../shared/polnear, never copied into the repository.
"""

from __future__ import annotations

import pytest

from bench.agreement import INDEPENDENT, polnear_figures
from tests.conftest import need_polnear

pytestmark = [pytest.mark.polnear, pytest.mark.slow]


def test_agreement_lands_on_the_independent_count() -> None:
    # The independent count's 265 pairs are train's 16 articles (235) and dev's 2 (30).
    found = polnear_figures(need_polnear(), ["train", "dev"])
    assert found["articles"] == 18 and found["comparisons"] == INDEPENDENT["comparisons"]
    for key in ("tokens content", "tokens cue", "tokens source", "token alpha"):
        assert found[key] == pytest.approx(INDEPENDENT[key], abs=0.002), key
    # Coverage is measured on the reference's quote: the independent count took the other
    # annotator of each pair as the reference, and lands exactly on our swapped figures.
    for level in ("lenient", "strict"):
        assert found[f"quotes {level} (swapped)"] == pytest.approx(INDEPENDENT[f"quotes {level}"], abs=0.002)
        assert found[f"quotes {level}"] == pytest.approx(INDEPENDENT[f"quotes {level}"], abs=0.02)
    assert found["quotes exact"] == found["quotes exact (swapped)"]  # exact matching is symmetric


def test_dev_has_two_articles_by_six_people() -> None:
    found = polnear_figures(need_polnear(), ["dev"])
    assert (found["articles"], found["comparisons"]) == (2, 30)
    assert 0.85 < found["quotes lenient"] < 1 and 0.85 < found["token alpha"] < 1
