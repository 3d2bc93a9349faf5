"""The semantic layer's figures: embedding throughput, memory, and the latency of ``similar``.

Usage::

    python bench/semantic.py CORPUS [--pattern P] [--sample 600] [--queries 20] [--quick] [--out FILE]
    python bench/run.py CORPUS --pattern P --only semantic      # the same, as a section of results.json

Three parts, each measured within one run:

- ``throughput``: a fixed sample of the corpus's sentences (every k-th sentence
  of documents in id order, so every year is there; ``--sample`` of them),
  embedded into a *fresh* cache with ``jobs=1`` and with ``jobs=2`` (engine
  threads) in the same run: sentences/s, model tokens/s, ms per token per
  core, the jobs-2 ratio, and the peak memory of this process
  (:func:`peak_rss_mb`: VmHWM, else ``resource.getrusage`` maxrss).
- ``similar`` (a new process, the cache of ``$LAVROVKIT_CACHE``): warm corpus
  load, the cold first ``similar`` (reading the sentence vectors from the
  cache into the corpus's memo), then ``--queries`` warm queries (half English,
  half Russian; median and slowest), a first and a repeated filtered query,
  the vector matrix's size and the process's peak memory. The corpus's vectors
  must be in the cache already (``lavrovkit embed CORPUS``): the part refuses
  to embed a whole corpus by accident and says how many sentences lack one.
- ``query_side``: which side of e5 a text query should be embedded on. Real
  sentences of the corpus (:data:`PAIRS`, found by their text) and their
  Russian translations (made for this benchmark): the Russian sentence as the
  query, the rank of its English original among all the corpus's sentences,
  with the query embedded on the "query:" side and on the "passage:" side; and
  the reverse (the English sentence as the query, the rank of its translation
  among the corpus's sentences plus the translations). :mod:`lavrovkit.similar`
  uses the side that does better here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import lavrovkit as lk  # noqa: E402
from lavrovkit import embed  # noqa: E402
from lavrovkit.cache import text_key  # noqa: E402
from lavrovkit.similar import _text_vector  # noqa: E402

#: Sentences of UN General Debate speeches (English, as published) and their Russian translations, made for
#: this benchmark; found in the corpus by their English text.
PAIRS: list[tuple[str, str]] = [
    ("While we should not underestimate this progress, on the other hand, we do not want to exaggerate it.",
     "Не следует недооценивать этот прогресс, но, с другой стороны, мы не хотим его преувеличивать."),
    ("We have to build effective mechanisms, such as universal periodic review, special procedures and a "
     "complaints procedure within the Council.",
     "Мы должны создать эффективные механизмы, такие как универсальный периодический обзор, специальные "
     "процедуры и процедура рассмотрения жалоб в рамках Совета."),
    ("Recent revelations concerning the activities of a global network of electronic espionage have provoked "
     "indignation and disgust in public opinion worldwide.",
     "Недавние разоблачения деятельности глобальной сети электронного шпионажа вызвали возмущение и отвращение "
     "у общественности во всём мире."),
    ("Harnessing the full potential of the Internet therefore requires responsible regulation that will "
     "simultaneously guarantee the freedom of expression, security and respect for human rights.",
     "Поэтому для полного раскрытия потенциала интернета необходимо ответственное регулирование, которое "
     "одновременно гарантирует свободу выражения мнений, безопасность и уважение прав человека."),
    ("UN Women is part of the effort to reform the United Nations begun nearly two decades ago with a view "
     "towards strengthening system-wide coherence.",
     "Структура «ООН-женщины» — часть усилий по реформе Организации Объединённых Наций, начатой почти два "
     "десятилетия назад в целях повышения общесистемной слаженности."),
    ("Costa Rica believes in democracy, with a robust electoral system that guarantees that nobody can "
     "perpetually remain in power.",
     "Коста-Рика верит в демократию с надёжной избирательной системой, которая гарантирует, что никто не "
     "сможет оставаться у власти бессрочно."),
    ("The situation in Lebanon is delicate and must not be burdened by the weight of the conflicts raging in "
     "the region.",
     "Ситуация в Ливане деликатна, и её нельзя отягощать бременем конфликтов, бушующих в регионе."),
    ("It was an event that set the path for the future of nations and peoples.",
     "Это было событие, которое определило путь в будущее для наций и народов."),
    ("That is a principle to which Ethiopia has adhered: before the Eritrean act of aggression, after the "
     "aggression was reversed and since.",
     "Этого принципа Эфиопия придерживалась: до эритрейского акта агрессии, после того как агрессия была "
     "отражена, и с тех пор."),
    ("We value the determination of the Secretary-General in searching for a solution to the crisis in the "
     "Sudan.",
     "Мы высоко ценим решимость Генерального секретаря в поиске решения кризиса в Судане."),
    ("Let me finish by assuring the Assembly of Finland’s full support for the incoming Secretary- General — "
     "whoever she or he may be.",
     "В завершение позвольте заверить Ассамблею в полной поддержке Финляндией будущего Генерального "
     "секретаря, кем бы он или она ни был."),
    ("The challenges facing the global community are mirrored in our regional and national context.",
     "Проблемы, стоящие перед мировым сообществом, отражаются в нашем региональном и национальном контексте."),
    ("We look to the General Assembly to strengthen the resolution on this issue and to ensure that the threat "
     "is removed as soon as possible.",
     "Мы рассчитываем, что Генеральная Ассамблея усилит резолюцию по этому вопросу и обеспечит скорейшее "
     "устранение угрозы."),
    ("If we incorporate the other countries of Central America into the customs integration initiative, we "
     "shall together become the seventh largest Latin American economy.",
     "Если мы включим другие страны Центральной Америки в инициативу таможенной интеграции, то вместе станем "
     "седьмой по величине экономикой Латинской Америки."),
    ("With whom lies the responsibility to inform them of such bloody events?",
     "На ком лежит ответственность сообщать им о таких кровавых событиях?"),
    ("Not only is this a fundamental matter of global solidarity, but also in the interest of us all.",
     "Это не только фундаментальный вопрос глобальной солидарности, но и в интересах всех нас."),
    ("Countries, large and small, differ in their history, culture, traditions, ways of life and political "
     "organization.",
     "Страны, большие и малые, различаются своей историей, культурой, традициями, образом жизни и "
     "политическим устройством."),
    ("The answer is simple and the common denominator is also straightforward: it is our hearts and our love.",
     "Ответ прост, и общий знаменатель тоже очевиден: это наши сердца и наша любовь."),
    ("We need desperately to upgrade pre-emptive measures, to counter the imminent threat of climate change.",
     "Нам крайне необходимо усилить превентивные меры, чтобы противостоять неминуемой угрозе изменения "
     "климата."),
    ("The Republic of Korea is also committed to democracy at home and abroad.",
     "Республика Корея также привержена демократии у себя в стране и за рубежом."),
    ("The international community has to support those aspirations and assist in building stable and trusted "
     "democratic institutions and establishing the rule of law.",
     "Международное сообщество должно поддержать эти чаяния и помочь в создании стабильных демократических "
     "институтов, пользующихся доверием, и в утверждении верховенства права."),
    ("In an interdependent and globalized world, we can address and resolve global problems only through "
     "multilateral means.",
     "Во взаимозависимом и глобализованном мире мы можем решать глобальные проблемы только многосторонними "
     "средствами."),
    ("We condemn this pseudo-referendum, which flagrantly infringes the Constitution of the Republic of "
     "Moldova, undermines the country’s territorial integrity and defies democratic values and standards.",
     "Мы осуждаем этот псевдореферендум, который грубо нарушает Конституцию Республики Молдова, подрывает "
     "территориальную целостность страны и попирает демократические ценности и стандарты."),
    ("People ask why sub-Saharan Africa has not experienced economic growth in the last few years.",
     "Люди спрашивают, почему в Африке к югу от Сахары в последние несколько лет не было экономического "
     "роста."),
    ("We call upon the Government of Myanmar to give him its fullest cooperation to enable him to fulfil his "
     "mission on behalf of the international community.",
     "Мы призываем правительство Мьянмы оказать ему всестороннее содействие, чтобы он мог выполнить свою "
     "миссию от имени международного сообщества."),
    ("That callous and criminal act has attracted empathy for Nigeria across the globe.",
     "Этот бесчеловечный и преступный акт вызвал сочувствие к Нигерии во всём мире."),
    ("The litany of sophisticated terrorist attacks across the globe is a harsh reality of the challenges the "
     "world is facing today.",
     "Череда изощрённых террористических атак по всему миру — суровая реальность тех вызовов, с которыми "
     "сегодня сталкивается мир."),
    ("It is sad to note that the issue of racism remains alive worldwide.",
     "Печально отмечать, что проблема расизма по-прежнему актуальна во всём мире."),
    ("There is an urgent need to make progress on climate negotiations through an ambitious and comprehensive "
     "outcome in Cancún, Mexico, later this year.",
     "Необходимо срочно добиться прогресса на переговорах по климату, достигнув амбициозного и "
     "всеобъемлющего результата в Канкуне (Мексика) позднее в этом году."),
    ("In my view, a debate between those two categories is urgently needed within the United Nations "
     "membership so as to regain the noble founding ideals of the Organization.",
     "На мой взгляд, среди членов Организации Объединённых Наций срочно необходима дискуссия между этими "
     "двумя категориями, чтобы вернуть благородные идеалы, заложенные при основании Организации."),
    ("The plan also offers special programmes for young people who wish to abandon the path of crime.",
     "План также предусматривает специальные программы для молодых людей, желающих сойти с преступного "
     "пути."),
    ("The Government also provides grants to the elderly as a way of supplementing their livelihoods.",
     "Правительство также выплачивает пособия пожилым людям в качестве дополнения к их средствам к "
     "существованию."),
    ("Ultimately, that is the role of the United Nations, namely, to serve the needs and hopes of people "
     "everywhere.",
     "В конечном счёте в этом и состоит роль Организации Объединённых Наций — служить нуждам и надеждам людей "
     "во всём мире."),
    ("It is also hoped that the operationalization process will catalyse international cooperation on "
     "mitigation, adaptation and climate finance to that end.",
     "Также есть надежда, что процесс ввода в действие станет катализатором международного сотрудничества в "
     "области смягчения последствий, адаптации и климатического финансирования для этой цели."),
    ("Persecution of the leaders of the Mejlis — the representative organ of Crimean Tatars, whose activities "
     "the Russian occupiers banned — continues.",
     "Продолжается преследование лидеров Меджлиса — представительного органа крымских татар, деятельность "
     "которого запретили российские оккупанты."),
    ("All of us, and therefore the United Nations, need to believe in ourselves again.",
     "Всем нам, а значит и Организации Объединённых Наций, нужно снова поверить в себя."),
    ("It is therefore essential to strengthen the multilateral system, to which we all belong and which "
     "constitutes a common asset.",
     "Поэтому крайне важно укреплять многостороннюю систему, к которой мы все принадлежим и которая является "
     "нашим общим достоянием."),
    ("Within the international system, there are persistent shortcomings that affect and weaken the work that "
     "has been done in pursuit of our countries’ economic and social development.",
     "В международной системе сохраняются недостатки, которые сказываются на работе, проделанной в интересах "
     "экономического и социального развития наших стран, и ослабляют её."),
    ("With support from many countries here today, we have engaged with North Korea to replace the spectre of "
     "conflict with a bold and new push for peace.",
     "При поддержке многих присутствующих здесь стран мы начали взаимодействие с Северной Кореей, чтобы "
     "заменить призрак конфликта смелым новым стремлением к миру."),
    ("In recognition of every sovereign State’s right to determine its own capital, I moved the United States "
     "Embassy in Israel to Jerusalem.",
     "Признавая право каждого суверенного государства определять свою столицу, я перенёс посольство "
     "Соединённых Штатов в Израиле в Иерусалим."),
    ("I bid you farewell, wishing for union, peace and cooperation of the whole world.",
     "Прощаюсь с вами, желая единства, мира и сотрудничества всему миру."),
    ("Undoubtedly, Yemen expects a great deal from its fraternal and friendly neighbouring countries at this "
     "very difficult time.",
     "Несомненно, Йемен многого ожидает от братских и дружественных соседних стран в это очень трудное "
     "время."),
    ("Ultimatums and threats to commit crimes and terrorism cannot be accepted anywhere in the world, "
     "including in Kosovo.",
     "Ультиматумы и угрозы совершить преступления и террористические акты неприемлемы нигде в мире, в том "
     "числе в Косово."),
]

#: Warm queries of the latency part: English and Russian, on the subjects analysts ask about.
QUERIES = [
    "We are ready for dialogue with the United States on the basis of equality and mutual respect.",
    "Unilateral sanctions violate international law and the Charter of the United Nations.",
    "The expansion of NATO to the east undermines European security.",
    "Strategic stability and arms control treaties must be preserved.",
    "The Security Council bears the primary responsibility for international peace and security.",
    "Climate change is an existential threat to small island States.",
    "Terrorism cannot be defeated without broad international cooperation.",
    "We call for a political settlement of the crisis in Syria.",
    "The world is becoming multipolar, and no single country can dictate its will.",
    "Interference in the internal affairs of sovereign States is unacceptable.",
    "Мы готовы к диалогу с США на основе равноправия и взаимного уважения.",
    "Односторонние санкции нарушают международное право и Устав ООН.",
    "Расширение НАТО на восток подрывает европейскую безопасность.",
    "Необходимо сохранить договоры о стратегической стабильности и контроле над вооружениями.",
    "Совет Безопасности несёт главную ответственность за поддержание международного мира.",
    "Изменение климата представляет угрозу самому существованию малых островных государств.",
    "Терроризм невозможно победить без широкого международного сотрудничества.",
    "Мы призываем к политическому урегулированию кризиса в Сирии.",
    "Мир становится многополярным, и ни одна страна не может диктовать свою волю.",
    "Вмешательство во внутренние дела суверенных государств недопустимо.",
]


def peak_rss_mb() -> float:
    """This process's peak resident memory, MB: ``VmHWM`` of /proc/self/status where there is one (a new
    process's own peak: Linux keeps ``getrusage``'s maxrss across exec, so a child started after the
    throughput part would report its parent's), else ``resource.getrusage`` maxrss (KiB on Linux)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def sample_sentences(corpus: lk.Corpus, n: int) -> list[str]:
    """``n`` sentences spread evenly over the corpus (every k-th in document-id order), distinct texts."""
    s = corpus.sentences.sort_values(["doc_id", "sentence_id"], kind="stable")
    texts = list(dict.fromkeys(t for t in s["text"].tolist() if any(ch.isalnum() for ch in t)))
    if n >= len(texts):
        return texts
    step = len(texts) / n
    return [texts[int(i * step)] for i in range(n)]


def throughput(corpus: lk.Corpus, n: int) -> dict[str, Any]:
    """Embedding ``n`` real sentences into a fresh cache with one engine thread, then with two."""
    texts = sample_sentences(corpus, n)
    emb = embed.embedder()
    model = getattr(emb, "_model", None)
    tokens = sum(int(model.token_count(t)) for t in texts) if model is not None else None
    emb.threads(1)
    emb.encode(texts[:8])  # the model loaded and warm before either timing
    out: dict[str, Any] = {"sentences": len(texts), "tokens": tokens,
                           "tokens_per_sentence": round(tokens / len(texts), 1) if tokens else None,
                           "cores": os.cpu_count(), "load_average_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="lavrovkit-embed-") as tmp:
        for jobs in (1, 2):
            t0 = time.perf_counter()
            v = lk.embed_texts(texts, cache_dir=Path(tmp) / f"jobs{jobs}", jobs=jobs, progress=False)
            took = time.perf_counter() - t0
            out[f"jobs{jobs}"] = {"s": round(took, 2), "sentences_per_s": round(len(texts) / took, 1),
                                  "tokens_per_s": round(tokens / took) if tokens else None,
                                  "ms_per_sentence": round(1000 * took / len(texts), 1),
                                  "ms_per_token_per_core": round(1000 * took * jobs / tokens, 3) if tokens else None}
            out[f"vectors_jobs{jobs}"] = v
    out["identical_vectors"] = bool(np.array_equal(out.pop("vectors_jobs1"), out.pop("vectors_jobs2")))
    out["speedup_jobs2_vs_jobs1"] = round(out["jobs1"]["s"] / out["jobs2"]["s"], 2)
    out["peak_rss_mb"] = peak_rss_mb()
    out["load_average_after"] = round(os.getloadavg()[0], 2)  # other work on the machine skews both timings
    emb.threads(1)
    return out


def _ranks(scores: np.ndarray, targets: np.ndarray) -> list[int]:
    """The 1-based rank of each row's target column among that row's scores (ties count against it)."""
    own = scores[np.arange(len(targets)), targets]
    return [int((row > o).sum()) + 1 for row, o in zip(scores, own, strict=True)]


def _summary(ranks: list[int]) -> dict[str, Any]:
    r = np.asarray(ranks)
    return {"top1": int((r == 1).sum()), "top5": int((r <= 5).sum()), "mrr": round(float((1 / r).mean()), 3),
            "median_rank": float(np.median(r)), "worst_rank": int(r.max())}


def query_side(corpus: lk.Corpus) -> dict[str, Any]:
    """Russian → English and English → Russian retrieval among the corpus's sentences, query side vs passage."""
    e = corpus.embeddings("sentence", progress=False)
    texts = e.rows["text"].tolist()
    where = {t: i for i, t in enumerate(texts)}
    found = [(where[en], en, ru) for en, ru in PAIRS if en in where]
    if not found:
        return {"pairs": 0, "note": "none of the benchmark's sentences is in this corpus"}
    rows = np.array([i for i, _, _ in found])
    emb = embed.embedder()
    out: dict[str, Any] = {"pairs": len(found), "sentences": len(texts)}
    ru_passage = emb.encode([ru for _, _, ru in found], "passage")
    en_passage = e.vectors[rows]
    for side in ("query", "passage"):
        ru_q = emb.encode([ru for _, _, ru in found], side)
        en_q = emb.encode([en for _, en, _ in found], side)
        # Russian query → its English original among every sentence of the corpus
        ru_en = _summary(_ranks(ru_q @ e.vectors.T, rows))
        # English query → its Russian translation among the corpus's sentences plus the translations
        pool = np.vstack([e.vectors, ru_passage])
        scores = en_q @ pool.T
        scores[np.arange(len(rows)), rows] = -np.inf  # the English sentence itself is not the answer
        en_ru = _summary(_ranks(scores, len(texts) + np.arange(len(rows))))
        # the English sentence against its own passage vector (how far the two sides sit apart)
        self_cos = float(np.mean(np.sum(en_q * en_passage, axis=1)))
        out[side] = {"ru_to_en": ru_en, "en_to_ru": en_ru, "mean_cosine_to_own_passage": round(self_cos, 4)}
    better = sum(out["passage"][d]["mrr"] for d in ("ru_to_en", "en_to_ru")) >= sum(
        out["query"][d]["mrr"] for d in ("ru_to_en", "en_to_ru"))
    out["better_side"] = "passage" if better else "query"
    return out


def _latency_child(path: str, pattern: str | None, queries: int) -> dict[str, Any]:
    """In a fresh process: warm load, the first similar (vectors read from the cache), warm queries."""
    t0 = time.perf_counter()
    corpus = lk.corpus_load(path, pattern, progress=False)
    sentences = corpus.sentences
    load_s = time.perf_counter() - t0
    units = embed.units(corpus, "sentence")
    held = embed.embedding_cache(cache_dir=corpus.options.cache_dir).keys()
    missing = sum(text_key(t) not in held for t in dict.fromkeys(units["text"].tolist()))
    if missing:
        return {"error": f"{missing:,} of {len(units):,} sentences have no vector in the cache: run "
                         f"`lavrovkit embed {path}` first (this benchmark does not embed a whole corpus)"}
    half = len(QUERIES) // 2  # English and Russian in turn
    mixed = [q for pair in zip(QUERIES[:half], QUERIES[half:], strict=True) for q in pair]
    asked = (mixed * (queries // len(mixed) + 1))[:queries]
    t0 = time.perf_counter()
    first = lk.similar(corpus, asked[0], top=10, speaker="all")
    cold_s = time.perf_counter() - t0
    e = corpus.embeddings("sentence")
    lk.similar(corpus, asked[1], top=10, speaker="all")  # the query encoder warm too
    times: dict[str, list[float]] = {"en": [], "ru": []}
    for q in asked:
        _text_vector.cache_clear()  # each query embedded afresh, as a new one would be
        t0 = time.perf_counter()
        lk.similar(corpus, q, top=10, speaker="all")
        times["ru" if any("а" <= ch <= "я" for ch in q.lower()) else "en"].append(time.perf_counter() - t0)
    dates = corpus.documents["date"].dropna().sort_values()
    middle = str(dates.iloc[len(dates) // 2].date()) if len(dates) else None
    t0 = time.perf_counter()
    lk.similar(corpus, asked[0], top=10, speaker="all", start=middle)
    filtered_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    lk.similar(corpus, asked[1], top=10, speaker="all", start=middle)
    filtered_again = time.perf_counter() - t0
    t0 = time.perf_counter()
    lk.similar(corpus, (str(first.doc_id[0]), int(first.sentence_id[0])), top=10, speaker="all")
    more_s = time.perf_counter() - t0
    every = times["en"] + times["ru"]
    return {
        "documents": len(corpus), "sentences": len(sentences), "vectors": int(e.vectors.shape[0]),
        "vectors_mb": round(e.vectors.nbytes / 2**20, 1), "vectors_dtype": str(e.vectors.dtype),
        "warm_load_s": round(load_s, 2), "cold_first_similar_s": round(cold_s, 2),
        "warm_queries": len(every),
        "warm_median_s": round(statistics.median(every), 4), "warm_max_s": round(max(every), 4),
        "warm_median_en_s": round(statistics.median(times["en"]), 4) if times["en"] else None,
        "warm_median_ru_s": round(statistics.median(times["ru"]), 4) if times["ru"] else None,
        "filtered_first_s": round(filtered_first, 3), "filtered_repeat_s": round(filtered_again, 4),
        "filter": f"start={middle}", "more_like_this_s": round(more_s, 4),
        "peak_rss_mb": peak_rss_mb(),
    }


def latency(path: str, pattern: str | None, queries: int) -> dict[str, Any]:
    """:func:`_latency_child` in a new process (the cache of ``$LAVROVKIT_CACHE``)."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    done = subprocess.run([sys.executable, __file__, path, "--pattern", pattern or "", "--child",
                           "--queries", str(queries)], env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"similar latency failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


#: Warm ``similar`` over the 3,646-speech corpus, seconds (issue 15).
WARM_GOAL_S = 1.0


def run(path: str, pattern: str | None = None, *, quick: bool = False, sample: int = 600,
        queries: int = 20) -> dict[str, Any]:
    """Every part; the figures of ``bench/run.py``'s semantic section."""
    t0 = time.perf_counter()
    corpus = lk.corpus_load(path, pattern, progress=False)
    out: dict[str, Any] = {"corpus": path, "documents": len(corpus), "model": embed.DEFAULT_MODEL,
                           "cache": str(embed.embedding_folder(cache_dir=corpus.options.cache_dir))}
    print(f"  semantic: throughput on {200 if quick else sample} sentences", file=sys.stderr, flush=True)
    out["throughput"] = throughput(corpus, 200 if quick else sample)
    print("  semantic: similar latency (a new process)", file=sys.stderr, flush=True)
    out["similar"] = latency(path, pattern, 10 if quick else queries)
    out["warm_goal_s"] = WARM_GOAL_S
    if "warm_median_s" in out["similar"]:
        out["meets_warm_goal"] = out["similar"]["warm_max_s"] < WARM_GOAL_S
        print("  semantic: query side", file=sys.stderr, flush=True)
        out["query_side"] = query_side(corpus)
    out["s"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--sample", type=int, default=600, help="sentences embedded for throughput (default 600)")
    parser.add_argument("--queries", type=int, default=20, help="warm similar queries (default 20)")
    parser.add_argument("--quick", action="store_true", help="200 sentences, 10 queries")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--part", choices=["all", "throughput", "similar", "query_side"], default="all")
    parser.add_argument("--out", default=None, help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    pattern = args.pattern or None
    if args.child:
        print(json.dumps(_latency_child(args.corpus, pattern, args.queries)))
        return 0
    if args.part == "all":
        figures = run(args.corpus, pattern, quick=args.quick, sample=args.sample, queries=args.queries)
    elif args.part == "throughput":
        figures = throughput(lk.corpus_load(args.corpus, pattern, progress=False), 200 if args.quick else args.sample)
    elif args.part == "similar":
        figures = latency(args.corpus, pattern, 10 if args.quick else args.queries)
    else:
        figures = query_side(lk.corpus_load(args.corpus, pattern, progress=False))
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
