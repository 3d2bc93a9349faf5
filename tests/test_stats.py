"""Intervals and minimum bases: Wilson, exact Poisson (Garwood) and log-ratio intervals against values worked
out by hand (or from published tables), vectorised over arrays and Series, and the interval columns helper."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lavrovkit.errors import ParameterError
from lavrovkit.stats import (
    MIN_DOCUMENTS,
    MIN_KEYNESS_WORDS,
    MIN_SENTENCES,
    MIN_WORDS,
    interval_columns,
    log_ratio_interval,
    proportion_interval,
    rate_interval,
)

Z = 1.959963984540054  # the 97.5% normal quantile


def _wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    """Wilson (1927) written out term by term, independently of the vectorised code."""
    p = k / n
    centre = p + Z * Z / (2 * n)
    spread = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - spread) / (1 + Z * Z / n), (centre + spread) / (1 + Z * Z / n)


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (1, 190, 0.00093, 0.02921),   # the "dialogue": one hit in 190
    (0, 10, 0.0, 0.27753),        # nothing seen: the interval still reaches 0.28
    (5, 20, 0.11186, 0.46870),
    (1, 1, 0.20655, 1.0),         # one sentence out of one
])
def test_wilson_interval_matches_the_hand_computed_values(k: int, n: int, low: float, high: float) -> None:
    got = proportion_interval(k, n)
    assert got == pytest.approx((low, high), abs=1e-5)
    assert got == pytest.approx(_wilson_by_hand(k, n), abs=1e-12)
    assert isinstance(got[0], float)


@pytest.mark.parametrize(("count", "low", "high"), [
    # Garwood (1936) 95% limits of a Poisson count, as tabulated: 0 → 0..3.689, 1 → 0.0253..5.572,
    # 10 → 4.795..18.39
    (0, 0.0, 3.6889),
    (1, 0.0253, 5.5716),
    (10, 4.7954, 18.3904),
])
def test_exact_poisson_interval_matches_the_tables(count: int, low: float, high: float) -> None:
    assert rate_interval(count, 10_000) == pytest.approx((low, high), abs=1e-4)  # per 10k of 10,000 words
    lo, hi = rate_interval(count, 1_000, per=1_000)
    assert (lo, hi) == pytest.approx((low, high), abs=1e-4)
    assert lo <= count <= hi


def test_one_hit_in_190_words_is_anywhere_from_1_to_293_per_10k() -> None:
    lo, hi = rate_interval(1, 190)
    assert lo < 1e4 / 190 < hi  # the rate the issue saw: 52.6 per 10k
    assert (lo, hi) == pytest.approx((1.33, 293.24), abs=0.01)  # 0.0253 and 5.5716 hits, per 190 words


def test_log_ratio_interval_by_hand() -> None:
    # 8 hits in 1,000 words against 2 in 1,000: log2(4) = 2; se of ln(ratio) = sqrt(1/8 + 1/2) = 0.790569;
    # in log2 units 0.790569 / ln 2 = 1.140552; times 1.959964: 2.235441 either side
    assert log_ratio_interval(8, 1000, 2, 1000) == pytest.approx((-0.235441, 4.235441), abs=1e-5)
    # a zero count is taken as 0.5: log2((10/1000)/(0.5/1000)) = 4.321928; sqrt(1/10 + 1/0.5) = 1.449138
    half = Z * 1.449138 / math.log(2)
    assert log_ratio_interval(10, 1000, 0, 1000) == pytest.approx((4.321928 - half, 4.321928 + half), abs=1e-5)
    # unequal sides: 5 in 506 words against 10 in 4,383 (the seeds' "dialogue")
    lr = math.log2((5 / 506) / (10 / 4383))
    half = Z * math.sqrt(1 / 5 + 1 / 10) / math.log(2)
    assert log_ratio_interval(5, 506, 10, 4383) == pytest.approx((lr - half, lr + half), abs=1e-9)


def test_intervals_are_vectorised_and_keep_a_series_index() -> None:
    k = pd.Series([1, 0, 5], index=["a", "b", "c"])
    n = pd.Series([190, 10, 20], index=["a", "b", "c"])
    low, high = proportion_interval(k, n)
    assert isinstance(low, pd.Series) and low.index.tolist() == ["a", "b", "c"]
    assert high.round(5).tolist() == [0.02921, 0.27753, 0.4687]
    lo, hi = rate_interval(np.array([0, 1, 10]), np.array([10_000, 10_000, 0]))
    assert lo[:2].round(4).tolist() == [0.0, 0.0253] and math.isnan(lo[2]) and math.isnan(hi[2])  # no words
    a, b = log_ratio_interval(np.array([8, 10]), 1000, np.array([2, 0]), 1000)
    assert a.round(4).tolist() == [-0.2354, 0.2243] and b.round(4).tolist() == [4.2354, 8.4196]
    lo, hi = proportion_interval(0, 0)
    assert math.isnan(lo) and math.isnan(hi)  # no trials: no interval, not 0..1


def test_a_higher_level_gives_a_wider_interval_and_a_bad_level_is_refused() -> None:
    narrow = proportion_interval(5, 20, level=0.5)
    wide = proportion_interval(5, 20, level=0.99)
    assert wide[0] < narrow[0] < 0.25 < narrow[1] < wide[1]
    with pytest.raises(ParameterError, match="level=95"):
        rate_interval(1, 100, level=95)


def test_interval_columns_adds_bounds_and_low_base_and_remembers_the_minimum() -> None:
    table = pd.DataFrame({"period": ["2005", "2011"], "count": [1, 40], "words": [190, 52_000]})
    out = interval_columns(table, count="count", base="words", kind="rate")
    assert out.columns.tolist() == ["period", "count", "words", "ci_low", "ci_high", "low_base"]
    assert out["low_base"].tolist() == [True, False]
    assert out["ci_high"].iloc[0] == pytest.approx(5.5716 * 1e4 / 190, abs=0.01)
    assert out.attrs["min_base"] == {"words": MIN_WORDS}
    assert "ci_low" not in table  # a copy
    assert interval_columns(table, count="count", base="words", kind="rate", min_base=100)["low_base"].tolist() == [
        False, False]
    shares = pd.DataFrame({"hits": [3, 3], "documents": [4, 40]})
    docs = interval_columns(shares, count="hits", base="documents", min_base=MIN_DOCUMENTS, prefix="doc_")
    assert docs.columns.tolist()[2:] == ["doc_ci_low", "doc_ci_high", "doc_low_base"]
    assert docs["doc_low_base"].tolist() == [True, False]
    with pytest.raises(ParameterError, match="kind='mean'"):
        interval_columns(table, count="count", base="words", kind="mean")  # type: ignore[arg-type]


def test_the_minimums_are_the_documented_ones() -> None:
    assert (MIN_WORDS, MIN_KEYNESS_WORDS, MIN_SENTENCES, MIN_DOCUMENTS) == (1_000, 5_000, 30, 5)


def test_speaker_shares_carry_their_word_base_and_interval(seeds) -> None:  # type: ignore[no-untyped-def]
    from lavrovkit import speaker_share, speaker_shares

    share = speaker_share(seeds).set_index("doc_id")
    assert share.columns.tolist()[-3:] == ["ci_low", "ci_high", "low_base"]
    assert (share["low_base"] == (share["words"] < MIN_WORDS)).all() and share["low_base"].any()
    row = share.loc["000"]  # 301 of 425 words
    assert (row.ci_low, row.ci_high) == pytest.approx(_wilson_by_hand(301, 425), abs=5e-4)
    every = speaker_shares(seeds)
    assert (every.groupby("doc_id")["words"].transform("sum") == every["doc_words"]).all()
    assert ((every["ci_low"] <= every["share"] + 5e-4) & (every["share"] <= every["ci_high"] + 5e-4)).all()
    assert not speaker_shares(seeds, min_base=10)["low_base"].any()
