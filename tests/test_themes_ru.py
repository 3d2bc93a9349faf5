"""Themes in Russian: rules in the document's language, terms matched on their lemmas, evidence per tag.

Texts (tests/ru_texts.py) are small reports and transcripts written in the shapes of TASS, RIA Novosti,
Interfax, the Foreign Ministry and the Kremlin, with one English TASS report for the mixed corpus.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load, theme_hits, theme_sentences
from lavrovkit.errors import TaxonomyError
from lavrovkit.taxonomy import taxonomy_load
from lavrovkit.theme_model import theme_model_for

from . import ru_texts as R


def _themes(c, doc_id: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    s = theme_sentences(c, speaker="all", method="rules")
    return s[s["doc_id"] == doc_id].set_index("sentence_id")


def _has(s: pd.DataFrame, needle: str, theme: str, evidence: str) -> bool:
    """Does the sentence containing ``needle`` carry ``theme``, with ``evidence`` among its matched words?"""
    row = s[s["text"].str.contains(needle, regex=False)].iloc[0]
    return theme in row["themes"] and evidence in row["evidence"]


def test_russian_reports_get_their_themes_with_evidence(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    tass, mid, ria = _themes(ru_mixed, "TASS_2021-04-20"), _themes(ru_mixed, "MID_2019-03-12"), _themes(ru_mixed, "RIA_2022-05-09")
    interfax, zakharova = _themes(ru_mixed, "Interfax_2023-06-03"), _themes(ru_mixed, "MID_2020-10-15")
    kremlin = _themes(ru_mixed, "Kremlin_2019-07-16")
    # inflected forms found through their lemmas; multi-word terms as lemma sequences
    assert _has(tass, "стратегической стабильности", "arms_control", "стратегической стабильности")
    assert _has(tass, "новые санкции", "sanctions", "санкции")
    assert _has(tass, "Наши американские партнёры", "bilateral_diplomacy", "Наши американские партнёры")
    assert _has(tass, "так называемый", "international_law", "порядок, основанный на правилах")
    assert _has(tass, "в Сирии", "syria", "Сирии") and _has(tass, "в Сирии", "ukraine", "Украине")
    assert _has(tass, "телефонный разговор", "bilateral_diplomacy", "телефонный разговор")
    assert _has(mid, "Договора о РСМД", "arms_control", "Договора о РСМД")
    assert _has(mid, "раздражители", "bilateral_diplomacy", "российско-американских")
    assert _has(mid, "секторе Газа", "middle_east", "секторе Газа") and _has(mid, "секторе Газа", "syria", "Идлибе")
    assert _has(mid, "Мирное население", "humanitarian", "Мирное население")
    assert _has(mid, "Мирное население", "terrorism", "террористов")
    assert _has(ria, "фальсификации истории", "history_memory", "Второй мировой войны")
    assert _has(ria, "товарооборот", "economy_trade", "торгово-экономическое")
    assert _has(ria, "антироссийских санкций", "sanctions", "антироссийских санкций")
    assert _has(interfax, "Корейского", "korean_peninsula", "Корейского полуострова")
    assert _has(interfax, "СВПД", "iran_nuclear", "СВПД") and _has(interfax, "СВПД", "nato_europe", "расширения НАТО")
    assert _has(interfax, "талибов", "afghanistan", "талибов") and _has(interfax, "талибов", "terrorism", "ИГИЛ")
    assert _has(zakharova, "дезинформации", "information_security", "дезинформации")
    assert _has(zakharova, "выборы в США", "us_domestic_politics", "выборы в США")
    assert _has(kremlin, "Ближнем Востоке", "middle_east", "Ближнем Востоке")


def test_russian_words_that_look_like_a_term_are_not_one(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    mid = _themes(ru_mixed, "MID_2019-03-12")
    # "газа" (of gas) is not Gaza; "без санкции Совета Безопасности" is an authorisation, not sanctions
    gas = mid[mid["text"].str.startswith("Поставки газа")].iloc[0]
    assert "middle_east" not in gas["themes"] and "economy_trade" in gas["themes"]
    force = mid[mid["text"].str.contains("без санкции")].iloc[0]
    assert "sanctions" not in force["themes"] and "international_law" in force["themes"]
    # a Ministry transcript's title ("ответы на вопросы СМИ") is not about information security
    assert mid.loc[0, "themes"] == []
    # "гуманитарное сотрудничество" is cultural ties, not the humanitarian theme
    tass = _themes(ru_mixed, "TASS_2021-04-20")
    assert "humanitarian" not in tass[tass["text"].str.contains("гуманитарное сотрудничество")].iloc[0]["themes"]


def test_every_hit_is_traceable_to_its_words(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    hits = theme_hits(ru_mixed, speaker="all", method="rules")
    texts = ru_mixed.documents.set_index("doc_id")["text"]
    assert len(hits) > 40
    assert all(texts[d][a:b] == m for d, a, b, m in zip(hits["doc_id"], hits["start_char"], hits["end_char"],
                                                        hits["match"], strict=True))
    sentences = ru_mixed.sentences.set_index(["doc_id", "sentence_id"])["text"]
    assert all(m in sentences[(d, s)] for d, s, m in zip(hits["doc_id"], hits["sentence_id"], hits["match"],
                                                         strict=True))


def test_rules_read_documents_of_their_language_only(ru_mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tax = taxonomy_load()
    langs = ru_mixed.documents.set_index("doc_id")["lang"]
    hits = theme_hits(ru_mixed, speaker="all", method="rules")
    rule_lang = {(t.id, n): r.lang for t in tax.themes for n, r in enumerate(t.rules, start=1)}
    assert all(rule_lang[(t, r)] == langs[d] for d, t, r in zip(hits["doc_id"], hits["theme"], hits["rule"],
                                                                 strict=True))
    # an analyst's file that extends the kit's taxonomy with a Russian rule of their own
    own = tmp_path / "mine.yaml"
    own.write_text("extends: lavrovkit\nthemes:\n  - id: space\n    label: Space\n    rules:\n"
                   "      - terms: [space station]\n      - lang: ru\n        terms: [космическая станция]\n",
                   encoding="utf-8")
    mine = taxonomy_load(own)
    assert mine.langs == ("en", "ru") and mine.ids[-1] == "space"
    assert [r.lang for r in mine.themes[-1].rules] == ["en", "ru"]
    with pytest.raises(TaxonomyError, match="'lang' must be a language code"):
        bad = tmp_path / "bad.yaml"
        bad.write_text("themes:\n  - id: x\n    rules:\n      - lang: русский\n        terms: [мир]\n", encoding="utf-8")
        taxonomy_load(bad)


def test_english_documents_keep_their_hits_in_a_mixed_corpus(ru_mixed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alone = corpus_load(R.folder(tmp_path / "en", {"TASS_2025-02-24.txt": R.ENGLISH}), pattern=R.PATTERN)
    cols = ["sentence_id", "theme", "rule", "start_char", "end_char", "match"]
    one = theme_hits(alone.annotate(progress=False), speaker="all", method="rules")[cols].reset_index(drop=True)
    both = theme_hits(ru_mixed, speaker="all", method="rules")
    both = both[both["doc_id"] == "TASS_2025-02-24"][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(one, both)
    assert {"sanctions", "syria", "ukraine", "bilateral_diplomacy"} <= set(one["theme"])


def test_the_english_model_still_fits_and_reads_english_documents_only() -> None:
    tax = taxonomy_load()
    # the Russian rules leave the English rules' fingerprint (the shipped model's) as it was
    assert tax.fingerprint("en") != tax.fingerprint() and theme_model_for(tax, "auto") is not None
    assert tax.rules_lang("ru") == "ru" and tax.rules_lang("en") == "en" and tax.rules_lang(None) == "en"


def test_the_model_adds_nothing_to_russian_paragraphs(ru_mixed) -> None:  # type: ignore[no-untyped-def]
    hits = theme_hits(ru_mixed, speaker="all", method="rules+model")
    russian = set(ru_mixed.documents.loc[ru_mixed.documents["lang"] == "ru", "doc_id"])
    assert (hits.loc[hits["doc_id"].isin(russian), "method"] == "rules").all()
    assert not hits.attrs.get("dropped") or all(d["doc_id"] not in russian for d in hits.attrs["dropped"])
