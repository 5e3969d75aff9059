"""Summary statistics against their textbook definitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchmaker.reporting.metrics import gini


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_gini_equals_mean_absolute_difference_form(values: list[float]) -> None:
    x = np.array(values)
    if x.sum() == 0:
        assert gini(x) == 0.0
        return
    expected = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert gini(x) == pytest.approx(expected, abs=1e-9)
    assert 0.0 <= gini(x) < 1.0


def test_gini_rejects_negative() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        gini([1, -1])
    assert gini([]) == 0.0
