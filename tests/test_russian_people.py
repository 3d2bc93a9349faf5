"""People and sources in Russian texts: Cyrillic names of the gazetteer's actors in every case, names with
patronymics, Russian role phrases resolved on the document's date, people the gazetteer does not know named
once in the nominative (initials dropped, case forms merged), and Russian publishers mapped to the kit's
source names. Texts are small ones written in the shapes of TASS, RIA Novosti, Interfax and Kommersant
reports and Foreign Ministry and Kremlin pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from lavrovkit import corpus_load
from lavrovkit.actors import actors_load, phrase_case_forms
from lavrovkit.counterparts import person_mentions, ru_nominatives
from lavrovkit.meta import guess_metadata_ru, ru_source_name
from lavrovkit.people import ru_person_name
from lavrovkit.webpage import read_page

from .conftest import write_texts


def _people(text: str, day: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.name, m.resolved_by) for m in actors_load().mentions(text, day)]


# ---------------------------------------------------------------------- the gazetteer in Cyrillic


@pytest.mark.parametrize(("text", "surface", "name"), [
    ("Переговоры с Б.Асадом прошли в Дамаске.", "Асадом", "Bashar al-Assad"),
    ("Президент Сирии Башар Асад принял делегацию.", "Башар Асад", "Bashar al-Assad"),
    ("Встреча В.В.Путина и Си Цзиньпина состоялась в Кремле.", "Си Цзиньпина", "Xi Jinping"),
    ("Об этом он договорился с Си Цзиньпином.", "Си Цзиньпином", "Xi Jinping"),
    ("Позиция В.Зеленского не изменилась.", "Зеленского", "Volodymyr Zelensky"),
    ("Владимир Зеленский выступил с обращением.", "Владимир Зеленский", "Volodymyr Zelensky"),
    ("Постпред США при ООН С.Пауэр выступила в Совбезе.", "Пауэр", "Samantha Power"),
    ("Переговоры с М.Биллингсли в Вене продолжатся.", "Биллингсли", "Marshall Billingslea"),
    ("Об этом заявил Пётр Порошенко.", "Пётр Порошенко", "Petro Poroshenko"),
    ("Генсек НАТО Андерс Фог Расмуссен прибыл в Москву.", "Андерс Фог Расмуссен", "Anders Fogh Rasmussen"),
    ("Переговоры с Мевлютом Чавушоглу прошли в Анталье.", "Чавушоглу", "Mevlüt Çavuşoğlu"),
])
def test_actors_named_in_english_only_before_are_named_in_russian(text: str, surface: str, name: str) -> None:
    found = {(s, n) for s, n, _ in _people(text, "2016-05-01")}
    assert any(n == name and surface in s for s, n in found), found


@pytest.mark.parametrize(("text", "name"), [
    ("Вопрос: Сергей Викторович, как Вы оцениваете итоги переговоров?", "Sergey Lavrov"),
    ("Спасибо, Сергей Викторович.", "Sergey Lavrov"),
    ("Вопрос: Владимир Владимирович, будет ли новая встреча?", "Vladimir Putin"),
    ("Вопрос Марии Владимировне от агентства «Синьхуа».", "Maria Zakharova"),
    ("Дмитрий Сергеевич, прокомментируйте, пожалуйста.", "Dmitry Peskov"),
])
def test_a_name_and_patronymic_is_that_person_not_another(text: str, name: str) -> None:
    assert [n for _, n, _ in _people(text, "2023-05-01")] == [name]


def test_a_name_and_patronymic_before_another_surname_is_not_that_person() -> None:
    assert _people("Владимир Владимирович Жириновский выступил в Думе.", "2010-05-01") == []
    assert _people("Сергей Викторович Лавров выступил.", "2010-05-01") == [
        ("Сергей Викторович Лавров", "Sergey Lavrov", "name")]


def test_a_woman_s_surname_that_does_not_decline_stays_as_written() -> None:
    gaz = actors_load()
    assert gaz.resolve("Кэтрин Эштон") == "Catherine Ashton"
    assert gaz.resolve("Кэтрин Эштона") is None  # a woman's foreign surname does not decline
    assert gaz.resolve("Саманте Пауэр") == "Samantha Power"


# ---------------------------------------------------------------------- roles without names


def test_russian_role_phrases_decline_by_rule() -> None:
    assert phrase_case_forms("глава Пентагона") == ["главы Пентагона", "главе Пентагона", "главу Пентагона",
                                                    "главой Пентагона"]
    assert "госсекретарём США" in phrase_case_forms("госсекретарь США")
    assert "постоянным представителем США при ООН" in phrase_case_forms("постоянный представитель США при ООН")


@pytest.mark.parametrize(("text", "day", "name"), [
    ("Лавров провел телефонный разговор с госсекретарем США.", "2017-10-09", "Rex Tillerson"),
    ("Госсекретарь США позвонил главе МИД России.", "2021-06-01", "Antony Blinken"),
    ("Об этом сообщил глава Пентагона.", "2021-06-01", "Lloyd Austin"),
    ("Встреча с советником президента США по национальной безопасности прошла в Женеве.", "2018-10-22",
     "John Bolton"),
    ("Постпред США при ООН выступила на заседании Совбеза.", "2016-05-01", "Samantha Power"),
    ("Пресс-секретарь президента России прокомментировал заявление.", "2021-06-01", "Dmitry Peskov"),
    ("Официальный представитель МИД России ответила на вопросы журналистов.", "2021-06-01", "Maria Zakharova"),
])
def test_a_russian_role_phrase_is_its_holder_on_the_documents_date(text: str, day: str, name: str) -> None:
    assert name in [n for _, n, how in _people(text, day) if how == "role"]


def test_a_role_phrase_before_a_name_or_after_former_is_not_the_holder_on_the_day() -> None:
    text = ("Бывший госсекретарь США считает, что диалог нужен. Госсекретарь США Хиллари Клинтон в 2010 году "
            "говорила иное. Заместитель министра иностранных дел России С.А.Рябков с ним не согласен.")
    found = _people(text, "2017-10-09")
    assert "Rex Tillerson" not in [n for _, n, _ in found]
    assert ("Хиллари Клинтон", "Hillary Clinton", "name") in found
    assert "Sergey Lavrov" not in [n for _, n, _ in found]  # the deputy's title holds the minister's inside it


def test_english_role_phrases_are_as_before() -> None:
    assert _people("The US Secretary of State called Lavrov.", "2017-10-09") == [
        ("US Secretary of State", "Rex Tillerson", "role"), ("Lavrov", "Sergey Lavrov", "surname")]


# ---------------------------------------------------------------------- people the gazetteer does not know


@pytest.mark.parametrize(("surface", "name", "initials"), [
    ("Р.Мюллера", "Мюллер", True), ("Роберта Мюллера", "Роберт Мюллер", False),
    ("А.Навальным", "Навальный", True), ("Алексея Навального", "Алексей Навальный", False),
    ("Нарендрой Моди", "Нарендра Моди", False), ("Моди", "Моди", False),
    ("Фридрихом Мерцем", "Фридрих Мерц", False), ("Пита Хегсета", "Пит Хегсет", False),
    ("Кристи Ноэм", "Кристи Ноэм", False), ("Мариной Захаровой", "Марина Захарова", False),
    ("Robert Mueller", "Robert Mueller", False),
])
def test_a_russian_name_in_the_nominative_without_initials(surface: str, name: str, initials: bool) -> None:
    assert ru_person_name(surface) == (name, initials)


def test_case_forms_written_in_a_corpus_are_one_person() -> None:
    assert ru_nominatives(["Олаф Шольц", "Олафом Шольцем", "Олафа Шольца", "Шольца", "Olaf Scholz"]) == {
        "Олафом Шольцем": "Олаф Шольц", "Олафа Шольца": "Олаф Шольц"}
    assert ru_nominatives(["Моди", "Кристи Ноэм"]) == {}


MUELLER = """МОСКВА, 25 марта. /ТАСС/. Доклад специального прокурора Роберта Мюллера не подтвердил обвинений в \
сговоре с Россией, заявил официальный представитель МИД России Мария Захарова.

"Расследование Р.Мюллера длилось почти два года и ничего не нашло", - сказала она. По ее словам, \
выводы, сделанные Мюллером, должны закрыть эту тему.
"""

MODI = """НЬЮ-ДЕЛИ, 8 июля. /ТАСС/. Премьер-министр Индии Нарендра Моди прибудет в Москву с официальным визитом. \
Переговоры Владимира Путина с Нарендрой Моди пройдут в Кремле, сообщил помощник президента России Юрий Ушаков.

"С Н.Моди будут обсуждены вопросы двусторонней торговли", - отметил Ушаков.
"""

KOMMERSANT = """Коммерсантъ

Глава Пентагона прокомментировал переговоры в Эр-Рияде

Министр обороны США Пит Хегсет заявил, что переговоры с Россией продолжатся. Ранее Хегсет встречался с \
канцлером ФРГ Фридрихом Мерцем. По словам Фридриха Мерца, позиция Берлина известна. Мерц выступит в Брюсселе.
"""


def test_one_person_per_name_across_a_russian_corpus(tmp_path: Path) -> None:
    folder = write_texts(tmp_path, {"tass-mueller-2019.txt": MUELLER, "tass-modi-2024.txt": MODI,
                                    "kommersant-2025-02-20.txt": KOMMERSANT})
    m = person_mentions(corpus_load(folder), speaker="all")
    people = set(m["person"])
    assert "Роберт Мюллер" in people
    assert not {"Р.Мюллера", "Роберта Мюллера", "Мюллером", "Мюллера"} & people
    assert "Нарендра Моди" in people and not {"Модь", "Нарендрой Моди", "Н.Моди"} & people
    assert {"Maria Zakharova", "Vladimir Putin", "Yuri Ushakov", "Pete Hegseth"} <= people
    assert "Фридрих Мерц" in people and not {"Фридрихом Мерцем", "Фридриха Мерца", "Мерц"} & people
    mueller = m[m["person"] == "Роберт Мюллер"]
    assert mueller["resolved_by"].eq("unresolved").all() and len(mueller) >= 2


# ---------------------------------------------------------------------- sources


@pytest.mark.parametrize(("name", "source"), [
    ("Министерство иностранных дел Российской Федерации", "Russian Foreign Ministry"),
    ("МИД России", "Russian Foreign Ministry"), ("МИД РФ", "Russian Foreign Ministry"),
    ("Президент России", "President of Russia"), ("РБК", "RBC"), ("Коммерсантъ", "Kommersant"),
    ("«Известия»", "Izvestia"), ("Интерфакс", "Interfax"), ("RT на русском", "RT"), ("Ведомости", "Vedomosti"),
    ("Российская газета", "Rossiyskaya Gazeta"), ("ТАСС", "TASS"), ("РИА Новости", "RIA Novosti"),
])
def test_russian_publisher_names_are_the_kits_source_names(name: str, source: str) -> None:
    assert ru_source_name(name) == source


def _source(text: str, html: str | None = None) -> str | None:
    page = read_page(html) if html else None
    return next((g["value"] for g in guess_metadata_ru(text, page=page) if g["field"] == "source"), None)


def test_a_saved_ministry_page_gives_its_publisher_in_its_metadata() -> None:
    html = ('<html><head><meta property="og:site_name" content="Министерство иностранных дел Российской '
            'Федерации"><title>Интервью С.В.Лаврова</title></head><body><article><h1>Интервью Министра иностранных '
            'дел Российской Федерации С.В.Лаврова газете «Известия»</h1><p>Вопрос: Как Вы оцениваете ситуацию?</p>'
            '</article></body></html>')
    assert _source("Интервью Министра иностранных дел Российской Федерации С.В.Лаврова газете «Известия»\n\n"
                   "Вопрос: Как Вы оцениваете ситуацию?", html) == "Russian Foreign Ministry"


def test_a_russian_kremlin_page_is_the_president_of_russias() -> None:
    html = ('<html><head><meta property="og:site_name" content="Президент России"></head><body><article>'
            '<h1>Встреча с Министром иностранных дел Сергеем Лавровым</h1><time itemprop="datePublished" '
            'datetime="2021-04-20">20 апреля 2021 года</time><p>В.Путин: Добрый день.</p></article></body></html>')
    assert _source("Встреча с Министром иностранных дел Сергеем Лавровым\n\nВ.Путин: Добрый день.", html) == \
        "President of Russia"
    assert _source("Совещание с постоянными членами Совета Безопасности\n\nВ.Путин: Добрый день, уважаемые "
                   "коллеги.\n\nСсылка на материал: kremlin.ru/events/president/news/65000") == "President of Russia"


@pytest.mark.parametrize(("text", "source"), [
    (KOMMERSANT, "Kommersant"),
    ("Лавров назвал условия диалога с США\n\nСергей Лавров заявил, что Москва готова к разговору.\n\n© РБК",
     "RBC"),
    ("Захарова ответила Вашингтону\n\nОфициальный представитель МИД Мария Захарова заявила о провокации.\n\n"
     "Источник: Известия", "Izvestia"),
    ("Рябков: стратегическая стабильность под угрозой\n\nТекст интервью.\n\nГазета «Ведомости», 2023",
     "Vedomosti"),
    ("Путин провел переговоры с Си Цзиньпином\n\nТекст.\n\nhttps://rg.ru/2024/05/16/putin.html",
     "Rossiyskaya Gazeta"),
])
def test_mastheads_bylines_and_outlet_sites(text: str, source: str) -> None:
    assert _source(text) == source
