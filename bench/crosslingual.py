"""Does a Russian sentence find its English translation (and the reverse)? Retrieval over translation pairs.

Usage::

    python bench/crosslingual.py [--model e5-small]

The 24 pairs below are diplomatic sentences of the kinds the kit reads
(statements, readouts, press-conference answers), written for this check and
translated by hand; none is from a test file. For each Russian sentence, the
English sentences are ranked by cosine (and the reverse); prints the share
whose translation ranks first, the mean cosine of true pairs and of the best
wrong pair, for passage-to-passage and query-to-passage matching.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

import numpy as np

PAIRS = [
    ("We are ready for dialogue with Washington, but only on an equal footing.",
     "Мы готовы к диалогу с Вашингтоном, но только на равноправной основе."),
    ("The sanctions imposed by the United States are illegitimate and counterproductive.",
     "Санкции, введённые Соединёнными Штатами, нелегитимны и контрпродуктивны."),
    ("The New START treaty remains the last pillar of strategic stability.",
     "Договор СНВ-3 остаётся последней опорой стратегической стабильности."),
    ("Our American partners keep trying to interfere in our internal affairs.",
     "Наши американские партнёры продолжают попытки вмешиваться в наши внутренние дела."),
    ("The ministers discussed the situation in Syria and the fight against terrorism.",
     "Министры обсудили ситуацию в Сирии и борьбу с терроризмом."),
    ("NATO's expansion to the east threatens the security of Europe as a whole.",
     "Расширение НАТО на восток угрожает безопасности Европы в целом."),
    ("We have reached specific understandings on the next steps.",
     "Мы достигли конкретных договорённостей о дальнейших шагах."),
    ("The embassies must be allowed to work normally; diplomats should not be expelled.",
     "Посольствам нужно дать нормально работать; дипломатов не следует высылать."),
    ("Russia has always honoured its obligations under international law.",
     "Россия всегда выполняла свои обязательства по международному праву."),
    ("Trade between our countries fell by a third last year.",
     "Товарооборот между нашими странами в прошлом году сократился на треть."),
    ("The Minsk agreements are the only basis for settling the conflict in Donbas.",
     "Минские соглашения являются единственной основой урегулирования конфликта в Донбассе."),
    ("The Secretary of State called me yesterday evening to discuss North Korea.",
     "Госсекретарь позвонил мне вчера вечером, чтобы обсудить Северную Корею."),
    ("Nobody has presented any evidence of Russian interference in the elections.",
     "Никто не представил никаких доказательств российского вмешательства в выборы."),
    ("We welcome the humanitarian pause and call for aid to reach civilians.",
     "Мы приветствуем гуманитарную паузу и призываем доставить помощь мирным жителям."),
    ("Cyberspace must not become an arena of military confrontation.",
     "Киберпространство не должно стать ареной военного противостояния."),
    ("The Iranian nuclear deal must be preserved in its original form.",
     "Иранскую ядерную сделку необходимо сохранить в первоначальном виде."),
    ("Afghanistan needs an inclusive government that represents all ethnic groups.",
     "Афганистану нужно инклюзивное правительство, представляющее все этнические группы."),
    ("We remember the alliance of our peoples in the fight against Nazism.",
     "Мы помним союз наших народов в борьбе против нацизма."),
    ("The unilateral withdrawal from the INF Treaty was a serious mistake.",
     "Односторонний выход из Договора о РСМД был серьёзной ошибкой."),
    ("The two presidents agreed to meet in Helsinki in July.",
     "Два президента договорились встретиться в Хельсинки в июле."),
    ("Washington's policy of containment has no future.",
     "Политика сдерживания, которую проводит Вашингтон, не имеет будущего."),
    ("The Security Council is the only body that may authorise the use of force.",
     "Совет Безопасности является единственным органом, который может санкционировать применение силы."),
    ("Our relations are at their lowest point since the end of the Cold War.",
     "Наши отношения находятся в низшей точке со времён окончания холодной войны."),
    ("The grain deal allowed Ukrainian exports through the Black Sea.",
     "Зерновая сделка позволила вывозить украинское зерно через Чёрное море."),
]


def _scores(left: np.ndarray, right: np.ndarray) -> tuple[float, float, float]:
    sims = left @ right.T
    first = float(np.mean(np.argmax(sims, axis=1) == np.arange(len(sims))))
    true = float(np.mean(np.diag(sims)))
    wrong = sims.copy()
    np.fill_diagonal(wrong, -np.inf)
    return first, true, float(np.mean(wrong.max(axis=1)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    from lavrovkit.embed import embed_query, embed_texts

    en = [e for e, _ in PAIRS]
    ru = [r for _, r in PAIRS]
    with tempfile.TemporaryDirectory() as tmp:
        pe = embed_texts(en, model=args.model, cache_dir=tmp, progress=False)
        pr = embed_texts(ru, model=args.model, cache_dir=tmp, progress=False)
    qe = np.stack([embed_query(t, args.model) for t in en])
    qr = np.stack([embed_query(t, args.model) for t in ru])
    print(f"{len(PAIRS)} translation pairs, model {args.model or 'e5-small'}")
    print(f"{'match':<28}{'translation first':>18}{'true pair cos':>15}{'best wrong cos':>16}")
    for name, left, right in (("ru passage -> en passages", pr, pe), ("en passage -> ru passages", pe, pr),
                              ("ru query -> en passages", qr, pe), ("en query -> ru passages", qe, pr)):
        first, true, wrong = _scores(left, right)
        print(f"{name:<28}{first:>18.3f}{true:>15.3f}{wrong:>16.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
