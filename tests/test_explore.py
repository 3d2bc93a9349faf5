"""The explorer: controls drive the same helpers as the reports, and a change updates the state and tables."""

from __future__ import annotations

import pytest

from lavrovkit.explore import Explorer
from lavrovkit.themes import TaxonomyError


def test_state_drives_kwic_trend_and_prevalence(seeds) -> None:  # type: ignore[no-untyped-def]
    ex = Explorer(seeds).set(phrase="irritants", speaker="all")
    t = ex.tables()
    assert len(t["kwic"]) == 2 and t["trend"]["count"].sum() == 2
    assert t["dispersion"]["start_char"].tolist() == t["kwic"].sort_values(["date", "doc_id", "start_char"])[
        "start_char"].tolist()  # one mark per concordance line, in its place
    assert set(t["prevalence"].period) == {"2016", "2017", "2018", "2019", "2025"}
    ex.set(counterpart="Rex Tillerson", themes=["syria", "korean_peninsula"], phrase="Syria")
    assert ex.subcorpus().documents.doc_id.tolist() == ["001"]
    t = ex.tables()
    assert set(t["prevalence"].theme) == {"syria", "korean_peninsula"} and set(t["prevalence"].period) == {"2017"}
    assert set(t["kwic"].doc_id) == {"001"}
    ex.set(counterpart="", start="2018-01-01", end="2018-12-31", speaker="Sergey Lavrov", phrase="dialogue")
    assert ex.tables()["kwic"].doc_id.unique().tolist() == ["004"]
    with pytest.raises(TaxonomyError, match="unknown theme"):
        ex.set(themes=["climate"])
    assert "John Kerry" in ex.people() and ex.people()[0] == "Sergey Lavrov"


def test_widgets_update_the_state_in_place(seeds) -> None:  # type: ignore[no-untyped-def]
    import ipywidgets as w

    ex = Explorer(seeds)
    ui = ex.show()

    def find(kind: type, description: str) -> w.Widget:
        stack = [ui]
        while stack:
            node = stack.pop()
            if isinstance(node, kind) and getattr(node, "description", "") == description:
                return node
            stack.extend(getattr(node, "children", ()))
        raise AssertionError(description)

    find(w.Text, "phrase").value = "irritants"
    find(w.Dropdown, "speaker").value = "all"
    assert ex.state.phrase == "irritants" and ex.state.speaker == "all"
    find(w.Dropdown, "counterpart").value = "Marco Rubio"
    assert ex.state.counterpart == "Marco Rubio" and ex.subcorpus().documents.doc_id.tolist() == ["003"]
    find(w.SelectMultiple, "themes").value = ("ukraine",)
    assert ex.state.themes == ("ukraine",) and len(ex.tables()["kwic"]) == 2


def test_on_a_corpus_without_lavrov_the_explorer_starts_on_all_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from lavrovkit import corpus_load

    from .conftest import DATA

    for f in DATA.joinpath("clean").glob("ungdc_*.txt"):
        shutil.copy(f, tmp_path / f.name)
    ex = Explorer(corpus_load(tmp_path))
    assert ex.state.speaker == "all"
    assert len(ex.set(phrase="United Nations").tables()["kwic"]) > 0


def test_auto_speaker_and_periods_follow_the_corpus(seeds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Reports' 'auto' defaults: Lavrov where he speaks, all text where he never does; periods from the dates."""
    import shutil

    import pandas as pd

    from lavrovkit import corpus_load, speaker_scope
    from lavrovkit.phrasing import PhraseError, periods_auto

    from .conftest import DATA

    assert speaker_scope(seeds) == ("Sergey Lavrov", "Sergey Lavrov's own words")
    assert speaker_scope(seeds, "all") == (None, "all text")
    for f in DATA.joinpath("clean").glob("ungdc_*.txt"):
        shutil.copy(f, tmp_path / f.name)
    un = corpus_load(tmp_path)
    who, note = speaker_scope(un)
    assert who is None and "never speaks" in note
    target, reference = periods_auto(seeds)
    years = seeds.documents["date"].dt.year.dropna()
    t_year, r_year = int(target[:4]), int(reference[1:5])
    assert target.endswith(":") and reference.startswith(":") and r_year < t_year
    assert years.min() <= r_year and t_year <= years.max()
    assert periods_auto(seeds, "2019-01-01:", ":2018-12-31") == ("2019-01-01:", ":2018-12-31")
    one_year = seeds.filter(doc_ids=seeds.documents["doc_id"][seeds.documents["date"] >= pd.Timestamp("2025-01-01")])
    if one_year.documents["date"].dt.to_period("M").nunique() == 1:
        with pytest.raises(PhraseError, match="fall in one month: give target and reference periods"):
            periods_auto(one_year)
