"""Measure the kit on held-out Russian documents it was not written on (``bench/data/ru_heldout/``).

The folder holds Russian originals of the genres the kit meets (Foreign Ministry transcripts, Zakharova
briefings, Ministry statements, news agency reports, a newspaper interview, Kremlin transcripts and
readouts, Telegram posts; a few as saved HTML pages) and ``gold.jsonl``, one line per document: file, genre, date, source, title,
speakers (a verbatim snippet of one sentence and who speaks it: a canonical name, ``question``,
``remark``, ``Russian Foreign Ministry``, or null for narration), people, themes.

The script loads the folder with ``lk.corpus_load`` and prints, per genre and overall:

- ``lang=ru``: documents the kit marks Russian;
- ``date``: the day right (a gold null is right only when the kit gives no date);
- ``source``: the source right (names mapped to one canonical form each);
- ``title`` / ``title (HTML)``: the title right (case, ё/е, quotes, dashes and spaces ignored; the gold's
  ``title_alt`` lists other acceptable forms);
- ``speaker``: the speaker of the kit's sentence that contains each gold snippet (a snippet no
  sentence contains counts as wrong; how many is printed), also per kind of speaker;
- ``people P/R``: person names of ``lk.person_mentions`` (else ``lk.counterparts``) per document
  against the gold's (micro precision and recall over document-person pairs; recall also over the
  people ``actors.yaml`` lists);
- ``themes P/R/F1``: document themes of ``lk.theme_docs`` (a theme with at least one sentence)
  against the gold's (micro over document-theme pairs).

A kit function or column that is missing is reported as "not available", never a crash.
``--errors`` lists the wrong snippets, dates, sources, titles, people and themes; ``--check-gold`` checks
the gold itself (each snippet verbatim and unique in its file, 4-10 words; theme ids known) after an edit.

Run (the machine is shared: run it rarely)::

    cd /work/wt-rueval && PYTHONPATH=/work/wt-rueval LAVROVKIT_CACHE=/tmp/cache-rueval \\
        nice -n 10 /work/main/.venv/bin/python bench/russian_check.py bench/data/ru_heldout [--errors]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

GENRES = ("mfa_transcript", "zakharova_briefing", "mfa_statement", "news", "interview", "kremlin", "telegram")
SHORT = {"mfa_transcript": "MFA-tr", "zakharova_briefing": "brief", "mfa_statement": "stmt", "news": "news",
         "interview": "intvw", "kremlin": "kreml", "telegram": "tg", "all": "ALL"}
NA = "not available"

#: Source names (folded) -> the canonical name the gold writes.
SOURCES: dict[str, str] = {
    **dict.fromkeys(("russian foreign ministry", "ministry of foreign affairs", "russian mfa", "mfa", "mid.ru",
                     "ministry of foreign affairs of the russian federation", "foreign ministry", "мид россии",
                     "министерство иностранных дел российской федерации", "мид рф", "мид"),
                    "Russian Foreign Ministry"),
    **dict.fromkeys(("kremlin", "president of russia", "kremlin.ru", "en.kremlin.ru", "президент россии", "кремль"),
                    "Kremlin"),
    **dict.fromkeys(("tass", "itar-tass", "тасс", "tass.ru"), "TASS"),
    **dict.fromkeys(("ria novosti", "ria", "риа новости", "ria.ru"), "RIA Novosti"),
    **dict.fromkeys(("interfax", "интерфакс", "interfax.ru"), "Interfax"),
    **dict.fromkeys(("rbc", "рбк", "rbc.ru"), "RBC"),
    **dict.fromkeys(("kommersant", "коммерсантъ", "коммерсант", "kommersant.ru"), "Kommersant"),
    **dict.fromkeys(("izvestia", "izvestiya", "известия", "iz.ru"), "Izvestia"),
}
#: Speaker names (folded) that mean the same as a gold speaker.
SPEAKERS: dict[str, str] = {
    **dict.fromkeys(("russian foreign ministry", "foreign ministry", "ministry of foreign affairs", "мид россии",
                     "russian ministry of foreign affairs"), "russian foreign ministry"),
}


def fold(text: object) -> str:
    """Lower case, no accents, ё as е, one kind of quote and dash, single spaces."""
    s = "".join(_plain_letter(c) for c in unicodedata.normalize("NFC", str(text)).casefold()).replace("ё", "е")
    s = re.sub(r"[«»„“”\"'’‘]", '"', s)
    s = re.sub(r"[‐‑‒–—−]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def _plain_letter(c: str) -> str:
    """A Latin letter without its accent (António: Antonio); Cyrillic letters (й, ё) as they are."""
    if c.isascii() or "\u0400" <= c <= "\u04ff":
        return c
    return "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))


def fold_title(text: object) -> str:
    return fold(text).rstrip(" .").replace(". ", ".")


def fold_name(name: object) -> str:
    return re.sub(r"[\s.\-]+", " ", fold(name)).strip()


def missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@dataclass
class Tally:
    """Right and total per genre."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, genre: str, ok: bool) -> None:
        for g in (genre, "all"):
            self.total[g] += 1
            self.right[g] += int(ok)

    def cell(self, genre: str) -> str:
        n = self.total[genre]
        return f"{self.right[genre]}/{n}" if n else "-"


@dataclass
class PR:
    """True positives, predicted and gold counts per genre (micro averages)."""

    tp: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, genre: str, predicted: set[str], gold: set[str]) -> None:
        for g in (genre, "all"):
            self.tp[g] += len(predicted & gold)
            self.pred[g] += len(predicted)
            self.gold[g] += len(gold)

    def figures(self, genre: str) -> tuple[float, float, float]:
        p = self.tp[genre] / self.pred[genre] if self.pred[genre] else 0.0
        r = self.tp[genre] / self.gold[genre] if self.gold[genre] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def attempt(what: str, fn: Callable[[], Any], notes: list[str]) -> Any:
    """``fn()``, or None with a note when the kit lacks it (or it fails): the check goes on."""
    try:
        return fn()
    except (AttributeError, ImportError, KeyError) as exc:
        notes.append(f"{what}: {NA} ({type(exc).__name__}: {exc})")
    except Exception as exc:  # noqa: BLE001 - a failing kit function is a finding, not a crash
        notes.append(f"{what}: failed ({type(exc).__name__}: {str(exc)[:200]})")
    return None


def gold_load(folder: Path) -> list[dict[str, Any]]:
    with open(folder / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_problems(folder: Path, gold: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the gold itself: snippets not verbatim and unique in their file (tags stripped) or
    not 4-10 words, unknown theme ids, files without a gold line."""
    import lavrovkit as lk

    known = set(getattr(lk.taxonomy_load(), "ids", []))
    out: list[str] = []
    for g in gold:
        raw = (folder / g["file"]).read_text(encoding="utf-8")
        if g["file"].endswith((".html", ".htm")):
            raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        text = space(raw)
        for s in g["speakers"]:
            n, words = text.count(s["snippet"]), len(s["snippet"].split())
            if n != 1 or not 4 <= words <= 10:
                out.append(f"{g['file']}: «{s['snippet']}» found {n} times, {words} words")
        out += [f"{g['file']}: unknown theme {t!r}" for t in g["themes"] if known and t not in known]
    listed = {g["file"] for g in gold}
    out += [f"{p.name}: no gold line" for p in sorted(folder.iterdir())
            if p.suffix in (".txt", ".html", ".htm") and p.name not in listed]
    return out


def speaker_kind(speaker: str | None) -> str:
    if speaker is None:
        return "narration"
    if speaker in ("question", "remark", "moderator"):
        return "question/remark"
    if speaker == "Russian Foreign Ministry":
        return "institution"
    if speaker == "Sergey Lavrov":
        return "Lavrov"
    if speaker == "Maria Zakharova":
        return "Zakharova"
    return "other person"


def same_speaker(kit: Any, gold: str | None) -> bool:
    if gold is None:
        return missing(kit) or fold(kit) in ("", "none", "narration", "unattributed")
    if missing(kit):
        return False
    k, g = fold_name(kit), fold_name(gold)
    return SPEAKERS.get(k, k) == SPEAKERS.get(g, g)


def table(rows: list[tuple[str, dict[str, str]]], genres: list[str]) -> str:
    """The measures as rows, the genres as columns; a measure the kit lacks on one line."""
    cols = [SHORT[g] for g in genres]
    width = max(len(r[0]) for r in rows) + 2
    lines = [" " * width + "".join(f"{c:>10}" for c in cols)]
    for name, cells in rows:
        if cells and all(v == NA for v in cells.values()):
            lines.append(f"{name:<{width}}{NA:>10}")
            continue
        lines.append(f"{name:<{width}}" + "".join(f"{cells.get(g, '-'):>10}" for g in genres))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path(__file__).parent / "data" / "ru_heldout")
    parser.add_argument("--errors", action="store_true", help="list every wrong snippet, date, source, title, "
                                                              "person and theme")
    parser.add_argument("--check-gold", action="store_true", help="check the gold itself (snippets verbatim and "
                                                                  "unique, 4-10 words; theme ids) and stop")
    args = parser.parse_args(argv)
    gold = gold_load(args.folder)
    if args.check_gold:
        problems = gold_problems(args.folder, gold)
        print("\n".join(problems) or f"gold ok: {len(gold)} documents")
        return 1 if problems else 0
    notes: list[str] = []
    errors: defaultdict[str, list[str]] = defaultdict(list)

    import lavrovkit as lk

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = lk.corpus_load(args.folder)
    t_load = time.perf_counter() - t0
    docs = corpus.documents
    records: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in docs.to_dict("records")]
    by_file = {Path(str(r["file"])).name: r for r in records}
    genre_of = {g["file"]: g.get("genre", "other") for g in gold}
    genres = [g for g in GENRES if g in set(genre_of.values())] + ["all"]
    unloaded = [g["file"] for g in gold if g["file"] not in by_file]
    if unloaded:
        notes.append(f"not loaded as documents: {', '.join(unloaded)}")
    extra = sorted(set(by_file) - set(genre_of))
    if extra:
        notes.append(f"loaded as documents but not in the gold (not scored): {', '.join(extra)}")
    doc_id_of = {f: r["doc_id"] for f, r in by_file.items()}
    docs_per = Counter(genre_of[g["file"]] for g in gold)
    rows: list[tuple[str, dict[str, str]]] = [("documents", {**{g: str(docs_per[g]) for g in genres[:-1]},
                                                              "all": str(len(gold))})]

    # --- lang, date, source, title: the documents table
    def doc_measure(name: str, column: str, judge: Callable[[dict[str, Any], dict[str, Any]], tuple[bool, str]],
                    only: Callable[[dict[str, Any]], bool] = lambda g: True) -> None:
        if column not in docs.columns:
            rows.append((name, dict.fromkeys(genres, NA)))
            return
        tally = Tally()
        for g in gold:
            if not only(g):
                continue
            row = by_file.get(g["file"])
            ok, shown = judge(g, row) if row is not None else (False, "(not loaded)")
            tally.add(genre_of[g["file"]], ok)
            if not ok and not name.startswith(" ") and name != "title (HTML)":  # the sub-rows repeat their measure
                errors[name].append(f"{g['file']}: kit {shown}")
        rows.append((name, {x: tally.cell(x) for x in genres}))

    def lang(g: dict[str, Any], row: dict[str, Any]) -> tuple[bool, str]:
        return row.get("lang") == "ru", repr(row.get("lang"))

    def date(g: dict[str, Any], row: dict[str, Any]) -> tuple[bool, str]:
        value, precision = row.get("date"), row.get("date_precision")
        kit = None if value is None or missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
        if g["date"] is None:
            return kit is None, f"{kit} ({precision}), gold none"
        return kit == g["date"] and precision in (None, "day"), f"{kit} ({precision}), gold {g['date']}"

    def source(g: dict[str, Any], row: dict[str, Any]) -> tuple[bool, str]:
        kit = row.get("source")
        name = None if missing(kit) else SOURCES.get(fold(kit), str(kit))
        return name == g["source"], f"{kit!r}, gold {g['source']!r}"

    def title(g: dict[str, Any], row: dict[str, Any]) -> tuple[bool, str]:
        kit = row.get("title")
        if g["title"] is None:
            return missing(kit) or not str(kit).strip(), f"{kit!r}, gold none"
        accepted = {fold_title(t) for t in [g["title"], *g.get("title_alt", [])]}
        return not missing(kit) and fold_title(kit) in accepted, f"{kit!r}, gold {g['title']!r}"

    doc_measure("lang=ru", "lang", lang)
    doc_measure("date", "date", date)
    dated = [g for g in gold if g["date"] is not None]
    doc_measure("  (gold has a date)", "date", date, only=lambda g: g["date"] is not None)
    doc_measure("  (gold: no date)", "date", date, only=lambda g: g["date"] is None)
    if len(dated) == len(gold):
        rows[-2:] = []
    doc_measure("source", "source", source)
    doc_measure("title", "title", title)
    doc_measure("title (HTML)", "title", title, only=lambda g: g["file"].endswith((".html", ".htm")))

    # --- speakers: the sentence holding each snippet
    t1 = time.perf_counter()
    sents = attempt("corpus.sentences", lambda: corpus.sentences, notes)
    t_sent = time.perf_counter() - t1
    kinds = ("Lavrov", "Zakharova", "other person", "question/remark", "institution", "narration")
    if sents is None or not {"doc_id", "text", "speaker"} <= set(sents.columns):
        rows.append(("speaker", dict.fromkeys(genres, NA)))
    else:
        by_doc = {d: list(zip(f["text"].map(lambda t: space(str(t))), f["speaker"], strict=True))
                  for d, f in sents.groupby("doc_id", sort=False)}
        text_of = {r["doc_id"]: space(str(r.get("text", ""))) for r in by_file.values()}
        tally, per_kind, not_found, split = Tally(), {k: Tally() for k in kinds}, Counter[str](), Counter[str]()
        for g in gold:
            genre, doc_id = genre_of[g["file"]], doc_id_of.get(g["file"])
            for s in g["speakers"]:
                hits = [sp for text, sp in by_doc.get(doc_id, []) if s["snippet"] in text]
                ok = bool(hits) and same_speaker(hits[0], s["speaker"])
                tally.add(genre, ok)
                per_kind[speaker_kind(s["speaker"])].add(genre, ok)
                if not hits:
                    not_found[genre] += 1
                    not_found["all"] += 1
                    where = "split across sentences" if s["snippet"] in text_of.get(doc_id, "") else "not in the text"
                    split[where] += 1
                    errors["speaker"].append(f"{g['file']}: «{s['snippet']}» gold {s['speaker']}, kit: no sentence "
                                             f"({where})")
                elif not ok:
                    errors["speaker"].append(f"{g['file']}: «{s['snippet']}» gold {s['speaker']}, kit {hits[0]}")
        rows.append(("speaker", {x: tally.cell(x) for x in genres}))
        for k in kinds:
            rows.append((f"  {k}", {x: per_kind[k].cell(x) for x in genres}))
        rows.append(("  (snippet not found)", {x: str(not_found[x]) for x in genres}))
        if split:
            notes.append("snippets in no sentence: " + ", ".join(f"{n} {w}" for w, n in split.items()))

    # --- people
    t2 = time.perf_counter()
    people = attempt("lk.person_mentions", lambda: lk.person_mentions(corpus, speaker="all"), notes)
    if people is None:
        people = attempt("lk.counterparts", lambda: lk.counterparts(corpus, speaker="all"), notes)
    t_people = time.perf_counter() - t2
    if people is None or not {"doc_id", "person"} <= set(people.columns):
        rows += [("people P", dict.fromkeys(genres, NA)), ("people R", dict.fromkeys(genres, NA))]
    else:
        found: defaultdict[str, set[str]] = defaultdict(set)
        shown: dict[str, str] = {}
        for d, p in zip(people["doc_id"], people["person"], strict=True):
            if not missing(p):
                found[d].add(fold_name(p))
                shown[fold_name(p)] = str(p)
        pr = PR()
        for g in gold:
            want = {fold_name(p) for p in g["people"]}
            got = found.get(doc_id_of.get(g["file"], ""), set())
            pr.add(genre_of[g["file"]], got, want)
            if got != want:
                errors["people"].append(f"{g['file']}: missed {sorted(want - got)}, "
                                        f"extra {sorted(shown.get(x, x) for x in got - want)}")
        rows += [(f"people {m}", {x: f"{pr.figures(x)[i]:.2f}" for x in genres}) for i, m in enumerate("PR")]
        listed = attempt("lk.actors_load", lambda: {fold_name(n) for n in lk.actors_load().names()}, notes)
        if listed:
            known_pr = PR()
            for g in gold:
                want = {fold_name(p) for p in g["people"]} & listed
                got = found.get(doc_id_of.get(g["file"], ""), set()) & listed
                known_pr.add(genre_of[g["file"]], got, want)
            rows.append(("  R (in actors.yaml)", {x: f"{known_pr.figures(x)[1]:.2f}" for x in genres}))
            outside = sorted({p for g in gold for p in g["people"] if fold_name(p) not in listed})
            notes.append(f"gold people not in actors.yaml ({len(outside)}): {', '.join(outside)}")

    # --- themes
    t3 = time.perf_counter()
    wide = attempt("lk.theme_docs", lambda: lk.theme_docs(corpus, value="theme_sentences", speaker="all"), notes)
    t_themes = time.perf_counter() - t3
    if wide is None or "doc_id" not in wide.columns:
        rows += [(f"themes {m}", dict.fromkeys(genres, NA)) for m in ("P", "R", "F1")]
    else:
        meta = {"doc_id", "date", "source", "genre", "sentences", "words", "title", "speaker", "lang"}
        theme_cols = [c for c in wide.columns if c not in meta]
        tagged = {r["doc_id"]: {t for t in theme_cols if not missing(r[t]) and float(r[t]) > 0}
                  for r in wide.to_dict("records")}
        pr = PR()
        per_theme = PR()
        for g in gold:
            want, got = set(g["themes"]), tagged.get(doc_id_of.get(g["file"], ""), set())
            pr.add(genre_of[g["file"]], got, want)
            for t in want | got:
                per_theme.add(t, got & {t}, want & {t})
            if got != want:
                errors["themes"].append(f"{g['file']}: missed {sorted(want - got)}, extra {sorted(got - want)}")
        rows += [(f"themes {m}", {x: f"{pr.figures(x)[i]:.2f}" for x in genres}) for i, m in enumerate(("P", "R", "F1"))]
        errors["themes (per theme P/R/F1, gold n)"] = [
            f"{t}: " + "{:.2f}/{:.2f}/{:.2f}".format(*per_theme.figures(t)) + f", n={per_theme.gold[t]}"
            for t in sorted(k for k in per_theme.gold.keys() | per_theme.pred.keys() if k != "all")]

    print(f"Held-out Russian check: {args.folder} ({len(gold)} documents, "
          f"{sum(len(g['speakers']) for g in gold)} speaker snippets)")
    print(f"kit {getattr(lk, '__version__', '?')}; load {t_load:.1f}s, sentences {t_sent:.1f}s, "
          f"people {t_people:.1f}s, themes {t_themes:.1f}s")
    print(table(rows, genres))
    print("genres: " + ", ".join(f"{SHORT[g]} = {g}" for g in genres[:-1]))
    for n in notes:
        print("note:", n)
    if args.errors:
        for name, items in errors.items():
            print(f"\n## {name} ({len(items)})")
            for item in items:
                print("  " + item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
