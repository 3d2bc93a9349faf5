"""Intervals and base checks: how far can a rate or a share be trusted, and is its base big enough to read?

Every table of rates and shares in the kit carries its base (words, sentences,
documents) and three columns made here: ``ci_low`` and ``ci_high`` (a 95%
interval of the figure, on the figure's own scale) and ``low_base`` (True when
the base is under the documented minimum: read the figure as an anecdote, not
a rate). The intervals are computed with the quantile functions of :mod:`scipy.special` (the values
:mod:`scipy.stats` gives, bit for bit, without its import time),
vectorised over numbers, numpy arrays or pandas Series, and deterministic.

- :func:`proportion_interval`: Wilson score interval of a share (successes of trials).
- :func:`rate_interval`: exact (Garwood) Poisson interval of a rate per ``per`` words.
- :func:`log_ratio_interval`: interval of Hardie's log ratio of two relative frequencies.
- :func:`interval_columns`: adds ``ci_low``, ``ci_high``, ``low_base`` to a table.

The intervals measure sampling noise only, as if every word (sentence, term)
were an independent draw: words cluster in sentences and sentences in
documents, so the true uncertainty is wider, never narrower. A base under the
minimum is flagged whatever its interval says.

>>> lo, hi = rate_interval(1, 190)         # one hit in 190 words: 52.6 per 10k, but anywhere in 1.3..293
>>> round(float(lo), 1), round(float(hi), 1)
(1.3, 293.2)
>>> interval_columns(pd.DataFrame({"count": [1, 40], "words": [190, 52_000]}), count="count", base="words",
...                  kind="rate", digits=3)[["ci_low", "ci_high", "low_base"]]
   ci_low  ci_high  low_base
0   1.333  293.244      True
1   5.495   10.475     False
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

#: Words under which a per-10,000-words rate (a phrase trend's ``per_10k``, a speaker's share of words) is
#: flagged ``low_base``. Under 1,000 words one occurrence more or less moves a rate by more than 10 per 10k,
#: which is more than the whole rate of most phrases an analyst follows (a few per 10k), and a period with
#: no occurrence at all is still compatible with up to 37 per 10k (the exact 95% upper bound of a zero count).
MIN_WORDS = 1_000
#: Words under which a side of a keyness comparison is too small to read: a term must be seen a few times
#: on each side before its log ratio means anything, and under 5,000 words a term of 10 per 10k is expected
#: fewer than five times (the classic minimum expected count of a chi-square/G² test).
MIN_KEYNESS_WORDS = 5_000
#: Sentences under which a share of sentences (theme prevalence, theme shares) or a tone index is flagged
#: ``low_base``. Under 30 sentences the Wilson interval of a share near one half is wider than ±0.17 and a
#: single sentence moves the share by more than 3 points (0.033); 30 is also the usual floor of the normal
#: approximation behind every share's interval.
MIN_SENTENCES = 30
#: Documents under which a period's share of documents, or any figure of the period, is flagged ``low_base``:
#: with fewer than five documents a single text is a fifth of the period or more, so its agenda, not the
#: period's, sets the figure.
MIN_DOCUMENTS = 5

Kind = Literal["proportion", "rate"]


def _z(level: float) -> float:
    """The two-sided standard normal quantile of a confidence ``level`` (1.96 for 0.95)."""
    if not 0 < level < 1:
        from lavrovkit.errors import ParameterError

        raise ParameterError(f"level={level!r}: a confidence level is between 0 and 1 (e.g. 0.95)")
    # scipy.special's ndtri is what scipy.stats.norm.ppf computes (bit for bit), without importing scipy.stats
    # (half a second: most of a first query's time)
    from scipy.special import ndtri

    return float(ndtri(0.5 + level / 2))


def _shape(value: Any, out: np.ndarray) -> Any:
    """``out`` shaped like the input: a Series keeps its index, a scalar input gives a float."""
    if isinstance(value, pd.Series):
        return pd.Series(out, index=value.index)
    if np.ndim(value) == 0:
        return float(out)
    return out


def proportion_interval(successes: Any, trials: Any, level: float = 0.95) -> tuple[Any, Any]:
    """The Wilson score interval of a share: which true proportions fit ``successes`` out of ``trials``?

    Wilson (1927): p̂ = k/n, z the normal quantile of ``level``;
    centre (p̂ + z²/2n) / (1 + z²/n), half-width z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n).
    Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays within 0..1 and is not empty at 0 or n.
    No trials give a missing interval (NaN). Works on numbers, arrays and Series.

    >>> lo, hi = proportion_interval(5, 20)
    >>> round(lo, 4), round(hi, 4)
    (0.1119, 0.4687)
    >>> [round(v, 4) for v in proportion_interval(0, 10)]
    [0.0, 0.2775]
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = _z(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, k / n, np.nan)
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    low = np.where(k <= 0, np.where(n > 0, 0.0, np.nan), low)  # exactly 0 (the formula gives 0 up to rounding)
    high = np.where((k >= n) & (n > 0), 1.0, high)
    ref = successes if isinstance(successes, pd.Series) else trials
    return _shape(ref, low), _shape(ref, high)


def rate_interval(count: Any, words: Any, per: float = 10_000, level: float = 0.95) -> tuple[Any, Any]:
    """The exact Poisson (Garwood 1936) interval of a rate: which rates per ``per`` words fit ``count`` hits?

    For a count k the bounds on the expected count are χ²(α/2; 2k)/2 and
    χ²(1−α/2; 2k+2)/2 (0 below when k = 0), scaled by ``per / words``; α = 1 − level.
    It is exact (never narrower than the level promises), so it is right for
    the small counts of rare phrases. No words give a missing interval (NaN).

    >>> [round(v, 4) for v in rate_interval(0, 10_000)]      # a zero count: up to 3.69 per 10k
    [0.0, 3.6889]
    >>> [round(v, 4) for v in rate_interval(10, 10_000)]
    [4.7954, 18.3904]
    """
    k = np.asarray(count, dtype=float)
    n = np.asarray(words, dtype=float)
    alpha = 1 - level
    _z(level)  # checks the level
    low_count = np.where(k > 0, _chi2_ppf(alpha / 2, np.where(k > 0, 2 * k, 1)) / 2, 0.0)
    high_count = _chi2_ppf(1 - alpha / 2, 2 * k + 2) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n > 0, per / n, np.nan)
    ref = count if isinstance(count, pd.Series) else words
    return _shape(ref, low_count * scale), _shape(ref, high_count * scale)


def _chi2_ppf(q: float, df: Any) -> Any:
    """The χ² quantile as ``scipy.stats.chi2.ppf`` computes it (2·gammaincinv(df/2, q), bit for bit), without
    importing scipy.stats."""
    from scipy.special import gammaincinv

    return 2 * gammaincinv(np.asarray(df, dtype=float) / 2, q)


#: What a zero count becomes in a log ratio (Hardie 2014, as CQPweb and keyness tools do): 0.5.
ZERO_COUNT = 0.5


def log_ratio_interval(a: Any, n_a: Any, b: Any, n_b: Any, level: float = 0.95) -> tuple[Any, Any]:
    """The interval of Hardie's log ratio log2((a/n_a) / (b/n_b)): how far apart can the two rates really be?

    ``a`` hits in ``n_a`` words against ``b`` hits in ``n_b`` words; a zero count is taken as 0.5 (the
    usual correction, as in the log ratio itself: :data:`ZERO_COUNT`). The interval is the log-scale
    (Katz) interval of a ratio of two Poisson rates: ln ratio ± z·√(1/a + 1/b), converted to base 2
    (divided by ln 2). An interval that contains 0 means the two sides may use the term equally often.

    >>> [round(v, 4) for v in log_ratio_interval(8, 1000, 2, 1000)]    # log ratio 2.0
    [-0.2354, 4.2354]
    >>> [round(v, 4) for v in log_ratio_interval(10, 1000, 0, 1000)]   # 0 taken as 0.5: log ratio 4.32
    [0.2243, 8.4196]
    """
    ca = np.where(np.asarray(a, dtype=float) > 0, np.asarray(a, dtype=float), ZERO_COUNT)
    cb = np.where(np.asarray(b, dtype=float) > 0, np.asarray(b, dtype=float), ZERO_COUNT)
    na = np.asarray(n_a, dtype=float)
    nb = np.asarray(n_b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((na > 0) & (nb > 0), np.log2((ca / na) / (cb / nb)), np.nan)
    half = _z(level) * np.sqrt(1 / ca + 1 / cb) / math.log(2)
    ref = next((v for v in (a, b, n_a, n_b) if isinstance(v, pd.Series)), a)
    return _shape(ref, ratio - half), _shape(ref, ratio + half)


def interval_columns(table: pd.DataFrame, *, count: str, base: str, kind: Kind = "proportion",
                     min_base: float | None = None, per: float = 10_000, level: float = 0.95, digits: int = 4,
                     prefix: str = "", also_low: pd.Series | None = None) -> pd.DataFrame:
    """The table with ``ci_low``, ``ci_high`` and ``low_base`` added (a copy; the other columns untouched).

    ``count`` names the column of hits (or successes), ``base`` the column of
    words (or trials). ``kind="proportion"``: the Wilson interval of
    count/base (a 0-1 share); ``kind="rate"``: the exact Poisson interval of
    ``per`` × count/base (e.g. per 10,000 words). ``low_base`` is
    base < ``min_base`` (default :data:`MIN_WORDS` for rates,
    :data:`MIN_SENTENCES` for proportions), or ``also_low`` where given.
    ``prefix`` names the columns (``prefix="doc_"`` gives doc_ci_low,
    doc_ci_high, doc_low_base). Bounds are rounded to ``digits`` places.
    The minimum used is kept in ``table.attrs["min_base"]``.

    >>> t = pd.DataFrame({"theme_sentences": [1, 12], "sentences": [1, 240]})
    >>> interval_columns(t, count="theme_sentences", base="sentences")
       theme_sentences  sentences  ci_low  ci_high  low_base
    0                1          1  0.2065   1.0000      True
    1               12        240  0.0288   0.0853     False
    """
    if kind not in ("proportion", "rate"):
        from lavrovkit.errors import ParameterError

        raise ParameterError(f"kind={kind!r}: expected 'proportion' or 'rate'")
    if min_base is None:
        min_base = MIN_WORDS if kind == "rate" else MIN_SENTENCES
    out = table.copy()
    k = out[count].to_numpy(dtype=float)
    n = out[base].to_numpy(dtype=float)
    if kind == "rate":
        low, high = rate_interval(k, n, per=per, level=level)
    else:
        low, high = proportion_interval(k, n, level=level)
    out[f"{prefix}ci_low"] = np.round(np.asarray(low, dtype=float), digits)
    out[f"{prefix}ci_high"] = np.round(np.asarray(high, dtype=float), digits)
    low_base = n < min_base
    if also_low is not None:
        low_base = low_base | np.asarray(also_low, dtype=bool)
    out[f"{prefix}low_base"] = low_base.astype(bool)
    out.attrs = {**table.attrs, "min_base": {**table.attrs.get("min_base", {}), base: min_base}}
    return out


__all__ = [
    "MIN_DOCUMENTS", "MIN_KEYNESS_WORDS", "MIN_SENTENCES", "MIN_WORDS", "ZERO_COUNT", "interval_columns",
    "log_ratio_interval", "proportion_interval", "rate_interval",
]
