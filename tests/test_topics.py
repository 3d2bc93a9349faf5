"""Topic discovery kept in the cache: a report run again reads the same table instead of fitting again."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from lavrovkit import corpus_load
from lavrovkit.errors import CacheWarning
from lavrovkit.topics import topic_discovery

topics = sys.modules["lavrovkit.topics"]


def fresh():  # type: ignore[no-untyped-def]
    return corpus_load().annotate(progress=False)


def test_a_second_run_reads_the_same_table(seeds, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    first = topic_discovery(fresh(), n_topics=4, speaker="all")
    assert len(first) == 4
    path = topics._cache_path(*_args(fresh(), n_topics=4))
    assert path.is_file()

    def no_fit(*_: object) -> None:
        raise AssertionError("fitted again")

    monkeypatch.setattr(topics, "_discover", no_fit)
    again = topic_discovery(fresh(), n_topics=4, speaker="all")
    pd.testing.assert_frame_equal(again, first)
    assert isinstance(again["terms"].iloc[0], list)
    # other parameters or another corpus (a part): another table, kept apart
    assert topics._cache_path(*_args(fresh(), n_topics=5)) != path
    part = fresh().filter(start="2018-01-01")
    assert topics._cache_path(*_args(part, n_topics=4)) != path


def test_a_damaged_table_is_fitted_again_with_a_warning(seeds) -> None:  # type: ignore[no-untyped-def]
    first = topic_discovery(fresh(), n_topics=3, speaker="all")
    path = topics._cache_path(*_args(fresh(), n_topics=3))
    path.write_bytes(path.read_bytes()[:40])
    with pytest.warns(CacheWarning, match="topics are fitted again"):
        again = topic_discovery(fresh(), n_topics=3, speaker="all")
    pd.testing.assert_frame_equal(again, first)
    assert path.is_file()


def _args(corpus, n_topics: int):  # type: ignore[no-untyped-def]
    from lavrovkit.taxonomy import taxonomy_load

    names = [*(corpus.actors.names() if corpus.actors else ()), *corpus.documents["source"].dropna().unique()]
    return corpus, taxonomy_load(None), names, (n_topics, 10, 2, 0, 0.5)
