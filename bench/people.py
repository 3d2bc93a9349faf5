"""Clean people: measure the people table of a corpus before and after a change, on a labelled check.

Usage::

    python bench/people.py FOLDER [--labels LABELS.jsonl] [--before REV] [--sample N --seed S --out FILE]
                                  [--json OUT.json]

The corpus is loaded with ``lavrovkit.corpus_load(FOLDER).annotate()`` (cache in ``$LAVROVKIT_CACHE``).
"After" is this checkout's ``lavrovkit.counterparts``; "before" is the package as it was at git revision
``REV`` (default 0f8d0d2, the kit before issue 13's clean-people work), extracted with ``git archive`` into a
temporary folder and run in a subprocess, so both read the same corpus and the same annotation cache.

Figures, for before and after (person–document rows are the rows of ``lk.counterparts(corpus)``):

- ``rows``, ``persons``: person–document rows and distinct people.
- ``unresolved``: rows whose person the gazetteer does not know (``resolved_by == "unresolved"``), and the 30
  most frequent unresolved names (documents each).
- ``side_unknown_rows``, ``side_unknown_persons``: rows, and distinct people, with no side.
- ``before_not_names``: of before's unresolved rows, those whose person this checkout's
  ``lavrovkit.people.not_a_name`` calls no one's name, by reason (organisation, place, title, ...), with
  examples: what the clean-up removes, counted on the whole corpus rather than on the sample.
- with ``--labels``: the labelled check. Each line of the JSON-lines file is one person–document row as a
  system wrote it (``doc_id``, ``person``) with what a reader of its sentences says: ``is_person`` (a
  person's name, not an organisation, place, group or title), ``name`` (the person's full name, titles
  stripped; null when not a person), ``side`` (the country or organisation the person acts for in the
  document as its reader knows it, ``unknown`` when the document does not tell), plus the ``sentence`` read
  and ``from`` (which system's sample it came from). A system is scored on the labelled rows it outputs:
  ``person_precision`` (rows that are persons), ``name_accuracy`` (person rows whose person equals the
  labelled name, case and accents ignored) and ``side_accuracy`` (person rows whose side equals the labelled
  side, no side counting as "unknown"), each ``{"n", "of", "ratio", "ci_low", "ci_high"}`` (Wilson 95%).

``--sample N --seed S --out FILE`` writes the rows to label: N rows drawn (numpy's default_rng(S)) from each
system's rows, merged, each with its first sentence and the system's person, side and role; labels are
added by hand to a copy under /work/labels/ (never committed: it quotes the corpus).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "0f8d0d2"
#: The code run in a subprocess for one revision: the counterparts table and each row's first sentence.
_DUMP = """
import sys, pandas as pd, lavrovkit as lk
c = lk.corpus_load(sys.argv[1]).annotate(progress=False)
cp = lk.counterparts(c)
m = lk.person_mentions(c)
first = m.drop_duplicates(["doc_id", "person"])[["doc_id", "person", "sentence_id", "surface"]]
s = c.sentences[["doc_id", "sentence_id", "text"]]
cp = cp.merge(first, on=["doc_id", "person"], how="left").merge(s, on=["doc_id", "sentence_id"], how="left")
cp[["doc_id", "person", "side", "role", "resolved_by", "mentions", "surface", "text"]].to_pickle(sys.argv[2])
"""


def rows_of(folder: str, package: Path, out: Path) -> pd.DataFrame:
    """The counterparts rows (with first surface and sentence) the package in ``package`` gives for ``folder``."""
    env = {**os.environ, "PYTHONPATH": str(package)}
    subprocess.run([sys.executable, "-c", _DUMP, folder, str(out)], check=True, env=env, cwd=package)
    return pd.read_pickle(out)


def checkout(rev: str, into: Path) -> Path:
    """The ``lavrovkit`` package as it was at ``rev``, extracted under ``into``."""
    archive = into / "src.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "lavrovkit"], check=True, stdout=fh)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of k successes in n trials."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(centre - half, 3), round(centre + half, 3))


def ratio(k: int, n: int) -> dict[str, Any]:
    low, high = wilson(k, n)
    return {"n": int(k), "of": int(n), "ratio": round(k / n, 3) if n else None, "ci_low": low, "ci_high": high}


def fold(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def figures(rows: pd.DataFrame, labels: pd.DataFrame | None) -> dict[str, Any]:
    """The figures of one system's rows (see the module docstring)."""
    unresolved = rows[rows["resolved_by"] == "unresolved"]
    persons = rows.drop_duplicates("person")
    out: dict[str, Any] = {
        "rows": len(rows), "persons": len(persons),
        "unresolved": ratio(len(unresolved), len(rows)),
        "top_unresolved": unresolved["person"].value_counts().head(30).to_dict(),
        "side_unknown_rows": ratio(int(rows["side"].isna().sum()), len(rows)),
        "side_unknown_persons": ratio(int(persons["side"].isna().sum()), len(persons)),
    }
    if labels is not None:
        got = rows.merge(labels, on=["doc_id", "person"], suffixes=("", "_true"))
        people = got[got["is_person"].astype(bool)]
        side = people["side"].fillna("unknown")
        out["labelled_rows"] = len(got)
        out["person_precision"] = ratio(len(people), len(got))
        out["name_accuracy"] = ratio(int((people["person"].map(fold) == people["name"].map(fold)).sum()), len(people))
        out["side_accuracy"] = ratio(int((side == people["side_true"]).sum()), len(people))
        unres = got[got["resolved_by"] == "unresolved"]
        out["unresolved_person_precision"] = ratio(int(unres["is_person"].astype(bool).sum()), len(unres))
    return out


def not_names(rows: pd.DataFrame) -> dict[str, Any]:
    """Unresolved rows whose person this checkout's rules call no one's name, by reason, with examples."""
    sys.path.insert(0, str(ROOT))
    from lavrovkit.people import not_a_name

    unresolved = rows[rows["resolved_by"] == "unresolved"]
    reasons = unresolved["person"].map(not_a_name)
    out: dict[str, Any] = {"rows": int(reasons.notna().sum()), "of": len(unresolved), "reasons": {}}
    for reason, group in unresolved.groupby(reasons, sort=False):
        counts = group["person"].value_counts()
        out["reasons"][str(reason)] = {"rows": len(group), "examples": counts.index[:4].tolist()}
    out["reasons"] = dict(sorted(out["reasons"].items(), key=lambda kv: -kv[1]["rows"]))
    return out


def sample(before: pd.DataFrame, after: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """N rows drawn from each system's rows (fixed seed), one row per (doc_id, person)."""
    rng = np.random.default_rng(seed)
    parts = []
    for tag, rows in (("before", before), ("after", after)):
        pick = rows.iloc[np.sort(rng.choice(len(rows), size=min(n, len(rows)), replace=False))]
        parts.append(pick.assign(**{"from": tag}))
    both = pd.concat(parts, ignore_index=True)
    both["from"] = both.groupby(["doc_id", "person"])["from"].transform(lambda s: "+".join(sorted(set(s))))
    return both.drop_duplicates(["doc_id", "person"]).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--labels", help="labelled rows (JSON lines)")
    ap.add_argument("--before", default=BEFORE, help=f"git revision of the 'before' kit (default {BEFORE})")
    ap.add_argument("--sample", type=int, help="write N rows per system to label (with --out)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", help="where --sample writes its rows (JSON lines)")
    ap.add_argument("--json", help="write the figures as JSON here too")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        before = rows_of(args.folder, checkout(args.before, Path(tmp)), Path(tmp) / "before.pkl")
        after = rows_of(args.folder, ROOT, Path(tmp) / "after.pkl")
    if args.sample:
        rows = sample(before, after, args.sample, args.seed)
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in rows.to_dict("records"):
                fh.write(json.dumps({"doc_id": r["doc_id"], "person": r["person"], "from": r["from"],
                                     "kit_side": r["side"], "kit_role": r["role"], "surface": r["surface"],
                                     "sentence": r["text"]}, ensure_ascii=False) + "\n")
        print(f"{len(rows)} rows to label written to {args.out}")
        return 0
    labels = None
    if args.labels:
        labels = pd.read_json(args.labels, lines=True, dtype={"doc_id": str})
        labels = labels[["doc_id", "person", "is_person", "name", "side"]]
    result = {"before": figures(before, labels), "after": figures(after, labels), "before_rev": args.before,
              "before_not_names": not_names(before)}
    for tag in ("before", "after"):
        f = result[tag]
        print(f"{tag}: {f['rows']} person-document rows, {f['persons']} people; unresolved {f['unresolved']['n']}"
              f" ({f['unresolved']['ratio']:.1%}); side unknown: rows {f['side_unknown_rows']['ratio']:.1%}, "
              f"people {f['side_unknown_persons']['ratio']:.1%}")
        if labels is not None:
            for key in ("person_precision", "unresolved_person_precision", "name_accuracy", "side_accuracy"):
                v = f[key]
                print(f"  {key}: {v['n']}/{v['of']} = {v['ratio']} [{v['ci_low']}, {v['ci_high']}]")
        print("  30 most frequent unresolved: " + "; ".join(f"{k} ({v})" for k, v in f["top_unresolved"].items()))
    nn = result["before_not_names"]
    print(f"before's unresolved rows that are no one's name now: {nn['rows']} of {nn['of']}: "
          + "; ".join(f"{k} {v['rows']} (e.g. {', '.join(v['examples'])})" for k, v in nn["reasons"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
