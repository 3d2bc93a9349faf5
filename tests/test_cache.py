"""The caches behind a fast warm load: per-document shards, corpus snapshots, derived tables."""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from lavrovkit import load_corpus
from lavrovkit.cache import ShardCache
from lavrovkit.corpus import CorpusSnapshot
from lavrovkit.load import CorpusWarning
from lavrovkit.themes import theme_hits

from .conftest import SEEDS

SCHEMA = {"rows": pa.schema([("key", pa.string()), ("n", pa.int32()), ("word", pa.string())])}


def _rows(key: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({"key": [key] * n, "n": range(n), "word": [f"{key}{i}" for i in range(n)]})


def test_shards_are_read_in_the_order_asked_with_each_documents_rows_in_place(tmp_path: Path) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    cache.write({"rows": pd.concat([_rows("a", 3), _rows("b", 2)])}, ["a", "b"])
    cache.write({"rows": pd.concat([_rows("c", 1), _rows("d", 2)])}, ["c", "d"])
    got = cache.read(["d", "a", "c"])["rows"]
    assert got["word"].tolist() == ["d0", "d1", "a0", "a1", "a2", "c0"]
    assert cache.read(["zzz"])["rows"].empty


def test_a_document_in_two_shards_is_read_once(tmp_path: Path) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    cache.write({"rows": pd.concat([_rows("a", 2), _rows("b", 1)])}, ["a", "b"])
    cache.write({"rows": pd.concat([_rows("a", 2), _rows("c", 1)])}, ["a", "c"])  # e.g. two runs at once
    got = cache.read(["a", "b", "c"])["rows"]
    assert got["word"].tolist() == ["a0", "a1", "b0", "c0"]


def test_a_shard_without_its_keys_file_is_ignored(tmp_path: Path) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    shard = cache.write({"rows": _rows("a", 2)}, ["a"])
    (tmp_path / f"{shard}.keys.parquet").unlink()  # interrupted before the keys file: incomplete
    assert cache.keys() == {}
    assert cache.read(["a"])["rows"].empty


def test_many_shards_are_compacted_into_one_in_corpus_order(tmp_path: Path) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    for k in "abcde":
        cache.write({"rows": _rows(k, 2)}, [k])
    assert not cache.compact("edcba", at=5)
    before = cache.read("abcde")["rows"]
    assert cache.compact("edcba", at=2)
    assert len(cache.shards()) == 1 and len(list(tmp_path.glob("*.parquet"))) == 2
    assert cache.read("abcde")["rows"].equals(before)
    assert cache.read_arrow("edcba")["rows"].column("word").to_pylist()[:2] == ["e0", "e1"]


def _copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def test_a_loaded_corpus_is_cached_and_reloaded_equal(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    fresh = load_corpus(folder, cache=False)
    first = load_corpus(folder)
    again = load_corpus(folder)
    for name in ("documents", "paragraphs", "provenance", "cleaning", "skipped"):
        assert getattr(again, name).equals(getattr(fresh, name)), name
    assert first.fingerprint() == again.fingerprint() == fresh.fingerprint()
    assert list((Path(os.environ["LAVROVKIT_CACHE"]) / "corpora").glob("*/documents.parquet"))


def test_editing_adding_or_removing_a_file_loads_afresh(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    before = load_corpus(folder)
    target = sorted(folder.glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n", encoding="utf-8")
    edited = load_corpus(folder)
    doc = edited.documents.set_index("file").loc[target.name]
    assert doc["text"].endswith("A new closing paragraph.")
    assert doc["key"] != before.documents.set_index("file").loc[target.name, "key"]
    (folder / "extra.txt").write_text("MOSCOW, May 5. Sergey Lavrov met Antony Blinken.\n", encoding="utf-8")
    assert len(load_corpus(folder)) == len(before) + 1
    (folder / "extra.txt").unlink()
    assert len(load_corpus(folder)) == len(before)


def test_a_cached_load_warns_again_about_skipped_files(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    for _ in range(2):  # the fresh load and the cached one
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = load_corpus(folder)
        assert any(issubclass(w.category, CorpusWarning) and "broken.txt" in str(w.message) for w in caught)
        assert "broken.txt" in set(corpus.skipped["file"])


def test_snapshot_key_changes_with_the_pattern(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    gaz = load_corpus(folder).actors
    assert gaz is not None
    a = CorpusSnapshot.of(folder, {"pattern": None}, gaz)
    b = CorpusSnapshot.of(folder, {"pattern": "{id}.txt"}, gaz)
    assert a is not None and b is not None and a.folder != b.folder


def test_speakers_and_theme_hits_come_back_from_the_cache_unchanged(seeds) -> None:  # type: ignore[no-untyped-def]
    root = Path(os.environ["LAVROVKIT_CACHE"])
    assert list((root / "speakers").glob("*/shard-*.speakers.parquet"))
    hits = theme_hits(seeds)
    assert list((root / "theme_hits").glob("*/shard-*.theme_hits.parquet"))
    again = load_corpus().annotate(progress=False)
    assert again.sentences.equals(seeds.sentences)
    assert theme_hits(again).equals(hits)
    # a speaker-filtered corpus has its own keys: its hits are those of Lavrov's sentences only
    lavrov = again.filter(speaker="lavrov")
    sub_hits = theme_hits(lavrov)
    spoken = set(zip(lavrov.sentences["doc_id"], lavrov.sentences["sentence_id"], strict=True))
    assert set(zip(sub_hits["doc_id"], sub_hits["sentence_id"], strict=True)) <= spoken
    assert len(sub_hits) < len(hits)


def test_unreadable_input_is_not_fingerprinted(tmp_path: Path) -> None:
    gaz = load_corpus().actors
    assert gaz is not None
    assert CorpusSnapshot.of(tmp_path / "missing", {}, gaz) is None


@pytest.mark.parametrize("n", [0, 3])
def test_empty_and_small_tables_round_trip(tmp_path: Path, n: int) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    cache.write({"rows": _rows("a", n)}, ["a"])
    assert len(cache.read(["a"])["rows"]) == n
