"""Selection: which part of the corpus does an analysis look at — whose words, which periods, at which grain?

One place for the three choices every analysis helper shares:

- **whose words** (``speaker``), the same in every helper
  (themes, phrasing, tone, counterparts, explore):

  - ``"auto"`` (the default): Sergey Lavrov's own sentences where he speaks in
    the corpus, all text where he never does (e.g. the UN General Debates);
  - ``"all"`` or ``None`` (or an empty string, as a report parameter left empty): all text;
  - any other string: that person's sentences, any person who speaks
    (``"Putin"``, ``"Zakharova"``, ``"Rubio"``; resolved with
    :meth:`lavrovkit.corpus.Corpus.resolve_speaker`); ``"question"`` for the
    asking side, ``"none"``/``"narration"`` for sentences nobody speaks. A
    name nobody speaks is a :class:`~lavrovkit.errors.SpeakerError` listing the
    speakers there are.

- **time grains**: ``doc`` (one unit per document) and the calendar grains
  ``month``, ``quarter``, ``year`` (:data:`GRAINS`, :func:`check_grain`,
  :func:`period_of`); ``auto`` picks the calendar grain that fits the corpus's span
  and dates (:func:`grain_auto`, :func:`grain_resolve`), and :func:`grain_fit`
  says when a grain is finer than the dates can carry;
- **which language** (``lang``): ``"all"`` (or None, or an empty string) keeps every
  document; ``"en"``, ``"ru"`` (or a name: ``"Russian"``) keeps the documents of
  that language (``documents.lang``) (:func:`language_scope`);
- **periods** to compare: ``START:END`` spans and :func:`periods_auto` (the last
  third of a corpus's years against the first).

>>> speaker_scope(corpus, "auto")
('Sergey Lavrov', "Sergey Lavrov's own words")
>>> speaker_scope(corpus, None)
(None, 'all text')
>>> period_of(pd.Series(pd.to_datetime(["2019-02-03", None])), "quarter").tolist()
['2019Q1', <NA>]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import ParameterError, PhraseError

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

#: The person whose words ``speaker="auto"`` means where he speaks.
DEFAULT_SPEAKER = "Sergey Lavrov"
#: The default scope of the people-and-events helpers (mentions, counterparts, interactions): all text,
#: since contacts are reported in narration (see :mod:`lavrovkit.counterparts`); the values mean the same.
PEOPLE_SPEAKER = "all"
#: Every time grain: one unit per document, or per calendar month, quarter or year.
GRAINS = ("doc", "month", "quarter", "year")
#: The calendar grains and their pandas period frequency.
PERIOD_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
CALENDAR_GRAINS = tuple(PERIOD_FREQ)
#: The grain value that means "fit it to the corpus" (:func:`grain_auto`).
AUTO_GRAIN = "auto"
#: :func:`grain_auto`: a corpus spanning up to this many months is counted by month ...
AUTO_MONTHS = 24
#: ... up to this many years by quarter, and a longer one by year.
AUTO_QUARTER_YEARS = 6
#: The calendar grains each date precision can carry (a date known to the month has no day to place).
PRECISION_GRAINS = {"day": ("month", "quarter", "year"), "month": ("month", "quarter", "year"),
                    "year": ("year",), "unknown": ()}
#: Speaker values that mean all text (besides None).
ALL = ("all", "")


# ---------------------------------------------------------------------- time grains and periods


def check_grain(grain: str, allowed: tuple[str, ...] = GRAINS, what: str = "time grain") -> str:
    """The grain, or a :class:`ParameterError` naming the allowed values.

    >>> check_grain("year")
    'year'
    >>> check_grain("decade")
    Traceback (most recent call last):
    ...
    lavrovkit.errors.ParameterError: time grain 'decade' is not one of doc, month, quarter, year
    """
    if grain not in allowed:
        raise ParameterError(f"{what} {grain!r} is not one of {', '.join(allowed)}")
    return grain


def _dated(documents: pd.DataFrame) -> pd.DataFrame:
    docs = documents[documents["date"].notna()]
    if "date_precision" not in docs.columns:
        return docs.assign(date_precision="day")
    return docs.assign(date_precision=docs["date_precision"].fillna("day"))


def grain_auto(documents: pd.DataFrame) -> str:
    """The calendar grain that fits these documents: months for a corpus spanning up to
    :data:`AUTO_MONTHS` months, quarters up to :data:`AUTO_QUARTER_YEARS` years, years beyond; never
    finer than most documents' dates (a corpus dated mostly to the year is counted by year).

    A three-month channel export gets a handful of monthly points, not one yearly point; a twenty-year
    archive gets twenty yearly points, not eighty quarters.

    >>> grain_auto(corpus.documents)  # the seeds span 2016 to 2025
    'year'
    >>> docs = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-03-30"]), "date_precision": "day"})
    >>> grain_auto(docs)
    'month'
    """
    docs = _dated(documents)
    if docs.empty:
        return "year"
    first, last = docs["date"].min(), docs["date"].max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    grain = "month" if months <= AUTO_MONTHS else "quarter" if months <= 12 * AUTO_QUARTER_YEARS else "year"
    while grain != "year" and grain_fit(docs, grain) is not None:
        grain = "quarter" if grain == "month" else "year"
    return grain


def grain_resolve(documents: pd.DataFrame, grain: str) -> str:
    """The grain to count by: ``grain`` itself, checked, or for ``"auto"`` the one :func:`grain_auto` picks.

    >>> grain_resolve(corpus.documents, "auto"), grain_resolve(corpus.documents, "quarter")
    ('year', 'quarter')
    """
    if grain == AUTO_GRAIN:
        return grain_auto(documents)
    return check_grain(grain, (AUTO_GRAIN, *GRAINS))


def date_range(documents: pd.DataFrame) -> str:
    """The corpus's date range in words, for messages: 'the corpus covers 2016-08-27 to 2025-11-09 (5 dated
    documents)'.

    >>> date_range(corpus.documents)
    'the corpus covers 2016-08-27 to 2025-11-09 (5 dated documents)'
    """
    dates = documents["date"].dropna()
    if dates.empty:
        return f"no document of the corpus has a date ({len(documents)} documents)"
    return f"the corpus covers {dates.min().date()} to {dates.max().date()} ({len(dates)} dated documents)"


def grain_fit(documents: pd.DataFrame, grain: str) -> str | None:
    """Why ``grain`` is finer than these documents' dates, or ``None`` when it fits.

    A grain fits when at least half the dated documents are dated precisely enough for it (a month
    grain needs a day or a month; a document dated only to 2019 has no month to be counted in). The
    message gives the precision of the dates and the corpus's date range.

    >>> docs = pd.DataFrame({"date": pd.to_datetime(["2004-01-01", "2022-01-01"]), "date_precision": "year"})
    >>> grain_fit(docs, "month")
    "grain 'month' is finer than the corpus's dates: 2 of 2 dated documents are dated to the year only; \
use year; the corpus covers 2004-01-01 to 2022-01-01 (2 dated documents)"
    >>> grain_fit(docs, "year") is None
    True
    """
    check_grain(grain)
    if grain == "doc":
        return None
    docs = _dated(documents)
    if docs.empty:
        return f"grain {grain!r}: {date_range(documents)}"
    fits = docs["date_precision"].map(lambda p: grain in PRECISION_GRAINS.get(p, CALENDAR_GRAINS))
    if fits.mean() >= 0.5:
        return None
    coarse = docs.loc[~fits, "date_precision"].value_counts()
    how = ", ".join(f"{n} of {len(docs)} dated documents are dated to the {p} only" for p, n in coarse.items())
    def share(g: str) -> float:
        return float(docs["date_precision"].map(lambda p: g in PRECISION_GRAINS.get(p, CALENDAR_GRAINS)).mean())

    coarser = [g for g in CALENDAR_GRAINS[CALENDAR_GRAINS.index(grain) + 1:] if share(g) >= 0.5]
    use = f"use {coarser[0]}; " if coarser else ""
    return f"grain {grain!r} is finer than the corpus's dates: {how}; {use}{date_range(documents)}"


def period_of(dates: pd.Series, by: str) -> pd.Series:
    """Label dates by period: '2019-02' (month), '2019Q1' (quarter), '2019' (year); NaT stays missing.

    >>> period_of(pd.Series(pd.to_datetime(["2019-02-03"])), "month").tolist()
    ['2019-02']
    """
    check_grain(by, CALENDAR_GRAINS)
    return dates.dt.to_period(PERIOD_FREQ[by]).astype("string")


def calendar_periods(periods: Iterable[Any]) -> list[str]:
    """Every calendar period from the first to the last of ``periods`` (labels as :func:`period_of` gives
    them), so a period without documents is a gap on a time axis rather than two points drawn as
    neighbours; labels that are not periods of one grain (doc ids) come back sorted as they are.

    >>> calendar_periods(["2003", "2005", "2011"])[:4]
    ['2003', '2004', '2005', '2006']
    >>> calendar_periods(["2025-11", "2026-01"])
    ['2025-11', '2025-12', '2026-01']
    """
    labels = sorted({str(p) for p in periods if p is not None and not pd.isna(p)})
    if not labels:
        return []
    try:
        parsed = [pd.Period(p) for p in labels]
    except (ValueError, TypeError):
        return labels
    freqs = {p.freqstr for p in parsed}
    if len(freqs) != 1 or not all(_looks_like_period(p) for p in labels):
        return labels
    full = pd.period_range(min(parsed), max(parsed), freq=parsed[0].freq)
    if len(full) > 10 * len(labels) + 100:  # far apart: a gap per missing period would drown the axis
        return labels
    return [str(p) for p in full]


_PERIOD_LABEL = re.compile(r"^\d{4}(?:-\d{2}|Q[1-4])?$")


def _looks_like_period(label: str) -> bool:
    return bool(_PERIOD_LABEL.match(label))


def doc_periods(documents: pd.DataFrame, by: str) -> pd.Series:
    """Each document's unit at grain ``by``, indexed by doc_id: the doc_id itself for 'doc', else its period.

    >>> doc_periods(corpus.documents, "year").loc["002"]
    '2016'
    """
    check_grain(by)
    docs = documents.set_index("doc_id")
    if by == "doc":
        return pd.Series(docs.index, index=docs.index)
    return period_of(docs["date"], by)


def span(value: tuple[Any, Any] | str | None) -> tuple[str | None, str | None]:
    """A period as (start, end): a tuple, or 'START:END' with either side open ('2019-01-01:').

    >>> span("2016-01-01:2018-12-31"), span(":2018-12-31")
    (('2016-01-01', '2018-12-31'), (None, '2018-12-31'))
    """
    if value is None:
        return None, None
    if isinstance(value, str):
        if ":" not in value:
            raise PhraseError(f"period {value!r}: use START:END, either side may be empty (2019-01-01:)")
        left, right = value.split(":", 1)
        a: Any = left.strip() or None
        b: Any = right.strip() or None
    else:
        a, b = (value[0] or None), (value[1] or None)
    for side in (a, b):
        if side is not None and not _is_date(side):
            raise PhraseError(f"period {value!r}: {side!r} is not a date (YYYY-MM-DD)")
    return a, b


def _is_date(value: Any) -> bool:
    try:
        pd.Timestamp(value)
    except (ValueError, TypeError):
        return False
    return isinstance(value, (str, pd.Timestamp)) or hasattr(value, "year")


def periods_auto(corpus: Corpus, target: str = "auto", reference: str = "auto") -> tuple[str, str]:
    """Target and reference periods, with ``'auto'`` filled from the corpus's dates: its last third against
    its first, in whole periods of the grain that fits its span (:func:`grain_auto`: years for a long
    archive, quarters, months for a three-month channel export).

    A period given as START:END stays as it is; thirds are by documents, so a busy year weighs more.

    >>> periods_auto(corpus)
    ('2019-01-01:', ':2017-12-31')
    >>> docs = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-01-20", "2026-02-11", "2026-03-30"]),
    ...                      "date_precision": "day"})
    >>> periods_auto(docs)
    ('2026-02-01:', ':2026-01-31')
    """
    if target != "auto" and reference != "auto":
        return target, reference
    documents = corpus if isinstance(corpus, pd.DataFrame) else corpus.documents
    grain = grain_auto(documents)
    dated = _dated(documents)
    periods = dated["date"].dt.to_period(PERIOD_FREQ[grain]).sort_values()
    ordinals = pd.Series(periods.array.asi8)
    if ordinals.nunique() < 2:
        raise PhraseError(f"the corpus's dated documents fall in one {grain}: give target and reference periods "
                          f"(START:END); {date_range(documents)}")
    freq = PERIOD_FREQ[grain]
    if target == "auto":
        first = pd.Period(ordinal=int(ordinals.quantile(2 / 3, interpolation="higher")), freq=freq)
        if first.ordinal == ordinals.min():
            first = first + 1
        target = f"{first.start_time.date()}:"
    if reference == "auto":
        start = pd.Timestamp(target.split(":")[0]) if target.split(":")[0] else None
        last = pd.Period(ordinal=int(ordinals.quantile(1 / 3, interpolation="lower")), freq=freq)
        if start is not None and last.end_time >= start:
            last = pd.Period(start, freq=freq) - 1
        reference = f":{last.end_time.date()}"
    return target, reference


def periods_split(split: str) -> tuple[str, str]:
    """A split date as (target, reference) periods: on and after it, and before it.

    >>> periods_split("2022-02-24")
    ('2022-02-24:', ':2022-02-23')
    """
    if not _is_date(split):
        raise PhraseError(f"split date {split!r} is not a date (YYYY-MM-DD)")
    day = pd.Timestamp(split)
    return f"{day.date()}:", f":{(day - pd.Timedelta(days=1)).date()}"


# ---------------------------------------------------------------------- whose words


def is_all(speaker: str | None) -> bool:
    """Does a speaker value mean all text (None, 'all' or '')?

    >>> is_all(None), is_all(" All "), is_all(""), is_all("auto")
    (True, True, True, False)
    """
    return speaker is None or speaker.strip().lower() in ALL


def speaker_scope(corpus: Corpus, speaker: str | None = "auto", label: bool = True) -> tuple[str | None, str]:
    """Whose sentences an analysis counts: the speaker to filter on (None: all text), and a phrase saying so.

    See the module docstring for the values. A name nobody in the corpus speaks
    raises :class:`~lavrovkit.errors.SpeakerError` listing the speakers there are.
    With ``label=False`` the phrase is left empty, and whether the speaker
    speaks is found by :meth:`~lavrovkit.corpus.Corpus.speaks` (only documents
    that name them are attributed): a first question over all text needs no
    speaker attribution.

    >>> speaker_scope(corpus, "lavrov")
    ('Sergey Lavrov', "Sergey Lavrov's own words")
    >>> speaker_scope(corpus, "all")
    (None, 'all text')
    >>> speaker_scope(corpus, "Putin")  # he is named in the seeds, but never speaks there
    Traceback (most recent call last):
    ...
    lavrovkit.errors.SpeakerError: no sentence is spoken by 'Putin'; speakers in this corpus: Sergey Lavrov (183), ...
    """
    from lavrovkit.corpus import speaker_not_found

    if is_all(speaker):
        return None, "all text"
    assert speaker is not None
    who = speaker.strip()
    low = who.lower()
    if low == "auto":
        name = corpus.resolve_speaker(DEFAULT_SPEAKER)
        if name is not None and corpus.speaks(name):
            return name, f"{name}'s own words" if label else ""
        if not label:
            return None, ""
        top = ", ".join(corpus.sentences["speaker"].value_counts().head(3).index) or "nobody identified"
        return None, f"all text ({DEFAULT_SPEAKER} never speaks in this corpus; most sentences: {top})"
    if low in ("none", "narration"):
        return "none", "narration (sentences nobody speaks)"
    name = corpus.resolve_speaker(who)
    if name is None or not corpus.speaks(name):
        speaker_not_found(corpus, who)
    return name, ("the questions" if name == "question" else f"{name}'s own words")


def scoped(corpus: Corpus, speaker: str | None = "auto", filters: Mapping[str, Any] | None = None) -> Corpus:
    """The corpus an analysis runs on: ``speaker``'s sentences (see :func:`speaker_scope`) within ``filters``.

    ``filters`` go to :meth:`lavrovkit.corpus.Corpus.filter` (start, end,
    source, genre, doc_ids, documents columns); a ``speaker`` among them is the
    speaker. The sub-corpus is kept in ``corpus.memo``, so repeated calls reuse
    it (and what is memoised on it); a corpus already restricted to that
    speaker, with no other filter, is returned as it is.

    >>> len(scoped(corpus, "all")) == len(corpus), scoped(corpus).speaker_filter
    (True, 'Sergey Lavrov')
    """
    rest = dict(filters or {})
    if "speaker" in rest:
        speaker = rest.pop("speaker")
    rest = {k: v for k, v in rest.items() if v is not None}
    name, _ = speaker_scope(corpus, speaker, label=False)
    if name is None or name == corpus.speaker_filter:
        name = None
        if not rest:
            return corpus
    key = ("scoped", name, repr(sorted((k, v if isinstance(v, str) else repr(v)) for k, v in rest.items())))
    if key not in corpus.memo:
        corpus.memo[key] = corpus.filter(speaker=name, **rest)
    sub: Corpus = corpus.memo[key]
    return sub


def language_scope(corpus: Corpus, lang: str | None = "all") -> Corpus:
    """The documents of one language: ``"en"``, ``"ru"`` (or ``"Russian"``, ``"русский"``), or every document
    for ``"all"``, None or an empty string. A language with no document in the corpus is a
    :class:`~lavrovkit.errors.ParameterError` saying which languages there are.

    >>> len(language_scope(corpus, "English")), len(language_scope(corpus, "all"))
    (5, 5)
    """
    from lavrovkit.lang import language_code

    if lang is None or not str(lang).strip() or str(lang).strip().lower() == "all":
        return corpus
    code = language_code(lang)
    there = corpus.documents["lang"].value_counts()
    if code is None or code not in there.index:
        have = ", ".join(f"{k} ({v})" for k, v in there.items()) or "none"
        raise ParameterError(f"lang {lang!r}: no document in this language here; the corpus has: {have}")
    return corpus.filter(lang=code)


def language_mix(documents: pd.DataFrame) -> str:
    """The languages of some documents, in words: ``"5 English"``, ``"8 English, 4 Russian"``.

    >>> language_mix(pd.DataFrame({"lang": ["en", "ru", "en"]}))
    '2 English, 1 Russian'
    """
    names = {"en": "English", "ru": "Russian"}
    counts = documents["lang"].fillna("?").value_counts() if "lang" in documents else pd.Series(dtype=int)
    return ", ".join(f"{n} {names.get(str(code), str(code))}" for code, n in counts.items())


def scope_label(corpus: Corpus, speaker: str | None = "auto") -> str:
    """A phrase naming whose words an analysis counts ('Sergey Lavrov's own words', 'all text', ...)."""
    return speaker_scope(corpus, speaker)[1]


__all__ = ["language_mix", "language_scope", "AUTO_GRAIN", "date_range", "grain_auto", "grain_fit", "grain_resolve", "CALENDAR_GRAINS", "calendar_periods", "DEFAULT_SPEAKER", "PEOPLE_SPEAKER", "GRAINS", "PERIOD_FREQ", "periods_auto", "check_grain",
           "doc_periods", "is_all", "period_of", "scope_label", "scoped", "span", "speaker_scope", "periods_split"]


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('auto_periods', 'split_periods')})
