"""Russian test texts in the shapes the kit meets (TASS, RIA Novosti and Interfax reports, a Foreign Ministry
transcript, a Zakharova briefing, a Kremlin transcript) and one English report, written for the tests of
Russian themes, tone and phrase families. File names carry the source and date ({source}_{date}.txt)."""

from __future__ import annotations

from pathlib import Path

from razdel import sentenize

from lavrovkit.actors import actors_load
from lavrovkit.meta import guess_metadata
from lavrovkit.segment import attribute_speakers, paragraphs_of
from lavrovkit.speakers import _mentions

from .conftest import write_texts

TASS = (
    "МОСКВА, 20 апреля. /ТАСС/. Россия не отказывается от диалога с США по стратегической стабильности, "
    "но Вашингтон не хочет диалога на равноправной основе. Об этом заявил министр иностранных дел РФ "
    "Сергей Лавров.\n\n"
    "«Наши американские партнёры продолжают давление и вводят всё новые санкции против России», — "
    "подчеркнул Лавров. По его словам, так называемый «порядок, основанный на правилах», подменяет "
    "международное право.\n\n"
    "Министр также сообщил, что накануне провёл телефонный разговор с госсекретарём США Энтони Блинкеном. "
    "Стороны обсудили ситуацию в Сирии и на Украине, а также гуманитарное сотрудничество."
)
MID = (
    "Выступление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова в ходе "
    "совместной пресс-конференции по итогам переговоров с Министром иностранных дел Египта, Москва, "
    "12 марта 2019 года\n\n"
    "С.В.Лавров: Мы подробно обсудили ситуацию вокруг Договора о РСМД. Нашим американским партнёрам мы "
    "неоднократно говорили, что раздражители в российско-американских отношениях нужно снимать.\n\n"
    "Вопрос: Как Вы оцениваете гуманитарную ситуацию в секторе Газа и в Идлибе?\n\n"
    "С.В.Лавров: Гуманитарная ситуация в Идлибе остаётся тяжёлой. Мирное население страдает от действий "
    "террористов из «Хайат Тахрир аш-Шам». Мы не видим конструктивного подхода у американцев, которые "
    "так называют свою политику «давлением ради мира».\n\n"
    "Реплика: А что с поставками газа в Европу?\n\n"
    "С.В.Лавров: Поставки газа — это вопрос экономики, а не политики. Удар без санкции Совета Безопасности "
    "противоречит Уставу ООН."
)
RIA = (
    "МОСКВА, 9 мая — РИА Новости. Глава МИД России Сергей Лавров заявил, что попытки фальсификации истории "
    "Второй мировой войны неприемлемы. Он напомнил о героизации нацизма на Украине.\n\n"
    "Лавров также отметил, что торгово-экономическое сотрудничество с Китаем растёт, товарооборот "
    "увеличился, а расчёты в национальных валютах расширяются. Поставки газа в Европу сократились из-за "
    "антироссийских санкций."
)
INTERFAX = (
    "Москва. 3 июня. ИНТЕРФАКС — Россия никогда не отказывалась от переговоров по денуклеаризации Корейского "
    "полуострова, заявил замминистра иностранных дел РФ Сергей Рябков. Пхеньян и Сеул, по его словам, "
    "должны вернуться к диалогу.\n\n"
    "Рябков добавил, что Москва выступает за сохранение СВПД и против расширения НАТО на восток. "
    "Американцы, по его словам, отказались от диалога о ядерном оружии и о Договоре о СНВ.\n\n"
    "Замминистра подчеркнул, что ситуация в Афганистане после прихода к власти талибов требует внимания, "
    "а угроза терроризма со стороны ИГИЛ сохраняется."
)
ZAKHAROVA = (
    "Брифинг официального представителя МИД России М.В.Захаровой, Москва, 15 октября 2020 года\n\n"
    "М.В.Захарова: Мы вновь фиксируем кампанию дезинформации в западных СМИ. Американские коллеги "
    "распространяют фейки о вмешательстве России в выборы в США.\n\n"
    "Вопрос: Как Вы прокомментируете новые ограничения против российских журналистов в США?\n\n"
    "М.В.Захарова: Это прямое давление на свободу СМИ. Администрация США не только ограничивает работу "
    "наших журналистов, но и высылает дипломатов. Диалог с Вашингтоном при этом не прекращается."
)
KREMLIN = (
    "Встреча с Президентом Соединённых Штатов Америки\n\n"
    "В.Путин: Уважаемый господин Президент! Мы рады видеть Вас в Москве. Рассчитываем на конструктивный "
    "диалог о стратегической стабильности и урегулировании на Ближнем Востоке.\n\n"
    "Д.Трамп (как переведено): Спасибо. Соединённые Штаты готовы к сотрудничеству с Россией."
)
ENGLISH = (
    "MOSCOW, February 24. /TASS/. Russian Foreign Minister Sergey Lavrov said sanctions against Russia were "
    "illegal. Our American partners, he said, refuse dialogue on strategic stability.\n\n"
    "Lavrov and US Secretary of State Marco Rubio discussed the situation in Syria and Ukraine by phone. "
    "They agreed to keep the channels of communication open."
)

RUSSIAN = {
    "TASS_2021-04-20.txt": TASS,
    "MID_2019-03-12.txt": MID,
    "RIA_2022-05-09.txt": RIA,
    "Interfax_2023-06-03.txt": INTERFAX,
    "MID_2020-10-15.txt": ZAKHAROVA,
    "Kremlin_2019-07-16.txt": KREMLIN,
}
MIXED = {**RUSSIAN, "TASS_2025-02-24.txt": ENGLISH}
PATTERN = "{source}_{date}.txt"


def folder(path: Path, texts: dict[str, str]) -> Path:
    """A corpus folder with ``texts`` under ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    return write_texts(path, texts)


def attributed(text: str, metadata: bool = True) -> list[tuple[str | None, str, str]]:
    """(speaker, how, sentence) for every sentence of ``text`` (razdel's sentences), as the kit attributes them;
    with ``metadata``, the document's speaker and genre read from the text as corpus_load reads them
    (:func:`guess_metadata`), else none."""
    g = {x["field"]: x["value"] for x in guess_metadata(text, None)} if metadata else {}
    gaz = actors_load()
    paras = paragraphs_of(text)
    sents = [(pid, p.start + s.start, p.start + s.stop) for pid, p in enumerate(paras)
             for s in sentenize(text[p.start:p.end])]
    out = attribute_speakers(text, paras, sents, _mentions(text, None, gaz, None), doc_speaker=g.get("speaker"),
                             genre=g.get("genre"), normalise=gaz.resolve)
    return [(spk, how, text[a:b]) for (spk, _, how), (_, a, b) in zip(out, sents, strict=True)]
