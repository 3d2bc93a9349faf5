"""Do the Russian theme terms find their inflected forms? A measurement over sentences generated at run time.

Every term of the shipped taxonomy's Russian rules that needs no context is put, in five grammatical forms
(nominative, genitive and instrumental singular, dative and prepositional plural, made by pymorphy3's
``inflect``: each inflecting word up to the first noun, so an adjective agrees with its noun and a genitive
complement stays as written), into a neutral sentence ("Речь шла о таком предмете: …"). The sentences are
annotated by the Russian pipeline and tagged by the rules; the figure is the share of sentences that carry
their term's theme. Synthetic: some generated forms are not Russian (an indeclinable name declined), so
the figure is a floor; the misses are listed.

    PYTHONPATH=. LAVROVKIT_CACHE=/tmp/cache-x python bench/themes_ru.py [--misses]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import warnings
from pathlib import Path

#: The grammatical forms each term is put in: (case, number).
FORMS = (("nomn", "sing"), ("gent", "sing"), ("ablt", "sing"), ("datv", "plur"), ("loct", "plur"))


def inflect(analyzer: object, term: str, case: str, number: str) -> str:
    """``term`` with each inflecting word up to the first noun in ``case`` and ``number`` (a word pymorphy3
    cannot inflect, or one after the noun, stays as written)."""
    out, after_noun = [], False
    for word in term.split():
        if after_noun or word.isupper() or not any(ch.isalpha() for ch in word):
            out.append(word)
            continue
        parse = analyzer.parse(word)[0]  # type: ignore[attr-defined]
        if parse.tag.POS not in ("NOUN", "ADJF", "PRTF", "NPRO"):
            out.append(word)
            continue
        fixed = "Pltm" in parse.tag or "Sgtm" in parse.tag or "Fixd" in parse.tag
        form = parse.inflect({case} if fixed else {case, number}) or parse.inflect({case})
        text = form.word if form else word
        out.append(text[:1].upper() + text[1:] if word[:1].isupper() else text)
        after_noun = parse.tag.POS == "NOUN"
    return " ".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the sentences without their theme")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import pymorphy3

    import lavrovkit as lk
    from lavrovkit.taxonomy import Taxonomy, _compile, taxonomy_load

    analyzer = pymorphy3.MorphAnalyzer()
    tax = taxonomy_load()
    rows = [(t.id, term, case, number, inflect(analyzer, term, case, number))
            for t in tax.themes for r in t.rules if r.lang == "ru" and not r.context
            for term in r.terms for case, number in FORMS]
    start = time.perf_counter()
    _compile(Taxonomy(tax.themes, tax.source), "ru")  # a fresh copy: loading compiled the shipped one
    compiled = time.perf_counter() - start
    folder = Path(tempfile.mkdtemp(prefix="themes_ru_"))
    try:
        texts = [f"Речь шла о таком предмете: {form}." for *_, form in rows]
        for i in range(0, len(texts), 200):
            (folder / f"R_{2000 + i // 200}-01-01.txt").write_text("\n\n".join(texts[i:i + 200]) + "\n",
                                                                    encoding="utf-8")
        start = time.perf_counter()
        corpus = lk.corpus_load(folder, pattern="{source}_{date}.txt").annotate(progress=False)
        annotated = time.perf_counter() - start
        start = time.perf_counter()
        s = lk.theme_sentences(corpus, speaker="all", method="rules")
        tagged = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    s = s[s["text"].str.startswith("Речь")].reset_index(drop=True)
    assert len(s) == len(rows), (len(s), len(rows))
    misses = [row for row, themes in zip(rows, s["themes"], strict=True) if row[0] not in themes]
    terms = len({(t, term) for t, term, *_ in rows})
    print(f"Russian terms without context: {terms}; sentences: {len(rows)} ({len(FORMS)} forms each)")
    print(f"tagged with their term's theme: {len(rows) - len(misses)}/{len(rows)} "
          f"= {(len(rows) - len(misses)) / len(rows):.3f}")
    print(f"compiling the Russian matchers: {compiled:.1f} s; annotating: {annotated:.1f} s; "
          f"tagging: {tagged:.1f} s")
    if args.misses:
        for theme, term, case, number, form in misses:
            print(f"  {theme}: {term!r} {case} {number} → {form!r}")


if __name__ == "__main__":
    main()
