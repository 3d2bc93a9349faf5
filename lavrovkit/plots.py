"""Figures for notebooks and reports: every one with a title, axis labels and units.

Each function takes tidy DataFrames from the other modules, draws on a new
(or given) matplotlib Axes and returns the Figure. Figures of counts take
``scope``: whose words they count (e.g. ``lavrovkit.selection.speaker_scope(corpus)[1]``,
"Sergey Lavrov's own words"), added to the title.

Example
-------
>>> from lavrovkit import plots
>>> fig = plots.timeline(corpus.documents)
>>> fig.axes[0].get_title()
'Documents over time (5 dated)'
"""

from __future__ import annotations

import contextlib
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lavrovkit.corpus import content_words
from lavrovkit.files import atomic_write
from lavrovkit.selection import calendar_periods


def _titled(title: str, scope: str | None) -> str:
    """The title, with whose words a figure counts when given ('Phrases by year — all text')."""
    return f"{title} — {scope}" if scope else title


def _axes(ax: Any = None, size: tuple[float, float] = (9, 4)) -> tuple[Any, Any]:
    if ax is None:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
    else:
        fig = ax.figure
    return fig, ax


def _dodge(index: int, lines: int) -> float:
    """How far line ``index`` of ``lines`` is set to the side of its periods, so that its whiskers do not
    hide the other lines' (0 for a lone line)."""
    return 0.0 if lines <= 1 else (index - (lines - 1) / 2) * min(0.08, 0.5 / lines)


def _interval_marks(ax: Any, x: Sequence[float], y: np.ndarray, low: np.ndarray | None, high: np.ndarray | None,
                    low_base: np.ndarray, colour: Any, lines: int = 1) -> None:
    """Draw a line's interval and mark its low-base points.

    A lone line's readable points get a shaded band (a bar where a point has no readable neighbour to
    join); with several lines (drawn set apart by :func:`_dodge`) each point gets a whisker, so the
    intervals of different lines neither stack into one muddy band nor hide each other. A low-base point
    gets a hollow marker and a dotted whisker, so its (wide) interval does not swamp the readable ones.
    """
    xs = np.asarray(x, dtype=float)
    shown = ~np.isnan(y)
    if low is not None and high is not None:
        ok = shown & ~(np.isnan(low) | np.isnan(high))
        readable = ok & ~low_base
        weak = ok & low_base
        if lines <= 1:
            ax.fill_between(xs, np.where(readable, low, np.nan), np.where(readable, high, np.nan), color=colour,
                            alpha=0.15, lw=0)
            alone = readable & ~np.r_[False, readable[:-1]] & ~np.r_[readable[1:], False]  # a band of one point
            if alone.any():
                ax.vlines(xs[alone], low[alone], high[alone], color=colour, alpha=0.3, lw=2)
        elif readable.any():
            ax.vlines(xs[readable], low[readable], high[readable], color=colour, alpha=0.55, lw=1.3)
        if weak.any():
            ax.vlines(xs[weak], low[weak], high[weak], color=colour, alpha=0.5, lw=1, linestyles="dotted")
    hollow = low_base & shown
    if hollow.any():
        ax.scatter(xs[hollow], y[hollow], s=34, facecolors="white", edgecolors=[colour], linewidths=1.4, zorder=4)


def _interval_legend(ax: Any, *, band: bool, hollow: str | None, lines: int = 1, **legend: Any) -> None:
    """The legend of a figure with intervals: its lines, then what the shading (one line) or the
    whiskers (several lines) and the hollow markers mean."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles, labels = ax.get_legend_handles_labels()
    if band and lines <= 1:
        handles.append(Patch(color="#888888", alpha=0.3, lw=0))
        labels.append("shaded: 95% interval")
    elif band:
        handles.append(Line2D([], [], color="#555555", marker="|", ls="", markersize=12, mew=1.3))
        labels.append("bars: 95% interval")
    if hollow:
        handles.append(Line2D([], [], marker="o", ls="", mfc="white", mec="#555555", mew=1.4))
        labels.append(f"hollow: {hollow}")
    ax.legend(handles, labels, **legend)


def _ylim_for_intervals(ax: Any, values: np.ndarray, highs: np.ndarray) -> None:
    """Keep the lines in view: intervals far above every point (small bases, rare words) run off the top."""
    shown = values[~np.isnan(values)]
    if not shown.size or shown.max() <= 0:
        return
    top = 1.35 * float(shown.max())
    if np.nanmax(highs, initial=0.0) > top:
        ax.set_ylim(bottom=min(0.0, float(shown.min())), top=top)


def _minimum(table: pd.DataFrame, column: str, default: int) -> int:
    """The minimum base a table was made with (``attrs["min_base"]``), else the kit's default."""
    found = table.attrs.get("min_base", {}) if isinstance(table.attrs.get("min_base"), dict) else {}
    return int(found.get(column, default))


def timeline(documents: pd.DataFrame, ax: Any = None, label: str = "doc_id", color: str = "source") -> Any:
    """When were the documents published? One marker per document, coloured by ``color``, labelled by id.

    Undated documents are left out and counted in the title.
    """
    fig, ax = _axes(ax, (10, 3.2))
    dated = documents.dropna(subset=["date"]).sort_values("date")
    groups = dated[color].fillna("unknown") if color in dated else pd.Series("documents", index=dated.index)
    for i, (name, group) in enumerate(dated.groupby(groups, sort=True)):
        ax.scatter(group["date"], [i] * len(group), s=60, label=str(name), zorder=3)
        if len(dated) <= 40:
            for _, row in group.iterrows():
                ax.annotate(str(row[label]), (row["date"], i), textcoords="offset points", xytext=(0, 8),
                            ha="center", fontsize=8)
    ax.set_yticks(range(groups.nunique()))
    ax.set_yticklabels(sorted(groups.unique()))
    ax.set_ylim(-0.7, max(groups.nunique(), 1) - 0.3 + 0.6)
    _date_ticks(ax, dated["date"])
    ax.grid(axis="x", alpha=0.3)
    missing = len(documents) - len(dated)
    ax.set_title(f"Documents over time ({len(dated)} dated" + (f", {missing} undated left out)" if missing else ")"))
    ax.set_xlabel("publication date")
    ax.set_ylabel(color)
    return fig


def _date_ticks(ax: Any, dates: pd.Series) -> None:
    """Unambiguous date ticks: months (2025-12, 2026-01 ...) over a span of up to three years, else years."""
    if dates.empty:
        return
    months = (dates.max().year - dates.min().year) * 12 + dates.max().month - dates.min().month + 1
    if months <= 36:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, -(-months // 12))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, -(-months // 12 // 15))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def bars(
    table: pd.DataFrame, x: str, y: str, *, title: str, xlabel: str, ylabel: str, ax: Any = None,
    top: int | None = 30, horizontal: bool = True, hue: str | None = None, scope: str | None = None,
) -> Any:
    """A bar chart of ``y`` by ``x`` (the ``top`` largest), titled and labelled."""
    data = table.sort_values(y, ascending=False)
    more = 0
    if top and len(data) > top:
        more = len(data) - top
        data = data.head(top)
    fig, ax = _axes(ax, (9, max(2.5, 0.35 * len(data) + 1)) if horizontal else (9, 4))
    labels = data[x].astype(str)
    if horizontal:
        ax.barh(labels[::-1], data[y][::-1], color="#4c72b0")
        ax.set_xlabel(ylabel)
        ax.set_ylabel(xlabel)
    else:
        ax.bar(labels, data[y], color="#4c72b0")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.tick_params(axis="x", rotation=45)
    ax.set_title(_titled(title, scope) + (f" (top {top}; {more} more not shown)" if more else ""))
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    return fig


def speaker_shares(table: pd.DataFrame, *, top: int = 20, speakers: int = 8, ax: Any = None) -> Any:
    """Stacked horizontal bars: each document's words by speaker (a :func:`lavrovkit.speaker_shares` table).

    The ``top`` documents with the most words are drawn; the ``speakers`` who say most across them
    get their own colour, the rest are "others", and narration is grey.
    """
    words = table.pivot_table(index="doc_id", columns="speaker", values="words", aggfunc="sum", fill_value=0)
    order = words.sum(axis=1).sort_values(ascending=False)
    more = max(0, len(order) - top)
    words = words.loc[order.index[:top]]
    named = [c for c in words.sum().sort_values(ascending=False).index if c != "narration"][:speakers]
    others = [c for c in words.columns if c not in named and c != "narration"]
    data = words[named].copy()
    if others:
        data["others"] = words[others].sum(axis=1)
    if "narration" in words:
        data["narration"] = words["narration"]
    fig, ax = _axes(ax, (9, max(2.5, 0.4 * len(data) + 1.5)))
    left = np.zeros(len(data))
    colours = [c for i, c in enumerate(plt.get_cmap("tab10").colors) if i != 7]  # type: ignore[attr-defined]  # no grey: others and narration are
    for i, col in enumerate(data.columns):
        colour = "#bbbbbb" if col == "narration" else ("#777777" if col == "others" else colours[i % len(colours)])
        ax.barh(data.index[::-1].astype(str), data[col].to_numpy()[::-1], left=left[::-1], color=colour, label=col)
        left += data[col].to_numpy()
    ax.set_xlabel("words (count)")
    ax.set_ylabel("document")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title("Words by speaker in each transcript" + (f" (top {top}; {more} more not shown)" if more else ""))
    ax.grid(axis="x", alpha=0.3)
    return fig


def cloud_frequencies(
    tokens: pd.DataFrame,
    names: Iterable[str] = (),
    extra_stopwords: Iterable[str] = (),
    use_lemma: bool = True,
) -> Counter[str]:
    """Which content words does a set of tokens use, and how often? (stop words, punctuation,
    numbers, proper names and ``names`` left out; lemmas by default; see :func:`lavrovkit.corpus.content_words`)."""
    words = content_words(tokens, names=names, extra_stopwords=extra_stopwords, use_lemma=use_lemma)
    return Counter({str(w): int(n) for w, n in words.value_counts().items()})


def wordcloud(
    frequencies: Mapping[str, float], *, title: str, ax: Any = None, max_words: int = 120,
    png: str | Path | None = None, counts: bool = True,
) -> Any:
    """Draw a word cloud of ``frequencies`` (seeded, so the same words give the same picture).

    With ``png``, the cloud image is also saved there (atomically).
    """
    fig, ax = _axes(ax, (9, 4.5))
    ax.axis("off")
    if not frequencies:
        ax.text(0.5, 0.5, "no words to show", ha="center", va="center", fontsize=14)
        ax.set_title(title)
        return fig
    picture = cloud_picture(frequencies, max_words=max_words)
    ax.imshow(picture, interpolation="bilinear")
    ax.set_title(f"{title} ({sum(frequencies.values()):,.0f} words, {len(frequencies):,} distinct)" if counts
                 else f"{title} ({len(frequencies):,} terms)")
    if png:
        from PIL import Image

        atomic_write(png, lambda tmp: Image.fromarray(picture).save(tmp, format="PNG"))
    return fig


#: The word clouds' canvas and look (seeded: the same words, the same picture).
CLOUD_OPTIONS = {"width": 1200, "height": 600, "background_color": "white", "random_state": 42,
                 "collocations": False, "colormap": "viridis"}


def cloud_picture(frequencies: Mapping[str, float], *, max_words: int = 120) -> np.ndarray:
    """The word cloud of ``frequencies`` as an RGB array (height × width × 3), drawn once and kept.

    Laying out a cloud takes a second or two, so the picture is kept in the
    cache (``<cache>/clouds/<key>.png``, lossless), keyed by the words and
    their weights in order, ``max_words``, :data:`CLOUD_OPTIONS` and the
    wordcloud version: the same words give the same picture, read back.

    >>> cloud_picture({"dialogue": 5, "sanctions": 2}).shape
    (600, 1200, 3)
    """
    import json
    import warnings
    from importlib import metadata

    from PIL import Image

    from lavrovkit.cache import cache_root, hexdigest
    from lavrovkit.errors import CacheWarning

    words = json.dumps([[str(k), float(v)] for k, v in frequencies.items()], ensure_ascii=False)
    font = _cloud_font(frequencies)  # empty (the default font) whenever it draws every letter: keys unchanged
    key = hexdigest("\0".join([metadata.version("wordcloud"), repr(sorted({**CLOUD_OPTIONS, **font}.items())),
                                str(max_words), words]), 32)
    path = cache_root() / "clouds" / f"{key}.png"
    if path.is_file():
        try:
            with Image.open(path) as image:
                return np.asarray(image.convert("RGB"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, SyntaxError) as exc:
            warnings.warn(CacheWarning(f"{path}: damaged cache file ({exc}); removed, the cloud is drawn again"),
                          stacklevel=2)
            path.unlink(missing_ok=True)
    from wordcloud import WordCloud

    cloud = WordCloud(max_words=max_words, **CLOUD_OPTIONS, **_cloud_font(frequencies))
    cloud.generate_from_frequencies(dict(frequencies))
    picture = np.asarray(cloud.to_array())
    with contextlib.suppress(OSError):  # a read-only cache: drawn again next time
        atomic_write(path, lambda tmp: Image.fromarray(picture).save(tmp, format="PNG"))
    return picture


def font_missing(text: str, font: str | Path | None = None) -> list[str]:
    """The letters of ``text`` that ``font`` (a font file; default: the word clouds' font, wordcloud's
    DroidSansMono) has no glyph for, each once in order of appearance; spaces aside. Empty: it draws them all.

    >>> font_missing("Раздражители, ёлка: «диалог»")
    []
    >>> import matplotlib.font_manager as fm
    >>> font_missing("наши американские партнёры", fm.findfont("DejaVu Sans"))  # the figures' font
    []
    """
    return [ch for ch in dict.fromkeys(text) if not ch.isspace() and ord(ch) not in _font_letters(str(font or
                                                                                                   _cloud_default()))]


@functools.lru_cache(maxsize=8)
def _font_letters(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _cloud_default() -> str:
    from wordcloud.wordcloud import FONT_PATH

    return str(FONT_PATH)


def _cloud_font(frequencies: Mapping[str, float]) -> dict[str, str]:
    """``{"font_path": ...}`` when wordcloud's default font lacks a letter of the words and DejaVu Sans (shipped
    with matplotlib, Latin, Greek and Cyrillic) has them all; else ``{}``: the default font draws them."""
    text = "".join(map(str, frequencies))
    if not font_missing(text):
        return {}
    import matplotlib.font_manager as fm

    fallback = fm.findfont("DejaVu Sans", fallback_to_default=True)
    return {"font_path": fallback} if len(font_missing(text, fallback)) < len(font_missing(text)) else {}


def _count_labels(ax: Any, xd: Any, g: pd.DataFrame, value: str, periods: list[str]) -> None:
    """The raw count over each point of a line (``g``'s ``count`` at ``g[value]``), when there are at most 24
    periods to label."""
    if len(periods) > 24:
        return
    for xi, v, n in zip(xd, g[value], g["count"], strict=True):
        if n and n == n:
            ax.annotate(str(int(n)), (xi, v), textcoords="offset points", xytext=(0, 5), fontsize=7, ha="center")


def _period_lines(ax: Any, table: pd.DataFrame, key: str, periods: list[str], value: str,
                  bounds: tuple[str, str] | None, names: Mapping[str, str] | None = None) -> list[tuple[list[float], pd.DataFrame]]:
    """One line of ``value`` per ``key`` (theme, phrase) over ``periods`` (a gap where a period has no row),
    set apart by :func:`_dodge`, with its interval (``bounds`` columns) and its low-base points (``_low``)
    marked; the axes' periods and y-limits are set. Returns each line's x positions and rows by period."""
    x = list(range(len(periods)))
    lines = table[key].nunique()
    drawn, values, highs = [], [], []
    for i, (name, group) in enumerate(table.groupby(key, sort=False)):
        g = group.set_index("period").reindex(periods)
        y = g[value].to_numpy(dtype=float)
        xd = [v + _dodge(i, lines) for v in x]
        (line,) = ax.plot(xd, y, marker="o", label=(names or {}).get(str(name), str(name)))
        lo = g[bounds[0]].to_numpy(dtype=float) if bounds else None
        hi = g[bounds[1]].to_numpy(dtype=float) if bounds else None
        _interval_marks(ax, xd, y, lo, hi, g["_low"].fillna(False).to_numpy(dtype=bool), line.get_color(), lines)
        values.append(y)
        highs.append(hi if hi is not None else y)
        drawn.append((xd, g))
    if values:
        _ylim_for_intervals(ax, np.concatenate(values), np.concatenate(highs))
    ax.set_xticks(x)
    ax.set_xlim(-0.5, len(x) - 0.5)  # one period per unit, however few (the lines of a period set apart)
    return drawn


def prevalence(table: pd.DataFrame, *, value: str = "share", title: str = "Theme prevalence over time",
               ylabel: str = "share of sentences (0-1)", labels: Mapping[str, str] | None = None,
               ax: Any = None, scope: str | None = None) -> Any:
    """Lines of ``value`` per period for each theme (a table from :func:`lavrovkit.themes.theme_prevalence`).

    The x-axis labels carry the number of documents behind each period. The 95% interval of ``share``
    (``ci_low``/``ci_high``) or ``doc_share`` (``doc_ci_low``/``doc_ci_high``) is shaded, and a point whose
    period is under the minimum base (``low_base``: too few sentences or documents) is hollow.
    """
    from lavrovkit.stats import MIN_DOCUMENTS, MIN_SENTENCES

    fig, ax = _axes(ax, (10, 4.5))
    periods = calendar_periods(table["period"].unique())  # a period without documents is a gap, not a join
    docs = table.drop_duplicates("period").set_index("period")["documents"].reindex(periods).fillna(0).astype(int)
    bounds = {"share": ("ci_low", "ci_high"), "doc_share": ("doc_ci_low", "doc_ci_high")}.get(value)
    band = bounds is not None and set(bounds) <= set(table.columns)
    if "low_base" in table:
        low_base = table["low_base"].astype(bool)
    else:
        low_base = table["sentences"].lt(MIN_SENTENCES) if "sentences" in table else pd.Series(False, table.index)
        if "documents" in table:
            low_base |= table["documents"].lt(MIN_DOCUMENTS)
    table = table.assign(_low=low_base)
    lines = table["theme"].nunique()
    _period_lines(ax, table, "theme", periods, value, bounds if band else None, labels)
    ax.set_xticklabels([f"{p}\n({docs[p]} doc{'s' if docs[p] != 1 else ''})" for p in periods],
                       fontsize=8 if len(periods) > 12 else 9, rotation=0 if len(periods) <= 12 else 90)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("period (documents behind each point)")
    ax.set_title(_titled(title, scope))
    ax.grid(alpha=0.3)
    hollow = (f"under {_minimum(table, 'sentences', MIN_SENTENCES):,} sentences or "
              f"{_minimum(table, 'documents', MIN_DOCUMENTS):,} documents") if low_base.any() else None
    _interval_legend(ax, band=band, hollow=hollow, lines=lines, loc="upper left", bbox_to_anchor=(1.01, 1),
                     fontsize=8, frameon=False)
    return fig


def heatmap(matrix: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, cbar: str, ax: Any = None,
            fmt: str = "{:.0%}") -> Any:
    """A labelled heat map of a numeric DataFrame (rows × columns), values written in the cells."""
    longest = max((len(str(c)) for c in matrix.columns), default=0)  # rotated column labels take height
    fig, ax = _axes(ax, (max(6.0, 0.55 * matrix.shape[1] + 3), max(3.5, 0.4 * matrix.shape[0] + 1.8 + 0.06 * longest)))
    values = matrix.to_numpy(dtype=float)
    im = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=max(float(values.max()), 1e-9))
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_xticklabels([str(c) for c in matrix.columns], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(matrix.shape[0]))
    ax.set_yticklabels([str(i) for i in matrix.index], fontsize=8)
    if matrix.size <= 900:
        top = float(values.max()) or 1.0
        for (i, j), v in np.ndenumerate(values):
            if v > 0:
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                        color="white" if v > 0.6 * top else "black")
    fig.colorbar(im, ax=ax, label=cbar, shrink=0.8)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def wordcloud_grid(frequencies: Mapping[str, Mapping[str, int]], *, title: str, columns: int = 2,
                   max_words: int = 60) -> Any:
    """Small multiples: one word cloud per key of ``frequencies`` (e.g. per theme), seeded."""
    n = max(len(frequencies), 1)
    rows = (n + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(5.2 * columns, 2.9 * rows), layout="constrained")
    flat = np.atleast_1d(axes).ravel()
    for ax, (name, freqs) in zip(flat, frequencies.items(), strict=False):
        wordcloud(freqs, title=str(name), ax=ax, max_words=max_words)
        ax.title.set_fontsize(9)
    for ax in flat[len(frequencies):]:
        ax.axis("off")
    fig.suptitle(title)
    return fig


#: Node colours of a network by side (people) or kind (themes).
SIDE_COLOURS = {"United States": "#1f77b4", "Russia": "#d62728", "United Nations": "#2ca02c", "theme": "#bbbbbb"}


def network(graph: Any, *, title: str, top: int = 40, seed: int = 7, ax: Any = None) -> Any:
    """Draw a people-and-themes graph (from :func:`lavrovkit.counterparts.comention_network`).

    The ``top`` nodes by weighted degree are drawn (seeded spring layout, so the same graph gives the same
    picture); people are coloured by side, themes grey; edge width follows ``weight``.
    """
    import networkx as nx

    fig, ax = _axes(ax, (11, 8))
    ax.axis("off")
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no people to show", ha="center", va="center")
        ax.set_title(title)
        return fig
    strength = dict(graph.degree(weight="weight"))
    keep = sorted(strength, key=lambda n: (-strength[n], str(n)))[:top]
    g = graph.subgraph(keep)
    pos = nx.spring_layout(g, seed=seed, weight="weight", k=1.2 / max(len(g) ** 0.5, 1))
    kinds = nx.get_node_attributes(g, "kind")
    sides = nx.get_node_attributes(g, "side")
    colours = [SIDE_COLOURS["theme"] if kinds.get(n) == "theme" else SIDE_COLOURS.get(sides.get(n, ""), "#9467bd")
               for n in g.nodes]
    sizes = [80 + 40 * strength[n] ** 0.7 for n in g.nodes]
    widths = [0.5 + 0.6 * d.get("weight", 1) ** 0.5 for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.35)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=sizes, alpha=0.9)
    nx.draw_networkx_labels(g, pos, ax=ax, labels={n: str(n).replace("theme: ", "") for n in g.nodes}, font_size=8)
    from matplotlib.lines import Line2D

    present = {"theme" if kinds.get(n) == "theme" else str(sides.get(n, "other")) for n in g.nodes}
    handles = [Line2D([], [], marker="o", ls="", color=SIDE_COLOURS.get(k, "#9467bd"), label=k) for k in sorted(present)]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    more = graph.number_of_nodes() - len(g)
    ax.set_title(title + (f" (top {top} nodes; {more} more not shown)" if more else ""))
    return fig


def trend(table: pd.DataFrame, *, value: str = "per_10k", title: str = "Phrase use over time",
          ylabel: str = "uses per 10,000 words", ax: Any = None, scope: str | None = None) -> Any:
    """Lines of ``value`` per period for each phrase (from :func:`lavrovkit.phrasing.phrase_trend`), with the
    raw count written at each point and the words behind each period under the axis.

    The exact 95% interval of ``per_10k`` is shaded (from ``ci_low``/``ci_high``, or computed from
    count and words), and a point whose period has fewer words than the minimum (``low_base``) is hollow;
    the intervals of such points may run off the top of the axes.
    """
    from lavrovkit.stats import MIN_WORDS, rate_interval

    fig, ax = _axes(ax, (10, 4.5))
    periods = calendar_periods(table["period"].unique())  # a period without documents is a gap, not a join
    words = table.drop_duplicates("period").set_index("period")["words"].reindex(periods).fillna(0)
    minimum = _minimum(table, "words", MIN_WORDS)
    if value == "per_10k" and not {"ci_low", "ci_high"} <= set(table.columns):
        lo_, hi_ = rate_interval(table["count"], table["words"])
        table = table.assign(ci_low=lo_, ci_high=hi_)
    band = value == "per_10k"
    low_base = table["low_base"].astype(bool) if "low_base" in table else table["words"].lt(minimum)
    table = table.assign(_low=low_base)
    lines = table["phrase"].nunique()
    for xd, g in _period_lines(ax, table, "phrase", periods, value, ("ci_low", "ci_high") if band else None):
        _count_labels(ax, xd, g, value, periods)
    ax.set_xticklabels([f"{p}\n({int(words[p]):,} w)" for p in periods], fontsize=8,
                       rotation=0 if len(periods) <= 10 else 90)
    ax.set_xlabel("period (words behind each point; numbers on points are raw counts)")
    ax.set_ylabel(ylabel)
    ax.set_title(_titled(title, scope))
    ax.grid(alpha=0.3)
    _interval_legend(ax, band=band, hollow=f"base under {minimum:,} words" if low_base.any() else None, lines=lines,
                     loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return fig


def keyness_bars(table: pd.DataFrame, *, top: int = 15, labels: tuple[str, str] = ("target", "reference"),
                 title: str = "Key words", scope: str | None = None, value: str = "g2") -> Any:
    """Two bar charts of the strongest key terms (by G2) on each side of a keyness table.

    ``value="g2"`` draws their log-likelihood; ``value="log_ratio"`` their log ratio with its interval
    (``ci_low``/``ci_high``) as error bars. When a side is under the minimum base (``low_base``), the bars
    are hatched and a caption under the figure names each side's words.
    """
    if value not in ("g2", "log_ratio"):
        from lavrovkit.errors import ParameterError

        raise ParameterError(f"keyness_bars: value={value!r}: expected 'g2' or 'log_ratio'")
    low = bool(table["low_base"].any()) if "low_base" in table and len(table) else False
    fig, axes = plt.subplots(1, 2, figsize=(11, max(3.0, 0.3 * top + 1.2)), layout="constrained")
    for ax, side, label, colour in zip(axes, ("target", "reference"), labels, ("#c44e52", "#4c72b0"), strict=True):
        part = table[table["side"] == side].nlargest(top, "g2")[::-1]
        style: dict[str, Any] = ({"color": "white", "edgecolor": colour, "hatch": "///"} if low else
                                 {"color": colour})
        if value == "log_ratio" and {"ci_low", "ci_high"} <= set(part.columns):
            err = np.vstack([part["log_ratio"] - part["ci_low"], part["ci_high"] - part["log_ratio"]])
            ax.barh(part["term"], part["log_ratio"], xerr=err, error_kw={"ecolor": "#333333", "lw": 1, "capsize": 2},
                    **style)
            ax.axvline(0, color="#999999", lw=0.8)
            ax.set_xlabel("log ratio (log2 of the ratio of rates; bars: 95% interval)")
        else:
            ax.barh(part["term"], part[value], **style)
            ax.set_xlabel("log-likelihood G2" if value == "g2" else "log ratio")
        ax.set_title(f"{label}: {len(table[table['side'] == side]):,} key terms (top {min(top, len(part))})",
                     fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_ylabel("term")
    fig.suptitle(_titled(title, scope))
    if low:
        from lavrovkit.stats import MIN_KEYNESS_WORDS

        words = {side: table.attrs.get(f"{side}_words", table[f"{side}_words"].iloc[0] if f"{side}_words" in table
                                       else None) for side in ("target", "reference")}
        sizes = ", ".join(f"{label} {int(w):,} words" for label, w in zip(labels, words.values(), strict=True)
                          if w is not None)
        fig.supxlabel(f"hatched: a side under the {_minimum(table, 'words', MIN_KEYNESS_WORDS):,}-word minimum "
                      f"for keyness ({sizes}): not readable", fontsize=9, color="#a33")
    return fig


def compare_clouds(left: Mapping[str, float], right: Mapping[str, float], *, titles: tuple[str, str], title: str,
                   png: tuple[str | Path, str | Path] | None = None) -> Any:
    """Two word clouds side by side (e.g. the key words of two periods), saved as PNGs when ``png`` is given."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
    for i, (ax, freqs, name) in enumerate(zip(axes, (left, right), titles, strict=True)):
        wordcloud({k: max(float(v), 1e-6) for k, v in freqs.items()}, title=name, ax=ax, max_words=80,
                  png=png[i] if png else None, counts=False)
        ax.title.set_fontsize(10)
    fig.suptitle(title)
    return fig


def dispersion(table: pd.DataFrame, *, title: str, labels: Mapping[str, str] | None = None, top: int = 40,
               ax: Any = None, scope: str | None = None) -> Any:
    """Where each phrase occurs: one row per document (by date, earliest at the top), a mark at each
    occurrence's place in the document (0: its start, 1: its end), one colour per phrase, and each
    document's count and words at the right (a :func:`lavrovkit.phrasing.phrase_dispersion` table).

    Documents without an occurrence are not drawn; with more than ``top`` documents, the ``top`` with the
    most occurrences are (the title says how many more). ``labels`` names documents (doc_id → label, e.g.
    :func:`lavrovkit.corpus.document_labels`); else they are named by doc_id and date.
    """
    counts = table.groupby("doc_id", sort=False).size()
    keep = list(counts.index)
    more = 0
    if top and len(keep) > top:
        more = len(keep) - top
        keep = list(counts.sort_values(ascending=False, kind="stable").index[:top])
    docs = (table[table["doc_id"].isin(keep)].drop_duplicates("doc_id")
            .sort_values(["date", "doc_id"], kind="stable", na_position="last"))
    order = list(docs["doc_id"])
    fig, ax = _axes(ax, (12, max(2.5, 0.32 * len(order) + 1.4)))
    row = {d: i for i, d in enumerate(order[::-1])}
    phrases = list(dict.fromkeys(table["phrase"]))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, phrase in enumerate(phrases):
        mine = table[(table["phrase"] == phrase) & table["doc_id"].isin(row)]
        ys = mine["doc_id"].map(row).to_numpy(dtype=float)
        offset = (k - (len(phrases) - 1) / 2) * min(0.25, 0.6 / max(len(phrases), 1))
        ax.vlines(mine["position"], ys + offset - 0.12, ys + offset + 0.12, color=colours[k % len(colours)],
                  lw=1.4, label=f"{phrase} ({len(table[table['phrase'] == phrase]):,})")
    dated = docs.set_index("doc_id")
    days = dated["date"].dt.strftime("%Y-%m-%d").fillna("undated")

    def name(doc_id: str) -> str:
        day = str(days[doc_id])
        label = str((labels or {}).get(doc_id) or doc_id)
        return label if label.startswith(day) else f"{day} · {label}"

    names = [name(d) for d in order[::-1]]
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels(names, fontsize=7 if len(order) > 25 else 8)
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlim(0, 1)
    right = ax.secondary_yaxis("right")
    right.set_yticks(range(len(order)))
    right.set_yticklabels([f"{int(counts[d])} in {int(dated.loc[d, 'doc_words']):,} w" for d in order[::-1]],
                          fontsize=7)
    ax.set_xlabel("place in the document (0: start, 1: end)")
    ax.set_ylabel("document (by date)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(_titled(title, scope) + (f" (top {top} documents by occurrences; {more} more not shown)"
                                          if more else ""))
    if phrases:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.9 / max(len(order), 3) / 3),
                  ncol=min(4, len(phrases)), fontsize=8, frameon=False, title="phrase (occurrences)", title_fontsize=8)
    return fig


def appearances(counterparts: pd.DataFrame, people: Sequence[str], *, title: str, ax: Any = None) -> Any:
    """When each person appears: one row per person (in the order given, first at the top), a dot per
    document dated when it was published, sized by mentions, coloured by side (from
    :func:`lavrovkit.counterparts.counterparts`)."""
    order = list(people)
    fig, ax = _axes(ax, (10, max(2.5, 0.35 * len(order) + 1)))
    rows = counterparts.dropna(subset=["date"])
    for i, person in enumerate(order[::-1]):
        mine = rows[rows["person"] == person]
        colour = SIDE_COLOURS.get(str(mine["side"].iloc[0]) if len(mine) else "", "#9467bd")
        ax.scatter(mine["date"], [i] * len(mine), s=20 + 12 * mine["mentions"], color=colour, alpha=0.8)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels(order[::-1], fontsize=8)
    ax.set_xlabel("document date")
    ax.set_ylabel("person")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def tone(table: pd.DataFrame, *, unit: str, title: str, ax: Any = None) -> Any:
    """The tone index per ``unit`` (a period or doc_id column of :func:`lavrovkit.tone.tone_groups`), from
    −1 (confrontation) to +1 (cooperation), with the sentences behind each point written above it.

    The index's 95% interval (``ci_low``/``ci_high``, or computed from the cooperation and confrontation
    counts) is shaded; a point resting on fewer sentences with a tone word than the minimum (``low_base``)
    is hollow. Periods without documents are gaps.
    """
    from lavrovkit.stats import MIN_SENTENCES
    from lavrovkit.tone import tone_interval

    fig, ax = _axes(ax, (10, 3.8))
    units = calendar_periods(table[unit]) if unit == "period" else [str(u) for u in table[unit]]
    g = table.assign(_u=table[unit].astype(str)).drop_duplicates("_u").set_index("_u").reindex(units)
    x = list(range(len(units)))
    y = g["index"].to_numpy(dtype=float)
    base = "scored_sentences" if "scored_sentences" in g else "sentences"
    minimum = _minimum(table, "scored_sentences", MIN_SENTENCES)
    lo: np.ndarray | None = None
    hi: np.ndarray | None = None
    if {"ci_low", "ci_high"} <= set(g.columns):
        lo, hi = g["ci_low"].to_numpy(dtype=float), g["ci_high"].to_numpy(dtype=float)
    elif {"cooperation", "confrontation"} <= set(g.columns):
        lo, hi = (np.asarray(v, dtype=float) for v in tone_interval(g["cooperation"].to_numpy(dtype=float),
                                                                    g["confrontation"].to_numpy(dtype=float)))
    low = (g["low_base"].fillna(False).to_numpy(dtype=bool) if "low_base" in g else
           g[base].lt(minimum).to_numpy(dtype=bool) & g[base].notna().to_numpy(dtype=bool))
    colour = "#55a868"
    ax.plot(x, y, marker="o", color=colour, label="tone index")
    _interval_marks(ax, x, y, lo, hi, low, colour)
    for xi, yi, n in zip(x, y, g[base], strict=True):
        if n == n and yi == yi:
            ax.annotate(f"{int(n)} s.", (xi, yi), textcoords="offset points", xytext=(0, 6), fontsize=7,
                        ha="center")
    ax.set_xticks(x)
    ax.set_xlim(-0.5, len(x) - 0.5)  # one period per unit, however few (the lines of a period set apart)
    ax.set_xticklabels(units, fontsize=8, rotation=0 if len(units) <= 12 else 90)
    ax.axhline(0, color="#999", lw=0.8)
    ax.set_ylim(-1.08, 1.2)  # room for the counts written above +1
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylabel("tone index (−1 confrontation … +1 cooperation)")
    what = "sentences with a tone word" if base == "scored_sentences" else "sentences"
    ax.set_xlabel(f"{unit} ({what} behind each point)")
    ax.set_title(title)
    _interval_legend(ax, band=lo is not None, hollow=f"under {minimum:,} {what}" if low.any() else None,
                     loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return fig


#: The colours of topics a taxonomy theme covers and of those none covers.
TOPIC_COLOURS = {True: "#4c72b0", False: "#dd8452"}


def topic_trends(table: pd.DataFrame, *, topics: Sequence[int] | None = None, labels: Mapping[int, str] | None = None,
                 uncovered: Iterable[int] = (), columns: int = 3, title: str = "Topics over time",
                 unit: str | None = None, scope: str | None = None) -> Any:
    """Small multiples: each topic's share of the units per period (a :func:`lavrovkit.topic_model.topic_prevalence`
    table), one panel per topic on a shared y-axis, so that topics can be compared without a tangle of lines.

    As in :func:`prevalence`: the 95% interval of each share is shaded (a bar for a lone readable point), a
    point whose period is under the minimum base (``low_base``) is hollow, a period without documents is a
    gap, and the bottom row's x-labels carry the documents behind each period. ``topics`` picks the panels
    (default: every topic, in number order); a topic in ``uncovered`` (no taxonomy theme covers it) has its
    title in orange.
    """
    from lavrovkit.stats import MIN_DOCUMENTS, MIN_SENTENCES

    shown = list(topics) if topics is not None else sorted(int(t) for t in table["topic"].unique())
    missing = set(uncovered)
    periods = calendar_periods(table["period"].unique())
    docs = table.drop_duplicates("period").set_index("period")["documents"].reindex(periods).fillna(0).astype(int)
    n = max(len(shown), 1)
    cols = max(1, min(columns, n))
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols + 0.8, 2.5 * rows + 1.2), sharex=True, sharey=True,
                             layout="constrained", squeeze=False)
    flat = axes.ravel()
    data = table.assign(_low=table["low_base"].astype(bool) if "low_base" in table else False)
    top = float(data.loc[data["topic"].isin(shown), "share"].max()) if len(data) else 0.0
    for ax, t in zip(flat, shown, strict=False):
        mine = data[data["topic"] == t]
        _period_lines(ax, mine, "topic", periods, "share", ("ci_low", "ci_high"), None)
        name = (labels or {}).get(int(t), str(t))
        ax.set_title(_shorten(name, 48) + (" (not covered)" if t in missing else ""), fontsize=9,
                     color=TOPIC_COLOURS[False] if t in missing else "black")
        ax.grid(alpha=0.3)
    for ax in flat[len(shown):]:
        ax.axis("off")
    if top > 0:
        flat[0].set_ylim(0, min(1.0, 1.35 * top))
    step = max(1, -(-len(periods) // 12))
    for i, ax in enumerate(flat[:len(shown)]):
        if i + cols < len(shown):
            continue  # a panel below carries the period labels (a blank panel below: this one does)
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xticks(range(len(periods)))
        ax.set_xticklabels([f"{p} ({docs[p]})" if j % step == 0 else "" for j, p in enumerate(periods)],
                           fontsize=7, rotation=90)
    level = table.attrs.get("level")
    fig.supylabel(f"share of the period's {unit or (level + 's' if level else 'units')}", fontsize=9)
    fig.supxlabel("period (documents behind each period)", fontsize=9)
    low = bool(data.loc[data["topic"].isin(shown), "_low"].any())
    what = ("shaded: 95% interval (Wilson)" + (f"; hollow: under {_minimum(table, 'units', MIN_SENTENCES):,} "
                                               f"units or {_minimum(table, 'documents', MIN_DOCUMENTS):,} "
                                               "documents in the period" if low else ""))
    fig.suptitle(_titled(title, scope) + f"\n{what}", fontsize=10)
    return fig


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(",", 1)[0] + "…"


def topic_sizes(topics: pd.DataFrame, *, title: str = "Topics by size", unit: str | None = None,
                themes: Mapping[str, str] | None = None, scope: str | None = None, ax: Any = None) -> Any:
    """Horizontal bars: each topic's size (units), blue where a taxonomy theme covers it and orange where
    none does, labelled with its number and keywords and, at the bar's end, its covering theme and that
    theme's share of the topic (a :func:`lavrovkit.topic_model.topic_model` ``topics`` table); ``themes``
    names the themes (id → label).
    """
    from matplotlib.patches import Patch

    data = topics.sort_values("topic")
    fig, ax = _axes(ax, (10, max(2.5, 0.34 * len(data) + 1.2)))
    names = [_shorten(f"{t} · {label}", 60) for t, label in zip(data["topic"], data["label"], strict=True)]
    colours = [TOPIC_COLOURS[bool(c)] for c in data["covered"]]
    ax.barh(names[::-1], data["size"].to_numpy()[::-1], color=colours[::-1])
    for y, (size, theme, share) in enumerate(zip(data["size"][::-1], data["theme"][::-1], data["theme_share"][::-1],
                                                 strict=True)):
        note = f"{(themes or {}).get(theme, theme)} {share:.0%}" if theme else "no theme"
        ax.annotate(note, (size, y), textcoords="offset points", xytext=(4, 0), va="center", fontsize=7,
                    color="#444444")
    level = topics.attrs.get("level")
    ax.set_xlabel(f"{unit or (level + 's' if level else 'units')} (count)")
    ax.set_ylabel("topic")
    ax.tick_params(axis="y", labelsize=8)
    ax.margins(x=0.18)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(handles=[Patch(color=TOPIC_COLOURS[True]), Patch(color=TOPIC_COLOURS[False])],
              labels=["covered by a theme", "no theme covers it"], loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize=8, frameon=False)
    ax.set_title(_titled(title, scope) + "\n(at the bar's end: the theme most of its units carry, and its share)",
                 fontsize=10)
    return fig


#: What a language code is called in a figure's legend.
LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}


def language_trend(table: pd.DataFrame, *, value: str = "per_10k", title: str = "Phrase use over time, per language",
                   ylabel: str = "uses per 10,000 words", ax: Any = None, scope: str | None = None) -> Any:
    """Lines of ``value`` per period for each language (and phrase, when there are several), from
    :func:`lavrovkit.translations.phrase_trend_languages`, with the raw count at each point and each
    language's words behind each period under the axis; intervals shaded, low-base points hollow (as
    :func:`trend`).

    >>> t = pd.DataFrame({"lang": ["en", "en", "ru", "ru"], "period": ["2019", "2021"] * 2,
    ...                   "phrase": "irritants", "count": [1, 2, 1, 2], "words": [215, 189, 120, 207]})
    >>> fig = language_trend(t)
    >>> [line.get_label() for line in fig.axes[0].lines][:2], fig.axes[0].get_xticklabels()[0].get_text()
    (['English', 'Russian'], '2019\\nEnglish 215 w\\nRussian 120 w')
    """
    from lavrovkit.stats import MIN_WORDS, rate_interval

    fig, ax = _axes(ax, (10, 4.8))
    if table.empty:
        ax.axis("off")
        ax.text(0.5, 0.5, "no documents to count", ha="center", va="center", fontsize=14)
        ax.set_title(_titled(title, scope))
        return fig
    if value == "per_10k" and not {"ci_low", "ci_high"} <= set(table.columns):
        lo_, hi_ = rate_interval(table["count"], table["words"])
        table = table.assign(ci_low=lo_, ci_high=hi_)
    if value == "per_10k" and "per_10k" not in table:
        table = table.assign(per_10k=(1e4 * table["count"] / table["words"].where(table["words"] > 0)).fillna(0))
    minimum = _minimum(table, "words", MIN_WORDS)
    low_base = table["low_base"].astype(bool) if "low_base" in table else table["words"].lt(minimum)
    name = table["lang"].map(lambda code: LANGUAGE_NAMES.get(str(code), str(code)))
    several = table["phrase"].nunique() > 1
    table = table.assign(_low=low_base, _line=name + (" · " + table["phrase"].astype(str) if several else ""))
    periods = calendar_periods(table["period"].unique())
    band = value == "per_10k"
    for xd, g in _period_lines(ax, table, "_line", periods, value, ("ci_low", "ci_high") if band else None):
        _count_labels(ax, xd, g, value, periods)
    behind: dict[str, list[str]] = {p: [] for p in periods}  # each language's words behind each period
    for lang, p, w in table.drop_duplicates(["lang", "period"])[["lang", "period", "words"]].itertuples(index=False):
        if str(p) in behind:
            behind[str(p)].append(f"{LANGUAGE_NAMES.get(str(lang), str(lang))} {int(w):,} w")
    labels = ["\n".join([p, *behind[p]]) for p in periods]
    ax.set_xticklabels(labels, fontsize=7, rotation=0 if len(periods) <= 8 else 90)
    ax.set_xlabel("period (words behind each point, per language; numbers on points are raw counts)")
    ax.set_ylabel(ylabel)
    ax.set_title(_titled(title, scope))
    ax.grid(alpha=0.3)
    _interval_legend(ax, band=band, hollow=f"base under {minimum:,} words" if low_base.any() else None,
                     lines=table["_line"].nunique(), loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                     frameon=False)
    return fig
