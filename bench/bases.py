"""How many rows of a corpus's trend tables rest on a base under the minimum, and what the intervals cost.

Usage::

    python bench/bases.py FOLDER [--by year] [--speaker all] [--png DIR]

Loads ``lavrovkit.corpus_load(FOLDER)`` (annotated on first use, cached under ``$LAVROVKIT_CACHE``) and
prints, for the phrase trends of the phrasing notebook's default phrases and families and for the theme
prevalence of every theme: the ``low_base`` rows and periods (``lavrovkit.stats``: under 1,000 words for a
rate; under 30 sentences or 5 documents for a prevalence); the tone groups under 30 sentences with a tone
word; the time of each table and of its interval columns alone (best of five). With ``--png`` the trend,
prevalence, tone and keyness figures are saved there to look at.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lavrovkit as lk
from lavrovkit.stats import MIN_DOCUMENTS, interval_columns

PHRASES = ["dialogue", "irritants", "our American partners", "Washington"]
FAMILIES = ["naming_the_us", "pressure", "dialogue"]


def best(f: Callable[[], Any], n: int = 5) -> float:
    """The fastest of ``n`` runs of ``f``, in milliseconds."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return 1e3 * min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--by", default="year")
    parser.add_argument("--speaker", default="all")
    parser.add_argument("--png", default="")
    args = parser.parse_args(argv)
    c = lk.corpus_load(args.folder).annotate(progress=False)
    by, who = args.by, args.speaker
    trend = lk.phrase_trend(c, PHRASES, by=by, speaker=who)
    families = lk.phrase_trend(c, families=FAMILIES, by=by, speaker=who)
    prevalence = lk.theme_prevalence(c, by=by, speaker=who)
    print(f"{len(c)} documents, by {by}, speaker {who}")
    for name, table in (("phrase_trend, 4 phrases", trend), ("phrase_trend, 3 families", families),
                        ("theme_prevalence, every theme", prevalence)):
        periods = table.drop_duplicates("period")
        print(f"{name}: {int(table['low_base'].sum())} of {len(table)} rows low_base "
              f"({int(periods['low_base'].sum())} of {len(periods)} periods: "
              f"{', '.join(periods.loc[periods['low_base'], 'period']) or 'none'})")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tone = lk.tone_groups(c, by=by, speaker=who)
    print(f"tone_groups: {int(tone['low_base'].sum())} of {len(tone)} periods low_base")
    bare_trend = trend.drop(columns=["ci_low", "ci_high", "low_base"])
    bare_prev = prevalence.drop(columns=["ci_low", "ci_high", "doc_ci_low", "doc_ci_high", "low_base"])

    def prevalence_intervals() -> None:
        docs = interval_columns(bare_prev, count="theme_documents", base="documents", min_base=MIN_DOCUMENTS,
                                prefix="doc_")
        interval_columns(docs, count="theme_sentences", base="sentences", also_low=docs["doc_low_base"])

    print(f"phrase_trend: {best(lambda: lk.phrase_trend(c, PHRASES, by=by, speaker=who)):.1f} ms, of which the "
          f"intervals {best(lambda: interval_columns(bare_trend, count='count', base='words', kind='rate')):.2f} ms")
    print(f"theme_prevalence: {best(lambda: lk.theme_prevalence(c, by=by, speaker=who)):.1f} ms, of which the "
          f"intervals {best(prevalence_intervals):.2f} ms")
    if args.png:
        import matplotlib

        matplotlib.use("Agg")
        out = Path(args.png)
        out.mkdir(parents=True, exist_ok=True)
        lk.plots.trend(trend, title=f"Phrases by {by}").savefig(out / "trend.png", dpi=80)
        top = prevalence.groupby("theme")["theme_sentences"].sum().nlargest(4).index
        lk.plots.prevalence(prevalence[prevalence["theme"].isin(top)], title=f"Themes by {by}").savefig(
            out / "prevalence.png", dpi=80)
        lk.plots.tone(tone, unit="period", title=f"Tone by {by}").savefig(out / "tone.png", dpi=80)
        print(f"figures in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
