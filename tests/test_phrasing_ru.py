"""Phrase families and tone in Russian: every inflected form counted, equal to a hand-written regular
expression over the same sentences; negation read the Russian way; English counts unchanged.

Texts: tests/ru_texts.py (TASS, RIA Novosti, Interfax, Foreign Ministry, Zakharova, Kremlin; one English
TASS report in the mixed corpus).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load, kwic, phrase_hits, phrase_trend, tone_sentences
from lavrovkit.phrasing import phrase_lang, phrasebook_load
from lavrovkit.tone import lexicon_load

from . import ru_texts as R

# Independent counts: each family's Russian members with their inflected forms written out by hand, longest
# alternatives first (a passage counts once, for its longest member, as the family does), whole words only,
# any case except США (capitals only).
W = r"(?<!\w)(?:{})(?!\w)"
ADJ = r"(?:ый|ий|ая|яя|ое|ее|ые|ие|ого|его|ой|ей|ому|ему|ым|им|ом|ем|ую|юю|ых|их|ыми|ими)"
NAMING_THE_US = W.format("|".join([
    rf"(?i:наш(?:и|их|им|ими|а|е|его|ей|ем|ему|у)?\s+американск{ADJ}\s+партн[её]р(?:ы|ов|ам|ами|ах|а|у|ом|е)?)",
    rf"(?i:наш(?:и|их|им|ими|а|е|его|ей|ем|ему|у)?\s+американск{ADJ}\s+коллег(?:и|ам|ами|ах|а|у|ой|е)?)",
    rf"(?i:соедин[её]нн{ADJ}\s+штат(?:ы|ов|ам|ами|ах)\s+америки)",
    rf"(?i:американск{ADJ}\s+партн[её]р(?:ы|ов|ам|ами|ах|а|у|ом|е)?)",
    rf"(?i:американск{ADJ}\s+коллег(?:и|ам|ами|ах|а|у|ой|е)?)",
    rf"(?i:американск{ADJ}\s+сторон(?:а|ы|е|у|ой|ою|ам|ами|ах)?)",
    rf"(?i:(?:американск|вашингтонск){ADJ}\s+истеблишмент(?:а|у|ом|е)?)",
    rf"(?i:(?:американск|вашингтонск){ADJ}\s+администраци(?:я|и|ю|ей|ям|ями|ях))",
    r"(?i:администраци(?:я|и|ю|ей|ям|ями|ях))\s+США",
    rf"(?i:соедин[её]нн{ADJ}\s+штат(?:ы|ов|ам|ами|ах))",
    rf"(?i:бел{ADJ}\s+дом(?:а|у|ом|е)?)",
    r"(?i:вашингтон(?:а|у|ом|е)?)",
    r"(?i:американ(?:ец|ца|цу|цем|це|цы|цев|цам|цами|цах))",
    r"США",
]))
SO_CALLED = W.format(rf"(?i:так\s+называем{ADJ}|самопровозглаш[её]нн{ADJ})")
IRRITANTS = W.format(r"(?i:раздражител(?:ь|я|ю|ем|е|и|ей|ям|ями|ях))")
DIALOGUE = W.format("|".join([
    r"(?i:канал(?:ы|ов|ам|ами|ах|а|у|ом|е)?\s+(?:связ(?:ь|и|ью|ей|ям|ями|ях)|коммуникаци(?:я|и|ю|ей|ям|ями|ях)))",
    r"(?i:диалог(?:а|у|ом|е|и|ов|ам|ами|ах)?)",
    r"(?i:консультаци(?:я|и|ю|ей|ям|ями|ях))",
    r"(?i:контакт(?:а|у|ом|е|ы|ов|ам|ами|ах)?)",
    r"(?i:переговор(?:ы|ов|ам|ами|ах))",
]))
PRESSURE = W.format("|".join([
    r"(?i:шантаж(?:а|у|ом|е)?)", r"(?i:давлени(?:е|я|ю|ем|и|й|ям|ями|ях))", r"(?i:русофоби(?:я|и|ю|ей))",
    rf"(?i:русофобск{ADJ})", rf"(?i:недружественн{ADJ})", rf"(?i:враждебн{ADJ})",
    r"(?i:санкци(?:я|и|ю|ей|ям|ями|ях|й))", r"(?i:ультиматум(?:а|у|ом|е|ы|ов|ам|ами|ах)?)",
]))
FAMILIES = {"naming_the_us": NAMING_THE_US, "so_called": SO_CALLED, "irritants": IRRITANTS, "dialogue": DIALOGUE,
            "pressure": PRESSURE}



def _regex_counts(c, pattern: str) -> pd.Series:  # type: ignore[no-untyped-def]
    """Matches of ``pattern`` per (doc_id, sentence_id) in the Russian documents' sentences (zeros dropped)."""
    russian = set(c.documents.loc[c.documents["lang"] == "ru", "doc_id"])
    s = c.sentences[c.sentences["doc_id"].isin(russian)]
    n = pd.Series([len(re.findall(pattern, t)) for t in s["text"]],
                  index=pd.MultiIndex.from_frame(s[["doc_id", "sentence_id"]]))
    return n[n > 0].sort_index()


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_counts_equal_a_hand_written_regex_over_the_same_sentences(ru_mixed, family: str) -> None:  # type: ignore[no-untyped-def]
    expected = _regex_counts(ru_mixed, FAMILIES[family])
    members = phrasebook_load()[family]
    hits = phrase_hits(ru_mixed, members, speaker="all", lang="ru")
    trend = phrase_trend(ru_mixed, families=[family], by="year", speaker="all", lang="ru")
    assert int(trend["count"].sum()) == int(expected.sum()) > 0
    # the family's passages, sentence by sentence: the hits of its members less those inside a longer one
    positions = pd.DataFrame({"doc_id": hits["doc_id"], "sentence_id": hits["sentence_id"],
                              "start": hits["start_char"], "end": hits["end_char"]})
    kept = []
    for (d, s), g in positions.groupby(["doc_id", "sentence_id"]):
        spans: list[tuple[int, int]] = []
        for a, b in sorted(zip(g["start"], g["end"], strict=True), key=lambda x: (x[0] - x[1], x[0])):
            if not any(x < b and a < y for x, y in spans):
                spans.append((a, b))
        kept.append(((d, s), len(spans)))
    got = {(str(d), int(s)): n for (d, s), n in kept if n}
    assert got == {(str(d), int(s)): int(n) for (d, s), n in expected.items()}


def test_the_counts_behind_the_regexes(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    # read off the texts: naming the US 4 (TASS) + 2 (MID) + 1 (Interfax) + 5 (Zakharova) + 2 (Kremlin)
    totals = {f: int(phrase_trend(ru_mixed, families=[f], by="year", speaker="all", lang="ru")["count"].sum())
              for f in FAMILIES}
    assert totals == {"naming_the_us": 14, "so_called": 1, "irritants": 1, "dialogue": 8, "pressure": 6}


def test_russian_phrases_match_every_form_unless_asked_for_the_written_one(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    every = phrase_hits(ru_mixed, ["наши американские партнёры"], speaker="all")
    assert sorted(every["match"]) == ["Наши американские партнёры", "Нашим американским партнёрам"]
    written = phrase_hits(ru_mixed, ["наши американские партнёры"], speaker="all", lemma=False)
    assert written["match"].tolist() == ["Наши американские партнёры"]
    # a participle stays a participle: "так называют" is not "так называемый"
    assert phrase_hits(ru_mixed, ["так называемый"], speaker="all")["doc_id"].tolist() == ["TASS_2021-04-20"]
    # a word written in its dictionary form is that word: "Устав" the charter, not a gerund of "устать"
    assert phrase_hits(ru_mixed, ["Устав ООН"], speaker="all")["match"].tolist() == ["Уставу ООН"]
    # "ё" and "е" alike
    assert len(phrase_hits(ru_mixed, ["партнеры"], speaker="all")) == len(phrase_hits(ru_mixed, ["партнёры"], speaker="all"))
    assert phrase_lang("наши партнёры") == "ru" and phrase_lang("our partners") == "en"


def test_hits_carry_the_documents_language_and_trends_split_by_it(ru_mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hits = phrase_hits(ru_mixed, ["диалог", "dialogue"], speaker="all")
    assert set(zip(hits["phrase"], hits["lang"], strict=True)) == {("диалог", "ru"), ("dialogue", "en")}
    assert set(kwic(ru_mixed, "диалог", speaker="all")["lang"]) == {"ru"}
    both = phrase_trend(ru_mixed, families=["dialogue"], by="year", speaker="all")
    ru = phrase_trend(ru_mixed, families=["dialogue"], by="year", speaker="all", lang="ru")
    en = phrase_trend(ru_mixed, families=["dialogue"], by="year", speaker="all", lang="en")
    assert both["count"].sum() == ru["count"].sum() + en["count"].sum()
    assert both["words"].sum() == ru["words"].sum() + en["words"].sum()
    # the English document's counts are those it has alone
    alone = corpus_load(R.folder(tmp_path / "en", {"TASS_2025-02-24.txt": R.ENGLISH}), pattern=R.PATTERN)
    alone = alone.annotate(progress=False)
    for family in ("naming_the_us", "dialogue", "pressure", "legality"):
        a = phrase_trend(alone, families=[family], by="year", speaker="all")
        b = phrase_trend(ru_mixed, families=[family], by="year", speaker="all", lang="en")
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def _tone(c, needle: str) -> pd.Series:  # type: ignore[no-untyped-def]
    s = tone_sentences(c, speaker="all")
    return s[s["text"].str.contains(needle, regex=False)].iloc[0]


def test_russian_negation(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    # "не хочет диалога" is confrontation; "не отказывается от диалога" is not (the negator cancels the refusal)
    both = _tone(ru_mixed, "не хочет диалога")
    assert (both["cooperation"], both["confrontation"]) == (1, 1) and both["evidence"] == ["диалога", "¬диалога"]
    never = _tone(ru_mixed, "никогда не отказывалась от переговоров")   # negative concord: one negation
    assert (never["cooperation"], never["confrontation"]) == (1, 0)
    refused = _tone(ru_mixed, "отказались от диалога")
    assert (refused["cooperation"], refused["confrontation"]) == (0, 1) and refused["evidence"] == ["¬диалога"]
    only = _tone(ru_mixed, "не только ограничивает")   # "не только" negates nothing
    assert only["evidence"] == ["высылает"] and only["confrontation"] == 1
    after = _tone(ru_mixed, "Диалог с Вашингтоном")   # a negator after the term flips nothing
    assert after["evidence"] == ["Диалог"] and after["cooperation"] == 1


def test_each_lexicon_reads_its_own_language(ru_mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = tone_sentences(ru_mixed, speaker="all")
    langs = ru_mixed.documents.set_index("doc_id")["lang"]
    cyrillic = re.compile(r"[а-яё]", re.IGNORECASE)
    for d, ev in zip(s["doc_id"], s["evidence"], strict=True):
        assert all(bool(cyrillic.search(w)) == (langs[d] == "ru") for w in ev)
    alone = corpus_load(R.folder(tmp_path / "en", {"TASS_2025-02-24.txt": R.ENGLISH}), pattern=R.PATTERN)
    one = tone_sentences(alone.annotate(progress=False), speaker="all").drop(columns=["doc_id"])
    two = s[s["doc_id"] == "TASS_2025-02-24"].drop(columns=["doc_id"])
    pd.testing.assert_frame_equal(one.reset_index(drop=True), two.reset_index(drop=True))
    lex = lexicon_load()
    assert "ru" in lex["languages"] and lex["negating_words"] == [] and "отказ" in lex["languages"]["ru"]["negating_words"]
