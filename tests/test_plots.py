"""Figures: each returns a Figure with the bars and lines of its table, titled with whose words and which periods."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lavrovkit import plots  # noqa: E402
from lavrovkit.keywords import keyness  # noqa: E402
from lavrovkit.phrasing import phrase_trend  # noqa: E402
from lavrovkit.selection import calendar_periods, speaker_scope  # noqa: E402
from lavrovkit.themes import theme_prevalence  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


def test_bars_draws_the_top_rows_and_says_how_many_are_left_out() -> None:
    table = pd.DataFrame({"person": [f"p{i}" for i in range(12)], "mentions": range(12, 0, -1)})
    fig = plots.bars(table, "person", "mentions", title="People", xlabel="person", ylabel="mentions", top=5,
                     scope="all text")
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and len(ax.patches) == 5
    assert ax.get_title() == "People — all text (top 5; 7 more not shown)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["p4", "p3", "p2", "p1", "p0"]  # largest on top


def test_trend_has_one_line_per_phrase_and_names_the_speaker(seeds) -> None:  # type: ignore[no-untyped-def]
    table = phrase_trend(seeds, ["dialogue", "partners"], by="year")
    scope = speaker_scope(seeds)[1]
    fig = plots.trend(table, title="Phrases by year", scope=scope)
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2
    assert ax.get_title() == "Phrases by year — Sergey Lavrov's own words"
    periods = calendar_periods(table["period"].unique())  # every year from the first to the last, gaps included
    assert periods[:3] == ["2016", "2017", "2018"] and periods[-1] == "2025"
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == periods
    # the lines, then what the whiskers (two lines: side by side, not stacked bands) and the hollow markers
    # mean (every seed year has under 1,000 words)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "dialogue", "partners", "bars: 95% interval", "hollow: base under 1,000 words"]
    one = plots.trend(phrase_trend(seeds, ["dialogue"], by="year", speaker="all"), title="Dialogue")
    assert "shaded: 95% interval" in [t.get_text() for t in one.axes[0].get_legend().get_texts()]


def test_prevalence_has_one_line_per_theme_and_documents_per_period(seeds) -> None:  # type: ignore[no-untyped-def]
    table = theme_prevalence(seeds, by="year", themes=["syria", "ukraine", "sanctions"], speaker="all")
    fig = plots.prevalence(table, labels={"syria": "Syria"}, title="Theme prevalence by year", scope="all text")
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3 and ax.get_title() == "Theme prevalence by year — all text"
    assert ax.get_xticklabels()[0].get_text() == "2016\n(1 doc)"
    assert "Syria" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_keyness_bars_name_the_periods(seeds) -> None:  # type: ignore[no-untyped-def]
    from lavrovkit.errors import SmallBaseWarning

    with pytest.warns(SmallBaseWarning, match="target side has 941 words"):
        table = keyness(seeds, target="2019-01-01:", reference=":2018-12-31", speaker="all")
    fig = plots.keyness_bars(table, top=4, labels=("target 2019-01-01:", "reference :2018-12-31"),
                             title="Key words", scope="all text")
    left, right = fig.axes
    n_target = int((table.side == "target").sum())
    assert left.get_title() == f"target 2019-01-01:: {n_target:,} key terms (top 4)"
    assert right.get_title().startswith("reference :2018-12-31: ")
    assert len(left.patches) == min(4, int((table.side == "target").sum()))
    assert fig._suptitle.get_text() == "Key words — all text"


def test_timeline_and_heatmap(seeds) -> None:  # type: ignore[no-untyped-def]
    fig = plots.timeline(seeds.documents)
    assert fig.axes[0].get_title() == "Documents over time (5 dated)"
    matrix = pd.DataFrame([[0.5, 0.0], [0.25, 1.0]], index=["001", "002"], columns=["syria", "ukraine"])
    fig = plots.heatmap(matrix, title="Shares", xlabel="theme", ylabel="document", cbar="share")
    ax = fig.axes[0]
    assert ax.get_title() == "Shares" and [t.get_text() for t in ax.texts] == ["50%", "25%", "100%"]


def test_appearances_and_tone_figures_show_every_person_and_point() -> None:
    import pandas as pd

    from lavrovkit import plots

    cp = pd.DataFrame({"person": ["Marco Rubio", "Marco Rubio", "Steve Witkoff"],
                       "side": ["United States"] * 3, "mentions": [3, 1, 2],
                       "date": pd.to_datetime(["2025-02-18", "2025-08-15", "2025-03-13"])})
    fig = plots.appearances(cp, ["Marco Rubio", "Steve Witkoff"], title="When each person appears")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Steve Witkoff", "Marco Rubio"]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3
    tb = pd.DataFrame({"period": ["2024", "2025"], "index": [-0.5, 0.25], "sentences": [12, 30]})
    fig = plots.tone(tb, unit="period", title="Tone by year (Sergey Lavrov's own words)")
    ax = fig.axes[0]
    assert list(ax.lines[0].get_ydata()) == [-0.5, 0.25]
    assert [t.get_text() for t in ax.texts] == ["12 s.", "30 s."]
    assert "Sergey Lavrov" in ax.get_title()


def test_periods_without_documents_are_gaps_and_short_timelines_have_distinct_ticks() -> None:
    import math

    import matplotlib.pyplot as plt
    import pandas as pd

    from lavrovkit import plots

    trend = pd.DataFrame({"period": ["2003", "2005", "2011"], "phrase": ["dialogue"] * 3, "count": [2, 1, 4],
                          "words": [5000, 190, 8000], "per_10k": [4.0, 52.6, 5.0], "documents": [3, 1, 4]})
    ax = plots.trend(trend, title="dialogue").axes[0]
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == [str(y) for y in range(2003, 2012)]
    y = list(ax.lines[0].get_ydata())
    assert y[0] == 4.0 and math.isnan(y[1]) and y[2] == 52.6 and math.isnan(y[3])  # 2004: no line through it
    assert ax.get_xticklabels()[1].get_text() == "2004\n(0 w)"

    docs = pd.DataFrame({"doc_id": [f"p{i}" for i in range(6)], "source": ["MFA"] * 6,
                         "date": pd.to_datetime(["2025-12-03", "2025-12-20", "2026-01-05", "2026-01-28",
                                                 "2026-02-10", "2026-02-27"])})
    fig = plots.timeline(docs)
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert len(labels) == len(set(labels)) and {"2025-12", "2026-01", "2026-02"} <= set(labels), labels
    assert all(len(t) == 7 and t[4] == "-" for t in labels), labels  # YYYY-MM, never "2026, 2026, 2026"
    plt.close("all")


def _hollow_points(ax) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """(x, y) of the hollow (white-filled) markers on the axes."""
    import numpy as np

    points = []
    for c in ax.collections:
        face = c.get_facecolors()
        if len(face) and np.allclose(face[0][:3], 1.0) and len(c.get_offsets()):
            points += [tuple(map(float, p)) for p in c.get_offsets()]
    return points


def test_trend_shades_the_interval_and_hollows_low_base_points_keeping_gaps() -> None:
    import math

    import numpy as np

    trend = pd.DataFrame({"period": ["2003", "2004", "2005", "2006", "2008"], "phrase": ["dialogue"] * 5,
                          "count": [2, 1, 30, 4, 0], "words": [5000, 190, 60_000, 8000, 3000],
                          "per_10k": [4.0, 52.632, 5.0, 5.0, 0.0], "documents": [3, 1, 20, 4, 2]})
    fig = plots.trend(trend, title="dialogue")  # no interval columns: computed from count and words
    ax = fig.axes[0]
    y = list(ax.lines[0].get_ydata())
    assert y[1] == 52.632 and math.isnan(y[4]) and y[5] == 0.0  # 2007 is still a gap
    assert _hollow_points(ax) == [(1.0, 52.632)]  # 190 words: the one low-base point
    assert "hollow: base under 1,000 words" in [t.get_text() for t in ax.get_legend().get_texts()]
    polys = [p.vertices for c in ax.collections if "Poly" in type(c).__name__ for p in c.get_paths()]
    wide = [v for v in polys if np.ptp(v[:, 0]) > 0]  # bands with a width: only 2005-2006 joins two points
    assert len(wide) == 1 and wide[0][:, 0].min() == 2 and wide[0][:, 0].max() == 3
    # its edges are the exact (Garwood) bounds: 30 in 60,000 words, then 4 in 8,000 words
    assert sorted(set(np.round(wide[0][:, 1], 3))) == [1.362, 3.373, 7.138, 12.802]
    bars = [seg for c in ax.collections if type(c).__name__ == "LineCollection" for seg in c.get_segments()]
    assert [0.0, 0.484] in [[float(seg[0][0]), round(float(seg[0][1]), 3)] for seg in bars]  # 2003 alone: a bar
    assert ax.get_ylim()[1] == pytest.approx(1.35 * 52.632)  # the 1-in-190 interval (up to 293) runs off the top


def test_prevalence_and_tone_mark_low_bases(seeds) -> None:  # type: ignore[no-untyped-def]
    from lavrovkit.tone import tone_index

    table = theme_prevalence(seeds, by="year", themes=["syria"], speaker="all")
    ax = plots.prevalence(table, title="Syria").axes[0]
    assert len(_hollow_points(ax)) == int(table["low_base"].sum()) == 5  # one document a year in the seeds
    assert "hollow: under 30 sentences or 5 documents" in [t.get_text() for t in ax.get_legend().get_texts()]
    tb = pd.DataFrame({"period": ["2001", "2003", "2004"], "sentences": [1, 200, 150],
                       "scored_sentences": [1, 80, 60], "cooperation": [1, 60, 30], "confrontation": [0, 40, 30]})
    tb["index"] = tone_index(tb["cooperation"], tb["confrontation"])
    ax = plots.tone(tb, unit="period", title="Tone by year").axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2001", "2002", "2003", "2004"]  # 2002: a gap
    assert _hollow_points(ax) == [(0.0, 1.0)]  # an index of 1.0 from one sentence
    assert [t.get_text() for t in ax.texts] == ["1 s.", "80 s.", "60 s."]
    assert "hollow: under 30 sentences with a tone word" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_keyness_bars_draw_log_ratio_intervals_and_hatch_a_small_side(seeds) -> None:  # type: ignore[no-untyped-def]
    import warnings

    from matplotlib.container import ErrorbarContainer

    from lavrovkit.errors import ParameterError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = keyness(seeds, target="2019-01-01:", reference=":2018-12-31", speaker="all")
    assert table["low_base"].all()  # the seeds' 2019-2025 side has under 5,000 words
    fig = plots.keyness_bars(table, top=4, value="log_ratio")
    left, _ = fig.axes
    errors = [c for c in left.containers if isinstance(c, ErrorbarContainer)]
    assert left.get_xlabel().startswith("log ratio") and len(errors[0].lines[2][0].get_segments()) == 4
    assert all(p.get_hatch() == "///" for p in left.patches)
    caption = fig._supxlabel.get_text()  # type: ignore[union-attr]
    assert "under the 5,000-word minimum" in caption and f"{table['target_words'].iloc[0]:,} words" in caption
    with pytest.raises(ParameterError, match="value='share'"):
        plots.keyness_bars(table, value="share")
