"""Russian texts: metadata (datelines, dates, sources, titles), transcript turns, quotations, speakers and
Cyrillic names, on small texts in the shapes of TASS, RIA Novosti and Interfax reports, Foreign Ministry
(mid.ru) transcripts and briefings and Kremlin transcripts. English behaviour is the other test files'."""

from __future__ import annotations

from pathlib import Path

import pytest

from lavrovkit import corpus_load
from lavrovkit.actors import actors_load, case_forms
from lavrovkit.chrome import strip_chrome
from lavrovkit.labels import read_label
from lavrovkit.meta import guess_metadata
from lavrovkit.segment import paragraphs_of

from .conftest import write_texts
from .ru_texts import attributed

TASS = """Лавров: Россия не будет отвечать на ультиматумы Вашингтона

МОСКВА, 20 апреля. /ТАСС/. Россия не намерена отвечать на ультиматумы США, но открыта для диалога на равноправной \
основе. Об этом заявил во вторник министр иностранных дел РФ Сергей Лавров на пресс-конференции по итогам переговоров.

"Мы никогда не будем разговаривать с позиции силы, это исключено", - сказал Лавров. "Наши американские партнеры \
должны это понимать", - добавил он.

«Если Вашингтон действительно хочет нормализации, мы готовы к работе», — подчеркнул министр.

Как заявил Лавров, «никаких односторонних уступок с нашей стороны не будет, и это всем известно».

По словам Лаврова, госсекретарь США Марко Рубио в телефонном разговоре предложил продолжить консультации.

Ранее официальный представитель МИД России Мария Захарова сообщила, что Москва получила ноту от посольства США. \
«Мы внимательно изучим этот документ и дадим ответ», — сказала Захарова.

«Позиция России по этому вопросу остается неизменной и хорошо известна», — говорится в заявлении МИД России.
"""

RIA = """МОСКВА, 14 ноя — РИА Новости. Россия рассчитывает, что новая администрация США откажется от санкционной \
политики, заявил глава МИД России Сергей Лавров в интервью агентству.

„Мы не раз говорили, что санкции ничего не дают тем, кто их вводит“, — отметил министр.

Он также напомнил, что контакты со спецпосланником президента США Стивом Уиткоффом продолжаются.

Читайте также

Подписывайтесь на РИА Новости в Telegram
"""

INTERFAX = """Москва. 3 марта. INTERFAX.RU - Министр иностранных дел РФ Сергей Лавров провел телефонный разговор с \
госсекретарем США Рексом Тиллерсоном, сообщили в МИД России.

"Стороны обсудили ситуацию в Сирии и на Корейском полуострове, а также двусторонние отношения", - говорится в \
сообщении Смоленской площади.

Ранее, 1 марта 2018 года, Тиллерсон заявил, что Вашингтон готов к диалогу.
"""

MID = """Выступление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова в ходе \
совместной пресс-конференции по итогам переговоров с Министром иностранных дел Турции М.Чавушоглу

Москва, 12 марта 2019 года

Версия для печати

С.В.Лавров: Добрый день, уважаемые дамы и господа!

Мы провели полезные переговоры. Обсудили ситуацию в Сирии и отношения с США.

Вопрос (переводится с английского): Сергей Викторович, как Вы оцениваете последние заявления госсекретаря США \
М.Помпео о Венесуэле?

С.В.Лавров: Мы уже не раз слышали такие заявления. Недавно М.Помпео заявил: «Все варианты остаются на столе, \
включая силовой», но это путь в никуда.

Реплика: Спасибо.

Вопрос: Будет ли встреча с американским коллегой?

Лавров С.В.: Если американская сторона проявит интерес, мы готовы.

(Аплодисменты.)

С. В. Лавров: Спасибо.
"""

BRIEFING = """Брифинг официального представителя МИД России М.В.Захаровой, Москва, 14 февраля 2024 года

М.В.Захарова: Добрый день! Начну с актуальной темы.

Вашингтон продолжает накачивать киевский режим оружием. Мы неоднократно предупреждали о последствиях.

Вопрос: Как Вы прокомментируете слова госсекретаря США Э.Блинкена?

М.В.Захарова: Это не первое подобное заявление. Как говорил С.В.Лавров, «американцы сами загнали себя в угол».

Вопрос: Спасибо.
"""

KREMLIN = """Встреча с Министром иностранных дел Сергеем Лавровым

20 апреля 2021 года, 15:30, Москва, Кремль

Владимир Путин провел рабочую встречу с Министром иностранных дел Российской Федерации Сергеем Лавровым.

В.Путин: Сергей Викторович, давайте начнем с американского направления.

С.Лавров: Спасибо, Владимир Владимирович. Контакты с администрацией Байдена идут, хотя и непросто.

В.Путин: Хорошо.

Опубликован в разделах: Новости, Стенограммы

Дата публикации: 20 апреля 2021 года, 17:00
"""

INTERVIEW = """Интервью Министра иностранных дел Российской Федерации С.В.Лаврова газете «Коммерсантъ», 5 декабря 2022 года

Вопрос: Сергей Викторович, видите ли Вы перспективы для диалога с Вашингтоном?

Ответ: Мы никогда не отказывались от диалога. Но американцы должны понять, что разговор возможен только на равных.

Вопрос (перевод с английского): А что с договором СНВ?

Ответ: Это отдельная тема. Как сказал Президент России В.В.Путин, «мы готовы к продлению договора без всяких условий».
"""
TASS_PESKOV = """Песков: Кремль не видит предпосылок для встречи Путина и Байдена

МОСКВА, 3 марта. /Корр. ТАСС Иван Петров/. Кремль пока не видит предпосылок для встречи президентов России и США. Об этом заявил журналистам пресс-секретарь президента РФ Дмитрий Песков.

"Пока таких предпосылок нет, но мы не исключаем контактов", - сказал пресс-секретарь. По его словам, "президент Путин всегда открыт для диалога, если он будет уважительным".

«Мы внимательно следим за заявлениями из Вашингтона и делаем выводы», — отметил Песков, отвечая на вопрос журналистов.

Читать ТАСС в Telegram

Теги: Россия, США
"""

#: Reporting frames around quotations: "По словам ...", "... отметил, что «...»", "Он добавил", "уверен:",
#: an institution ("В Госдепартаменте заявили").
FRAMES = """Министр иностранных дел России Сергей Лавров провел в среду переговоры в Женеве.

По словам Лаврова, «встреча прошла в конструктивной атмосфере, хотя разногласия сохраняются».

Лавров отметил, что «Москва не намерена делать односторонних шагов навстречу Вашингтону».

Он добавил, что «все договоренности должны быть основаны на взаимном учете интересов сторон».

Лавров уверен: «рано или поздно американцы вернутся к нормальному диалогу с Россией».

Госсекретарь США Марко Рубио, в свою очередь, назвал переговоры полезными. «Мы готовы работать дальше, если Россия будет готова», — сказал он.

В Госдепартаменте заявили: «Вашингтон продолжит консультации с Москвой на всех уровнях».

«Нам нечего скрывать, все наши позиции открыты», — заявил Песков.
"""

#: A mid.ru page copied with its furniture: the site's name, breadcrumbs, a timestamp, a tag line.
MID_PAGE = """Министерство иностранных дел Российской Федерации

Главная / Пресс-служба / Выступления министра

Выступление Министра иностранных дел Российской Федерации С.В.Лаврова на пленарном заседании Генеральной Ассамблеи ООН, Нью-Йорк, 24 сентября 2022 года

24.09.2022 21:10

Уважаемый господин Председатель,

Уважаемые коллеги,

Сегодня мир переживает непростые времена. Вашингтон и его союзники пытаются навязать всем свои правила.

Страны: США

Версия для печати
"""


def meta(text: str, file: str | None = None) -> dict[str, str]:
    return {g["field"]: g["value"] for g in guess_metadata(text, file)}


def evidence(text: str, field: str, file: str | None = None) -> str:
    return next(g["evidence"] for g in guess_metadata(text, file) if g["field"] == field)


def speakers(text: str) -> list[tuple[str | None, str, str]]:
    """(speaker, how, sentence) for every sentence, as the kit attributes them, with no document metadata."""
    return attributed(text, metadata=False)


def speaker_of(text: str, start: str) -> tuple[str | None, str]:
    found = [(spk, how) for spk, how, s in speakers(text) if s.startswith(start)]
    assert found, start
    return found[0]


# ---------------------------------------------------------------------- metadata


def test_a_tass_dateline_without_a_year_says_so() -> None:
    g = meta(TASS)
    assert g["dateline"] == "МОСКВА" and g["source"] == "TASS" and g["genre"] == "news report"
    assert "date" not in g and g["date_precision"] == "unknown"
    assert "МОСКВА, 20 апреля. /ТАСС/." in evidence(TASS, "date_precision")
    assert g["title"] == "Лавров: Россия не будет отвечать на ультиматумы Вашингтона"


def test_a_yearless_dateline_takes_the_year_from_the_file_name_or_the_same_date_in_the_text() -> None:
    g = meta(TASS, "tass/2021/lavrov-ultimatums.txt")
    assert (g["date"], g["date_precision"]) == ("2021-04-20", "day")
    assert "file name" in evidence(TASS, "date", "tass/2021/lavrov-ultimatums.txt")
    later = TASS + "\nМинистр выступил 20 апреля 2021 года в Москве.\n"
    assert meta(later)["date"] == "2021-04-20"
    assert "written in full" in evidence(later, "date")
    other_day = TASS + "\nПредыдущая встреча прошла 12 марта 2019 года.\n"
    assert "date" not in meta(other_day)  # another day's year says nothing about this one


@pytest.mark.parametrize(("dateline", "place", "source"), [
    ("САНКТ-ПЕТЕРБУРГ, 3 июня. /ТАСС/.", "САНКТ-ПЕТЕРБУРГ", "TASS"),
    ("ВАШИНГТОН, 3 июня. /Корр. ТАСС Иван Лебедев/.", "ВАШИНГТОН", "TASS"),
    ("НЬЮ-ЙОРК, 3 июн — РИА Новости.", "НЬЮ-ЙОРК", "RIA Novosti"),
    ("Москва. 3 июня. INTERFAX.RU -", "Москва", "Interfax"),
    ("ЖЕНЕВА, 3 июня 2022 года (RT) —", "ЖЕНЕВА", "RT"),
])
def test_agency_datelines(dateline: str, place: str | None, source: str | None) -> None:
    g = meta(f"{dateline} Лавров провел переговоры с госсекретарем США Энтони Блинкеном.")
    assert g.get("dateline") == place and g.get("source") == source
    if place and "2022" in dateline:
        assert (g["date"], g["date_precision"]) == ("2022-06-03", "day")


def test_ria_and_interfax_reports() -> None:
    ria = meta(RIA)
    assert (ria["source"], ria["dateline"], ria["date_precision"]) == ("RIA Novosti", "МОСКВА", "unknown")
    interfax = meta(INTERFAX, "interfax-2018-03-03.txt")
    assert (interfax["source"], interfax["date"], interfax["genre"]) == ("Interfax", "2018-03-03", "news report")


def test_a_ministry_transcript_title_place_and_date() -> None:
    g = meta(MID)
    assert g["title"].startswith("Выступление и ответы на вопросы СМИ Министра иностранных дел")
    assert (g["date"], g["date_precision"]) == ("2019-03-12", "day")
    assert evidence(MID, "date") == "Москва, 12 марта 2019 года"
    assert (g["source"], g["genre"], g["speaker"]) == ("Russian Foreign Ministry", "transcript", "Sergey Lavrov")


def test_a_zakharova_briefing() -> None:
    g = meta(BRIEFING)
    assert (g["date"], g["source"], g["genre"], g["speaker"]) == (
        "2024-02-14", "Russian Foreign Ministry", "transcript", "Maria Zakharova")


def test_a_kremlin_transcript() -> None:
    g = meta(KREMLIN)
    assert (g["date"], g["source"]) == ("2021-04-20", "President of Russia")
    assert "20 апреля 2021 года" in evidence(KREMLIN, "date")  # the publication marker, else the event's line
    no_footer = KREMLIN.split("Опубликован в разделах")[0]
    assert evidence(no_footer, "date") == "20 апреля 2021 года, 15:30, Москва, Кремль"
    assert g["title"] == "Встреча с Министром иностранных дел Сергеем Лавровым"
    assert g["genre"] == "transcript"


@pytest.mark.parametrize(("line", "iso"), [
    ("12 марта 2019 года", "2019-03-12"), ("20 апреля 2021 г.", "2021-04-20"), ("12.03.2019", "2019-03-12"),
    ("Москва, 1 декабря 2016 года", "2016-12-01"), ("3 июня 2020 года, Ново-Огарёво, Московская область", "2020-06-03"),
    ("Дата публикации: 5 мая 2020 года, 12:00", "2020-05-05"),
])
def test_russian_date_forms(line: str, iso: str) -> None:
    g = meta(f"Заявление МИД России по ситуации вокруг Договора о РСМД\n\n{line}\n\nМосква рассчитывает на ответ.")
    assert g["date"] == iso


def test_a_mixed_folder_loads_with_languages_dates_sources_and_speakers(tmp_path: Path) -> None:
    folder = write_texts(tmp_path, {"tass-2021.txt": TASS, "mid.txt": MID, "briefing.txt": BRIEFING,
                                    "kremlin.txt": KREMLIN, "en.txt": "MOSCOW, February 24. /TASS/. Lavrov spoke."})
    docs = corpus_load(folder).documents.set_index("file")
    assert docs["lang"].to_dict() == {"tass-2021.txt": "ru", "mid.txt": "ru", "briefing.txt": "ru",
                                      "kremlin.txt": "ru", "en.txt": "en"}
    assert str(docs.loc["tass-2021.txt", "date"])[:10] == "2021-04-20"
    assert docs.loc["mid.txt", "speaker"] == "Sergey Lavrov"
    assert docs.loc["briefing.txt", "speaker"] == "Maria Zakharova"
    assert docs.loc["kremlin.txt", "source"] == "President of Russia"
    assert docs.loc["en.txt", "date_precision"] == "unknown"  # English as before


# ---------------------------------------------------------------------- turns


@pytest.mark.parametrize(("label", "name"), [
    ("С.В.Лавров", "Sergey Lavrov"), ("С. В. Лавров", "Sergey Lavrov"), ("Лавров С.В.", "Sergey Lavrov"),
    ("Сергей Лавров", "Sergey Lavrov"), ("В.В.Путин", "Vladimir Putin"), ("В.Путин", "Vladimir Putin"),
    ("М.В.Захарова", "Maria Zakharova"), ("Д.С.Песков", "Dmitry Peskov"),
    ("М.Рубио (как переведено)", "Marco Rubio"), ("Министр иностранных дел России С.В.Лавров", "Sergey Lavrov"),
    ("Вопрос (переводится с английского)", "question"), ("Вопрос", "question"), ("Реплика", "remark"),
    ("Ведущий", "moderator"), ("Модератор", "moderator"), ("Корреспондент", "question"),
])
def test_russian_turn_labels_give_the_canonical_person_or_a_generic_speaker(label: str, name: str) -> None:
    lab = read_label(f"{label}: Спасибо.", "ru")
    assert lab is not None
    assert (lab.name if lab.generic else actors_load().resolve(lab.name)) == name


@pytest.mark.parametrize("sentence", ["Он сказал: да.", "Лавров заявил: мы готовы.", "Итак, вопрос такой: что дальше?",
                                      "Справка: договор подписан в 2010 году."])
def test_sentences_and_notes_are_not_labels(sentence: str) -> None:
    assert read_label(sentence, "ru") is None


def test_a_ministry_transcript_has_turns_and_notes() -> None:
    got = speakers(MID)
    assert speaker_of(MID, "Выступление и ответы") == (None, "none")
    assert speaker_of(MID, "Добрый день") == ("Sergey Lavrov", "turn")
    assert speaker_of(MID, "Обсудили ситуацию") == ("Sergey Lavrov", "turn")
    assert speaker_of(MID, "Сергей Викторович, как") == ("question", "turn")
    assert speaker_of(MID, "Спасибо.") == ("remark", "turn")
    assert speaker_of(MID, "Если американская сторона") == ("Sergey Lavrov", "turn")
    assert speaker_of(MID, "(Аплодисменты.)") == (None, "none")
    assert [s for s, _, t in got if t == "Спасибо."] == ["remark", "Sergey Lavrov"]


def test_a_quotation_inside_a_turn_is_the_person_the_turn_names() -> None:
    assert speaker_of(MID, "Недавно М.Помпео заявил") == ("Mike Pompeo", "quote")
    assert speaker_of(BRIEFING, "Это не первое") == ("Maria Zakharova", "turn")
    assert speaker_of(BRIEFING, "Как говорил С.В.Лавров") == ("Sergey Lavrov", "quote")
    assert speaker_of(BRIEFING, "Вашингтон продолжает") == ("Maria Zakharova", "turn")


def test_a_kremlin_transcript_has_turns() -> None:
    assert speaker_of(KREMLIN, "Сергей Викторович, давайте") == ("Vladimir Putin", "turn")
    assert speaker_of(KREMLIN, "Контакты с администрацией") == ("Sergey Lavrov", "turn")
    assert speaker_of(KREMLIN, "Владимир Путин провел") == (None, "none")


# ---------------------------------------------------------------------- quotations


def test_a_tass_report_attributes_quotations_and_leaves_narration_to_the_publisher() -> None:
    assert speaker_of(TASS, "МОСКВА, 20 апреля") == (None, "none")
    assert speaker_of(TASS, "Об этом заявил") == (None, "none")
    assert speaker_of(TASS, '"Мы никогда') == ("Sergey Lavrov", "quote")
    assert speaker_of(TASS, '"Наши американские') == ("Sergey Lavrov", "quote")  # "добавил он"
    assert speaker_of(TASS, "«Если Вашингтон") == ("Sergey Lavrov", "quote")  # "подчеркнул министр"
    assert speaker_of(TASS, "Как заявил Лавров") == ("Sergey Lavrov", "quote")
    assert speaker_of(TASS, "По словам Лаврова") == (None, "none")  # reported speech without quotation
    assert speaker_of(TASS, "«Мы внимательно") == ("Maria Zakharova", "quote")  # сказала Захарова
    assert speaker_of(TASS, "«Позиция России") == ("Russian Foreign Ministry", "quote")


def test_ria_and_interfax_quotations() -> None:
    assert speaker_of(RIA, "„Мы не раз") == ("Sergey Lavrov", "quote")
    assert speaker_of(INTERFAX, '"Стороны обсудили') == ("Russian Foreign Ministry", "quote")


# ---------------------------------------------------------------------- names and furniture


@pytest.mark.parametrize(("form", "name"), [
    ("Лавров", "Sergey Lavrov"), ("Лаврова", "Sergey Lavrov"), ("Лаврову", "Sergey Lavrov"),
    ("Лавровым", "Sergey Lavrov"), ("Лаврове", "Sergey Lavrov"), ("Сергей Лавров", "Sergey Lavrov"),
    ("Сергея Викторовича Лаврова", "Sergey Lavrov"), ("С.В.Лавров", "Sergey Lavrov"),
    ("Путин", "Vladimir Putin"), ("Путиным", "Vladimir Putin"), ("Захарова", "Maria Zakharova"),
    ("Захаровой", "Maria Zakharova"), ("Марией Захаровой", "Maria Zakharova"), ("Песков", "Dmitry Peskov"),
    ("Рубио", "Marco Rubio"), ("Тиллерсон", "Rex Tillerson"), ("Тиллерсона", "Rex Tillerson"),
    ("Тиллерсоном", "Rex Tillerson"), ("Керри", "John Kerry"), ("Блинкеном", "Antony Blinken"),
    ("Помпео", "Mike Pompeo"), ("Уиткоффу", "Steve Witkoff"), ("Трампа", "Donald Trump"), ("Байдену", "Joe Biden"),
    ("Обамой", "Barack Obama"), ("Келлогом", "Keith Kellogg"), ("Небензи", "Vasily Nebenzya"),
])
def test_cyrillic_name_forms_resolve_to_the_english_canonical_names(form: str, name: str) -> None:
    assert actors_load().resolve(form) == name


def test_case_forms_follow_the_rule_not_a_list() -> None:
    assert case_forms("Песков") == ["Пескова", "Пескову", "Песковым", "Пескове"]
    assert case_forms("Мария Захарова", feminine=True) == ["Марии Захаровой", "Марию Захарову", "Марией Захаровой"]
    assert case_forms("Уиткофф") == ["Уиткоффа", "Уиткоффу", "Уиткоффом", "Уиткоффе"]
    assert case_forms("Марко Рубио") == [] and case_forms("Marco Rubio") == []


def test_mentions_in_russian_text() -> None:
    text = "По словам Лаврова, Рубио и госсекретарь Тиллерсон говорили с Трампом и Марией Захаровой."
    assert [(m.surface, m.name) for m in actors_load().mentions(text)] == [
        ("Лаврова", "Sergey Lavrov"), ("Рубио", "Marco Rubio"), ("Тиллерсон", "Rex Tillerson"),
        ("Трампом", "Donald Trump"), ("Марией Захаровой", "Maria Zakharova")]


def test_russian_site_furniture_is_removed() -> None:
    kept, removed = strip_chrome(["Версия для печати", "Лавров и Рубио провели переговоры в Эр-Рияде, обсудив "
                                  "широкий круг вопросов двусторонних отношений.", "Фото: Александр Щербак/ТАСС",
                                  "Подписывайтесь на ТАСС в Telegram", "Поделиться"], "ru")
    assert kept == ["Лавров и Рубио провели переговоры в Эр-Рияде, обсудив широкий круг вопросов двусторонних "
                    "отношений."]
    assert [r["rule"] for r in removed] == ["share", "photo-credit", "read-more", "share"]


def test_a_ministry_interview_gives_its_answers_to_the_person_the_title_names() -> None:
    g = meta(INTERVIEW)
    assert (g["date"], g["source"], g["genre"], g["speaker"]) == (
        "2022-12-05", "Russian Foreign Ministry", "interview", "Sergey Lavrov")
    assert speaker_of(INTERVIEW, "Сергей Викторович, видите") == ("question", "turn")
    assert speaker_of(INTERVIEW, "Мы никогда не отказывались") == ("Sergey Lavrov", "turn")
    assert speaker_of(INTERVIEW, "А что с договором") == ("question", "turn")
    assert speaker_of(INTERVIEW, "Как сказал Президент России") == ("Vladimir Putin", "quote")


def test_a_tass_report_by_a_correspondent_quoting_the_kremlin_spokesman() -> None:
    g = meta(TASS_PESKOV)
    assert (g["dateline"], g["source"], g["date_precision"]) == ("МОСКВА", "TASS", "unknown")
    assert g["title"] == "Песков: Кремль не видит предпосылок для встречи Путина и Байдена"
    assert speaker_of(TASS_PESKOV, "Песков: Кремль") == (None, "none")  # a headline quoting him, no turn
    assert speaker_of(TASS_PESKOV, '"Пока таких') == ("Dmitry Peskov", "quote")  # сказал пресс-секретарь
    assert speaker_of(TASS_PESKOV, "По его словам") == ("Dmitry Peskov", "continuation")
    assert speaker_of(TASS_PESKOV, "«Мы внимательно") == ("Dmitry Peskov", "quote")
    assert speaker_of(TASS_PESKOV, "Об этом заявил") == (None, "none")


@pytest.mark.parametrize(("start", "who"), [
    ("Министр иностранных дел", None), ("По словам Лаврова", "Sergey Lavrov"), ("Лавров отметил, что", "Sergey Lavrov"),
    ("Он добавил, что", "Sergey Lavrov"), ("Лавров уверен", "Sergey Lavrov"), ("Госсекретарь США Марко", None),
    ("«Мы готовы работать", "Marco Rubio"), ("В Госдепартаменте", "State Department"), ("«Нам нечего", "Dmitry Peskov"),
])
def test_reporting_frames_around_quotations(start: str, who: str | None) -> None:
    assert speaker_of(FRAMES, start)[0] == who


def test_a_ministry_page_with_its_furniture() -> None:
    g = meta(MID_PAGE)
    assert g["title"].startswith("Выступление Министра иностранных дел") and g["title"].endswith("2022 года")
    assert (g["date"], g["source"], g["genre"], g["speaker"]) == (
        "2022-09-24", "Russian Foreign Ministry", "speech", "Sergey Lavrov")
    from lavrovkit.clean import clean_text

    cleaned = clean_text(MID_PAGE)
    assert cleaned.text.startswith("Выступление Министра") and cleaned.text.endswith("свои правила.")
    assert [r["rule"] for r in cleaned.removed] == ["site-name", "breadcrumbs", "timestamp", "tags", "share"]


# ---------------------------------------------------------------------- one person's (or one institution's) documents



def said(text: str, start: str) -> tuple[str | None, str]:
    found = [(spk, how) for spk, how, s in attributed(text) if s.startswith(start)]
    assert found, start
    return found[0]


#: A briefing: headed sections of the briefer's monologue, a quotation of someone else inside it, questions with
#: named answers, a heading between answers.
BRIEFING_SECTIONS = """Брифинг официального представителя МИД России М.В.Захаровой, Москва, 5 апреля 2018 года

Об инциденте в Солсбери

Британская сторона до сих пор не представила никаких доказательств. Мы требуем доступа к расследованию.

Глава британского МИД Б.Джонсон заявил: «Россия несет ответственность за это отравление, и мы в этом уверены». \
Это голословное утверждение.

О ситуации в Сирии

Ситуация в Восточной Гуте стабилизируется, гуманитарные коридоры работают.

Ответы на вопросы СМИ:

Вопрос: Как Вы прокомментируете высылку российских дипломатов из США?

М.В.Захарова: Это недружественный шаг. Мы ответим зеркально.

О предстоящих контактах

Министр иностранных дел России С.В.Лавров проведет переговоры с коллегой из Турции.

Вопрос: Спасибо.
"""

#: A briefing whose answers are labelled "Ответ:" (the briefer) and whose opening has no heading.
BRIEFING_ANSWERS = """Брифинг официального представителя МИД России М.В.Захаровой, Москва, 21 ноября 2019 года

Добрый день! Начнем с графика Министра.

25 ноября Министр иностранных дел России С.В.Лавров примет участие в заседании Совета министров иностранных дел \
ОДКБ.

Вопрос: Планируются ли контакты с Госдепартаментом?

Ответ: Когда будет что сообщить, мы обязательно проинформируем.
"""


def test_a_briefings_unlabelled_monologue_is_the_briefers() -> None:
    g = meta(BRIEFING_SECTIONS)
    assert (g["genre"], g["speaker"]) == ("transcript", "Maria Zakharova")
    assert said(BRIEFING_SECTIONS, "Брифинг официального") == (None, "none")  # the title
    assert said(BRIEFING_SECTIONS, "Об инциденте") == (None, "none")  # headings are headings
    assert said(BRIEFING_SECTIONS, "О ситуации в Сирии") == (None, "none")
    assert said(BRIEFING_SECTIONS, "Ответы на вопросы СМИ:") == (None, "none")
    assert said(BRIEFING_SECTIONS, "Британская сторона") == ("Maria Zakharova", "catalog")
    assert said(BRIEFING_SECTIONS, "Это голословное") == ("Maria Zakharova", "catalog")
    assert said(BRIEFING_SECTIONS, "Ситуация в Восточной") == ("Maria Zakharova", "catalog")
    assert said(BRIEFING_SECTIONS, "Как Вы прокомментируете") == ("question", "turn")
    assert said(BRIEFING_SECTIONS, "Это недружественный") == ("Maria Zakharova", "turn")
    assert said(BRIEFING_SECTIONS, "Министр иностранных дел России С.В.Лавров проведет") == ("Maria Zakharova",
                                                                                             "catalog")
    assert said(BRIEFING_ANSWERS, "Добрый день!") == ("Maria Zakharova", "catalog")
    assert said(BRIEFING_ANSWERS, "25 ноября") == ("Maria Zakharova", "catalog")
    assert said(BRIEFING_ANSWERS, "Когда будет что сообщить") == ("Maria Zakharova", "turn")  # "Ответ:" the briefer
    guest = BRIEFING_ANSWERS + "\nА.Ю.Руденко: Добавлю, что консультации продолжаются.\n\nОтвет: Спасибо.\n"
    assert said(guest, "Когда будет что сообщить") == ("Maria Zakharova", "turn")  # not the guest's
    assert said(guest, "Добавлю, что") == ("Andrey Rudenko", "turn")


def test_a_quotation_inside_the_briefers_words_stays_the_quoted_persons(tmp_path: Path) -> None:
    folder = write_texts(tmp_path, {"briefing-2018.txt": BRIEFING_SECTIONS})
    s = corpus_load(folder).sentences
    quoted = s[s.text.str.startswith("Глава британского МИД")]
    assert len(quoted) == 1 and quoted.speaker.iloc[0] not in ("Maria Zakharova", "Russian Foreign Ministry", None)
    assert quoted.speaker_how.iloc[0] == "quote"
    own = s[s.text.str.startswith("Британская сторона")]
    assert own.speaker.tolist() == ["Maria Zakharova"] and own.speaker_how.tolist() == ["catalog"]


SPEECH = """Выступление Министра иностранных дел России С.В.Лаврова на «Примаковских чтениях», Москва, 29 мая 2018 года

Уважаемые коллеги,

Рад приветствовать участников очередных «Примаковских чтений». Евгений Максимович Примаков оставил нам богатое \
наследие.

Сегодня международная обстановка остается сложной. Западные страны пытаются сохранить свое доминирование.

Мы открыты для диалога со всеми, кто готов к нему на равноправной основе.
"""

ARTICLE = """Статья Министра иностранных дел России С.В.Лаврова «Мир на перепутье и система международных отношений \
будущего» для журнала «Россия в глобальной политике», 20 сентября 2019 года

Мир переживает период глубоких перемен. Формируется полицентричная система международных отношений.

Вопрос в том, готовы ли западные столицы принять эту реальность.
"""

#: A speech followed by answers: the opening before the first label is the title's speaker's.
SPEECH_AND_ANSWERS = """Выступление и ответы на вопросы СМИ Министра иностранных дел России С.В.Лаврова по итогам \
переговоров с Министром иностранных дел Египта С.Шукри, Каир, 8 апреля 2019 года

Добрый день, дамы и господа! Мы провели полезные переговоры с моим египетским коллегой.

Обсудили ситуацию в Ливии и Сирии.

Вопрос: Как Вы оцениваете позицию США по Сирии?

С.В.Лавров: Американцы так и не определились со своими целями.
"""


OPENING_REMARKS = """Вступительное слово Министра иностранных дел России С.В.Лаврова в ходе переговоров с \
Министром иностранных дел Индии С.Джайшанкаром, Москва, 8 ноября 2022 года

Уважаемый господин Министр, дорогой друг,

Рад вновь приветствовать Вас в Москве. Наши отношения носят характер особо привилегированного стратегического \
партнерства.
"""

ADDRESS = """Обращение Министра иностранных дел России С.В.Лаврова к участникам Международной конференции по \
нераспространению, 10 июня 2021 года

Приветствую участников и гостей конференции.

Россия последовательно выступает за укрепление режима нераспространения. Американская сторона, к сожалению, \
продолжает разрушать архитектуру контроля над вооружениями.
"""


@pytest.mark.parametrize("text", [SPEECH, ARTICLE, OPENING_REMARKS, ADDRESS])
def test_a_one_person_speech_or_article_is_the_speakers_throughout(text: str) -> None:
    g = meta(text)
    assert g["speaker"] == "Sergey Lavrov" and g["genre"] in ("speech", "article")
    body = [(spk, how) for spk, how, s in attributed(text)][1:]
    assert body and set(body) == {("Sergey Lavrov", "catalog")}


#: A speech copied hard-wrapped: lines start with "вопрос:", "ответ:" and a quoted person's "Е.М.Примаков:".
WRAPPED_SPEECH = """Выступление Министра иностранных дел России С.В.Лаврова на «Примаковских чтениях», Москва, \
29 мая 2018 года

Уважаемые коллеги,

Рад приветствовать участников очередных «Примаковских чтений». Евгений
Максимович Примаков оставил нам богатое наследие. Сегодня встает
вопрос: готов ли Запад к равноправному диалогу? Как говорил
Е.М.Примаков: «Россия никогда не будет младшим партнером». И
ответ: пока нет.
"""


@pytest.mark.parametrize("text", [WRAPPED_SPEECH, SPEECH + "\nВ.В.Путин: «Россия никогда не будет младшим "
                                                          "партнером».\n"])
def test_a_speech_whose_lines_read_as_labels_keeps_its_title_genre(text: str) -> None:
    # a hard-wrapped "вопрос:" is no question's turn, and a quoted person's label no one else's speech
    assert (meta(text)["genre"], meta(text)["speaker"]) == ("speech", "Sergey Lavrov")
    assert said(text, "Рад приветствовать") == ("Sergey Lavrov", "catalog")


def test_a_lower_case_generic_word_opens_no_turn() -> None:
    assert read_label("вопрос: готов ли Запад к диалогу?", "ru") is None
    assert read_label("Вопрос: Готов ли Запад к диалогу?", "ru").name == "question"  # type: ignore[union-attr]


def test_a_speech_with_answers_is_a_transcript_whose_opening_is_the_speakers() -> None:
    g = meta(SPEECH_AND_ANSWERS)
    assert (g["genre"], g["speaker"]) == ("transcript", "Sergey Lavrov")
    assert said(SPEECH_AND_ANSWERS, "Добрый день") == ("Sergey Lavrov", "catalog")
    assert said(SPEECH_AND_ANSWERS, "Обсудили ситуацию") == ("Sergey Lavrov", "catalog")
    assert said(SPEECH_AND_ANSWERS, "Как Вы оцениваете") == ("question", "turn")
    assert said(SPEECH_AND_ANSWERS, "Американцы так") == ("Sergey Lavrov", "turn")


STATEMENT = """Заявление МИД России о ситуации вокруг Договора о РСМД

Москва, 2 февраля 2019 года

Вашингтон объявил о приостановке своих обязательств по Договору о ликвидации ракет средней и меньшей дальности. \
Это решение вызывает глубокое сожаление.

Госсекретарь США М.Помпео заявил: «Россия нарушает договор уже много лет, и мы больше не можем это терпеть». \
Такие обвинения ни на чем не основаны.
"""

DEPARTMENT_COMMENT = """Комментарий Департамента информации и печати МИД России в связи с заявлением А.Блинкена о \
санкциях

Обратили внимание на очередное заявление Государственного секретаря США А.Блинкена. «Санкции против России будут \
только ужесточаться, пока Москва не изменит курс», — заявил госсекретарь.

Подобная риторика не способствует нормализации отношений.
"""

SPOKESWOMAN_COMMENT = """Комментарий официального представителя МИД России М.В.Захаровой в связи с высылкой \
российских дипломатов из США

Администрация США вновь пошла на недружественный шаг. Ответ последует.

Госсекретарь США М.Рубио заявил: «Мы лишь ответили на действия Москвы, и другого выбора у нас не было». Это не так.
"""


def test_a_ministry_statement_is_the_ministrys_voice() -> None:
    g = meta(STATEMENT)
    assert (g["source"], g["genre"], g["speaker"]) == ("Russian Foreign Ministry", "statement",
                                                       "Russian Foreign Ministry")
    assert said(STATEMENT, "Заявление МИД России") == (None, "none")
    assert said(STATEMENT, "Москва, 2 февраля") == (None, "none")
    assert said(STATEMENT, "Вашингтон объявил") == ("Russian Foreign Ministry", "catalog")
    assert said(STATEMENT, "Госсекретарь США М.Помпео") == ("Mike Pompeo", "quote")
    assert said(STATEMENT, "Такие обвинения") == ("Russian Foreign Ministry", "catalog")


def test_a_department_comment_is_the_ministrys_and_names_in_its_subject_do_not_speak() -> None:
    g = meta(DEPARTMENT_COMMENT)
    assert (g["genre"], g["speaker"]) == ("statement", "Russian Foreign Ministry")  # not Blinken, its subject
    assert said(DEPARTMENT_COMMENT, "Обратили внимание") == ("Russian Foreign Ministry", "catalog")
    assert said(DEPARTMENT_COMMENT, "«Санкции против") == ("Antony Blinken", "quote")
    assert said(DEPARTMENT_COMMENT, "Подобная риторика") == ("Russian Foreign Ministry", "catalog")


def test_a_spokeswomans_comment_is_hers() -> None:
    g = meta(SPOKESWOMAN_COMMENT)
    assert (g["genre"], g["speaker"]) == ("statement", "Maria Zakharova")
    assert said(SPOKESWOMAN_COMMENT, "Администрация США") == ("Maria Zakharova", "catalog")
    assert said(SPOKESWOMAN_COMMENT, "Комментарий официального") == (None, "none")  # the title
    assert said(SPOKESWOMAN_COMMENT, "Госсекретарь США") == ("Marco Rubio", "quote")
    assert said(SPOKESWOMAN_COMMENT, "Это не так") == ("Maria Zakharova", "catalog")


def test_a_news_report_headlined_with_a_statement_stays_narration() -> None:
    text = ("Заявление МИД России о ситуации вокруг Договора о РСМД\n\nМОСКВА, 2 февраля. /ТАСС/. МИД России "
            "выступил с заявлением в связи с решением США.\n\nВ документе отмечается, что Москва готова к диалогу.\n")
    g = meta(text)
    assert g["genre"] == "news report" and "speaker" not in g
    assert said(text, "В документе отмечается") == (None, "none")


CHANNEL_POST = """МИД России 🇷🇺

🇷🇺🇺🇸 Министр иностранных дел России С.В.Лавров провел телефонный разговор с Государственным секретарем США \
М.Рубио.

Стороны обсудили ситуацию вокруг Украины и перспективы нормализации двусторонних отношений.

#Лавров: «Мы готовы к диалогу с Вашингтоном, если он будет равноправным и взаимоуважительным».
"""

CHANNEL_POST_LABEL = """МИД России 🇷🇺

❗️ Россия не намерена участвовать в гонке вооружений, но будет адекватно реагировать на действия США.

С.В.Лавров: Мы не раз предупреждали американских коллег о последствиях таких шагов.
"""


@pytest.mark.parametrize("text", [CHANNEL_POST, CHANNEL_POST_LABEL])
def test_a_ministry_channel_post_has_the_channel_as_its_source_and_speaks_as_the_ministry(text: str) -> None:
    g = meta(text)
    assert g["source"] == "Russian Foreign Ministry" and g.get("title", "").startswith("МИД России") is False
    assert (g["genre"], g["speaker"]) == ("statement", "Russian Foreign Ministry")
    got = attributed(text)
    assert got[0] == (None, "none", "МИД России 🇷🇺")
    assert got[1][:2] == ("Russian Foreign Ministry", "catalog")
    assert got[-1][:2] == ("Sergey Lavrov", "turn")


@pytest.mark.parametrize(("label", "name"), [
    ("Ван И (как переведено)", "Wang Yi"), ("Марко Рубио (как переведено)", "Marco Rubio"),
    ("Джон Керри (говорит по-английски)", "John Kerry"), ("Министр иностранных дел КНР Ван И", "Wang Yi"),
    ("Хакан Фидан (как переведено)", "Hakan Fidan"), ("Урсула фон дер Ляйен (как переведено)", "Урсула фон дер Ляйен"),
    ("Абдулла бин Заид Аль Нахайян (говорит по-арабски)", "Абдулла бин Заид Аль Нахайян"),
    ("Сами Хадийя (говорит по-арабски)", "Сами Хадийя"),
])
def test_a_full_name_without_initials_opens_that_persons_turn(label: str, name: str) -> None:
    text = (f"Пресс-конференция по итогам переговоров, Москва, 3 мая 2024 года\n\nС.В.Лавров: Добрый день. Переговоры "
            f"были полезными.\n\n{label}: Благодарю. Мы согласны с коллегой.\n\nВопрос: Что дальше?")
    gaz = actors_load()
    paras = paragraphs_of(text)
    turns = [(gaz.resolve(p.speaker) or p.speaker) if p.speaker else None for p in paras]
    assert turns == [None, "Sergey Lavrov", name, "question"]


@pytest.mark.parametrize("line", ["Об инциденте в Солсбери", "Россия и США: перспективы диалога",
                                  "О ситуации в Сирии: гуманитарный аспект", "Реакция Вашингтона: санкции",
                                  "Позиция России: неизменна и хорошо известна."])
def test_a_heading_between_answers_is_no_label(line: str) -> None:
    text = f"С.В.Лавров: Спасибо.\n\nВопрос: Что дальше?\n\n{line}\n\nМы продолжим работу."
    para = paragraphs_of(text)[2]
    assert para.label is None  # no one's turn label
    if not line.endswith("."):
        assert para.speaker is None  # a heading ends the turn; a sentence goes on with it


def test_a_kremlin_speech_transcripts_narration_stays_narration() -> None:
    # the title names no one: the opening paragraph is the Kremlin's report of the event, not the speaker's words
    text = ("Выступление на пленарном заседании Петербургского международного экономического форума\n\n"
            "Владимир Путин принял участие в пленарном заседании форума.\n\n"
            "В.Путин: Добрый день, уважаемые дамы и господа!\n\nМодератор: Спасибо, Владимир Владимирович.\n\n"
            "В.Путин: Пожалуйста.")
    assert said(text, "Владимир Путин принял") == (None, "none")
    assert said(text, "Добрый день") == ("Vladimir Putin", "turn")
