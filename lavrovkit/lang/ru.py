"""Russian: the words the text layer reads Russian texts with (see :mod:`lavrovkit.lang`).

The names are those of :mod:`lavrovkit.lang.en` that Russian texts need - turn labels
(:mod:`lavrovkit.labels`), quotations and reporting verbs (:mod:`lavrovkit.segment`), web
furniture of mid.ru, kremlin.ru and tass.ru (:mod:`lavrovkit.chrome`), dates and datelines
(:mod:`lavrovkit.meta`) - plus a few that only Russian has (:data:`MONTHS_NOMINATIVE`,
:data:`MONTH_ABBREVIATIONS`, :data:`AGENCY_NAMES`, :data:`INSTITUTION_FORMS`). Generic labels give
the same generic speakers as English ("Вопрос:" is ``question``), so a speaker column means the
same in both languages. Word sets are lower-case; regular-expression fragments are marked as such.

>>> GENERIC_LABELS["вопрос"], GENERIC_LABELS["реплика"], MONTHS["марта"], MONTHS_NOMINATIVE["март"]
('question', 'remark', 3, 3)
>>> "министр" in ROLE_WORDS and "сказала" in REPORTING_VERBS
True
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------- turn labels

#: Generic turn labels (no person) -> the generic speaker (the values of lavrovkit.lang.en.GENERIC_LABELS).
GENERIC_LABELS: dict[str, str] = {
    "вопрос": "question", "вопросы": "question", "вопрос из зала": "question", "вопрос из аудитории": "question",
    "дополнительный вопрос": "question", "уточняющий вопрос": "question", "журналист": "question",
    "журналистка": "question", "корреспондент": "question", "интервьюер": "question", "зал": "question",
    "реплика": "remark", "реплика из зала": "remark", "голос из зала": "remark", "комментарий из зала": "remark",
    "ответ": "answer",
    "ведущий": "moderator", "ведущая": "moderator", "модератор": "moderator", "председательствующий": "moderator",
    "председатель": "moderator",
    "переводчик": "interpreter", "переводчица": "interpreter", "диктор": "announcer", "оператор": "operator",
    "участник": "participant", "участница": "participant", "голос": "voice", "голоса": "voice",
}
#: The generic speakers a label can give.
GENERIC_SPEAKERS = frozenset(GENERIC_LABELS.values())
#: Labels that look like turns but are headings or notes.
NON_SPEAKER_LABELS = frozenset({
    "примечание", "примечания", "справка", "источник", "источники", "фото", "фотография", "видео", "обновлено",
    "читайте также", "читать также", "смотрите также", "см. также", "теги", "тема", "темы", "рубрика", "дата",
    "дата публикации", "опубликовано", "ключевые слова", "внимание", "важно", "итак", "адрес", "место", "время",
    "повестка дня", "контакты", "телефон", "факс", "сайт", "ссылка", "ссылка на материал", "заявление",
    "стенограмма", "текст", "полный текст", "подпись", "автор", "авторы", "поделиться", "подробнее", "цитата",
    "напомним", "справочно", "кстати", "например", "во-первых", "во-вторых", "в-третьих", "итого", "вывод",
    "опубликован в разделах", "версия для печати", "персоны", "география", "страны", "мероприятия",
})
#: Words that never stand in a speaker label: verbs, pronouns, conjunctions, so "Он сказал:" or "Лавров
#: заявил:" are not turns.
LABEL_STOPWORDS = frozenset({
    "сказал", "сказала", "сказали", "заявил", "заявила", "заявили", "отметил", "отметила", "отметили",
    "подчеркнул", "подчеркнула", "добавил", "добавила", "указал", "указала", "напомнил", "напомнила",
    "пишет", "писал", "написал", "написала", "говорит", "говорил", "говорила", "сообщил", "сообщила",
    "ответил", "ответила", "спросил", "спросила", "считает", "заключил", "пояснил", "пояснила", "гласит",
    "следующее", "следующим", "так", "вот", "это", "этот", "эта", "эти", "что", "как", "когда", "где", "почему",
    "зачем", "если", "но", "потому", "поэтому", "чтобы", "я", "мы", "вы", "ты", "он", "она", "они", "оно", "его",
    "её", "ее", "их", "наш", "наша", "наши", "мой", "моя", "ваш", "ваша", "здесь", "там", "ниже", "выше", "не",
    "нет", "да", "цитата", "словам", "пример", "примеру", "итоги", "итог", "результат", "том", "был", "была",
    "было", "будет", "есть", "является",
})
#: Forms of address: a label of only these and role words ("Уважаемый господин Председатель:") is a salutation.
HONORIFICS = frozenset({"господин", "госпожа", "г-н", "г-жа", "уважаемый", "уважаемая", "уважаемые", "дорогой",
                        "дорогая", "дорогие", "коллеги", "друзья", "дамы", "господа", "и", "ваше", "превосходительство",
                        "превосходительства"})
#: Lower-case words inside a name ("Урсула фон дер Ляйен", "Мухаммед бен Сальман").
NAME_PARTICLES = frozenset({"де", "да", "ди", "дель", "делла", "фон", "ван", "дер", "ден", "ла", "ле", "бин", "бен",
                            "ибн", "аль", "эль", "дос", "дю"})
#: Role words that name a person's office or occupation ("Министр иностранных дел", "Президент").
ROLE_TITLES = frozenset({
    "министр", "министра", "замминистра", "заместитель", "президент", "вице-президент", "премьер-министр",
    "председатель", "председателя", "глава", "главы", "директор", "генеральный", "генсек", "генсекретарь",
    "губернатор", "мэр", "руководитель", "посол", "спикер", "советник", "помощник", "пресс-секретарь",
    "официальный", "представитель", "постоянный", "постпред", "спецпредставитель", "специальный", "посланник",
    "госсекретарь", "секретарь", "командующий", "начальник", "канцлер", "король", "королева", "принц", "эмир",
    "султан", "шейх", "папа", "патриарх", "сенатор", "конгрессмен", "депутат", "член", "лидер", "основатель",
    "заместителя", "первый", "чрезвычайный", "полномочный", "ведущий", "ведущая", "модератор", "журналист",
    "корреспондент", "обозреватель", "эксперт", "аналитик", "профессор", "ректор", "главный", "редактор",
    "главред", "уполномоченный", "генпрокурор", "судья", "генерал", "полковник", "адмирал", "маршал", "директора",
})
#: Role words that name the body an office belongs to ("Министерства иностранных дел", "Совета Безопасности").
ROLE_BODIES = frozenset({
    "мид", "министерство", "министерства", "ведомство", "ведомства", "департамент", "департамента",
    "госдепартамент", "госдепартамента", "совет", "совета", "комитет", "комитета", "комиссия", "комиссии",
    "служба", "службы", "агентство", "агентства", "правительство", "правительства", "администрация",
    "администрации", "аппарат", "аппарата", "дума", "думы", "федерации", "республики", "области", "края",
    "банк", "банка", "фонд", "фонда", "университет", "университета", "института", "академии", "партии",
    "союза", "палаты", "собрания", "оон", "нато", "обсе", "ес", "снг", "одкб", "шос", "брикс", "дел",
    "иностранных", "безопасности", "обороны", "информации", "печати", "кремля", "канцелярии", "компании",
    "корпорации", "телеканала", "радио", "газеты", "журнала", "сми",
})
#: Words that end the role or organisation before a name in a label.
ROLE_WORDS = ROLE_TITLES | ROLE_BODIES
#: Role titles that are also ordinary words: they open no role phrase in running text.
ROLE_TITLES_NOT_OPENING = frozenset({"генеральный", "член", "лидер", "первый", "главный", "официальный"})
#: Given names (Russian and foreign, as Russian writes them): in a label after a role and a place
#: ("Министр иностранных дел России Сергей Лавров"), the name starts at one of them.
GIVEN_NAMES = frozenset("""
александр алексей анатолий андрей анна антон аркадий борис валентина валерий василий вера виктор виталий
владимир вячеслав геннадий георгий герман григорий дарья денис дмитрий евгений екатерина елена иван игорь илья
ирина кирилл константин леонид людмила максим марат мария михаил наталья наталия николай олег ольга павел петр
пётр роман руслан светлана сергей татьяна фёдор федор юлия юрий яков
марко рекс джон джозеф джо джей джеймс майк майкл майк энтони дональд стив стивен кит камала барак билл
хиллари кондолиза колин роберт ричард виктория венди уильям келли никки линда джейк дэвид эммануэль ангела олаф
урсула жозеп жан франсуа си ван реджеп тайип эрдоган антониу пит ллойд марк марк-антонио
""".split())  # noqa: SIM905 - a word list reads best as words
#: Lower-case words after which the first capitalised word names the place or body of a role.
ROLE_CONNECTORS = frozenset({"при", "в", "по", "на", "для"})
#: Lower-case particles glued to a surname by a hyphen ("аль-Асад", "эль-Сиси"): regular-expression alternatives.
SURNAME_PREFIXES = ("аль", "эль", "ас", "аш", "ат", "аз", "бин", "бен", "ибн", "абу", "ад")
#: Stage notes inside a transcript ("Аплодисменты."): regular-expression alternatives, a whole paragraph.
STAGE_NOTES = ("аплодисменты", "смех(?: в зале)?", "оживление в зале", "продолжение следует", "пауза",
               "неразборчиво", "конец стенограммы", "(?:реплика|голос) из зала")
#: Words of speech that a heading never has ("Спасибо", "Да, пожалуйста" close a turn, no heading).
SPOKEN_WORDS = frozenset({"я", "мы", "вы", "меня", "нас", "вас", "мой", "наш", "ваш", "спасибо", "благодарю",
                          "пожалуйста", "да", "нет", "хорошо", "ладно", "конечно", "верно", "господин", "коллеги",
                          "уважаемые", "друзья", "здравствуйте", "добрый"})
#: Titles written before a person's name ("г-н Лавров"): regular-expression alternatives.
NAME_TITLES = (r"г-н", r"г-жа", r"господин", r"госпожа")
#: Notes in brackets after a label that say how the words came to the page ("как переведено",
#: "переводится с английского"): dropped with the brackets, as in English.
LABEL_NOTES = ("как переведено", "переводится с", "перевод с", "говорит по-", "в переводе")

# ---------------------------------------------------------------------------------- reported speech

#: Reporting verbs in their past forms, masculine, feminine and plural, and present forms; phrases that
#: introduce reported speech ("по словам"): regular-expression alternatives, whole words.
REPORTING_VERBS = tuple(
    f"{stem}{ending}" for stem in (
        "сказал", "заявил", "подчеркнул", "отметил", "добавил", "указал", "напомнил", "пояснил", "заключил",
        "сообщил", "констатировал", "резюмировал", "предупредил", "признал", "уточнил", "ответил", "продолжил",
        "акцентировал", "написал", "процитировал", "высказал", "выразил", "обратил", "посетовал", "убежден",
        "убеждён", "уверен",
    ) for ending in ("", "а", "и")
) + ("считает", "считают", "говорит", "говорят", "говорил", "говорила", "полагает", "подчеркивает", "подчёркивает", "отмечает",
     "заявляет", "указывает", "пишет", "по словам", "по мнению", "по его словам", "по ее словам",
     "по её словам", "цитирует", "приводит слова", "говорится", "сообщается", "отмечается", "подчеркивается",
     "подчёркивается", "указывается", "заявляют", "сообщают", "сообщили в", "заявили в", "отметили в")
#: Pronouns that stand for the person last named ("он добавил").
PERSON_PRONOUNS = ("он", "она", "Он", "Она")
#: Generic descriptions of the person last named ("подчеркнул министр", "глава МИД России"): stems,
#: regular-expression alternatives that take any case ending.
PERSON_DESCRIPTIONS = (r"министр\w{0,3}", r"дипломат\w{0,3}", r"президент\w{0,3}", r"госсекретар[ьяюеём]\w{0,2}",
                       r"пресс-секретар[ьяюеём]\w{0,2}", r"официальн\w{1,3}\s+представител\w{1,3}",
                       r"постпред\w{0,3}", r"посл[аоуе]\w{0,2}", r"спикер\w{0,3}",
                       r"глав[аеуыо]\w{0,2}\s+(?:российского\s+|американского\s+)?(?:МИД|внешнеполитического\s+ведомства"
                       r"|дипломатии|Госдепартамента|государства|Кремля)(?:\s+(?:России|РФ|США))?")
#: ... and the words that may qualify them (any case ending): regular-expression alternatives.
PERSON_QUALIFIERS = (r"российск\w{1,3}", r"американск\w{1,3}", r"глав\w{1,2}", r"высокопоставленн\w{1,3}",
                     r"бывш\w{1,3}", r"нынешн\w{1,3}")

# ---------------------------------------------------------------------------------- institutions

#: Institutions that speak in statements, as Russian writes them in any case (regular expressions) ->
#: the name the kit gives them (the English one, so a speaker column means the same in both languages).
INSTITUTION_FORMS: tuple[tuple[str, str], ...] = (
    (r"(?:МИД|Министерств\w{1,2}\s+иностранных\s+дел)\s+(?:России|РФ|Российской\s+Федерации)"
     r"|российск\w{2,3}\s+(?:МИД\w*|внешнеполитическ\w{2,3}\s+ведомств\w{0,2})"
     r"|(?:Департамент\w{0,2}\s+информации\s+и\s+печати|ДИП)\s+МИД(?:\s+России)?"
     r"|Смоленской\s+площад\w{1,2}", "Russian Foreign Ministry"),
    (r"Кремл[ьяюеё]\w{0,2}", "Kremlin"),
    (r"(?:Госдепартамент\w{0,2}|Госдеп\w{0,2})(?:\s+США)?", "State Department"),
    (r"Бел\w{2,3}\s+дом\w{0,2}", "White House"),
    (r"Пентагон\w{0,2}", "Pentagon"),
    (r"Минобороны\s+(?:России|РФ)|Министерств\w{1,2}\s+обороны\s+(?:России|РФ)", "Russian Defence Ministry"),
)
#: Bodies or documents that speak in statements ("говорится в заявлении", "сообщили в посольстве"): stems,
#: regular-expression alternatives; they stand for the institution last named.
SPEAKING_BODIES = (r"[Мм]инистерств\w{0,2}", r"[Вв]едомств\w{0,2}", r"[Пп]осольств\w{0,2}",
                   r"[Зз]аявлени\w{1,2}", r"[Сс]ообщени\w{1,2}", r"МИД\b")
#: What a speaking body is called when no institution was named before it (the stem's English name).
SPEAKING_BODY_NAMES: dict[str, str] = {"министерств": "Ministry", "ведомств": "Ministry", "посольств": "Embassy",
                                       "заявлени": "Statement", "сообщени": "Statement", "мид": "Foreign Ministry"}

#: Titles of documents whose text outside labelled turns is the words of the one person (or institution) the
#: title names: a briefing's opening and its sections, a speech (with or without answers to questions), a Ministry
#: statement or comment. Regular expression, matched at the title's start.
OWN_WORDS_TITLE = (r"^(?:Брифинг|Выступлени[ея]|Вступительное\s+слово|Заключительное\s+слово|Статья|Обращение"
                   r"|Послание|Приветствие|Лекция|Заявление|Комментарий|Сообщение\s+для\s+СМИ)(?![\w-])")
#: Titles of an institution's own text ("Заявление МИД России о ...", "Комментарий Департамента информации и
#: печати МИД России в связи с ..."): regular expression, matched at the title's start. The institution is read
#: from the title with INSTITUTION_FORMS; a person the title names before the subject (a spokesperson's
#: comment) speaks instead.
INSTITUTION_TITLE = r"^(?:Заявление|Комментарий|Сообщение|Ответ)(?:\s+для\s+СМИ)?\s+"
#: Where the subject of an institution's statement starts in its title ("... МИД России о ...", "... в связи с
#: ..."): regular expression. Names after it are the subject, not the speaker.
TITLE_SUBJECT = r"\s(?:о|об|обо|в\s+связи\s+с|по\s+поводу|по|относительно|к|на)\s"
#: Titles of texts that are one person's from start to end unless other people's turns are in them (a speech,
#: an article, an address): regular expression, matched at the title's start. "Выступление и ответы на вопросы"
#: is not one ("ответы" follow the speech).
ONE_VOICE_TITLE = (r"^(?:Выступление|Вступительное\s+слово|Заключительное\s+слово|Статья|Обращение|Послание"
                   r"|Приветствие|Лекция)(?![\w-])(?!.{0,80}?\bответы?\s+на\s+вопросы)")
#: Telegram channels of institutions, as a post's first line names them (lower case, flags and emoji removed)
#: -> the institution (the kit's name): the post's source, and the voice of its text.
CHANNEL_NAMES: dict[str, str] = {"мид россии": "Russian Foreign Ministry", "mfa russia": "Russian Foreign Ministry",
                                 "мид рф": "Russian Foreign Ministry"}

# ---------------------------------------------------------------------------------- dates

#: Month names in the genitive ("9 марта 2017", as dates are written) -> month number.
MONTHS: dict[str, int] = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
#: Month names in the nominative ("март 2019", archive headings) -> month number.
MONTHS_NOMINATIVE: dict[str, int] = {
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}
#: Month abbreviations of agency datelines ("МОСКВА, 20 апр - РИА Новости") -> month number.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "мая": 5, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}
#: Words after a year ("12 марта 2019 года", "20 апреля 2021 г."): regular-expression alternatives.
YEAR_WORDS = (r"года", r"год", r"г\.", r"г(?![а-яё])")
#: Full month names (nominative), in calendar order.
MONTH_NAMES = tuple(MONTHS_NOMINATIVE)
#: Weekday names (nominative), in order.
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
#: Weekday abbreviations.
WEEKDAY_ABBREVIATIONS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")

# ---------------------------------------------------------------------------------- sources

#: News agencies and sites as Russian datelines and signatures name them (lower case) -> the kit's name.
AGENCY_NAMES: dict[str, str] = {
    "тасс": "TASS", "итар-тасс": "TASS", "риа новости": "RIA Novosti", "риа": "RIA Novosti",
    "интерфакс": "Interfax", "interfax.ru": "Interfax", "interfax": "Interfax", "rt": "RT", "rt на русском": "RT",
    "спутник": "Sputnik", "sputnik": "Sputnik", "прайм": "Prime", "известия": "Izvestia", "коммерсантъ": "Kommersant",
    "ведомости": "Vedomosti", "рбк": "RBC", "газета.ru": "Gazeta.ru", "лента.ру": "Lenta.ru", "regnum": "Regnum",
    "regnum.ru": "Regnum", "reuters": "Reuters", "рейтер": "Reuters", "франс пресс": "AFP", "синьхуа": "Xinhua",
    "белта": "BelTA", "россия сегодня": "Rossiya Segodnya",
}
#: Web addresses of Russian sites -> the source they name.
DOMAINS: dict[str, str] = {
    "mid.ru": "Russian Foreign Ministry", "kremlin.ru": "Kremlin", "tass.ru": "TASS", "ria.ru": "RIA Novosti",
    "interfax.ru": "Interfax", "russian.rt.com": "RT", "rt.com": "RT", "sputniknews.ru": "Sputnik",
    "government.ru": "Russian Government",
}
#: Titles of the Foreign Ministry's pages (mid.ru): regular expression, the start of the title.
MFA_TITLE = (
    r"^(?:(?:Выступление|Вступительное\s+слово|Заключительное\s+слово|Ответы?|Интервью|Статья|Приветствие|Послание"
    r"|Обращение|Заявление|Комментарий|Брифинг|Пресс-конференция|Лекция|Слово)\b.{0,200}?"
    r"(?:Министра\s+иностранных\s+дел|заместителя\s+Министра\s+иностранных\s+дел|официального\s+представителя"
    r"\s+МИД|МИД\s+России|Департамента\s+информации\s+и\s+печати)"
    r"|(?:Заявление|Комментарий|Сообщение)\s+(?:для\s+СМИ\s+)?(?:МИД\s+России|Департамента\s+информации))"
)
#: Words of a mid.ru or kremlin.ru page that say whose page it is (a page signature): (regular expression,
#: source). Matched in the head and tail of the text.
PAGE_SIGNATURES: tuple[tuple[str, str], ...] = (
    (r"Министерство\s+иностранных\s+дел\s+Российской\s+Федерации|Официальный\s+сайт\s+МИД\s+России"
     r"|Департамент\s+информации\s+и\s+печати\s+МИД\s+России", "Russian Foreign Ministry"),
    (r"Президент\s+России\s*[|/•]|Официальный\s+сайт\s+Президента\s+России|Опубликован\s+в\s+разделах?:"
     r"|Ссылка\s+на\s+материал:\s*kremlin\.ru", "Kremlin"),
)
#: Title words that name what kind of text a page holds (checked in this order): (regular expression, genre).
#: Occasions with several speakers ("встреча", "заседание") come last: "Выступление на заседании" is a speech.
TITLE_GENRES: tuple[tuple[str, str], ...] = (
    (r"ответы?\s+на\s+вопросы|пресс-конференци|брифинг|стенограмма", "transcript"),
    (r"интервью", "interview"),
    (r"выступлени|вступительное\s+слово|обращени|послание|заявлени|речь|приветстви|лекци", "speech"),
    (r"статья|колонка", "article"),
    (r"беседа|встреча\s+с|заседани|совещани|переговор|дискусси", "transcript"),
)

# ---------------------------------------------------------------------------------- web furniture

#: Web furniture of Russian sites, matched against a whole paragraph (case-insensitive), first match wins:
#: (rule name, regular expression). The rule names are those of lavrovkit.lang.en.CHROME_PATTERNS.
CHROME_PATTERNS: tuple[tuple[str, str], ...] = (
    ("share", r"(?:версия\s+для\s+печати|распечатать|печать|поделиться(?:\s+в\s+\w+)?|скопировать\s+ссылку"
              r"|отправить\s+по\s+почте|добавить\s+в\s+избранное|в\s+избранное|размер\s+шрифта|текстовая\s+версия"
              r"|короткая\s+ссылка)\s*:?"),
    # breadcrumbs: "Главная / Пресс-служба / Выступления министра"
    ("breadcrumbs", r"главная\s*[/›»>|\\].{0,200}"),
    # the site's own name as a line: "Министерство иностранных дел Российской Федерации", "Президент России"
    ("site-name", r"(?:министерство\s+иностранных\s+дел\s+российской\s+федерации|мид\s+россии|президент\s+россии"
                  r"|официальный\s+(?:сайт|интернет-портал)\b.{0,80}|тасс|риа\s+новости|интерфакс)\s*"),
    ("navigation", r"(?:(?:главная|новости|все\s+новости|лента\s+новостей|главное|меню|поиск|войти|вход"
                   r"|регистрация|выход|подписаться|подписка|мультимедиа|фото|видео|инфографика|архив|наверх"
                   r"|закрыть|ещё|еще|реклама|на\s+главную|обратная\s+связь|контакты|карта\s+сайта|english"
                   r"|рус|eng)\s*[|•·/]?\s*)+"),
    ("photo-credit", r"(?:©|ⓒ|\(c\))\s*[^.!?]{0,100}|(?:фото|фотография|видео|источник)(?:\s*:|\s*/)\s*[^.!?]{0,100}"
                     r"|(?:фото|видео)\s+(?:предоставлено|из\s+открытых\s+источников)[^.!?]{0,80}"),
    ("read-more", r"(?:читайте|читать|смотрите|смотреть)\s+(?:также|ещё|еще|подробнее|полностью)\b.{0,200}"
                  r"|подробнее(?:\s+[—–-]\s+.{0,150}|\s*:.{0,150})?"
                  r"|(?:читайте|читать|подписывайтесь\s+на)\s+(?:нас\s+)?(?:тасс|риа|rt|в|на)\b.{0,150}"),
    ("registration", r"подписывайтесь\b.{0,200}|подпишитесь\b.{0,200}|мы\s+в\s+(?:telegram|соцсетях|вк|дзен).{0,100}"),
    ("tags", r"(?:теги|тэги|метки|ключевые\s+слова|темы|персоны|география|страны(?:\s+и\s+регионы)?|регионы"
             r"|рубрики?)\s*:.{0,500}"),
    ("site-info", r"(?:все\s+права\s+защищены|при\s+(?:использовании|цитировании)\s+(?:материалов|информации)"
                  r"|использование\s+материалов|материалы\s+сайта).{0,300}"
                  r"|(?:дата\s+публикации|опубликован[оа]?(?:\s+в\s+разделах?)?|ссылка\s+на\s+материал"
                  r"|последнее\s+изменение|обновлено)\s*:.{0,200}"),
    ("comments", r"(?:\d+\s+)?комментари(?:й|я|ев|и)|оставить\s+комментарий|обсуждение"),
)
#: The start of a list of links to other stories (removed with the headlines that follow): a regular expression.
RELATED_START = (
    r"(?:читайте\s+также|читать\s+также|смотрите\s+также|см\.\s+также|материалы\s+по\s+теме|по\s+теме"
    r"|ещё\s+по\s+теме|еще\s+по\s+теме|другие\s+(?:новости|материалы)|похожие\s+(?:новости|материалы)"
    r"|рекомендуем|самое\s+(?:читаемое|популярное)|последние\s+новости|хронология)\s*:?"
)
#: Words that open a line of web furniture, never a headline: a regular expression matched
#: case-insensitively at a line's start.
CHROME_LINE_START = (
    r"^(?:©|\(c\)|фото\b|видео\b|поделиться|подписывайтесь|подпишитесь|версия\s+для\s+печати|распечатать"
    r"|читайте\b|читать\b|смотрите\b|теги\b|темы\b|персоны\b|главная\b|новости\b|меню\b|поиск\b|реклама\b"
    r"|дата\s+публикации|опубликован|ссылка\s+на\s+материал|текстовая\s+версия|\S+\.(?:com|ru|org|рф)\b|https?:"
    r"|главная\s*[/›»>|]|(?:министерство\s+иностранных\s+дел\s+российской\s+федерации|президент\s+россии)\s*$)"
)

# ---------------------------------------------------------------------------------- wrapped text

#: Words after which a line cannot end a heading or a headline.
FUNCTION_WORDS = frozenset({
    "и", "а", "но", "или", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "из", "за", "для",
    "при", "про", "под", "над", "без", "у", "что", "чтобы", "как", "который", "которая", "которые", "это", "не",
    "ни", "же", "ли", "бы",
})

# ---------------------------------------------------------------------------------- contacts (lavrovkit.events)
# The words that decide how a Russian contact trigger (lavrovkit/data/interactions.yaml, lang: ru) is read:
# lemmas as the Russian pipeline writes them (lower case, "ё" as "е"; lavrovkit.lang.ru_nlp).

#: Words that negate the word they hang on ("не", "нет") or the contact they modify ("никаких переговоров").
CONTACT_NEGATORS = frozenset({"не", "нет", "ни", "никакой", "ничей"})
#: Verbs and nouns that undo a contact below them ("отказался от встречи", "отменил визит"); negated
#: ("не исключил встречи") they make it possible, i.e. planned.
CONTACT_UNDO = frozenset({
    "отказаться", "отказываться", "отказ", "отменить", "отменять", "отмена", "отклонить", "отклонять", "отвергнуть",
    "отвергать", "сорвать", "срывать", "срыв", "отложить", "откладывать", "перенести", "переносить",
    "приостановить", "приостанавливать", "заморозить", "замораживать", "прекратить", "прекращать",
    "прервать", "прерывать", "исключить", "исключать", "бойкотировать", "блокировать", "избегать", "уклоняться",
})
#: Lemmas that make a contact below them an invitation or a proposal to meet ("пригласил посетить",
#: "по приглашению", "предложил провести встречу").
CONTACT_INVITE = frozenset({"пригласить", "приглашать", "приглашение", "предложить", "предлагать", "предложение",
                            "позвать", "звать"})
#: Lemmas that make a contact below them planned, agreed, expected or only possible ("договорились провести",
#: "планируется", "подготовка встречи", "возможность встречи", "могут встретиться").
CONTACT_PLAN = frozenset({
    "планировать", "планироваться", "план", "запланировать", "наметить", "намечать", "намечаться", "намеченный",
    "намечен", "договориться", "договариваться", "договоренность", "условиться", "согласовать", "согласовывать",
    "готовиться", "подготовить", "подготовка", "готовить", "готовность", "готовый", "готов", "ожидать",
    "ожидаться", "ожидание", "предполагать", "предполагаться", "рассчитывать", "надеяться", "надежда", "хотеть",
    "желать", "стремиться", "намерение", "намереваться", "собираться", "предстоять", "возможность", "перспектива",
    "идея", "мочь", "можно", "нужно", "необходимо", "надо", "должен", "должный", "следовать", "поручить",
    "поручать", "организовать", "организация", "решить", "решение", "попытаться", "пытаться", "попытка",
    "обещать", "пообещать", "просить", "попросить", "призвать", "призывать", "настаивать", "сроки", "срок",
    "дата", "модальность", "параметр", "повестка", "место", "формат", "обсуждаться", "прорабатывать",
    "прорабатываться", "проработка", "условие", "вариант", "вопрос",
})
#: Modifiers of a contact that make it planned ("предстоящая встреча", "возможные переговоры").
CONTACT_PLAN_MODIFIERS = frozenset({
    "предстоящий", "будущий", "следующий", "возможный", "потенциальный", "запланированный", "планируемый",
    "намеченный", "ожидаемый", "предполагаемый", "грядущий", "новый", "дальнейший", "ближайший",
    "гипотетический", "предлагаемый", "последующий",
})
#: Prepositions and nouns of what is ahead of a contact ("перед встречей", "накануне переговоров",
#: "в преддверии визита"): the contact is planned.
CONTACT_AHEAD = frozenset({"перед", "до", "накануне", "преддверие", "канун", "ожидание"})
#: Modifiers of an earlier or habitual contact, which no single date dates ("предыдущий разговор", "ранее
#: встречались", "неоднократно беседовали").
CONTACT_EARLIER = frozenset({
    "предыдущий", "прошлый", "прежний", "последний", "недавний", "ранее", "раньше", "прежде", "уже", "давно",
    "неоднократно", "регулярно", "часто", "постоянно", "многократно", "иногда", "никогда", "когда-то",
    "однажды", "дважды", "трижды",
})
#: Earlier times no day can be read from ("на прошлой неделе", "недавно"): a regular expression.
CONTACT_VAGUE_EARLIER = (r"(?:на\s+прошлой|на\s+позапрошлой)\s+неделе|в\s+прошлом\s+(?:году|месяце)"
                         r"|(?<![а-яё])недавно|некоторое\s+время\s+назад|на\s+днях|в\s+прошлом(?![а-яё])")
#: Nouns of complex prepositions, which do not take a contact away from its clause ("в ходе переговоров",
#: "в рамках визита", "на полях саммита", "по итогам встречи", "во время беседы").
CONTACT_PREPOSITION_NOUNS = frozenset({
    "ход", "рамка", "рамки", "поле", "поля", "время", "преддверие", "канун", "итог", "итоги", "завершение",
    "начало", "окончание", "конец", "продолжение", "период", "день", "момент", "случай", "сторона", "результат",
    "основа", "контекст", "связь", "течение", "продолжении",
})
#: Plural words for the parties of the contact reported before ("стороны обсудили", "министры договорились",
#: "собеседники"); "оба", "они" likewise.
CONTACT_COLLECTIVE = frozenset({
    "сторона", "министр", "президент", "лидер", "собеседник", "глава", "руководитель", "коллега", "оба", "они",
    "партнер", "делегация", "переговорщик", "дипломат",
})
#: Pronouns of the speaker ("мы с Рубио встретились", "наша встреча"): lemmas.
CONTACT_FIRST_PERSON = frozenset({"я", "мы", "наш", "мой"})
#: Pronouns of the person named before ("он встретился").
CONTACT_THIRD_PERSON = frozenset({"он", "она"})
#: Pronouns of a speaker telling of a contact in the first or second person.
CONTACT_SPEECH_PERSON = frozenset({"я", "мы", "вы", "ты", "мой", "наш", "ваш", "твой"})
#: Verbs of taking part in a contact: an attendance sentence ("В переговорах приняли участие ..."): a regular
#: expression.
CONTACT_ATTENDANCE = (r"(?:принял[аи]?|принимал[аи]?|примут|принимают)\s+участие\s+(?:также\s+)?(?:в|во)\s+"
                      r"(?:\w+\s+)?(?:встреч|переговор|беседе|консультац)"
                      r"|(?:участвовал[аи]?|присутствовал[аи]?)\s+(?:также\s+)?(?:в|во|на)\s+(?:\w+\s+)?"
                      r"(?:встреч|переговор|беседе|консультац)")
#: A role written without a name on a publisher's own post ("Министр провёл переговоры" on mid.ru,
#: "Президент России провёл телефонный разговор" on kremlin.ru): a regular expression, capitalised as those
#: sites write it; "role" names the role, the publisher's country may follow, a name may not.
CONTACT_BARE_ROLE = (r"(?<![\w.])(?P<role>Министр(?:а|у|ом|е)?(?:\s+иностранных\s+дел|(?!\s+иностранных))"
                     r"|Президент(?:а|у|ом|е)?"
                     r"|Глав(?:а|ы|е|у|ой)\s+государства|Глав(?:а|ы|е|у|ой)\s+МИД)(?![\w-])"
                     r"(?:\s+(?:России|Российской\s+Федерации|РФ)(?![\w-]))?(?![ \t]*[А-ЯЁA-Z])")
#: A bare role's first word (lemma) -> the role the gazetteer's holders have; "Министр" is the publisher's
#: own principal role only on a Foreign Ministry's post.
CONTACT_ROLES: dict[str, str] = {"президент": "President", "глава государства": "President",
                                 "министр иностранных дел": "Foreign Minister", "глава мид": "Foreign Minister",
                                 "министр": "Foreign Minister"}
#: Prepositional month names ("в марте") -> month number.
MONTHS_PREPOSITIONAL: dict[str, int] = {
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8,
    "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}
#: Weekdays as written after "в"/"во" ("во вторник", "в среду") -> weekday (Monday 0).
WEEKDAYS_ACCUSATIVE: dict[str, int] = {"понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4,
                                       "субботу": 5, "воскресенье": 6}
#: Words of a day relative to the document's ("накануне": the day before) -> days from its date.
DAY_SHIFTS: dict[str, int] = {"позавчера": -2, "вчера": -1, "накануне": -1, "сегодня": 0, "завтра": 1}
#: Contact words that name a telephone conversation already reported in the document when it has one with
#: the same parties ("Состоялся телефонный разговор ... В ходе беседы стороны обсудили ...").
CONTACT_CALL_WORDS = frozenset({"беседа", "разговор"})
#: Verbs of receiving a visitor, a contact only with a person as their object ("принял в Кремле министра",
#: not "принял участие", "принял решение").
CONTACT_RECEIVE = frozenset({"принять", "принимать"})
#: Nouns of people a received visitor may be named by ("принял министра иностранных дел Ирана").
CONTACT_PEOPLE_NOUNS = frozenset({
    "министр", "президент", "премьер-министр", "премьер", "глава", "руководитель", "посол", "делегация",
    "спецпосланник", "посланник", "представитель", "госсекретарь", "секретарь", "канцлер", "король", "эмир",
    "принц", "председатель", "губернатор", "мэр", "заместитель", "помощник", "советник", "коллега", "партнер",
    "лидер", "генсек", "генеральный", "верховный", "комиссар", "сенатор", "конгрессмен", "дипломат", "шейх",
})
#: The future forms of "быть" (slovnet may tag them present): "встреча будет", "будут проведены".
CONTACT_FUTURE_AUX = frozenset({"буду", "будешь", "будет", "будем", "будете", "будут"})

# ---------------------------------------------------------------------------------- news reporting

#: Role nouns in a reporting clause ("— сказал глава МИД РФ", "— добавил замглавы МИД", "— заявил
#: пресс-секретарь президента РФ"): ``(role in the clause, the words naming that role next to a person's name
#: earlier in the text, words that rule that naming out when they stand right before it)``, regular
#: expressions matched ignoring case, checked in order (the deputy before the minister). The quotation is the
#: last person named with that role; a role no one was named with is the last person named.
NEWS_ROLES: tuple[tuple[str, str, str | None], ...] = (
    (r"(?:зам(?:глав\w{0,2}|министр\w{0,2})|заместител\w{1,3}\s+(?:министр\w{0,2}|глав\w{1,2}))"
     r"(?:\s+(?:иностранных\s+дел|МИД))?(?:\s+(?:России|РФ))?",
     r"зам(?:глав\w{0,2}|министр\w{0,2})|заместител\w{1,3}\s+(?:министр|глав)", None),
    (r"(?:министр\w{0,3}(?:\s+иностранных\s+дел)?|глав[аеуыо]\w{0,2}\s+(?:российско(?:го|й)\s+)?"
     r"(?:МИД|дипломатии|внешнеполитического\s+ведомства))(?:\s+(?:России|РФ))?",
     r"министр\w{0,3}\s+иностранных\s+дел|глав\w{1,3}\s+(?:МИД|российской\s+дипломатии)|министр\w{0,3}",
     r"(?:зам|заместител\w{1,3}\s+)$"),
    (r"пресс-секретар[ьяюеём]\w{0,2}(?:\s+(?:президента|Кремля|главы\s+государства)(?:\s+(?:России|РФ))?)?"
     r"|(?:официальн\w{1,3}\s+)?представител\w{1,3}\s+Кремля",
     r"пресс-секретар[ьяюеём]\w{0,2}|представител\w{1,3}\s+Кремля", None),
    (r"(?:официальн\w{1,3}\s+)?представител\w{1,3}\s+(?:МИД|внешнеполитического\s+ведомства|дипломатического"
     r"\s+ведомства)(?:\s+(?:России|РФ))?",
     r"представител\w{1,3}\s+(?:МИД|внешнеполитического\s+ведомства)", None),
    (r"президент\w{0,3}(?:\s+(?:России|РФ|США))?|глав[аеуыо]\w{0,2}\s+государства",
     r"президент\w{0,3}|глав\w{1,3}\s+государства", r"(?:вице-|[\w-]*-)$"),
    (r"госсекретар[ьяюеём]\w{0,2}(?:\s+США)?", r"госсекретар[ьяюеём]\w{0,2}", None),
    (r"посл[аоуе]\w{0,2}|постпред\w{0,3}", r"посл[аоуе]\w{0,2}|постпред\w{0,3}", None),
    (r"дипломат\w{0,3}",
     r"дипломат\w{0,3}|министр\w{0,3}|представител\w{1,3}\s+МИД|посл[аоуе]\w{0,2}|постпред\w{0,3}|госсекретар\w+", None),
)
#: How far before a person's name the words naming their role may stand ("министр иностранных дел РФ Сергей
#: Лавров": characters).
NEWS_ROLE_REACH = 80
#: A reporting clause inside a quotation that splits it («Первая часть, — сказал Лавров, — вторая часть»):
#: the dash and the verb after a comma (or other closing punctuation); the clause runs to the next ", —".
SPLIT_CLAUSE = r"[,.!?…]\s*[—–-]\s+(?=\w)"
#: An interview's title naming its guest with a colon and a quotation ("Сергей Лавров: «Мы не будем ...»").
INTERVIEW_TITLE = r"^[А-ЯЁ][\w.\s-]{2,60}?:\s*[«\"„“]"
#: A dialogue paragraph's opening dash ("— Как вы оцениваете ...?").
DIALOGUE_DASH = r"^[—–-]\s+"


# ---------------------------------------------------------------------------------- word clouds

#: Content words too common in Russian reporting to say anything in a word cloud (lemmas, lower case, ё as е:
#: the reporting verbs, "also", "year", forms of address; :func:`lavrovkit.corpus.content_words`).
CONTENT_STOPWORDS = frozenset({
    "сказать", "заявить", "отметить", "подчеркнуть", "добавить", "указать", "сообщить", "напомнить",
    "также", "который", "год", "господин", "г-н", "это", "весь", "свой", "такой", "один",
})
