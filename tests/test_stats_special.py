"""The intervals computed with scipy.special are scipy.stats' values, bit for bit (no scipy.stats import)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2, norm

from lavrovkit.stats import _chi2_ppf, _z, proportion_interval, rate_interval


@pytest.mark.parametrize("level", [0.5, 0.9, 0.95, 0.99, 0.999])
def test_quantiles_are_scipy_stats_bit_for_bit(level: float) -> None:
    k = np.r_[np.arange(0, 3000), np.random.default_rng(0).integers(0, 10**7, 5000)].astype(float)
    alpha = 1 - level
    df = np.where(k > 0, 2 * k, 1)
    assert np.array_equal(_chi2_ppf(alpha / 2, df), chi2.ppf(alpha / 2, df))
    assert np.array_equal(_chi2_ppf(1 - alpha / 2, 2 * k + 2), chi2.ppf(1 - alpha / 2, 2 * k + 2))
    assert _z(level) == float(norm.ppf(0.5 + level / 2))
    low, high = rate_interval(k, 10_000 + k, level=level)
    expected_low = np.where(k > 0, chi2.ppf(alpha / 2, df) / 2, 0.0) * (10_000 / (10_000 + k))
    assert np.array_equal(low, expected_low)
    assert np.array_equal(high, chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2 * (10_000 / (10_000 + k)))
    lo, hi = proportion_interval(3, 10, level=level)
    assert 0 < lo < 0.3 < hi < 1


def test_keyness_p_is_the_chi_square_tail() -> None:
    from scipy.special import chdtrc

    x = np.r_[0.0, np.random.default_rng(1).exponential(5, 50000), np.linspace(0, 500, 5001)]
    assert np.array_equal(chdtrc(1, x), chi2.sf(x, 1))
