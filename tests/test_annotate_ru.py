"""Russian annotation: natasha's models through the kit's spaCy pipeline, cached like the English one.

Lemmas that gather a word's forms, sentences cut right after datelines and not inside initials or
abbreviations, PERSON entities in any case, a mixed English–Russian corpus where each document gets its
own pipeline (the English tables unchanged), a warm cache, a damaged shard healed, and pattern tokens
equal to the texts' tokens.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import annotate as ann
from lavrovkit import corpus_load
from lavrovkit import model as model_module
from lavrovkit.errors import CacheWarning
from lavrovkit.lang import ru_nlp
from lavrovkit.matching import word_tokens

from .conftest import write_texts

TASS = (
    "МОСКВА, 20 апреля. /ТАСС/. Россия готова к диалогу с США, но только на равноправной основе. "
    "Об этом заявил министр иностранных дел РФ Сергей Лавров на пресс-конференции по итогам переговоров "
    "со своим египетским коллегой.\n\n"
    "\"Мы никогда не отказывались от диалога, т.е. от честного разговора о наших разногласиях\", - "
    "подчеркнул С.В.Лавров. По его словам, диалогом нельзя называть односторонние требования.\n\n"
    "Министр также сообщил, что накануне провел телефонный разговор с госсекретарем США Марко Рубио. "
    "Стороны условились продолжить диалог на уровне экспертов."
)
MID = (
    "Выступление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова "
    "в ходе совместной пресс-конференции, Москва, 12 марта 2019 года\n\n"
    "Мы подробно обсудили ситуацию вокруг Договора о РСМД. Наши американские партнёры, т.е. "
    "администрация США, пока не проявляют интереса к серьезной работе.\n\n"
    "Переговоры с Лавровым длились более трех часов, сообщил журналистам представитель делегации."
)
ENGLISH = (
    "MOSCOW, February 24. /TASS/. Russian Foreign Minister Sergey Lavrov met US Secretary of State "
    "Marco Rubio in Riyadh. They agreed to keep the dialogue going.\n\n"
    "The talks lasted more than four hours, a source in the delegation said."
)


def _folder(path: Path, texts: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    return write_texts(path, texts)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return model_module.load_model(lang="ru")


def test_a_lemma_count_of_dialog_finds_every_form(tmp_path: Path) -> None:
    corpus = corpus_load(_folder(tmp_path / "texts", {"tass.txt": TASS}), cache_dir=str(tmp_path / "cache"))
    assert corpus.documents["lang"].tolist() == ["ru"]
    tokens = corpus.tokens
    forms = tokens.loc[tokens["lemma"] == "диалог", "lower"]
    assert sorted(forms) == ["диалог", "диалога", "диалогом", "диалогу"]
    assert tokens.loc[tokens["lower"] == "подчеркнул", "lemma"].tolist() == ["подчеркнуть"]
    assert set(tokens["pos"]) >= {"NOUN", "VERB", "PROPN", "PUNCT", "ADJ"}


def test_lemmas_fold_yo_and_keep_proper_nouns_capitalised(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Наши американские партнёры встретились с Лавровым в Вашингтоне и в США.")
    lemma = {t.text: t.lemma_ for t in doc}
    assert lemma["партнёры"] == "партнер" == ru_nlp.normal_lemma("партнёр")
    assert (lemma["Лавровым"], lemma["Вашингтоне"], lemma["США"]) == ("Лавров", "Вашингтон", "США")
    assert lemma["встретились"] == "встретиться"


@pytest.mark.parametrize("text, expected", [
    (TASS.split("\n\n")[0], ["МОСКВА, 20 апреля. /ТАСС/.", "Россия готова к диалогу с США, но только на равноправной основе."]),
    ("ВАШИНГТОН, 3 марта. /Корр. ТАСС Иван Петров/. США ввели новые санкции. Об этом сообщил Минфин.",
     ["ВАШИНГТОН, 3 марта. /Корр. ТАСС Иван Петров/.", "США ввели новые санкции."]),
    ("Как отметил С.В.Лавров, т.е. глава МИД России, переговоры продолжатся. Дата пока не согласована.",
     ["Как отметил С.В.Лавров, т.е. глава МИД России, переговоры продолжатся."]),
    ("Москва. 12 марта 2019 года. INTERFAX.RU - Лавров провел переговоры. Они длились три часа.",
     ["Москва. 12 марта 2019 года.", "INTERFAX.RU - Лавров провел переговоры."]),
    ("Об этом заявил М.В.Захарова (РИА Новости). Брифинг прошел в четверг.",
     ["Об этом заявил М.В.Захарова (РИА Новости)."]),
])
def test_sentences_end_after_datelines_and_not_inside_initials_or_abbreviations(text: str, expected: list[str]) -> None:
    tables = ann.annotate_texts({"k": text}, model_module.load_model(lang="ru"), tiers=("forms",))
    s = tables["sentences"]
    got = [text[a:b] for a, b in zip(s["start_char"], s["end_char"], strict=True)]
    assert got[:len(expected)] == expected


def test_person_entities_in_any_case(nlp) -> None:  # type: ignore[no-untyped-def]
    people = [e.text for e in nlp(TASS + "\n\n" + MID).ents if e.label_ == "PERSON"]
    assert {"Сергей Лавров", "Марко Рубио", "Лавровым"} <= set(people)
    # initials glued to a surname belong to the person ("Дж.Байдену", not "Дж")
    assert [e.text for e in nlp("Министр пожелал Дж.Байдену здоровья.").ents if e.label_ == "PERSON"] == ["Дж.Байдену"]
    places = {e.text: e.label_ for e in nlp("Лавров прибыл в Вашингтон. МИД России опубликовал заявление.").ents}
    assert places.get("Вашингтон") == "GPE" and places.get("МИД") == "ORG"


def test_a_mixed_corpus_gives_each_document_its_pipeline_and_the_english_tables_are_unchanged(tmp_path: Path) -> None:
    mixed = corpus_load(_folder(tmp_path / "mixed", {"en.txt": ENGLISH, "ru.txt": TASS}),
                        cache_dir=str(tmp_path / "cache")).annotate(progress=False)
    alone = corpus_load(_folder(tmp_path / "alone", {"en.txt": ENGLISH}),
                        cache_dir=str(tmp_path / "cache2")).annotate(progress=False)
    lang = dict(zip(mixed.documents["doc_id"], mixed.documents["lang"], strict=True))
    en_id = next(d for d, v in lang.items() if v == "en")
    ru_id = next(d for d, v in lang.items() if v == "ru")
    assert mixed.tiers() == ("forms", "lemmas", "entities")
    for name in ("sentences", "tokens", "entities"):
        table = getattr(mixed, name)
        assert table["doc_id"].tolist() == sorted(table["doc_id"], key=[en_id, ru_id].index)  # document order
        pd.testing.assert_frame_equal(table[table["doc_id"] == en_id].reset_index(drop=True),
                                      getattr(alone, name), check_dtype=False)
    ru_tokens = mixed.tokens[mixed.tokens["doc_id"] == ru_id]
    assert (ru_tokens["lemma"] == "диалог").sum() == 4
    text = mixed.documents.set_index("doc_id").loc[ru_id, "text"]
    assert all(text[a:a + len(t)] == t for a, t in zip(ru_tokens["start_char"], ru_tokens["text"], strict=True))
    ru_sents = mixed.sentences[mixed.sentences["doc_id"] == ru_id]
    assert ru_sents["text"].iloc[0].startswith("МОСКВА, 20 апреля. /ТАСС/.")
    en_tokens = mixed.tokens[mixed.tokens["doc_id"] == en_id]
    assert en_tokens.loc[en_tokens["lower"] == "met", "lemma"].tolist() == ["meet"]
    ru_people = set(mixed.entities.loc[(mixed.entities["doc_id"] == ru_id) & (mixed.entities["label"] == "PERSON"), "text"])
    assert {"Сергей Лавров", "Марко Рубио"} <= ru_people
    # each language's tiers in its own pipeline's folders; the corpus's generation names both pipelines
    run = mixed.last_run
    assert run is not None and set(run.by_lang) == {"en", "ru"}
    assert run.by_lang["ru"].spec.name == "ru_lavrovkit_natasha" and run.by_lang["en"].spec == alone.last_run.spec  # type: ignore[union-attr]
    assert all(f.is_dir() for f in run.by_lang["ru"].folders.values())
    assert mixed.annotation_folder().startswith(alone.annotation_folder().split("-")[0])
    assert "ru_lavrovkit_natasha" in mixed.annotation_folder() and "ru_" not in alone.annotation_folder()


def test_the_cache_is_read_on_a_second_load_without_running_a_pipeline(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "texts", {"en.txt": ENGLISH, "ru.txt": TASS, "mid.txt": MID})
    first = corpus_load(folder, cache_dir=str(tmp_path / "cache")).annotate(progress=False)

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a pipeline ran on a warm load")

    monkeypatch.setattr(ann, "annotate_texts", boom)
    monkeypatch.setattr(model_module, "load_model", boom)
    again = corpus_load(folder, cache_dir=str(tmp_path / "cache")).annotate(progress=False)
    assert again.last_run is not None and again.last_run.annotated == 0
    for name in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))


def test_an_english_corpus_never_touches_the_russian_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "BUILTIN_PIPELINES", {"ru_lavrovkit_natasha": "lavrovkit.no_such_module"})
    corpus = corpus_load(_folder(tmp_path / "texts", {"en.txt": ENGLISH}), cache_dir=str(tmp_path / "cache"))
    assert corpus.annotate(progress=False).last_run.by_lang == {}  # type: ignore[union-attr]
    assert "ru_" not in corpus.annotation_folder()


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if how == "truncate" else b"\x13garbage!" * (len(data) // 9 + 1))


@pytest.mark.parametrize("how", ["truncate", "garbage"])
def test_a_damaged_russian_shard_heals_like_an_english_one(tmp_path: Path, how: str) -> None:
    texts = {"tass": TASS, "mid": MID}
    langs = dict.fromkeys(texts, "ru")
    first, run = ann.annotate(texts, cache_dir=tmp_path, progress=False, langs=langs)
    bad = next(run.by_lang["ru"].folders["forms"].glob("shard-*.tokens.parquet"))
    _damage(bad, how)
    with pytest.warns(CacheWarning, match=re.escape(str(bad))):
        again, run2 = ann.annotate(texts, cache_dir=tmp_path, progress=False, langs=langs)
    assert run2.annotated == 2
    for name in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(first[name], again[name])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        third, run3 = ann.annotate(texts, cache_dir=tmp_path, progress=False, langs=langs)
    assert run3.annotated == 0 and third["tokens"].equals(first["tokens"])


def test_tiers_computed_apart_equal_the_full_pipeline(tmp_path: Path) -> None:
    texts = {"tass": TASS, "mid": MID}
    langs = dict.fromkeys(texts, "ru")
    full, _ = ann.annotate(texts, cache_dir=tmp_path / "full", progress=False, langs=langs)
    forms, _ = ann.annotate(texts, tiers="forms", cache_dir=tmp_path / "apart", progress=False, langs=langs)
    lemmas, _ = ann.annotate(texts, tiers={"lemmas": list(texts)}, cache_dir=tmp_path / "apart", progress=False,
                             langs=langs)
    ents, _ = ann.annotate(texts, tiers={"entities": list(texts)}, cache_dir=tmp_path / "apart", progress=False,
                           langs=langs)
    pd.testing.assert_frame_equal(full["sentences"], forms["sentences"])
    pd.testing.assert_frame_equal(full["tokens"], ann.tokens_with_tags(forms["tokens"], lemmas["tags"]))
    pd.testing.assert_frame_equal(full["entities"], ents["entities"])


@pytest.mark.parametrize("text", [
    TASS, MID, "российско-американский диалог", "т.е.", "так называемый «диалог»", "партнёры/партнеры",
    "США-Россия: 2019-2020 гг.", "«Новый СТАРТ»", "Договор о РСМД (1987 г.)", "  два  пробела\nи строка ",
])
def test_pattern_tokens_are_the_pipelines_tokens(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert word_tokens(text, "ru") == [t.text for t in nlp(text) if not t.is_space]


def test_the_russian_pipeline_is_named_by_its_packages_versions() -> None:
    from importlib import metadata

    spec = model_module.model_spec(lang="ru")
    assert spec.name == "ru_lavrovkit_natasha" and spec.version.startswith(metadata.version("natasha") + "-")
    assert spec.tier_components("forms") == ("senter",)
    assert spec.tier_components("lemmas") == ("morphologizer", "lemmatizer")
    assert spec.tier_components("entities") == ("senter", "ner")
    folders = ann.tier_folders(lang="ru")
    assert len({f.name for f in folders.values()}) == 3 and all(f.name.startswith(spec.name) for f in folders.values())


def test_the_russian_model_can_be_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAVROVKIT_SPACY_MODEL_RU", "my_ru_model")
    assert model_module.model_name(lang="ru") == "my_ru_model"
    assert model_module.model_name(lang="en") != "my_ru_model"


def test_cache_housekeeping_knows_the_russian_folders_are_current(tmp_path: Path) -> None:
    from lavrovkit import cache_info, cache_prune

    cache = tmp_path / "cache"
    corpus = corpus_load(_folder(tmp_path / "texts", {"en.txt": ENGLISH, "ru.txt": TASS}), cache_dir=str(cache))
    assert len(corpus.annotate(progress=False).sentences) > 0  # speakers attributed and cached
    info = cache_info(cache)
    annotations = info[info["table"] == "annotations"]
    ru_folders = {f.name for f in corpus.last_run.by_lang["ru"].folders.values()}  # type: ignore[union-attr]
    assert ru_folders <= {Path(p).name for p in annotations["path"]}
    assert (annotations["status"] == "current").all(), annotations[["path", "status", "reason"]].values.tolist()
    pruned = cache_prune(cache, dry_run=True)
    assert not any(name in str(p) for p in pruned.get("path", []) for name in ru_folders)
    # a folder a former version of the pipeline wrote is stale, and says why
    spec = model_module.model_spec(lang="ru")
    old = cache / "annotations" / spec.tier_folder("forms").replace(spec.version, "1.5.0-00000000")
    (old / "").mkdir(parents=True)
    (old / "info.json").write_text(json.dumps({"model": spec.name, "model_version": "1.5.0-00000000",
                                               "components": list(spec.components)}), encoding="utf-8")
    row = cache_info(cache).set_index("path").loc[str(old)]
    assert row["status"] == "stale" and "1.5.0-00000000" in row["reason"]


def test_two_worker_processes_give_the_same_rows(tmp_path: Path) -> None:
    texts = {"tass": TASS, "mid": MID, "more": TASS.replace("20 апреля", "21 апреля")}
    langs = dict.fromkeys(texts, "ru")
    one, _ = ann.annotate(texts, cache_dir=tmp_path / "one", progress=False, langs=langs)
    two, run = ann.annotate(texts, cache_dir=tmp_path / "two", progress=False, langs=langs, jobs=2, shard_chars=600)
    assert run.backend == "processes:2" and run.tasks >= 2
    for name in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(one[name], two[name])


def test_the_annotate_command_names_each_languages_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lavrovkit.cli import main

    folder = _folder(tmp_path / "texts", {"en.txt": ENGLISH, "ru.txt": TASS})
    assert main(["annotate", str(folder), "--cache-dir", str(tmp_path / "cache"), "--quiet", "--tier", "lemmas"]) == 0
    out = capsys.readouterr().out
    assert "forms: 0 from cache, 2 annotated; lemmas: 0 from cache, 2 annotated" in out
    assert "model (en) en_" in out and "model (ru) ru_lavrovkit_natasha" in out
