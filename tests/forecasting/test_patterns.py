import numpy as np
import pytest

from smartstock.forecasting.core.patterns import Pattern, classify


@pytest.mark.parametrize(("values", "expected"), [
    ([5, 6, 5, 4, 5, 6, 5], Pattern.smooth),  # ADI 1, sizes steady
    ([1, 20, 2, 30, 1, 25, 2], Pattern.erratic),  # ADI 1, CV² ≈ 1.0
    ([0, 0, 3, 0, 0, 3, 0, 0, 4], Pattern.intermittent),  # ADI 3, steady sizes
    ([0, 0, 1, 0, 0, 30, 0, 0, 2], Pattern.lumpy),  # ADI 3, CV² > 0.49
    ([0, 0, 0], Pattern.zero),
    ([0, 0, 0, 7], Pattern.smooth),  # leading zeros before the first sale do not count
])
def test_syntetos_boylan_classes(values, expected):
    assert classify(np.array(values)) is expected
