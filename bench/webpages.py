"""Score the kit on saved web pages against a labelled set (one JSON object per page, as written by
bench/label_pages.py; tests may hand-write the same format, with "doc_id" instead of "file" for tables).

Usage::

    python bench/webpages.py FOLDER TRUTH.jsonl [--out results.json] [--show-failures N]

The corpus is loaded with ``lavrovkit.corpus_load(FOLDER)`` (annotated on first use; the cache goes to
``$LAVROVKIT_CACHE``, /tmp/lkcache_eval unless set) and its events come from ``lavrovkit.interactions``.
Truth rows are matched to documents by ``file`` (the file name or path tail of ``documents.file``) or
``doc_id``.

How kit sentences are placed in the truth: the truth paragraphs of a page are joined into one string in
the shared checker's normal form (lower case, only [0-9a-z]); each kit sentence, in sentence_id order, is
looked up in that string after a cursor that moves past the last placement (so a repeated "Thank you." lands
in the right paragraph), else at the nearest match before the cursor. A sentence found nowhere is unplaced. A placed sentence belongs to the truth paragraph holding most of its letters.

Figures (each ``{"n", "of", "ratio"}`` unless said otherwise):

- ``documents``: truth pages matched to a document of the corpus.
- ``dates``: documents whose date (YYYY-MM-DD) equals the truth date.
- ``titles``: documents whose title equals the truth title in the normal form.
- ``turn_sentences_right_speaker``: placed sentences in truth paragraphs with a speaker whose kit speaker is
  that speaker (case, diacritics and spacing ignored; the gazetteer canonical form of either is accepted).
- ``narration_sentences_given_a_speaker``: placed sentences in paragraphs without a speaker (narration,
  standfirst, headings, stage notes) that the kit gives a speaker while is_quote is False (goal: <= 1%).
- ``article_letters_kept``: truth letters (normal form) covered by placed kit sentences.
- ``article_letters_kept_without_labels``: the same with turn labels left out of both counts: the article's
  words a kit that moves labels into a speaker column keeps (goal: >= 98%).
- ``standfirst_kept``: the same over standfirst paragraphs only.
- ``turn_labels_kept``: the same over the turn labels that open paragraphs ("Foreign Minister Sergei Lavrov:");
  they are part of the truth text, so a kit that moves them into speaker columns loses these letters (about
  2% of the dev set's letters) from ``article_letters_kept``.
- ``furniture_share_of_kept``: letters of kit sentences found neither in the truth text nor in the title,
  over all letters of kit sentences (menus, captions, tooltips, tags kept as text; also any sentence the kit
  glued to such text, since it cannot be placed).
- ``furniture_lines_kept``: truth furniture lines found, as whole words, in the documents' text.
- ``readouts_found``: truth events matched by a kit event of the same document with a compatible type
  (phone_call; meeting = talks; letter), the same date, and among its participants the surname of one of
  the truth's other parties (case and diacritics ignored); ``readouts_by_type`` splits it by truth type.
- ``sentences_unplaced``, ``sentences_across_turns`` (placed sentences spanning paragraphs of different
  speakers): diagnostics, counts only.

``failures`` lists, per document, what went wrong: wrong-speaker sentences with both speakers, narration
given a speaker, missed readouts with the kit's events of that document, wrong dates and titles, kept
furniture lines, and truth pages with no document.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

KEY = re.compile(r"[^0-9a-z]")
SAME_TYPE = {"phone_call": "phone_call", "phone": "phone_call", "meeting": "meeting", "talks": "meeting",
             "letter": "letter"}


def key(text: Any) -> str:
    """The shared checker's normal form: lower case, only [0-9a-z]."""
    return KEY.sub("", str(text or "").lower())


def fold(text: Any) -> str:
    """Case, diacritics and spacing folded: 'Sauli  Niinistö' -> 'sauli niinisto'."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


def words(text: Any) -> str:
    return " " + " ".join(re.findall(r"[0-9a-z]+", fold(text))) + " "


def ratio(n: int, of: int) -> dict[str, Any]:
    return {"n": n, "of": of, "ratio": round(n / of, 4) if of else None}


def _canonical() -> Any:
    try:
        from lavrovkit.actors import actors_load

        actors = actors_load()
        return lambda name: actors.canonical(name) or name
    except Exception:  # the gazetteer is a convenience here, not a requirement
        return lambda name: name


def same_speaker(kit: Any, truth: str, canonical: Any) -> bool:
    if kit is None or (isinstance(kit, float) and kit != kit) or not str(kit).strip():
        return False
    kit = str(kit)
    return bool({fold(kit), fold(canonical(kit))} & {fold(truth), fold(canonical(truth))})


SUFFIXES = {"sr", "jr", "i", "ii", "iii", "iv", "v", "vi"}


def surname(name: str) -> str:
    """The last word of a name, past suffixes and regnal numbers ('Abdullah II' -> 'abdullah')."""
    parts = re.findall(r"[a-z0-9]+", fold(name))
    while len(parts) > 1 and parts[-1] in SUFFIXES:
        parts.pop()
    return parts[-1] if parts else ""


def label_letters(text: str, speaker: str | None) -> int:
    """Letters (normal form) of the turn label a paragraph opens with ('Foreign Minister Sergei Lavrov:'), 0 if none."""
    m = re.match(r"([^:]{1,250}):", text)
    if not speaker or not m:
        return 0
    head = fold(m.group(1))
    named = surname(speaker) in re.findall(r"[a-z0-9]+", head) or head.startswith(fold(speaker))
    return len(key(m.group(1))) if named else 0


def _match_documents(docs: pd.DataFrame, truth: list[dict]) -> dict[int, str]:
    """Truth row index -> doc_id, by doc_id or by the file name / path tail of documents.file."""
    by_id = {str(d): str(d) for d in docs["doc_id"]}
    by_file: dict[str, str] = {}
    files = docs["file"] if "file" in docs else pd.Series([None] * len(docs))
    for doc_id, file in zip(docs["doc_id"], files, strict=True):
        if file is not None and str(file):
            path = str(file).replace("\\", "/")
            by_file.setdefault(path, str(doc_id))
            by_file.setdefault(path.rsplit("/", 1)[-1], str(doc_id))
    out: dict[int, str] = {}
    for i, row in enumerate(truth):
        if row.get("doc_id") is not None and str(row["doc_id"]) in by_id:
            out[i] = str(row["doc_id"])
        elif row.get("file"):
            f = str(row["file"]).replace("\\", "/")
            hit = by_file.get(f) or by_file.get(f.rsplit("/", 1)[-1])
            if hit is None:  # a path tail: "pages/17184.html" against "17184.html" or the reverse
                hit = next((d for p, d in by_file.items() if p.endswith("/" + f) or f.endswith("/" + p)), None)
            if hit is not None:
                out[i] = hit
    return out


def _place(sentences: list[str], full: str) -> list[tuple[int, int] | None]:
    """Each sentence's (start, end) in ``full`` (normal form): the first match after a cursor that moves past
    each placement, else the nearest match before it (a kit that repeats or reorders text, e.g. a pull quote
    placed ahead, does not send the following sentences to the first "Thank you." of the page)."""
    cursor, spans = 0, []
    for text in sentences:
        k = key(text)
        i = full.find(k, cursor) if k else -1
        if k and i < 0:
            i = full.rfind(k, 0, cursor + len(k) - 1)
        if i < 0:
            spans.append(None)
            continue
        spans.append((i, i + len(k)))
        cursor = max(cursor, i + len(k))
    return spans


def score(corpus: Any, truth: list[dict], events: pd.DataFrame | None = None) -> dict[str, Any]:
    """The figures of the module docstring for ``corpus`` against ``truth``, plus ``failures``."""
    canonical = _canonical()
    docs = corpus.documents
    sents = corpus.sentences
    matched = _match_documents(docs, truth)
    doc_rows = docs.set_index(docs["doc_id"].astype(str))
    by_doc = {str(d): g.sort_values("sentence_id") for d, g in sents.groupby("doc_id", sort=False)}
    ev_by_doc: dict[str, pd.DataFrame] = {}
    if events is not None and not events.empty:
        ev_by_doc = {str(d): g for d, g in events.groupby("doc_id", sort=False)}

    c: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    for i, row in enumerate(truth):
        name = row.get("file") or row.get("doc_id")
        c["pages"] += 1
        if i not in matched:
            failures.append({"doc": name, "kind": "no_document"})
            continue
        doc_id = matched[i]
        doc = doc_rows.loc[doc_id]
        c["documents"] += 1
        fail: dict[str, Any] = {"doc": name, "doc_id": doc_id}

        kit_date = "" if pd.isna(doc.get("date")) else str(pd.Timestamp(doc["date"]).date())
        if row.get("date"):
            c["dates_of"] += 1
            c["dates"] += kit_date == str(row["date"])[:10]
            if kit_date != str(row["date"])[:10]:
                fail["date"] = {"kit": kit_date or None, "truth": row["date"]}
        if row.get("title") is not None:
            c["titles_of"] += 1
            c["titles"] += key(doc.get("title")) == key(row["title"])
            if key(doc.get("title")) != key(row["title"]):
                fail["title"] = {"kit": doc.get("title"), "truth": row["title"]}

        paras = row.get("paragraphs") or []
        spans, pieces, pos = [], [], 0
        for p in paras:
            k = key(p["text"])
            spans.append((pos, pos + len(k), p.get("speaker"), p.get("part", "body")))
            pieces.append(k)
            pos += len(k)
        full = "".join(pieces)
        covered = bytearray(len(full))
        title_key = key(row.get("title"))
        group = by_doc.get(doc_id)
        texts = [] if group is None else group["text"].tolist()
        speakers = [] if group is None else group["speaker"].tolist()
        quotes = [False] * len(texts) if group is None or "is_quote" not in group else group["is_quote"].tolist()
        wrong, narr_bad = [], []
        for text, kit_speaker, quote, span in zip(texts, speakers, quotes, _place(texts, full), strict=True):
            k = key(text)
            if not k:
                continue
            c["kit_letters"] += len(k)
            if span is None:
                c["sentences_unplaced"] += 1
                if k not in title_key:
                    c["furniture_letters"] += len(k)
                continue
            a, b = span
            covered[a:b] = b"\1" * (b - a)
            overlaps = [(min(b, e) - max(a, s), sp) for s, e, sp, _ in spans if s < b and a < e]
            truth_speaker = max(overlaps, key=lambda o: o[0])[1] if overlaps else None
            if len({sp for _, sp in overlaps}) > 1:
                c["sentences_across_turns"] += 1
            if truth_speaker:
                c["turn_sentences"] += 1
                if same_speaker(kit_speaker, truth_speaker, canonical):
                    c["turn_right"] += 1
                else:
                    wrong.append({"sentence": str(text)[:120], "kit": None if pd.isna(kit_speaker) else kit_speaker,
                                  "truth": truth_speaker})
            else:
                c["narration_sentences"] += 1
                given = not pd.isna(kit_speaker) and str(kit_speaker).strip() != "" and not bool(quote)
                if given:
                    c["narration_given"] += 1
                    narr_bad.append({"sentence": str(text)[:120], "kit": kit_speaker})
        c["article_letters"] += len(full)
        c["article_kept"] += sum(covered)
        for (s, e, speaker, part), p in zip(spans, paras, strict=True):
            if part == "standfirst":
                c["standfirst_letters"] += e - s
                c["standfirst_kept"] += sum(covered[s:e])
            n = label_letters(p["text"], speaker)
            c["label_letters"] += n
            c["label_kept"] += sum(covered[s:s + n])
        if wrong:
            fail["wrong_speaker"] = wrong
        if narr_bad:
            fail["narration_given_a_speaker"] = narr_bad

        doc_words = words(doc.get("text"))
        kept = [f for f in row.get("furniture") or [] if words(f).strip() and words(f) in doc_words]
        c["furniture_lines"] += len(row.get("furniture") or [])
        c["furniture_kept"] += len(kept)
        if kept:
            fail["furniture_kept"] = kept

        kit_events = ev_by_doc.get(doc_id, pd.DataFrame())
        for ev in row.get("events") or []:
            kind = SAME_TYPE.get(ev["type"], ev["type"])
            c["readouts"] += 1
            c[f"readouts_{kind}"] += 1
            others = {surname(p) for p in ev["parties"][1:]} - {""}
            found = False
            for _, k_ev in kit_events.iterrows():
                names = set()
                for p in k_ev.get("participants") or []:
                    names |= set(re.findall(r"[a-z0-9]+", fold(p)))
                k_date = "" if pd.isna(k_ev.get("date")) else str(pd.Timestamp(k_ev["date"]).date())
                if SAME_TYPE.get(str(k_ev.get("type")), k_ev.get("type")) == kind and k_date == ev["date"][:10] \
                        and (others & names if others else True):
                    found = True
                    break
            c["readouts_found"] += found
            c[f"readouts_found_{kind}"] += found
            if not found:
                fail.setdefault("missed_readouts", []).append({
                    "truth": ev,
                    "kit_events": [{"type": e.get("type"), "date": None if pd.isna(e.get("date")) else
                                    str(pd.Timestamp(e["date"]).date()), "participants": list(e.get("participants") or []),
                                    "evidence": str(e.get("evidence", ""))[:120]} for _, e in kit_events.iterrows()]})
        if len(fail) > 2:
            failures.append(fail)

    kinds = sorted({k[len("readouts_"):] for k in c if k.startswith("readouts_") and not k.startswith("readouts_found")})
    return {
        "pages": c["pages"],
        "documents": ratio(c["documents"], c["pages"]),
        "dates": ratio(c["dates"], c["dates_of"]),
        "titles": ratio(c["titles"], c["titles_of"]),
        "turn_sentences_right_speaker": ratio(c["turn_right"], c["turn_sentences"]),
        "narration_sentences_given_a_speaker": ratio(c["narration_given"], c["narration_sentences"]),
        "article_letters_kept": ratio(c["article_kept"], c["article_letters"]),
        "article_letters_kept_without_labels": ratio(c["article_kept"] - c["label_kept"],
                                                     c["article_letters"] - c["label_letters"]),
        "standfirst_kept": ratio(c["standfirst_kept"], c["standfirst_letters"]),
        "turn_labels_kept": ratio(c["label_kept"], c["label_letters"]),
        "furniture_share_of_kept": ratio(c["furniture_letters"], c["kit_letters"]),
        "furniture_lines_kept": ratio(c["furniture_kept"], c["furniture_lines"]),
        "readouts_found": ratio(c["readouts_found"], c["readouts"]),
        "readouts_by_type": {k: ratio(c[f"readouts_found_{k}"], c[f"readouts_{k}"]) for k in kinds},
        "sentences_unplaced": c["sentences_unplaced"],
        "sentences_across_turns": c["sentences_across_turns"],
        "failures": failures,
    }


def read_truth(path: str | os.PathLike[str]) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score the kit on saved web pages against a labelled set.")
    ap.add_argument("folder")
    ap.add_argument("truth")
    ap.add_argument("--out", help="write the figures and all failures to this JSON file")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N", help="print the first N failures")
    args = ap.parse_args(argv)
    os.environ.setdefault("LAVROVKIT_CACHE", "/tmp/lkcache_eval")
    import lavrovkit as lk

    truth = read_truth(args.truth)
    t0 = time.perf_counter()
    corpus = lk.corpus_load(args.folder)
    _ = corpus.sentences  # annotation happens on first use
    t1 = time.perf_counter()
    events = lk.interactions(corpus, speaker="all")
    t2 = time.perf_counter()
    result = score(corpus, truth, events)
    t3 = time.perf_counter()
    result["seconds"] = {"load_and_annotate": round(t1 - t0, 1), "interactions": round(t2 - t1, 1),
                         "score": round(t3 - t2, 1), "total": round(t3 - t0, 1)}
    result["command"] = " ".join(["python", "bench/webpages.py", *sys.argv[1:]]) if argv is None else None
    failures = result.pop("failures")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.show_failures:
        print(json.dumps(failures[: args.show_failures], indent=1, ensure_ascii=False))
    if args.out:
        Path(args.out).write_text(json.dumps({**result, "failures": failures}, indent=1, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
