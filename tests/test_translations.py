"""Original and translation: documents linked by the catalog or matched by date and aligned sentences (an
unrelated same-day document left unpaired), each English sentence beside its Russian one, the Russian words
behind an English phrase, a phrase family's trend per language, Cyrillic in figures and word clouds, and the
report over a mixed corpus and over the English-only seeds."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lavrovkit as lk
from lavrovkit.errors import ParameterError, TranslationWarning
from lavrovkit.reports import render_all
from lavrovkit.translations import date_spans, sentence_alignment

from .conftest import write_texts

TEXTS = {
    # A: a mid.ru transcript, the Russian original and the Ministry's English version
    "ru_mid_2019-03-12.txt": """Выступление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова в ходе совместной пресс-конференции по итогам переговоров с Министром иностранных дел Португалии А.Сантушем Силвой

Москва, 12 марта 2019 года

С.В.Лавров: Добрый день. Мы провели полезные переговоры с моим португальским коллегой.

Обсудили весь комплекс двусторонних отношений, включая торговлю, инвестиции и культурные обмены.

Вопрос: Как Вы оцениваете перспективы диалога с Вашингтоном после встречи в Хельсинки?

С.В.Лавров: Мы никогда не отказывались от диалога с США. К сожалению, в отношениях накопилось немало раздражителей, и наши американские партнёры пока не готовы их обсуждать.

Мы предлагали создать рабочие группы по стратегической стабильности, по борьбе с терроризмом и по кибербезопасности.

Ответа пока нет. Но мы готовы работать на основе взаимного уважения и баланса интересов.

Реплика: Спасибо.
""",
    "en_mid_2019-03-12.txt": """Foreign Minister Sergey Lavrov's remarks and answers to media questions at a joint news conference following talks with Foreign Minister of Portugal Augusto Santos Silva

Moscow, March 12, 2019

Sergey Lavrov: Good afternoon. We have held useful talks with my Portuguese colleague.

We discussed the entire range of bilateral relations, including trade, investment and cultural exchanges.

Question: How do you assess the prospects for dialogue with Washington after the meeting in Helsinki?

Sergey Lavrov: We have never refused dialogue with the United States. Unfortunately, many irritants have accumulated in our relations, and our American partners are not yet ready to discuss them.

We proposed setting up working groups on strategic stability, on counterterrorism and on cybersecurity.

There is no answer yet. But we are ready to work on the basis of mutual respect and a balance of interests.

Remark: Thank you.
""",
    # B: a TASS report in Russian and TASS's English report of the same remarks
    "ru_tass_2021-04-20.txt": """Лавров: Москва не станет первой высылать американских дипломатов

МОСКВА, 20 апреля. /ТАСС/. Россия не собирается первой наращивать напряжённость в отношениях с США, но ответит на любые недружественные шаги. Об этом заявил во вторник министр иностранных дел РФ Сергей Лавров.

"Мы не инициаторы этой спирали, но каждый недружественный шаг не останется без ответа", - сказал министр.

Он подчеркнул, что раздражители в двусторонних отношениях накапливаются уже несколько лет.

По словам Лаврова, Москва по-прежнему готова к диалогу по стратегической стабильности.

Министр также отметил, что судьба посольств двух стран зависит от действий Вашингтона.
""",
    "en_tass_2021-04-20.txt": """Moscow will not be the first to expel US diplomats, says Lavrov

MOSCOW, April 20. /TASS/. Russia is not going to be the first to escalate tensions in its relations with the United States, but it will respond to any unfriendly steps. This was stated on Tuesday by Russian Foreign Minister Sergey Lavrov.

"We are not the initiators of this spiral, but every unfriendly step will not go unanswered," the minister said.

He stressed that irritants in bilateral relations have been accumulating for several years.

According to Lavrov, Moscow is still ready for dialogue on strategic stability.

The minister also noted that the fate of the two countries' embassies depends on Washington's actions.
""",
    # C: a Zakharova briefing, Russian and English
    "ru_briefing_2020-10-08.txt": """Брифинг официального представителя МИД России М.В.Захаровой

Москва, 8 октября 2020 года

М.В.Захарова: Начну с темы, которая вызывает много вопросов.

Так называемый доклад Государственного департамента о соблюдении договоров вновь содержит голословные обвинения в адрес России.

Наши американские коллеги не приводят ни одного факта.

Мы неоднократно предлагали обсуждать все претензии в рамках профессионального диалога экспертов.

Вопрос: Планируются ли новые консультации по стратегической стабильности?

М.В.Захарова: Такие консультации возможны, если американская сторона проявит заинтересованность.
""",
    "en_briefing_2020-10-08.txt": """Briefing by Foreign Ministry Spokeswoman Maria Zakharova

Moscow, October 8, 2020

Maria Zakharova: I will begin with a subject that raises many questions.

The so-called State Department report on compliance with treaties again contains unfounded accusations against Russia.

Our American colleagues do not cite a single fact.

We have repeatedly proposed discussing all claims within a professional dialogue of experts.

Question: Are new consultations on strategic stability planned?

Maria Zakharova: Such consultations are possible if the American side shows interest.
""",
    # D: a Kremlin transcript, Russian and English
    "ru_kremlin_2021-06-16.txt": """Пресс-конференция Владимира Путина по итогам российско-американских переговоров

Женева, 16 июня 2021 года

В.Путин: Добрый вечер. Переговоры с Президентом Соединённых Штатов были конструктивными.

Мы договорились начать консультации по стратегической стабильности.

Послы двух стран вернутся к месту службы.

Раздражителей в наших отношениях по-прежнему немало, но есть и общие интересы.

Вопрос: Можно ли говорить о доверии между лидерами?

В.Путин: Мне кажется, проблески доверия появились.
""",
    "en_kremlin_2021-06-16.txt": """News conference following the Russia-US talks

Geneva, June 16, 2021

Vladimir Putin: Good evening. The talks with the President of the United States were constructive.

We agreed to begin consultations on strategic stability.

The ambassadors of the two countries will return to their posts.

There are still many irritants in our relations, but there are also common interests.

Question: Can one speak of trust between the leaders?

Vladimir Putin: It seems to me that glimpses of trust have appeared.
""",
    # unrelated, the same day as B, in Russian: a candidate for B's English version that must stay unpaired
    "ru_ria_2021-04-20.txt": """В Подмосковье открыли новый пассажирский терминал

МОСКВА, 20 апреля - РИА Новости. Новый пассажирский терминал аэропорта открылся во вторник после трёх лет строительства.

Как сообщили в пресс-службе аэропорта, терминал сможет обслуживать до десяти миллионов пассажиров в год.

Первым рейсом из нового терминала стал утренний рейс в Сочи.

Власти региона пообещали построить к терминалу новую железнодорожную ветку.
""",
    # unrelated, the same day as A, in English, on Russia–US relations too: unpaired
    "en_sputnik_2019-03-12.txt": """Russian Deputy FM Ryabkov says visa problems hamper work of diplomats

MOSCOW, March 12 (Sputnik) - Russian Deputy Foreign Minister Sergei Ryabkov said on Tuesday that the United States continues to delay visas for Russian diplomats.

According to Ryabkov, several employees of the Russian mission to the UN have been waiting for visas for months.

He added that Moscow could take reciprocal measures if the situation does not change.

The US Embassy in Moscow has not commented on the statement.
""",}
#: The four originals and their English versions, by the stem the two files share after the language.
PAIRS = {f"en_{k}": f"ru_{k}" for k in ("mid_2019-03-12", "briefing_2020-10-08", "tass_2021-04-20",
                                         "kremlin_2021-06-16")}
#: A phrase book whose family has members in both languages (the kit's own gets Russian members elsewhere).
BOOK = """families:
  irritants:
    - irritants
    - раздражители
    - раздражителей
  strategic_stability:
    - strategic stability
    - стратегической стабильности
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_texts(tmp_path_factory.mktemp("mixed"), TEXTS)


@pytest.fixture(scope="module")
def mixed(folder: Path) -> lk.Corpus:
    return lk.corpus_load(folder)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "phrases.yaml"
    path.write_text(BOOK, encoding="utf-8")
    return path


def _catalog(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A copy of the corpus with a catalog: (doc_id = file stem, date, translation_of) per document."""
    lines = ["id,file,date,translation_of"] + [f"{d},{d}.txt,{date},{other}" for d, date, other in rows]
    (folder / "catalog.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _copy(tmp_path: Path, texts: dict[str, str]) -> Path:
    target = tmp_path / "corpus"
    target.mkdir()
    return write_texts(target, texts)


# ---------------------------------------------------------------------------- pairs

def test_matched_pairs_link_each_original_to_its_translation_and_leave_the_unrelated_unpaired(
        mixed: lk.Corpus) -> None:
    pairs = lk.translation_pairs(mixed)
    assert dict(zip(pairs["doc_id_en"], pairs["doc_id_ru"], strict=True)) == PAIRS
    assert set(pairs["how"]) == {"matched"}
    assert (pairs["score"] >= 0.9).all() and (pairs["aligned"] >= 6).all()
    assert (pairs["aligned"] <= pairs[["sentences_en", "sentences_ru"]].min(axis=1)).all()
    assert pairs["similarity"].between(0.85, 1).all() and (pairs["days"] == 0).all()
    left = pairs.attrs["unpaired"].set_index("doc_id")
    assert sorted(left.index) == ["en_sputnik_2019-03-12", "ru_ria_2021-04-20"]
    # the Russian airport report is a same-day candidate for the TASS English report: one shared dateline
    # sentence at most, far under the minimum
    assert left.loc["ru_ria_2021-04-20", "best_doc_id"] == "en_tass_2021-04-20"
    assert left.loc["ru_ria_2021-04-20", "best_score"] < 0.5
    assert all(r.startswith("no candidate scores") for r in left["reason"])
    again = lk.translation_pairs(lk.corpus_load(mixed.root))  # a new corpus object: computed afresh, the same
    pd.testing.assert_frame_equal(again, pairs)


def test_the_catalog_links_pairs_and_a_bad_link_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path, TEXTS)
    dates = {n[:-4]: re.search(r"\d{4}-\d\d-\d\d", n).group(0) for n in TEXTS}  # type: ignore[union-attr]
    links = {"en_mid_2019-03-12": "ru_mid_2019-03-12",  # English → its Russian original
             "ru_briefing_2020-10-08": "en_briefing_2020-10-08",  # or the other way round
             "en_sputnik_2019-03-12": "no-such-doc",  # a typo: named, not used
             "en_kremlin_2021-06-16": "en_tass_2021-04-20"}  # two English documents: named, not used
    _catalog(folder, [(d, dates[d], links.get(d, "")) for d in sorted(dates)])
    corpus = lk.corpus_load(folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pairs = lk.translation_pairs(corpus)
    notes = [str(w.message) for w in caught if issubclass(w.category, TranslationWarning)]
    assert len(notes) == 2  # in the documents' order
    assert notes[0].endswith("en_kremlin_2021-06-16 (en): translation_of names en_tass_2021-04-20 (en), "
                             "not a pair of en and ru")
    assert "'no-such-doc', which is not a document of this corpus" in notes[1]
    assert pairs.attrs["catalog_notes"] == [n.removeprefix("translation_pairs: ") for n in notes]
    how = dict(zip(pairs["doc_id_en"], pairs["how"], strict=True))
    assert how == {"en_mid_2019-03-12": "catalog", "en_briefing_2020-10-08": "catalog",
                   "en_tass_2021-04-20": "matched", "en_kremlin_2021-06-16": "matched"}
    assert dict(zip(pairs["doc_id_en"], pairs["doc_id_ru"], strict=True)) == PAIRS
    # the catalog's word stands even where the sentences disagree; its score says how well they align
    _catalog(folder, [(d, dates[d], "ru_ria_2021-04-20" if d == "en_tass_2021-04-20" else "")
                      for d in sorted(dates)])
    forced = lk.translation_pairs(lk.corpus_load(folder)).set_index("doc_id_en")
    assert forced.loc["en_tass_2021-04-20", ["doc_id_ru", "how"]].tolist() == ["ru_ria_2021-04-20", "catalog"]
    assert forced.loc["en_tass_2021-04-20", "score"] < 0.5
    assert "ru_tass_2021-04-20" in set(forced.attrs["unpaired"]["doc_id"])


def test_the_date_window_and_date_precision_decide_the_candidates(tmp_path: Path) -> None:
    texts = {n: t for n, t in TEXTS.items() if "mid_" in n or "briefing" in n or "kremlin" in n}
    texts["ru_kremlin.txt"] = texts.pop("ru_kremlin_2021-06-16.txt").replace("Женева, 16 июня 2021 года", "Женева")
    folder = _copy(tmp_path, texts)
    rows = [("en_mid_2019-03-12", "2019-03-12", ""), ("ru_mid_2019-03-12", "2019-03-07", ""),  # five days apart
            ("en_briefing_2020-10-08", "2020-10-08", ""), ("ru_briefing_2020-10-08", "2020-10", ""),  # a month
            ("en_kremlin_2021-06-16", "2021-06-16", ""), ("ru_kremlin", "", "")]  # no date anywhere
    _catalog(folder, rows)
    corpus = lk.corpus_load(folder)
    assert corpus.documents.set_index("doc_id").loc["ru_briefing_2020-10-08", "date_precision"] == "month"
    narrow = lk.translation_pairs(corpus, window=3)
    assert narrow["doc_id_en"].tolist() == ["en_briefing_2020-10-08"]  # October 2020 holds October 8
    left = narrow.attrs["unpaired"].set_index("doc_id")
    assert left.loc["en_mid_2019-03-12", "reason"] == "no document of the other language within 3 days"
    assert pd.isna(corpus.documents.set_index("doc_id").loc["ru_kremlin", "date"])
    assert left.loc["ru_kremlin", "reason"] == "undated: not matched by date"
    assert left.loc["en_kremlin_2021-06-16", "reason"] == "no document of the other language within 3 days"
    wide = lk.translation_pairs(corpus, window=7)
    assert wide["doc_id_en"].tolist() == ["en_mid_2019-03-12", "en_briefing_2020-10-08"]
    assert wide["days"].tolist()[0] == -5
    with pytest.raises(ParameterError, match="window"):
        lk.translation_pairs(corpus, window=-1)
    with pytest.raises(ParameterError, match="two different language codes"):
        lk.translation_pairs(corpus, languages=("en", "en"))


def test_on_one_day_each_document_finds_its_own_translation_among_all(tmp_path: Path) -> None:
    # every document dated the same day: each English one is a candidate for every Russian one
    folder = _copy(tmp_path, TEXTS)
    _catalog(folder, [(n[:-4], "2021-04-20", "") for n in sorted(TEXTS)])
    pairs = lk.translation_pairs(lk.corpus_load(folder))
    assert dict(zip(pairs["doc_id_en"], pairs["doc_id_ru"], strict=True)) == PAIRS
    left = pairs.attrs["unpaired"]
    assert sorted(left["doc_id"]) == ["en_sputnik_2019-03-12", "ru_ria_2021-04-20"]
    assert (left["best_score"] < 0.5).all()


def test_the_same_statement_republished_two_days_later_pairs_with_the_nearer_copy(tmp_path: Path) -> None:
    # three copies of the corpus two days apart: within the 3-day window each English copy aligns equally
    # well with its own day's Russian copy and the neighbours'; the nearer date decides
    texts = {f"{n[:-4]}_c{k}.txt": t for k in range(3) for n, t in TEXTS.items()}
    folder = _copy(tmp_path, texts)
    day = {k: f"2020-01-0{1 + 2 * k}" for k in range(3)}
    _catalog(folder, [(n[:-4], day[int(n[-5])], "") for n in sorted(texts)])
    pairs = lk.translation_pairs(lk.corpus_load(folder))
    assert len(pairs) == 12 and (pairs["days"] == 0).all()
    assert dict(zip(pairs["doc_id_en"], pairs["doc_id_ru"], strict=True)) == {
        f"{en}_c{k}": f"{ru}_c{k}" for en, ru in PAIRS.items() for k in range(3)}


def test_date_spans_and_the_alignment_rules() -> None:
    docs = pd.DataFrame({"doc_id": ["d", "m", "y", "u"],
                         "date": pd.to_datetime(["2021-04-20", "2020-02-01", "2019-01-01", None]),
                         "date_precision": ["day", "month", "year", "unknown"]})
    spans = date_spans(docs)
    assert spans["last"].dt.strftime("%Y-%m-%d").fillna("").tolist() == ["2021-04-20", "2020-02-29", "2019-12-31",
                                                                          ""]
    # three sentences against their translations in another order, and a fourth split in two
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 16)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b = np.vstack([a[2], a[0], a[1], a[3] + 0.05 * a[0], a[3] - 0.05 * a[0]])
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    al = sentence_alignment(a, b, threshold=0.9)
    assert sorted(al.mutual)[:3] == [(0, 1), (1, 2), (2, 0)]
    assert {j for i, j in al.links if i == 3} == {3, 4}  # the split sentence keeps both halves
    assert al.score == len(al.mutual) / 4
    assert sentence_alignment(a, b[:0]).score == 0.0


def test_a_corpus_in_one_language_pairs_nothing_and_says_why(mixed: lk.Corpus) -> None:
    english = mixed.filter(lang="en")
    pairs = lk.translation_pairs(english)
    assert pairs.empty and pairs.columns[:2].tolist() == ["doc_id_en", "doc_id_ru"]
    assert set(pairs.attrs["unpaired"]["reason"]) == {"no document of the other language"}
    assert len(pairs.attrs["unpaired"]) == 5
    assert lk.translation_sentences(english).empty
    terms = lk.translation_terms(english, "irritants")
    assert terms.empty and terms.attrs["outside_pairs"] == 3  # three uses, in no pair: said, not counted


# ---------------------------------------------------------------------------- sentences and words

def test_each_english_sentence_stands_beside_its_russian_one_with_provenance(mixed: lk.Corpus) -> None:
    table = lk.translation_sentences(mixed)
    assert len(table) == int(mixed.sentences["doc_id"].isin(PAIRS).sum())  # every English sentence of a pair
    assert set(table["link"]) <= {"mutual", "one-way", "none"}
    assert (table["link"] == "mutual").mean() > 0.9
    row = table[table["text_en"].str.contains("irritants in bilateral relations")].iloc[0]
    assert row["doc_id_ru"] == "ru_tass_2021-04-20" and "раздражители в двусторонних" in row["text_ru"]
    assert row["date_en"] == row["date_ru"] == pd.Timestamp("2021-04-20")
    assert row["source_en"] == row["source_ru"] == "TASS"
    ru = mixed.sentences.set_index(["doc_id", "sentence_id"])
    for _, r in table[table["link"] != "none"].iterrows():  # the ids point at the sentences shown
        assert r["text_ru"] == " ".join(ru.loc[(r["doc_id_ru"], s), "text"] for s in r["sentence_id_ru"])
        assert PAIRS[r["doc_id_en"]] == r["doc_id_ru"]
    spoken = table[table["text_en"].str.startswith("We have never refused dialogue")].iloc[0]
    assert spoken["speaker_en"] == "Sergey Lavrov" and spoken["sentence_id_ru"] == [6]
    only = lk.translation_sentences(mixed, aligned_only=True)
    assert (only["link"] != "none").all()


def test_the_russian_words_behind_an_english_phrase(mixed: lk.Corpus) -> None:
    terms = lk.translation_terms(mixed, "irritants", min_freq=2)
    a = terms.attrs
    assert a["english_sentences"] == a["aligned"] == a["target_sentences"] == 3 and a["outside_pairs"] == 0
    assert a["reference_sentences"] > 30
    # the word the Ministry's translators render as "irritants": "раздражители"/"раздражителей" (one lemma
    # where Russian lemmas exist, two forms where they don't)
    behind = terms[terms["term"].str.startswith("раздражител")]
    assert len(behind) and int(behind["target_count"].max()) >= 2 and (behind["reference_count"] == 0).all()
    assert (terms["log_ratio"] > 0).all() and (terms["target_count"] >= 2).all()
    assert terms["g2"].is_monotonic_decreasing
    assert set(terms["n"]) <= {1, 2, 3}
    example = behind["examples"].iloc[0][0]
    assert " ⇄ " in example and "irritants" in example and "аздражител" in example
    assert terms.columns.tolist()[:4] == ["term", "n", "target_count", "reference_count"]
    stability = lk.translation_terms(mixed, ["strategic stability"])
    # the bigram, as lemmas ("стратегический стабильность") or, without Russian lemmas, as written
    assert {"стратегический стабильность", "стратегической стабильности"} & set(stability["term"])
    with pytest.raises(lk.PhraseError, match="no phrase"):
        lk.translation_terms(mixed)


def test_a_family_counts_its_members_on_the_english_side(mixed: lk.Corpus, book: Path) -> None:
    terms = lk.translation_terms(mixed, families=["strategic_stability"], phrasebook=book)
    assert terms.attrs["phrases"] == ["strategic stability", "стратегической стабильности"]
    assert terms.attrs["english_sentences"] == 4


# ---------------------------------------------------------------------------- trends per language

def test_a_family_trend_per_language_counts_as_phrase_trend_does_with_the_documents_behind(
        mixed: lk.Corpus, book: Path) -> None:
    trend = lk.phrase_trend_languages(mixed, families=["irritants"], phrasebook=book, by="year", speaker="all")
    assert trend.columns.tolist() == ["lang", "period", "phrase", "count", "words", "per_10k", "documents",
                                      "ci_low", "ci_high", "low_base", "doc_ids", "hit_doc_ids"]
    for lang in ("en", "ru"):  # the same rows as phrase_trend over that language's documents
        own = lk.phrase_trend(mixed.filter(lang=lang), families=["irritants"], phrasebook=book, by="year",
                              speaker="all")
        mine = trend[trend["lang"] == lang].drop(columns=["lang", "doc_ids", "hit_doc_ids"])
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), own)
    # and an independent count: the members as whole words in each language's sentences
    pattern = re.compile(r"(?<!\w)(irritants|раздражители|раздражителей)(?!\w)", re.IGNORECASE)
    s = mixed.sentences.merge(mixed.documents[["doc_id", "lang"]])
    for lang, group in s.groupby("lang"):
        assert trend.loc[trend["lang"] == lang, "count"].sum() == sum(len(pattern.findall(t)) for t in group["text"])
    row = trend[(trend["lang"] == "ru") & (trend["period"] == "2021")].iloc[0]
    assert row["doc_ids"] == ["ru_kremlin_2021-06-16", "ru_ria_2021-04-20", "ru_tass_2021-04-20"]
    assert row["hit_doc_ids"] == ["ru_kremlin_2021-06-16", "ru_tass_2021-04-20"]
    assert row["documents"] == len(row["doc_ids"])


def test_the_speaker_scope_is_decided_once_for_both_languages(mixed: lk.Corpus) -> None:
    # "auto" is Lavrov (he speaks in the English transcript); where the Russian turns ("С.В.Лавров:") are
    # attributed to him too, both languages count his words; where they are not, Russian is left out, and said
    ru_speaks = mixed.filter(lang="ru").speaks("Sergey Lavrov")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trend = lk.phrase_trend_languages(mixed, ["dialogue", "диалога"], by="year")
    said = [str(w.message) for w in caught if issubclass(w.category, TranslationWarning)]
    assert trend.attrs["speaker"] == "Sergey Lavrov"
    if ru_speaks:
        assert set(trend["lang"]) == {"en", "ru"} and not said and trend.attrs["left_out"] == {}
        ru = trend[(trend["lang"] == "ru") & (trend["phrase"] == "диалога")]
        assert ru["count"].sum() == 1 and ru["hit_doc_ids"].sum() == ["ru_mid_2019-03-12"]  # not the question
    else:
        assert set(trend["lang"]) == {"en"} and "ru" in trend.attrs["left_out"]
        assert said and "says nothing in the ru documents" in said[0]


def test_the_trend_figure_draws_one_line_per_language(mixed: lk.Corpus, book: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from lavrovkit import plots

    trend = lk.phrase_trend_languages(mixed, families=["irritants"], phrasebook=book, by="year", speaker="all")
    fig = plots.language_trend(trend, title="irritants")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines][:2] == ["English", "Russian"]
    words = trend[trend["period"] == "2019"].set_index("lang")["words"]
    assert ax.get_xticklabels()[0].get_text() == f"2019\nEnglish {words['en']} w\nRussian {words['ru']} w"
    empty = plots.language_trend(trend.iloc[:0], title="nothing")
    assert "no documents" in empty.axes[0].texts[0].get_text()


# ---------------------------------------------------------------------------- Cyrillic

RUSSIAN_LETTERS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя«»—№"


def test_the_word_cloud_font_and_the_figure_font_draw_every_russian_letter() -> None:
    import matplotlib.font_manager as fm

    from lavrovkit.plots import _cloud_font, font_missing

    assert font_missing(RUSSIAN_LETTERS) == []  # wordcloud's own DroidSansMono
    assert font_missing(RUSSIAN_LETTERS, fm.findfont("DejaVu Sans")) == []  # matplotlib's default
    assert _cloud_font({"раздражители": 3, "dialogue": 2}) == {}  # the default font: English keys unchanged
    # a letter the default font lacks (Armenian) sends the cloud to DejaVu Sans, which has it
    assert font_missing("Հայաստան") and _cloud_font({"Հայաստան": 1})["font_path"].endswith("DejaVuSans.ttf")


def test_a_russian_word_cloud_and_a_cyrillic_figure_draw_their_letters(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from PIL import Image

    from lavrovkit import plots

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig = plots.wordcloud({"раздражители": 9, "партнёры": 7, "диалог": 5}, title="Русские слова",
                              png=tmp_path / "ru.png")
        fig.canvas.draw()
    picture = np.asarray(Image.open(tmp_path / "ru.png").convert("L"))
    assert (picture < 200).mean() > 0.02  # the words are drawn (a missing glyph draws an empty box or nothing)


# ---------------------------------------------------------------------------- the report

def test_the_report_pairs_a_mixed_corpus_and_shows_the_words_behind_the_phrase(folder: Path, book: Path,
                                                                               tmp_path: Path) -> None:
    results = render_all(["06_languages"], {"corpus": str(folder), "phrasebook": str(book),
                                            "families": ["irritants"], "speaker": "all"}, out_dir=tmp_path)
    assert results[0].ok, results[0].error
    page = results[0].html.read_text(encoding="utf-8")
    assert "4 pair(s): 0 from the catalog, 4 matched; 2 document(s) unpaired." in page
    assert "ru_ria_2021-04-20" in page and "Documents in no pair, and why" in page
    assert "“irritants”: 3 English sentence(s) of the pairs use it" in page
    assert "раздражител" in page and "⇄" in page
    assert "*Interpretation:*" not in page and "Interpretation:" in page
    assert page.count("<img") >= 1


def test_the_report_over_the_english_seeds_says_there_are_no_russian_documents(tmp_path: Path) -> None:
    results = render_all(["06_languages"], out_dir=tmp_path)
    assert results[0].ok, results[0].error
    page = results[0].html.read_text(encoding="utf-8")
    assert "This corpus has no Russian documents" in page
    assert "nothing to compare: the corpus holds no original with its translation" in page


# ---------------------------------------------------------------------------- the command line

def test_the_command_prints_pairs_sentences_and_the_words_behind_a_phrase(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from lavrovkit.cli import main

    assert main(["translations", str(folder), "--format", "csv", "--quiet"]) == 0
    out, err = capsys.readouterr()
    pairs = pd.read_csv(io.StringIO(out))
    assert dict(zip(pairs["doc_id_en"], pairs["doc_id_ru"], strict=True)) == PAIRS
    assert "4 pair(s); 2 document(s) unpaired" in err and "ru_ria_2021-04-20 (ru): no candidate" in err
    assert main(["translations", str(folder), "--phrase", "irritants", "--format", "csv", "--quiet"]) == 0
    out, err = capsys.readouterr()
    terms = pd.read_csv(io.StringIO(out))
    assert terms["term"].str.startswith("раздражител").any() and " ⇄ " in terms["examples"].iloc[0]
    assert "'irritants': 3 English sentence(s)" in err
    assert main(["translations", str(folder), "--sentences", "--format", "jsonl", "--quiet"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["doc_id_en"] == "en_mid_2019-03-12" and first["sentence_id_ru"] == [0]
    assert main(["translations", str(folder), "--window", "-1", "--quiet"]) == 2
    assert "window must be a number of days" in capsys.readouterr().err
