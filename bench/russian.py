"""Russian annotation throughput: the natasha pipeline (lavrovkit.lang.ru_nlp) through the kit's cache.

Usage::

    python bench/russian.py [--docs 240] [--quick] [--out FILE]

The texts are **synthetic**, made at run time by :func:`synthetic_texts`: a
deterministic generator (a fixed seed) that composes documents in the shapes
the kit reads (TASS and RIA reports with their datelines, Foreign Ministry
transcripts with turn labels, Zakharova briefings, Kremlin transcripts) from
a list of sentences written for this benchmark (:data:`SENTENCES`), with
names, places and dates drawn from short lists. No real corpus is read.

Measured, each in a fresh temporary cache, in one process unless said:

- ``model_load_s``: building the pipeline and loading navec, slovnet's two
  models and pymorphy3's dictionaries (the first document's annotation);
- ``tiers``: the forms tier alone (razdel tokens and sentences), then the
  lemmas tier added (slovnet morphology, pymorphy3 lemmas), then the
  entities tier (slovnet NER): each tier's seconds, words/s and docs/s;
- ``jobs1`` and ``jobs2``: every tier at once with one process and with two
  spawned processes (startup included: the workers import and load the
  models; ``excl_startup_s`` leaves that out); rows of the two runs compared;
- ``warm_load_s``: the same texts read back from the cache.

Words are counted as the kit counts ``documents.words`` (``build.WORD_RE``). The machine's one-minute
load average before and after the run is recorded: on a shared machine the times are only as good as its quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lavrovkit import __version__
from lavrovkit import annotate as ann
from lavrovkit.build import WORD_RE
from lavrovkit.files import atomic_write_text
from lavrovkit.segment import split_paragraphs

#: Sentences written for this benchmark in the register of Russian diplomatic news; {A}, {B} are people,
#: {P} a place, {C} a country (genitive), {D} a date.
SENTENCES = [
    "Россия готова к диалогу с {C}, но только на равноправной основе и с учетом интересов друг друга.",
    "Об этом заявил {A} на пресс-конференции по итогам переговоров с {B}.",
    "Мы никогда не отказывались от диалога, т.е. от честного разговора о наших разногласиях.",
    "Стороны обсудили широкий круг вопросов двусторонней повестки дня, а также ситуацию в Сирии и на Украине.",
    "По словам министра, американские партнеры пока не проявляют готовности к серьезной работе.",
    "Накануне {A} провел телефонный разговор с {B}, в ходе которого обсуждались вопросы стратегической стабильности.",
    "Мы подробно обсудили ситуацию вокруг Договора о ракетах средней и меньшей дальности.",
    "Российская сторона подчеркнула недопустимость вмешательства во внутренние дела суверенных государств.",
    "Санкционное давление не приведет к изменению нашей позиции по ключевым вопросам.",
    "Переговоры продолжались более трех часов и прошли в конструктивной атмосфере.",
    "Следующая встреча министров может состояться в {P} в ближайшие месяцы.",
    "Министр напомнил, что Москва неоднократно предлагала Вашингтону возобновить консультации по кибербезопасности.",
    "Мы исходим из того, что все договоренности должны выполняться добросовестно и в полном объеме.",
    "Так называемый «порядок, основанный на правилах», подменяет собой международное право.",
    "В Госдепартаменте США пока не прокомментировали это заявление.",
    "Как отметила официальный представитель МИД России {A}, ответ Москвы не заставит себя ждать.",
    "Российско-американские отношения переживают не лучшие времена, однако каналы связи сохраняются.",
    "Глава МИД РФ также выразил обеспокоенность расширением НАТО на восток.",
    "Мы готовы работать с любой администрацией, которая настроена на взаимоуважительный диалог.",
    "По итогам встречи было принято совместное заявление из двенадцати пунктов.",
    "Российская делегация, в состав которой вошли представители МИД и Минобороны, прибыла в {P} {D}.",
    "Вопрос о возвращении дипломатической собственности по-прежнему остается открытым.",
    "Министр сообщил, что стороны договорились о взаимном увеличении числа выдаваемых виз.",
    "Говоря о ситуации на Корейском полуострове, {A} призвал все стороны к сдержанности.",
    "Это не первый случай, когда наши коллеги в одностороннем порядке отказываются от достигнутых договоренностей.",
    "Он добавил, что Россия не будет отвечать на недружественные шаги зеркально, но выводы сделает.",
    "В ходе беседы {A} и {B} затронули также вопросы энергетической безопасности Европы.",
    "Диалогу мешают искусственные раздражители, которые создаются в Вашингтоне.",
    "Мы рассчитываем, что здравый смысл возобладает, а диалогом будут называть не монолог, а обмен мнениями.",
    "Отвечая на вопрос журналиста, министр отметил, что ответственность за эскалацию лежит на {C}.",
]
PEOPLE = ["Сергей Лавров", "Марко Рубио", "Энтони Блинкен", "Джон Керри", "Рекс Тиллерсон", "Майк Помпео",
          "Мария Захарова", "Сергей Рябков", "Антонио Гутерриш", "Ван И"]
PLACES = ["Москве", "Женеве", "Вене", "Хельсинки", "Эр-Рияде", "Нью-Йорке", "Анкаре", "Стамбуле"]
COUNTRIES = ["США", "Вашингтона", "Германии", "Франции", "Великобритании", "Китая", "Японии", "Турции"]
DATELINE_PLACES = ["МОСКВА", "ВАШИНГТОН", "НЬЮ-ЙОРК", "ЖЕНЕВА", "ВЕНА", "АНКАРА", "ПЕКИН"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(PEOPLE, 2)
    return rng.choice(SENTENCES).format(A=a, B=b, P=rng.choice(PLACES), C=rng.choice(COUNTRIES),
                                        D=f"{rng.randint(1, 28)} {rng.choice(MONTHS)}")


def _paragraph(rng: random.Random, low: int = 2, high: int = 5) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def synthetic_texts(n: int, seed: int = 16) -> dict[str, str]:
    """``n`` synthetic Russian documents ``{key: text}`` in four shapes, the same for the same ``n`` and ``seed``.

    >>> texts = synthetic_texts(4)
    >>> texts == synthetic_texts(4) and sorted(texts) == ["ru-0000", "ru-0001", "ru-0002", "ru-0003"]
    True
    >>> texts["ru-0000"].split(",")[0].isupper()
    True
    """
    rng = random.Random(seed)
    out: dict[str, str] = {}
    for i in range(n):
        day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2014, 2025)
        shape = i % 4
        if shape == 0:  # a TASS report
            paras = [f"{rng.choice(DATELINE_PLACES)}, {day} {month}. /ТАСС/. {_paragraph(rng, 1, 2)}"]
            paras += [_paragraph(rng) for _ in range(rng.randint(2, 5))]
        elif shape == 1:  # a Foreign Ministry transcript
            paras = ["Выступление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации "
                     f"С.В.Лаврова в ходе совместной пресс-конференции, {rng.choice(PLACES)}",
                     f"Москва, {day} {month} {year} года", f"С.В.Лавров: {_paragraph(rng, 3, 6)}"]
            for _ in range(rng.randint(2, 4)):
                paras += [f"Вопрос: {_sentence(rng)}", f"С.В.Лавров: {_paragraph(rng, 2, 6)}"]
            paras.append("Реплика: Спасибо.")
        elif shape == 2:  # a briefing
            paras = [f"Брифинг официального представителя МИД России М.В.Захаровой, Москва, {day} {month} {year} года",
                     f"М.В.Захарова: {_paragraph(rng, 3, 6)}", f"Вопрос: {_sentence(rng)}",
                     f"М.В.Захарова: {_paragraph(rng)}"]
        else:  # a Kremlin transcript
            paras = [f"Телефонный разговор с Президентом США, {day} {month} {year} года",
                     f"В.Путин: {_paragraph(rng, 2, 4)}", _paragraph(rng)]
        out[f"ru-{i:04d}"] = "\n\n".join(paras)
    return out


def _words(texts: dict[str, str]) -> int:
    return sum(len(WORD_RE.findall(t)) for t in texts.values())


def _rate(texts: dict[str, str], seconds: float, cpu_s: float | None = None) -> dict[str, float]:
    """Seconds, words/s and docs/s (wall clock); with ``cpu_s``, also the CPU seconds and words per CPU second
    (what a quiet core would give: the wall clock of a shared machine counts the others' work too)."""
    out = {"s": round(seconds, 2), "words_per_s": round(_words(texts) / seconds),
           "docs_per_s": round(len(texts) / seconds, 2)}
    if cpu_s:
        out.update(cpu_s=round(cpu_s, 2), words_per_cpu_s=round(_words(texts) / cpu_s))
    return out


def _cold_caches() -> None:
    """Forget the lemmas looked up so far (per-process memos), so each run starts as a new worker would."""
    from lavrovkit.lang import ru_nlp

    ru_nlp._lemma.cache_clear()
    ru_nlp._abbreviation.cache_clear()
    ru_nlp._token_lemma.cache_clear()


def run(n: int = 240, *, quick: bool = False) -> dict[str, Any]:
    """Measure the Russian pipeline on ``n`` synthetic documents (quick: 40); see the module's docstring."""
    n = 40 if quick else n
    load_before = os.getloadavg()
    texts = synthetic_texts(n)
    langs = dict.fromkeys(texts, "ru")
    name = ann.model_name(lang="ru")
    t0 = time.perf_counter()
    nlp = ann.load_model(name, ann.DEFAULT_COMPONENTS)
    list(nlp.pipe(["Сергей Лавров провел переговоры в Москве."]))
    load_s = time.perf_counter() - t0
    split_paragraphs(next(iter(texts.values())))  # the turn-label gazetteer, loaded once per process: not the pipeline's
    tiers: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="lavrovkit-bench-ru-") as tmp:
        cache = Path(tmp) / "tiers"
        for tier in ann.TIERS:
            _cold_caches()
            t0, c0 = time.perf_counter(), time.process_time()
            _, run_ = ann.annotate(texts, tiers={tier: list(texts)}, cache_dir=cache, progress=False, langs=langs)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert run_.per_tier[tier]["annotated"] == len(texts)
            tiers[tier] = _rate(texts, seconds, cpu)
        one_cache, two_cache = Path(tmp) / "one", Path(tmp) / "two"
        _cold_caches()
        t0 = time.perf_counter()
        one, run1 = ann.annotate(texts, cache_dir=one_cache, progress=False, langs=langs)
        jobs1_s = time.perf_counter() - t0
        jobs1_cpu = sum(st["cpu_s"] for st in run1.task_stats)
        call = time.time()
        t0 = time.perf_counter()
        two, run2 = ann.annotate(texts, cache_dir=two_cache, progress=False, langs=langs, jobs=2,
                                 shard_chars=max(1, sum(map(len, texts.values())) // 8))
        jobs2_s = time.perf_counter() - t0
        first_ready: dict[int, float] = {}
        for st in run2.task_stats:  # each worker's first task: when its pipeline was loaded
            first_ready[st["pid"]] = min(first_ready.get(st["pid"], st["ready"]), st["ready"])
        startup_s = max(first_ready.values()) - call
        t0 = time.perf_counter()
        warm, run3 = ann.annotate(texts, cache_dir=one_cache, progress=False, langs=langs)
        warm_s = time.perf_counter() - t0
        assert run3.annotated == 0
        identical = {k: bool(one[k].equals(two[k])) and bool(one[k].equals(warm[k])) for k in ("sentences", "tokens", "entities")}
        labels = one["entities"]["label"].value_counts().to_dict()
    spec = run1.by_lang["ru"].spec
    return {
        "texts": "synthetic (bench/russian.py synthetic_texts: TASS reports, Ministry transcripts, briefings, "
                 "Kremlin transcripts composed from the sentences written in the file)",
        "documents": len(texts), "words": _words(texts), "tokens": int(len(one["tokens"])),
        "sentences": int(len(one["sentences"])), "entities": {k: int(v) for k, v in labels.items()},
        "model": f"{spec.name} {spec.version}", "components": list(spec.components),
        "model_load_s": round(load_s, 2),
        "tiers": tiers,
        "jobs1": _rate(texts, jobs1_s, jobs1_cpu),
        "jobs2": {**_rate(texts, jobs2_s, sum(st["cpu_s"] for st in run2.task_stats)), "tasks": run2.tasks,
                  "workers": run2.workers,
                  "worker_peak_mb": round(run2.worker_peak_mb), "startup_s": round(startup_s, 2),
                  "excl_startup_s": round(jobs2_s - startup_s, 2)},
        "speedup_jobs2_vs_jobs1": round(jobs1_s / jobs2_s, 2),
        "warm_load_s": round(warm_s, 3),
        "identical_rows_jobs1_jobs2_warm": identical,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "lavrovkit": __version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    figures = run(args.docs, quick=args.quick)
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        atomic_write_text(Path(args.out), text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
