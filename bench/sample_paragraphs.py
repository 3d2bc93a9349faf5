"""Draw a seeded sample of UN General Debate paragraphs to hand-label with themes.

Usage::

    python bench/sample_paragraphs.py /tmp/un/ungdc/ungdc-2004-2022 /tmp/ungdc_c.jsonl [--n 420] [--seed 15]

What it does
------------
- Loads the speeches with ``lk.corpus_load(folder)`` (paragraphs come from loading; no annotation).
- Excludes every document already present in a labelled set: the ``doc_id`` of every row of every
  ``tests/data/themes/**/labels_*.jsonl`` (the held-out set included; only its ``doc_id`` field is read).
  A document is excluded when its ``doc_id`` or its file stem (``"2010/CHL_65_2010"`` -> ``"CHL_65_2010"``)
  matches, so a corpus loaded from another folder layout cannot slip one in.
- Keeps body paragraphs (``part == "body"``, not headings) of 20-250 words (whitespace-separated).
- Spreads ``n`` paragraphs over the years 2004-2022 or ``--years`` (the year is the ``_YYYY`` ending of the file
  stem, else the year of the document's date, as for saved Kremlin pages):
  ``n // years`` per year, the remainder given to years drawn with the seed; a year with too few eligible
  speeches gives its shortfall to the others. Within a year the speeches are shuffled with the seed and
  each gives one random paragraph; a second paragraph of a speech is drawn only when the year has fewer
  speeches than its quota (never more than two per speech).
- Writes JSONL rows ``{"set": "ungdc_c", "doc_id", "paragraph_id", "text", "themes": []}`` sorted by
  doc_id and paragraph_id, UTF-8, one object per line, the text exactly as loaded.

Everything random comes from one ``numpy.random.default_rng(seed)``; the same corpus and seed give the
same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "themes"
YEARS = range(2004, 2023)
_YEAR = re.compile(r"_(\d{4})$")


def stem(doc_id: str) -> str:
    """The file stem of a UN doc_id.

    >>> stem("2010/CHL_65_2010")
    'CHL_65_2010'
    >>> stem("CHL_65_2010")
    'CHL_65_2010'
    """
    return doc_id.rsplit("/", 1)[-1]


def doc_year(doc_id: str) -> int | None:
    """The year a UN General Debate doc_id ends with, or None.

    >>> doc_year("2010/CHL_65_2010")
    2010
    >>> doc_year("000") is None
    True
    """
    m = _YEAR.search(stem(doc_id))
    return int(m.group(1)) if m else None


def labelled_doc_ids(folder: Path = LABELS) -> set[str]:
    """Every doc_id (and its file stem) found in ``folder/**/labels_*.jsonl``; only the doc_id field is read."""
    seen: set[str] = set()
    for path in sorted(folder.rglob("labels_*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    doc_id = str(json.loads(line)["doc_id"])
                    seen.update({doc_id, stem(doc_id)})
    return seen


def eligible(paragraphs: pd.DataFrame, exclude: set[str], min_words: int = 20, max_words: int = 250,
             years: dict[str, int] | None = None, span: range = YEARS) -> pd.DataFrame:
    """Body paragraphs of min_words..max_words words from documents not in ``exclude``, with a ``year`` column.

    The year is the ``_YYYY`` ending of the doc_id, else ``years[doc_id]`` (e.g. the year of the
    document's date, for a corpus whose file names carry none); only years in ``span`` are kept.

    >>> p = pd.DataFrame({"doc_id": ["2010/A_65_2010", "2010/B_65_2010", "2011/C_66_2011"],
    ...                   "paragraph_id": [0, 0, 0], "text": ["w " * 30, "w " * 30, "w " * 5],
    ...                   "part": ["body"] * 3, "is_heading": [False] * 3})
    >>> eligible(p, {"B_65_2010"})[["doc_id", "year"]].to_dict("records")
    [{'doc_id': '2010/A_65_2010', 'year': 2010}]
    """
    p = paragraphs
    words = p["text"].map(lambda t: len(str(t).split()))
    keep = (p["part"] == "body") & ~p["is_heading"].astype(bool) & words.between(min_words, max_words)
    keep &= ~p["doc_id"].map(lambda d: d in exclude or stem(d) in exclude)
    out = p.loc[keep, ["doc_id", "paragraph_id", "text"]].copy()
    out["year"] = out["doc_id"].map(lambda d: doc_year(d) or (years or {}).get(d))
    out = out[out["year"].isin(list(span))]
    out["year"] = out["year"].astype(int)
    return out.reset_index(drop=True)


def _take_year(rows: pd.DataFrame, quota: int, rng: np.random.Generator) -> list[int]:
    """Row indexes of ``quota`` paragraphs of one year: one per shuffled speech, a second only if needed."""
    groups: dict[str, list[int]] = {str(d): [int(i) for i in g.index] for d, g in rows.groupby("doc_id", sort=True)}
    docs = sorted(groups)
    order = [docs[i] for i in rng.permutation(len(docs))]
    picks: dict[str, list[int]] = {}
    for d in order:
        idx = groups[d]
        picks[d] = [idx[i] for i in rng.permutation(len(idx))[:2]]
    chosen = [picks[d][0] for d in order][:quota]
    if len(chosen) < quota:
        chosen += [picks[d][1] for d in order if len(picks[d]) > 1][: quota - len(chosen)]
    return chosen


def sample(rows: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """n paragraphs spread over the years of ``rows`` (see module docstring), at most two per speech.

    >>> rows = pd.DataFrame({"doc_id": [f"{y}/X{i}_1_{y}" for y in (2004, 2005) for i in range(3) for _ in range(2)],
    ...                      "paragraph_id": [0, 1] * 6, "text": ["t"] * 12})
    >>> rows["year"] = rows["doc_id"].map(doc_year)
    >>> s = sample(rows, 4, seed=15)
    >>> s.groupby("year").size().to_dict(), int(s.groupby("doc_id").size().max())
    ({2004: 2, 2005: 2}, 1)
    """
    rng = np.random.default_rng(seed)
    years = sorted(int(y) for y in rows["year"].unique())
    capacity = {y: int(rows[rows["year"] == y].groupby("doc_id").size().clip(upper=2).sum()) for y in years}
    quota = {y: n // len(years) for y in years}
    for i in rng.permutation(len(years))[: n - sum(quota.values())]:
        quota[years[int(i)]] += 1
    # move any shortfall to years with room, in a seeded order
    short = sum(max(0, quota[y] - capacity[y]) for y in years)
    quota = {y: min(quota[y], capacity[y]) for y in years}
    while short > 0:
        room = [y for y in years if quota[y] < capacity[y]]
        if not room:
            break
        y = room[int(rng.integers(len(room)))]
        quota[y] += 1
        short -= 1
    chosen: list[int] = []
    for y in years:
        chosen += _take_year(rows[rows["year"] == y], quota[y], rng)
    out = rows.loc[chosen].sort_values(["doc_id", "paragraph_id"]).reset_index(drop=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", help="UN General Debate folder (year folders of .txt)")
    parser.add_argument("out", help="JSONL file to write")
    parser.add_argument("--n", type=int, default=420)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--set", default="ungdc_c", help="value of the rows' 'set' field")
    parser.add_argument("--years", default="2004-2022",
                        help="FIRST-LAST: the years to spread the sample over (a document without a year in its "
                             "file name takes its date's)")
    args = parser.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))

    import lavrovkit as lk

    corpus = lk.corpus_load(args.folder)
    exclude = labelled_doc_ids()
    dates = pd.to_datetime(corpus.documents.set_index("doc_id")["date"], errors="coerce")
    years = {str(d): int(t.year) for d, t in dates.items() if pd.notna(t)}
    rows = eligible(corpus.paragraphs, exclude, years=years, span=range(first, last + 1))
    picked = sample(rows, args.n, args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for rec in picked.to_dict("records"):
            row = {"set": args.set, "doc_id": str(rec["doc_id"]), "paragraph_id": int(rec["paragraph_id"]),
                   "text": str(rec["text"]), "themes": []}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(picked)} paragraphs from {picked['doc_id'].nunique()} speeches, "
          f"{len(rows)} eligible; per year {picked.groupby('year').size().to_dict()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
