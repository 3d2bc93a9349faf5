"""The language of each document: detected from its letters or given by a catalog; chosen by --lang and the
notebooks' ``lang`` parameter."""

from __future__ import annotations

from pathlib import Path

import pytest

from lavrovkit.build import corpus_load
from lavrovkit.cli import main
from lavrovkit.errors import CorpusError, ParameterError, ReportError
from lavrovkit.parameters import parameters_check
from lavrovkit.selection import language_mix, language_scope
from tests.conftest import write_texts

TASS = ("МОСКВА, 20 апреля. /ТАСС/. Министр иностранных дел России Сергей Лавров заявил, что Москва открыта к "
        "диалогу с Вашингтоном.\n\n«Наши американские партнёры пока не готовы», — сказал Лавров.\n")
REUTERS = ("MOSCOW, April 20 (Reuters) - Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow "
           "was open to dialogue with Washington, but \"our American partners\" were «не готовы» yet.\n")


def _mixed(tmp_path: Path, catalog: str | None = None) -> Path:
    texts = {"tass.txt": TASS, "reuters.txt": REUTERS}
    if catalog is not None:
        texts["catalog.csv"] = catalog
    return write_texts(tmp_path, texts)


def test_language_is_read_from_the_letters_with_its_provenance(tmp_path: Path) -> None:
    corpus = corpus_load(_mixed(tmp_path), cache_dir=tmp_path / "cache")
    langs = dict(zip(corpus.documents["doc_id"], corpus.documents["lang"], strict=True))
    assert langs == {"tass": "ru", "reuters": "en"}  # a Russian quotation leaves an English report English
    prov = corpus.provenance
    row = prov[(prov["doc_id"] == "tass") & (prov["field"] == "lang") & prov["used"]].iloc[0]
    assert row["origin"] == "heuristic" and "Cyrillic" in row["evidence"]


def test_a_catalog_names_the_language_in_words(tmp_path: Path) -> None:
    folder = _mixed(tmp_path, "file,lang\nreuters.txt,Russian\ntass.txt,\n")
    corpus = corpus_load(folder, cache_dir=tmp_path / "cache")
    langs = dict(zip(corpus.documents["doc_id"], corpus.documents["lang"], strict=True))
    assert langs == {"tass": "ru", "reuters": "ru"}  # the catalog wins; a blank cell leaves the guess


def test_an_unknown_catalog_language_names_the_file(tmp_path: Path) -> None:
    folder = _mixed(tmp_path, "file,lang\nreuters.txt,Klingon\n")
    with pytest.raises(CorpusError, match=r"reuters\.txt.*Klingon"):
        corpus_load(folder, cache_dir=tmp_path / "cache")


def test_language_scope_keeps_one_language_and_names_the_ones_there(tmp_path: Path) -> None:
    corpus = corpus_load(_mixed(tmp_path), cache_dir=tmp_path / "cache")
    assert language_scope(corpus, "русский").documents["doc_id"].tolist() == ["tass"]
    assert len(language_scope(corpus, "all")) == 2 and len(language_scope(corpus, None)) == 2
    assert sorted(language_mix(corpus.documents).split(", ")) == ["1 English", "1 Russian"]
    english = language_scope(corpus, "en")
    with pytest.raises(ParameterError, match=r"no document in this language.*en \(1\)"):
        language_scope(english, "ru")
    with pytest.raises(ParameterError, match="not one the kit reads"):
        language_scope(corpus, "de")


def test_the_command_line_keeps_one_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _mixed(tmp_path)
    cache = str(tmp_path / "cache")
    assert main(["corpus", "info", str(folder), "--lang", "ru", "--cache-dir", cache, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"id": "tass"' in out and '"reuters"' not in out and '"lang": "ru"' in out


def test_a_report_refuses_a_language_the_kit_does_not_read() -> None:
    with pytest.raises(ReportError, match="parameter 'lang'.*Klingon"):
        parameters_check({"lang": "Klingon"}, {"lang": "all"})
    parameters_check({"lang": "ru"}, {"lang": "all"})


def test_keyness_warns_when_its_two_sides_are_in_different_languages(tmp_path: Path) -> None:
    import warnings

    import lavrovkit as lk
    from lavrovkit.errors import LanguageMixWarning

    texts = {
        "ru_2016.txt": "МОСКВА, 20 апреля 2016 года. /ТАСС/. Министр заявил, что диалог с Вашингтоном продолжается. "
                       "Стороны обсудили сирийское урегулирование и стратегическую стабильность.\n",
        "en_2024.txt": "MOSCOW, April 20, 2024 (Reuters) - The minister said dialogue with Washington was frozen. "
                       "The sides discussed the Syrian settlement and strategic stability.\n",
        "en_2016.txt": "MOSCOW, April 21, 2016 (Reuters) - The minister said dialogue with Washington continued. "
                       "The sides discussed Syria and arms control.\n",
    }
    corpus = lk.corpus_load(write_texts(tmp_path, texts), cache_dir=tmp_path / "cache")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lk.keyness(corpus, target=("2020-01-01", None), reference=(None, "2019-12-31"), speaker="all", min_freq=1)
    mixed = [w for w in caught if issubclass(w.category, LanguageMixWarning)]
    assert len(mixed) == 1 and "100% English" in str(mixed[0].message) and "Russian" in str(mixed[0].message)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lk.keyness(lk.language_scope(corpus, "en"), target=("2020-01-01", None), reference=(None, "2019-12-31"),
                   speaker="all", min_freq=1)
    assert not [w for w in caught if issubclass(w.category, LanguageMixWarning)]


def test_russian_reporting_verbs_stay_out_of_word_clouds(tmp_path: Path) -> None:
    from lavrovkit.corpus import content_words

    corpus = corpus_load(_mixed(tmp_path), cache_dir=tmp_path / "cache")
    words = set(content_words(corpus.filter(lang="ru").tokens))
    assert {"министр", "диалог"} <= words  # lemmas of the content words
    assert not words & {"заявить", "сказать", "сергей"}  # reporting verbs; a name's word is a proper noun
