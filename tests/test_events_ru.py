"""Contacts in Russian texts: Kremlin and Foreign Ministry (mid.ru) readouts, TASS, RIA Novosti and Interfax
reports and a mid.ru transcript, read by the Russian rules of lavrovkit.events on slovnet's dependency parse
(type, status, participants, date, evidence). English behaviour is tests/test_events.py's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load
from lavrovkit.events import _parser_ru, date_exprs_ru, interactions, trigger_reading_ru
from lavrovkit.model import model_spec

KREMLIN = """Телефонный разговор с Президентом США Дональдом Трампом

Состоялся телефонный разговор Владимира Путина с Президентом США Дональдом Трампом.

В ходе беседы, продолжавшейся около полутора часов, стороны обсудили ситуацию вокруг Украины. Президенты \
договорились о личной встрече.
"""

MID = """О телефонном разговоре Министра иностранных дел России С.В.Лаврова с Государственным секретарём США \
М.Рубио

15 февраля состоялся телефонный разговор Министра иностранных дел Российской Федерации С.В.Лаврова с \
Государственным секретарём США М.Рубио. Министры обсудили вопросы двусторонней повестки дня.

Министр провёл переговоры с Государственным секретарём США М.Рубио в Эр-Рияде.
"""

TASS_PLANNED = """Лавров и Рубио встретятся в Стамбуле

МОСКВА, 20 марта. /ТАСС/. Переговоры министра иностранных дел РФ Сергея Лаврова и госсекретаря США Марко Рубио \
состоятся 25 марта. Об этом сообщила официальный представитель МИД России Мария Захарова.
"""

RIA_NEGATED = """Песков: встреча Путина и Трампа пока не согласована

МОСКВА, 14 апреля — РИА Новости. Встреча Владимира Путина и Дональда Трампа в ближайшее время не \
планируется, заявил пресс-секретарь президента Дмитрий Песков.

Лавров отказался от встречи с Рубио, сообщил источник.
"""

INVITATION = """МОСКВА, 3 апреля. /ТАСС/. Президент России Владимир Путин пригласил Дональда Трампа посетить Москву.
Ранее Путин и Трамп провели телефонный разговор.

Госсекретарь США Марко Рубио может прибыть в Москву по приглашению Сергея Лаврова.
"""

INTERFAX_LETTER = """Москва. 5 марта. INTERFAX.RU - Министр иностранных дел РФ Сергей Лавров направил послание \
государственному секретарю США Марко Рубио, сообщили в МИД России.

В ходе состоявшейся накануне беседы Лавров и Рубио обсудили подготовку контактов.
"""

TRANSCRIPT = """Ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова

Москва, 12 марта 2025 года

Вопрос: Когда Вы встретитесь с Рубио?

С.В.Лавров: Мы с Рубио договорились встретиться в апреле. В последний раз мы с ним разговаривали по \
телефону на прошлой неделе.
"""


@pytest.fixture(scope="module")
def ev(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("ru_events")
    docs = {
        "kremlin": ("2025-02-12", "President of Russia", KREMLIN),
        "mid": ("2025-02-16", "Russian Foreign Ministry", MID),
        "tass": ("2025-03-20", "TASS", TASS_PLANNED),
        "ria": ("2025-04-14", "RIA Novosti", RIA_NEGATED),
        "invite": ("2025-04-03", "TASS", INVITATION),
        "letter": ("2025-03-05", "Interfax", INTERFAX_LETTER),
        "turn": ("2025-03-12", "Russian Foreign Ministry", TRANSCRIPT),
    }
    rows = ["id,file,date,source"]
    for name, (date, source, text) in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        rows.append(f"{name},{name}.txt,{date},{source}")
    (folder / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    corpus = corpus_load(folder)
    assert set(corpus.documents["lang"]) == {"ru"}
    return interactions(corpus, speaker="all")


def rows(ev: pd.DataFrame, doc_id: str) -> list[tuple[str, list[str], str, str]]:
    sub = ev[ev["doc_id"] == doc_id]
    return [(t, list(p), "NaT" if pd.isna(d) else str(d.date()), f) for t, p, d, f in
            zip(sub["type"], sub["participants"], sub["date"], sub["date_from"], strict=True)]


def test_a_kremlin_readout_of_a_phone_call(ev: pd.DataFrame) -> None:
    assert rows(ev, "kremlin") == [
        ("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-02-12", "document"),
        # "Президенты договорились о личной встрече": the parties of the call, a contact agreed, not held
        ("planned", ["Donald Trump", "Vladimir Putin"], "NaT", "unknown"),
    ]
    call = ev[(ev["doc_id"] == "kremlin") & (ev["type"] == "phone_call")].iloc[0]
    # the headline, the body's sentence and "В ходе беседы ... стороны обсудили" are one conversation
    assert call["mentions"] == 3
    assert call["evidence"] == "Телефонный разговор с Президентом США Дональдом Трампом"
    assert call["cameo"] == "041" and call["source"] == "President of Russia"
    assert list(call["sides"]) == ["United States", "Russia"]


def test_a_mid_ru_readout_dated_by_its_body_and_a_bare_role(ev: pd.DataFrame) -> None:
    assert rows(ev, "mid") == [
        # posted on 16 February, the call was on 15 February ("15 февраля состоялся ...")
        ("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-02-15", "sentence"),
        # "Министр провёл переговоры" on the Ministry's own post: the Foreign Minister of Russia on its date
        ("meeting", ["Marco Rubio", "Sergey Lavrov"], "2025-02-16", "document"),
    ]
    meeting = ev[(ev["doc_id"] == "mid") & (ev["type"] == "meeting")].iloc[0]
    assert meeting["place"] == "Эр-Рияд"
    assert meeting["evidence"] == "Министр провёл переговоры с Государственным секретарём США М.Рубио в Эр-Рияде."


def test_a_tass_report_of_planned_talks_dated_by_the_day_they_are_set_for(ev: pd.DataFrame) -> None:
    assert rows(ev, "tass") == [
        ("planned", ["Marco Rubio", "Sergey Lavrov"], "2025-03-25", "sentence"),
    ]
    planned = ev[ev["doc_id"] == "tass"].iloc[0]
    assert "встретятся" in planned["trigger"] and "Переговоры" in planned["trigger"]


def test_a_negated_or_refused_meeting_is_no_contact(ev: pd.DataFrame) -> None:
    # the headline's speaker ("Песков:") is no party, and its meeting is negated like the body's
    assert rows(ev, "ria") == []


def test_a_place_is_where_the_contact_is(tmp_path: Path) -> None:
    folder = tmp_path / "place"
    folder.mkdir()
    (folder / "a.txt").write_text("Владимир Путин провёл переговоры с Дональдом Трампом, прибывшим в Россию с "
                                  "визитом.\n\nСергей Лавров провёл переговоры с Марко Рубио в Эр-Рияде.\n",
                                  encoding="utf-8")
    (folder / "catalog.csv").write_text("id,file,date,source\na,a.txt,2025-02-18,TASS\n", encoding="utf-8")
    ev = interactions(corpus_load(folder), speaker="all")
    assert [None if pd.isna(p) else p for p in ev["place"]] == [None, "Эр-Рияд"]


def test_invitations(ev: pd.DataFrame) -> None:
    assert rows(ev, "invite") == [
        ("invitation", ["Donald Trump", "Vladimir Putin"], "2025-04-03", "document"),
        # "Ранее ...": an earlier call, which neither the dateline nor the report dates
        ("phone_call", ["Donald Trump", "Vladimir Putin"], "NaT", "unknown"),
        ("invitation", ["Marco Rubio", "Sergey Lavrov"], "2025-04-03", "document"),
    ]


def test_a_letter_and_a_conversation_the_day_before(ev: pd.DataFrame) -> None:
    assert rows(ev, "letter") == [
        ("letter", ["Marco Rubio", "Sergey Lavrov"], "2025-03-05", "paragraph"),  # the dateline "5 марта"
        # "В ходе состоявшейся накануне беседы": the day before the report
        ("meeting", ["Marco Rubio", "Sergey Lavrov"], "2025-03-04", "sentence"),
    ]
    letter = ev[(ev["doc_id"] == "letter") & (ev["type"] == "letter")].iloc[0]
    assert letter["evidence"].startswith("INTERFAX.RU - Министр иностранных дел РФ Сергей Лавров "
                                         "направил послание")


def test_a_transcript_turn_speaks_for_its_speaker(ev: pd.DataFrame) -> None:
    assert rows(ev, "turn") == [
        # "Мы с Рубио договорились встретиться в апреле": the speaker and Rubio, planned for April
        ("planned", ["Marco Rubio", "Sergey Lavrov"], "2025-04-01", "sentence (month)"),
        # "на прошлой неделе": an earlier call no day dates
        ("phone_call", ["Marco Rubio", "Sergey Lavrov"], "NaT", "unknown"),
    ]


@pytest.mark.parametrize(("text", "word", "reading"), [
    ("Лавров провёл переговоры с Рубио.", "переговоры", "held"),
    ("Стороны провели консультации в Женеве.", "консультации", "held"),
    ("Лавров встретится с Рубио в Эр-Рияде.", "встретится", "planned"),
    ("Встреча министров состоится в мае.", "Встреча", "planned"),
    ("Визит намечен на май.", "Визит", "planned"),
    ("Будет ли встреча Путина и Трампа?", "встреча", "planned"),
    ("Переговоры будут проведены в Женеве.", "Переговоры", "planned"),
    ("Стороны обсудили подготовку предстоящей встречи.", "встречи", "planned"),
    ("Встреча не планируется.", "Встреча", None),
    ("Никаких переговоров не будет.", "переговоров", None),
    ("Вашингтон отменил визит.", "визит", None),
    ("Москва не исключает встречи.", "встречи", "planned"),
    ("Путин пригласил Трампа посетить Москву.", "пригласил", "invitation"),
    ("Рубио прибыл по приглашению Лаврова.", "приглашению", "invitation"),
    ("Владимир Путин принял в Кремле спецпосланника президента США Стива Уиткоффа.", "принял", "held"),
    ("Делегация приняла участие в консультациях.", "приняла", None),
    ("Трамп принял приглашение посетить Москву.", "приглашение", "invitation"),
])
def test_readings_of_a_trigger(text: str, word: str, reading: str | None) -> None:
    doc = _parser_ru()(text)
    assert trigger_reading_ru(next(t for t in doc if t.text == word)) == reading


def test_russian_date_expressions() -> None:
    found = [(e.kind, e.groups.get("mon") or e.groups.get("wd") or e.groups.get("shift"))
             for e in date_exprs_ru("12 марта 2019 года, во вторник, в апреле, вчера")]
    assert found == [("day", "March"), ("month", "April"), ("weekday", "Tuesday"), ("shift", "yesterday")]


def test_the_parser_is_no_annotation_component() -> None:
    # the annotation tiers' components (and cache folders) do not include the parser; the events' parse does
    assert "parser" not in model_spec(lang="ru").components
    assert model_spec(lang="ru", components=("tagger", "parser", "lemmatizer")).components == (
        "senter", "morphologizer", "lemmatizer", "parser")
    doc = _parser_ru()("Лавров провёл переговоры с Рубио.\nПутин позвонил Трампу.")
    assert [t.dep_ for t in doc][:3] == ["nsubj", "ROOT", "obj"]
    assert doc[0].head.text == "провёл" and len(list(doc.sents)) == 2


def test_english_documents_keep_the_english_parser(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "en.txt").write_text("On 3 March, Sergey Lavrov had a telephone conversation with Rex Tillerson.\n",
                                   encoding="utf-8")
    (folder / "ru.txt").write_text("3 марта Сергей Лавров провёл телефонный разговор с Рексом Тиллерсоном.\n",
                                   encoding="utf-8")
    (folder / "catalog.csv").write_text("id,file,date,source\nen,en.txt,2017-03-04,TASS\nru,ru.txt,2017-03-04,TASS\n",
                                        encoding="utf-8")
    ev = interactions(corpus_load(folder), speaker="all")
    assert rows(ev, "en") == [("phone_call", ["Rex Tillerson", "Sergey Lavrov"], "2017-03-03", "sentence")]
    assert rows(ev, "ru") == [("phone_call", ["Rex Tillerson", "Sergey Lavrov"], "2017-03-03", "sentence")]


def test_every_parsed_russian_token_reaches_a_root() -> None:
    """slovnet's parse can loop; the pipeline cuts the loops, so spaCy can walk every span to its root
    (a loop made `interactions` fail on whole documents)."""
    from lavrovkit.lang.ru_nlp import acyclic, build

    assert acyclic([2, 0, 1, 1]) == [0, 0, 1, 1]  # a three-token loop cut where the walk met it: token 0 the root
    from tests.ru_texts import RUSSIAN

    nlp = build(("senter", "parser"))
    for doc in nlp.pipe(list(RUSSIAN.values())):
        for sent in doc.sents:
            for tok in sent:
                assert doc[tok.i: tok.i + 1].root is not None
                assert sum(1 for _ in tok.ancestors) < len(doc)
