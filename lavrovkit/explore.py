"""Interactive exploration in JupyterLab: date range, themes, counterpart, phrase and speaker controls
that drive the same helpers as the reports (KWIC, phrase trend, theme prevalence), updated in place,
and a similar-passage box: type a sentence in English or Russian and get the closest passages
(:func:`lavrovkit.similar.similar`) within the same dates, counterpart and speaker.

The state → tables step (:meth:`Explorer.tables`) is plain pandas, so it is tested without a browser;
:meth:`Explorer.show` wires it to ipywidgets.

The speaker control follows :mod:`lavrovkit.selection`: ``"auto"`` (the start)
is Lavrov where he speaks in the corpus and all text where he never does.

Example
-------
>>> from lavrovkit.explore import Explorer
>>> ex = Explorer(corpus)
>>> ex.state.speaker
'Sergey Lavrov'
>>> ex.set(phrase="irritants", speaker="all").tables()["kwic"]["match"].tolist()[:1]
['irritants']
>>> ex.set(similar="Мы готовы к диалогу с Вашингтоном").tables()["similar"].columns.tolist()[:3]
['rank', 'doc_id', 'paragraph_id']
>>> ex.show()                                    # in JupyterLab  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from lavrovkit.corpus import document_labels
from lavrovkit.counterparts import person_mentions
from lavrovkit.phrasing import kwic, phrase_dispersion, phrase_trend
from lavrovkit.selection import AUTO_GRAIN, CALENDAR_GRAINS, grain_auto, speaker_scope
from lavrovkit.similar import COLUMNS, similar
from lavrovkit.themes import Taxonomy, taxonomy_load, theme_prevalence

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus


@dataclass(frozen=True)
class State:
    """What the controls say: the filters and the query."""

    start: str = ""
    end: str = ""
    themes: tuple[str, ...] = ()
    counterpart: str = ""
    phrase: str = "dialogue"
    speaker: str = "auto"
    grain: str = "auto"
    #: A sentence (any language) whose closest passages to show; empty: none (nothing is embedded).
    similar: str = ""
    #: Compare it with sentences or paragraphs.
    similar_level: str = "sentence"


@dataclass
class Explorer:
    """An explorer over one corpus (see the module docstring)."""

    corpus: Corpus
    taxonomy: Taxonomy = field(default_factory=taxonomy_load)
    state: State = field(default_factory=State)
    window: int = 8
    top: int = 25

    def __post_init__(self) -> None:
        # "auto": Lavrov where he speaks, else all text; a name nobody speaks in this corpus starts on all text
        s = self.state.speaker
        if s and s.strip().lower() == "auto":
            s = speaker_scope(self.corpus, s)[0] or "all"
            self.state = replace(self.state, speaker=s)
        if s and s.lower() != "all" and self.corpus.resolve_speaker(s) not in set(self.corpus.sentences["speaker"]):
            self.state = replace(self.state, speaker="all")
        if self.state.grain == AUTO_GRAIN:  # months for a short corpus, quarters, then years
            self.state = replace(self.state, grain=grain_auto(self.corpus.documents))

    def set(self, **changes: Any) -> Explorer:
        """Change the state (start, end, themes, counterpart, phrase, speaker, grain, similar,
        similar_level); returns self."""
        if "themes" in changes:
            changes["themes"] = tuple(self.taxonomy.check(changes["themes"] or ()))
        if changes.get("grain") == AUTO_GRAIN:
            changes["grain"] = grain_auto(self.corpus.documents)
        self.state = replace(self.state, **changes)
        return self

    def subcorpus(self) -> Corpus:
        """The corpus within the date range and, with a counterpart, the documents that name that person."""
        s = self.state
        c = self.corpus.filter(start=s.start or None, end=s.end or None)
        if s.counterpart:
            m = person_mentions(c, speaker="all")
            c = c.filter(doc_ids=m.loc[m["person"] == s.counterpart, "doc_id"].unique())
        return c

    def people(self) -> list[str]:
        """People named in the corpus, most mentioned first (choices of the counterpart control)."""
        m = person_mentions(self.corpus, speaker="all")
        return m["person"].value_counts().index.tolist()

    def similar_passages(self) -> pd.DataFrame:
        """The ``top`` passages closest to the similar-passage sentence within the dates, the counterpart's
        documents and the speaker (columns of :func:`lavrovkit.similar.similar`); empty without a sentence.

        The whole corpus's vectors are computed once (then cached) and filtered by a mask, so a new
        sentence or date range costs one product, not a new embedding."""
        s = self.state
        if not s.similar.strip():
            return pd.DataFrame(columns=COLUMNS[s.similar_level])
        filters: dict[str, Any] = {"start": s.start or None, "end": s.end or None}
        if s.counterpart:
            filters["doc_ids"] = self.subcorpus().documents["doc_id"].tolist()
        return similar(self.corpus, s.similar, top=self.top, level=s.similar_level, speaker=s.speaker or "all",
                       **filters)

    def tables(self) -> dict[str, pd.DataFrame]:
        """What the explorer shows for the current state: kwic, trend and dispersion (of the phrase),
        prevalence (themes) and similar (passages closest to the similar-passage sentence)."""
        s = self.state
        c = self.subcorpus()
        out: dict[str, pd.DataFrame] = {}
        speaker = s.speaker or "all"
        if s.phrase.strip() and len(c):
            out["kwic"] = kwic(c, s.phrase, window=self.window, speaker=speaker)
            out["trend"] = phrase_trend(c, [s.phrase], by=s.grain, speaker=speaker)
            out["dispersion"] = phrase_dispersion(c, [s.phrase], speaker=speaker)
        else:
            out["kwic"] = out["trend"] = out["dispersion"] = pd.DataFrame()
        themes = list(s.themes) or None
        out["prevalence"] = theme_prevalence(c, self.taxonomy, by=s.grain if s.grain != "doc" else "year",
                                             themes=themes, speaker=speaker) if len(c) else pd.DataFrame()
        out["similar"] = self.similar_passages()
        return out

    # ------------------------------------------------------------------ widgets

    def show(self) -> Any:
        """Build the controls and outputs (ipywidgets) and display them; every change redraws in place."""
        import ipywidgets as w
        from IPython.display import display

        s = self.state
        dates = self.corpus.documents["date"].dropna()
        lo = dates.min().date() if len(dates) else None
        hi = dates.max().date() if len(dates) else None
        start = w.DatePicker(description="from", value=pd.Timestamp(s.start).date() if s.start else lo)
        end = w.DatePicker(description="to", value=pd.Timestamp(s.end).date() if s.end else hi)
        themes = w.SelectMultiple(options=[(self.taxonomy.label(t), t) for t in self.taxonomy.ids], value=s.themes,
                                  description="themes", rows=6)
        person = w.Dropdown(options=[("anyone", "")] + [(p, p) for p in self.people()], value=s.counterpart,
                            description="counterpart")
        phrase = w.Text(value=s.phrase, description="phrase", continuous_update=False)
        speakers = ["Sergey Lavrov", "all"] + sorted(set(self.corpus.sentences["speaker"].dropna()) - {"Sergey Lavrov"})
        speaker = w.Dropdown(options=speakers, value=s.speaker if s.speaker in speakers else "all", description="speaker")
        grain = w.Dropdown(options=list(CALENDAR_GRAINS), value=s.grain, description="grain")
        like = w.Textarea(value=s.similar, description="similar to", continuous_update=False,
                          placeholder="a sentence in English or Russian: where else is this said?",
                          layout=w.Layout(width="60%"))
        level = w.Dropdown(options=["sentence", "paragraph"], value=s.similar_level, description="compare")
        outputs = {name: w.Output() for name in ("trend", "dispersion", "prevalence", "kwic", "similar")}

        def redraw(_: Any = None) -> None:
            self.set(start=str(start.value or ""), end=str(end.value or ""), themes=list(themes.value),
                     counterpart=person.value, phrase=phrase.value, speaker=speaker.value, grain=grain.value,
                     similar=like.value, similar_level=level.value)
            self._draw(outputs)

        for control in (start, end, themes, person, phrase, speaker, grain, like, level):
            control.observe(redraw, names="value")
        ui = w.VBox([w.HBox([start, end, grain]), w.HBox([phrase, speaker, person]), themes,
                     w.HBox([like, level]),
                     w.Tab(children=list(outputs.values()),
                           titles=["phrase trend", "where it occurs", "theme prevalence", "KWIC",
                                   "similar passages"])])
        display(ui)
        redraw()
        return ui

    def _draw(self, outputs: dict[str, Any] | None) -> None:
        """Draw the trend, the prevalence and the KWIC table, into widget outputs or (None) straight out."""
        import contextlib

        import matplotlib.pyplot as plt
        from IPython.display import display

        from lavrovkit import plots
        from lavrovkit.reports import table_html

        tables = self.tables()
        for name in ("trend", "dispersion", "prevalence", "kwic", "similar"):
            out = outputs[name] if outputs else None
            if out is not None:
                out.clear_output(wait=True)
            with out if out is not None else contextlib.nullcontext():
                table = tables[name]
                if name == "similar" and not self.state.similar.strip():
                    print("similar passages: type a sentence in English or Russian in the “similar to” box")
                elif table.empty:
                    print(f"{name}: nothing to show for these settings")
                elif name == "trend":
                    plots.trend(table, title=f"“{self.state.phrase}” by {self.state.grain}")
                    plt.show()
                elif name == "dispersion":
                    plots.dispersion(table, title=f"Where “{self.state.phrase}” occurs", top=self.top,
                                     labels={str(k): str(v) for k, v in document_labels(self.corpus.documents).items()})
                    plt.show()
                elif name == "prevalence":
                    top = table.groupby("theme").theme_sentences.sum().nlargest(8).index
                    plots.prevalence(table[table.theme.isin(top)], labels={t: self.taxonomy.label(t) for t in top},
                                     title=f"Theme prevalence by {self.state.grain if self.state.grain != 'doc' else 'year'}")
                    plt.show()
                elif name == "similar":
                    display(table_html(table, top=self.top,
                                       caption=f"The {len(table)} {self.state.similar_level}s closest to "
                                               f"“{self.state.similar}” (score: cosine, 1 = same meaning)"))
                else:
                    display(table_html(table.drop(columns="start_char"), top=self.top,
                                          caption=f"“{self.state.phrase}”: {len(table)} uses"))

    def snapshot(self) -> None:
        """Display the current figures and tables statically (what a rendered report shows)."""
        self._draw(None)
