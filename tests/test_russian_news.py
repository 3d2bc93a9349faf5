"""Who speaks in Russian news reports and interviews: role nouns in the reporting clause ("— сказал глава
МИД РФ"), the nearest reporting clause, interviews in dash dialogue, and quotations in ASCII and „…“ quotes
or split by their reporting clause. Small texts in the shapes of TASS, RIA Novosti, Interfax, RBC,
Kommersant and Izvestia reports and interviews."""

from __future__ import annotations

import pytest

from lavrovkit.segment import paragraphs_of

from .ru_texts import attributed


def said(text: str, start: str) -> str | None:
    found = [spk for spk, _how, s in attributed(text) if s.lstrip("«\"„— –-").startswith(start)]
    assert found, start
    return found[0]


# ---------------------------------------------------------------------- 1. role nouns in the reporting clause

ROLES = """МОСКВА, 12 февраля. /ТАСС/. Министр иностранных дел РФ Сергей Лавров провел переговоры с госсекретарем \
США Марко Рубио в Эр-Рияде.

«Мы договорились продолжить работу по восстановлению нормальной работы посольств», — сказал глава МИД РФ.

«Разговор был полезным, мы услышали друг друга», — подчеркнул глава российской дипломатии.

Пресс-секретарь президента РФ Дмитрий Песков сообщил журналистам, что Кремль приветствует итоги встречи.

«Это шаг в правильном направлении, но говорить о прорыве пока рано», — заявил пресс-секретарь президента РФ.

«Президент Путин внимательно следит за ходом переговоров», — добавил представитель Кремля.

Официальный представитель МИД России Мария Захарова также прокомментировала встречу.

«Никаких уступок в обмен на обещания не будет, это всем понятно», — напомнила дипломат.
"""

ROLES_RBC = """Заместитель министра иностранных дел России Сергей Рябков заявил РБК, что Москва ждет ответа \
Вашингтона по стратегической стабильности.

«Мы передали американской стороне наши предложения и ждем реакции», — сказал замглавы МИД.

Министр иностранных дел Сергей Лавров ранее говорил о том же.

«Мяч сейчас на стороне США, и мы это не раз подчеркивали», — отметил министр.
"""


@pytest.mark.parametrize(("text", "start", "who"), [
    (ROLES, "Мы договорились", "Sergey Lavrov"),
    (ROLES, "Разговор был полезным", "Sergey Lavrov"),
    (ROLES, "Это шаг в правильном", "Dmitry Peskov"),
    (ROLES, "Президент Путин внимательно", "Dmitry Peskov"),
    (ROLES, "Никаких уступок", "Maria Zakharova"),
    (ROLES_RBC, "Мы передали", "Sergey Ryabkov"),
    (ROLES_RBC, "Мяч сейчас", "Sergey Lavrov"),
])
def test_a_role_noun_in_the_reporting_clause_is_the_person_with_that_role(text: str, start: str, who: str) -> None:
    assert said(text, start) == who


def test_the_ministry_inside_a_role_does_not_speak() -> None:
    assert all(spk != "Russian Foreign Ministry" for spk, _how, _s in attributed(ROLES))


# ---------------------------------------------------------------------- 2. the nearest reporting clause

NEAREST = """МОСКВА, 5 марта. /РИА Новости/. Президент России Владимир Путин обсудил с президентом США Джо Байденом \
ситуацию вокруг Украины.

Байден заявил, что США не собираются отправлять войска на Украину. Путин же сказал: «Мы будем защищать наши \
интересы всеми доступными средствами».

Сергей Лавров высказался о перспективах диалога. «Ничего нового американцы нам не предложили, к сожалению», — \
сказал Песков.

По словам Захаровой, «все заявления Вашингтона мы внимательно изучаем и оцениваем».
"""


@pytest.mark.parametrize(("start", "who"), [
    ("Мы будем защищать", "Vladimir Putin"),
    ("Ничего нового", "Dmitry Peskov"),
    ("все заявления", "Maria Zakharova"),
])
def test_the_nearest_reporting_clause_wins(start: str, who: str) -> None:
    found = [spk for spk, _how, s in attributed(NEAREST) if start in s]
    assert found and found[0] == who


# ---------------------------------------------------------------------- 3. interviews in dash dialogue

IZVESTIA = """Сергей Лавров: «Мы не будем просить о снятии санкций»

Министр иностранных дел России рассказал «Известиям» о переговорах с США и будущем договора СНВ

— Сергей Викторович, как вы оцениваете итоги переговоров в Стамбуле?

— Это был полезный разговор. Мы договорились продолжить контакты на уровне экспертов.

— Будет ли продлен договор?

— Решение за американцами. Мы свою позицию изложили давно и ясно.

— Спасибо.
"""

KOMMERSANT = """Интервью Министра иностранных дел России С.В.Лаврова газете «Коммерсантъ», 14 января 2025 года

— Какие у вас ожидания от новой администрации?

— Мы судим по делам, а не по словам. Пока дел нет.

— А контакты есть?

— Контакты по линии посольств идут постоянно.
"""

NEWS_DASH = """МОСКВА, 7 мая. /ТАСС/. Глава МИД России Сергей Лавров провел встречу с послом Китая.

— Мы обсудили весь спектр двусторонних отношений и международных вопросов, — сказал Лавров журналистам.

В Пекине итоги встречи пока не комментировали.
"""


@pytest.mark.parametrize(("text", "start", "who"), [
    (IZVESTIA, "Сергей Викторович", "question"), (IZVESTIA, "Это был полезный", "Sergey Lavrov"),
    (IZVESTIA, "Мы договорились", "Sergey Lavrov"), (IZVESTIA, "Будет ли", "question"),
    (IZVESTIA, "Решение за", "Sergey Lavrov"),
    (KOMMERSANT, "Какие у вас", "question"), (KOMMERSANT, "Мы судим", "Sergey Lavrov"),
    (KOMMERSANT, "А контакты", "question"), (KOMMERSANT, "Контакты по линии", "Sergey Lavrov"),
])
def test_an_interview_in_dash_dialogue_alternates_questions_and_the_guests_answers(text: str, start: str,
                                                                                   who: str) -> None:
    assert said(text, start) == who


def test_a_news_report_with_one_dash_quote_is_no_interview() -> None:
    assert said(NEWS_DASH, "Мы обсудили") == "Sergey Lavrov"
    assert said(NEWS_DASH, "В Пекине") is None


# ---------------------------------------------------------------------- 4. quote marks, dashes, split quotations

MARKS = """МОСКВА, 9 июня. /Интерфакс/. Российская сторона готова к продолжению контактов с США, сообщил \
замминистра иностранных дел РФ Сергей Рябков.

"Мы открыты для диалога, но только на равноправной основе" - сказал Рябков.

„Американцы знают наши условия, они не изменились“ – добавил он.

«Первая часть наших предложений уже передана, — сказала Мария Захарова, — а вторая будет передана позднее \
по дипломатическим каналам».
"""


@pytest.mark.parametrize(("start", "who"), [
    ("Мы открыты", "Sergey Ryabkov"), ("Американцы знают", "Sergey Ryabkov"),
    ("Первая часть", "Maria Zakharova"),
])
def test_quotation_marks_and_dashes(start: str, who: str) -> None:
    assert said(MARKS, start) == who


def test_both_parts_of_a_split_quotation_are_the_speakers() -> None:
    spans = [spk for spk, _how, s in attributed(MARKS) if "вторая будет" in s or "Первая часть" in s]
    assert spans and set(spans) == {"Maria Zakharova"}


OUTLET_LABELS = """Интервью Министра иностранных дел России С.В.Лаврова газете «Известия», 5 мая 2024 года

Известия: Сергей Викторович, как вы оцениваете итоги саммита?

С.В.Лавров: Это был полезный разговор. Мы договорились продолжить.

Известия: Будет ли продлен договор?

С.В.Лавров: Решение за американцами.
"""


@pytest.mark.parametrize(("start", "who"), [
    ("Сергей Викторович", "question"), ("Это был полезный", "Sergey Lavrov"), ("Будет ли", "question"),
    ("Решение за", "Sergey Lavrov"),
])
def test_an_outlets_label_in_an_interview_is_the_question(start: str, who: str) -> None:
    assert said(OUTLET_LABELS, start) == who


PRONOUN_FIRST = """МОСКВА, 3 октября. /ТАСС/. Президент США Дональд Трамп выступил в Конгрессе. Постпред России \
при ООН Василий Небензя прокомментировал это выступление.

«Мы услышали много слов, но не увидели никаких шагов навстречу», — сказал он, отвечая на вопрос о президенте \
США.
"""


def test_a_pronoun_before_a_role_noun_says_who() -> None:
    assert said(PRONOUN_FIRST, "Мы услышали") == "Vasily Nebenzya"


SPLIT_ASCII = """МОСКВА, 21 августа. /RBC/. Пресс-секретарь президента России Дмитрий Песков ответил на вопросы журналистов.

"Контакты с американской стороной продолжаются, - сказал Песков. - Но говорить о сроках встречи пока рано".

«Россия — это страна, которая всегда выполняет свои обязательства», – отметила Захарова в эфире радио.
"""


@pytest.mark.parametrize(("start", "who"), [
    ("Контакты с американской", "Dmitry Peskov"), ("Но говорить о сроках", "Dmitry Peskov"),
    ("Россия — это страна", "Maria Zakharova"),
])
def test_ascii_quotes_split_by_a_hyphen_clause_and_en_dashes(start: str, who: str) -> None:
    assert said(SPLIT_ASCII, start) == who


def test_an_interview_in_dash_dialogue_consults_the_people_named() -> None:
    from lavrovkit.segment import persons_consulted

    assert persons_consulted(IZVESTIA, paragraphs_of(IZVESTIA), None, "interview", "ru")


GENDERS = """МОСКВА, 16 июня. /Интерфакс/. Официальный представитель МИД России Мария Захарова прокомментировала \
заявление госсекретаря США. Ранее министр иностранных дел РФ Сергей Лавров провел встречу с послом Турции.

«Американская сторона снова пытается переложить ответственность на других», — напомнила дипломат.

«Никаких договоренностей о новых контактах пока нет, и это надо понимать», — сказала она.
"""


@pytest.mark.parametrize("start", ["Американская сторона", "Никаких договоренностей"])
def test_a_feminine_verb_goes_to_the_woman_named(start: str) -> None:
    assert said(GENDERS, start) == "Maria Zakharova"
