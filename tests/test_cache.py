"""The caches behind a fast warm load: per-document shards, corpus snapshots, derived tables."""

from __future__ import annotations

import os
import re
import shutil
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from lavrovkit import annotate as ann
from lavrovkit import corpus_load
from lavrovkit.cache import ShardCache
from lavrovkit.corpus import CorpusSnapshot
from lavrovkit.errors import CacheError, CacheWarning
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
    fresh = corpus_load(folder, cache=False)
    first = corpus_load(folder)
    again = corpus_load(folder)
    for name in ("documents", "paragraphs", "provenance", "cleaning", "skipped"):
        assert getattr(again, name).equals(getattr(fresh, name)), name
    assert first.fingerprint() == again.fingerprint() == fresh.fingerprint()
    assert list((Path(os.environ["LAVROVKIT_CACHE"]) / "corpora").glob("*/documents.parquet"))


def test_editing_adding_or_removing_a_file_loads_afresh(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    before = corpus_load(folder)
    target = sorted(folder.glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n", encoding="utf-8")
    edited = corpus_load(folder)
    doc = edited.documents.set_index("file").loc[target.name]
    assert doc["text"].endswith("A new closing paragraph.")
    assert doc["key"] != before.documents.set_index("file").loc[target.name, "key"]
    (folder / "extra.txt").write_text("MOSCOW, May 5. Sergey Lavrov met Antony Blinken.\n", encoding="utf-8")
    assert len(corpus_load(folder)) == len(before) + 1
    (folder / "extra.txt").unlink()
    assert len(corpus_load(folder)) == len(before)


def test_a_cached_load_warns_again_about_skipped_files(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    for _ in range(2):  # the fresh load and the cached one
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = corpus_load(folder)
        assert any(issubclass(w.category, CorpusWarning) and "broken.txt" in str(w.message) for w in caught)
        assert "broken.txt" in set(corpus.skipped["file"])


def test_snapshot_key_changes_with_the_pattern(tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path)
    gaz = corpus_load(folder).actors
    assert gaz is not None
    a = CorpusSnapshot.of(folder, {"pattern": None}, gaz)
    b = CorpusSnapshot.of(folder, {"pattern": "{id}.txt"}, gaz)
    assert a is not None and b is not None and a.folder != b.folder


def test_speakers_and_theme_hits_come_back_from_the_cache_unchanged(seeds) -> None:  # type: ignore[no-untyped-def]
    root = Path(os.environ["LAVROVKIT_CACHE"])
    assert len(seeds.sentences)  # speakers are attributed (and cached) when the sentences are first read
    assert list((root / "speakers").glob("*/shard-*.speakers.parquet"))
    hits = theme_hits(seeds, speaker="all")
    assert list((root / "theme_hits").glob("*/shard-*.theme_hits.parquet"))
    again = corpus_load().annotate(progress=False)
    assert again.sentences.equals(seeds.sentences)
    assert theme_hits(again, speaker="all").equals(hits)
    # a speaker-filtered corpus has its own keys: its hits are those of Lavrov's sentences only
    lavrov = again.filter(speaker="lavrov")
    sub_hits = theme_hits(lavrov)
    spoken = set(zip(lavrov.sentences["doc_id"], lavrov.sentences["sentence_id"], strict=True))
    assert set(zip(sub_hits["doc_id"], sub_hits["sentence_id"], strict=True)) <= spoken
    assert len(sub_hits) < len(hits)


def test_unreadable_input_is_not_fingerprinted(tmp_path: Path) -> None:
    gaz = corpus_load().actors
    assert gaz is not None
    assert CorpusSnapshot.of(tmp_path / "missing", {}, gaz) is None


@pytest.mark.parametrize("n", [0, 3])
def test_empty_and_small_tables_round_trip(tmp_path: Path, n: int) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    cache.write({"rows": _rows("a", n)}, ["a"])
    assert len(cache.read(["a"])["rows"]) == n


# ---------------------------------------------------------------------- caches that heal

TEXTS = {
    "a": "Sergey Lavrov met John Kerry in Geneva. They talked for twelve hours.\n\nThe talks ended late.",
    "b": "Question: Will you meet?\n\nSergey Lavrov: We are ready. The Americans know this.",
}


def _damage(path: Path, how: str) -> None:
    """Truncate a file to half its size, or overwrite it with garbage of the same size."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if how == "truncate" else b"\x13garbage!" * (len(data) // 9 + 1))


@pytest.mark.parametrize("how", ["truncate", "garbage"])
@pytest.mark.parametrize("table", ["tokens", "keys"])
def test_a_damaged_annotation_shard_is_dropped_named_and_annotated_again(tmp_path: Path, how: str,
                                                                         table: str) -> None:
    first, run = ann.annotate(TEXTS, cache_dir=tmp_path, progress=False)
    bad = next(run.folder.glob(f"shard-*.{table}.parquet"))
    _damage(bad, how)
    with pytest.warns(CacheWarning, match=re.escape(str(bad))):
        again, run2 = ann.annotate(TEXTS, cache_dir=tmp_path, progress=False)
    assert run2.annotated == 2
    for name in ("sentences", "tokens", "entities"):
        pd.testing.assert_frame_equal(first[name], again[name])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # healed: the next run reads the cache quietly
        third, run3 = ann.annotate(TEXTS, cache_dir=tmp_path, progress=False)
    assert run3.annotated == 0 and third["tokens"].equals(first["tokens"])


@pytest.mark.parametrize("how", ["truncate", "garbage"])
def test_a_damaged_derived_table_is_dropped_named_and_computed_again(seeds, how: str) -> None:  # type: ignore[no-untyped-def]
    schema = pa.schema([("key", pa.string()), ("sentences", pa.int64())])
    calls: list[int] = []

    def count(sub):  # type: ignore[no-untyped-def]
        calls.append(len(sub))
        return sub.sentences.groupby("doc_id", sort=False).size().rename("sentences").reset_index()

    name = f"heal_{how}"
    first = seeds.per_document(name, schema, count, code=["corpus"])
    folder = Path(os.environ["LAVROVKIT_CACHE"]) / name
    bad = next(folder.glob(f"*/shard-*.{name}.parquet"))
    _damage(bad, how)
    with pytest.warns(CacheWarning, match=re.escape(str(bad))):
        again = seeds.per_document(name, schema, count, code=["corpus"])
    assert again.equals(first) and calls == [5, 5]


@pytest.mark.parametrize("how", ["truncate", "garbage"])
def test_a_damaged_corpus_snapshot_is_dropped_named_and_loaded_afresh(tmp_path: Path, how: str) -> None:
    folder = _copy_seeds(tmp_path)
    first = corpus_load(folder)
    gaz = first.actors
    assert gaz is not None
    snapshot = CorpusSnapshot.of(folder, {"pattern": None, "catalog": None, "text_column": None, "catalog_on": None},
                                 gaz)
    assert snapshot is not None
    bad = snapshot.folder / "paragraphs.parquet"
    _damage(bad, how)
    with pytest.warns(CacheWarning, match=re.escape(str(bad))):
        again = corpus_load(folder)
    assert again.paragraphs.equals(first.paragraphs)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert corpus_load(folder).paragraphs.equals(first.paragraphs)


def test_a_damaged_shard_that_cant_be_removed_is_one_cache_error_naming_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    shard = cache.write({"rows": _rows("a", 2)}, ["a"])
    _damage(tmp_path / f"{shard}.keys.parquet", "garbage")

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.warns(CacheWarning), pytest.raises(CacheError, match=f"rm -r {re.escape(str(tmp_path))}`$"):
        cache.keys()


# ---------------------------------------------------------------------- two writers, compaction


def _write_shard(folder: str, start: float) -> str:
    """Write the shard of keys a, b into ``folder`` at ``start`` (both processes at once)."""
    time.sleep(max(0.0, start - time.time()))
    return ShardCache(folder, SCHEMA).write({"rows": pd.concat([_rows("a", 3), _rows("b", 2)])}, ["a", "b"])


def test_two_processes_writing_one_shard_store_it_once(tmp_path: Path) -> None:
    start = time.time() + 2  # both spawned processes are ready by then
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        names = list(pool.map(_write_shard, [str(tmp_path)] * 2, [start] * 2))
    assert names[0] == names[1]
    assert len(list(tmp_path.glob("*.keys.parquet"))) == 1 and len(list(tmp_path.glob("*.rows.parquet"))) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    rows = ds.dataset([str(p) for p in tmp_path.glob("*.rows.parquet")], format="parquet")
    assert rows.count_rows() == 5  # not twice
    assert len(ShardCache(tmp_path, SCHEMA).read(["a", "b"])["rows"]) == 5


def _annotate_into(cache_dir: str) -> int:
    tables, _ = ann.annotate(TEXTS, cache_dir=cache_dir, progress=False)
    return len(tables["tokens"])


def test_two_runs_annotating_one_cache_at_once_store_each_shard_once(tmp_path: Path) -> None:
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        counts = list(pool.map(_annotate_into, [str(tmp_path)] * 2))
    assert counts[0] == counts[1] > 0
    folder = next(p for p in (tmp_path / "annotations").iterdir() if p.name.endswith("-forms"))
    tokens = ds.dataset([str(p) for p in folder.glob("*.tokens.parquet")], format="parquet")
    assert tokens.count_rows() == counts[0]  # not twice
    assert len(list(folder.glob("*.keys.parquet"))) == 1


def test_two_complete_shards_with_the_same_keys_are_read_once_and_the_spare_removed(tmp_path: Path) -> None:
    cache = ShardCache(tmp_path, SCHEMA)
    cache.write({"rows": pd.concat([_rows("a", 2), _rows("b", 1)])}, ["a", "b"])
    for old in tmp_path.glob("shard-*.parquet"):  # the same shard under an older, random name
        shutil.copy(old, old.with_name(old.name.replace("shard-", "shard-zz", 1)))
    assert cache.read(["a", "b"])["rows"]["word"].tolist() == ["a0", "a1", "b0"]
    assert not cache.compact(["a", "b"])
    assert len(list(tmp_path.glob("*.keys.parquet"))) == 1
    assert cache.read(["a", "b"])["rows"]["word"].tolist() == ["a0", "a1", "b0"]


def test_a_reader_whose_shards_were_merged_meanwhile_lists_again_and_reads(tmp_path: Path) -> None:
    reader = ShardCache(tmp_path, SCHEMA)
    for k in "abcd":
        reader.write({"rows": _rows(k, 2)}, [k])
    reader.keys()  # the reader has listed the four shards...
    assert ShardCache(tmp_path, SCHEMA).compact("abcd", at=2)  # ...and another process merges them
    assert reader.read("dcba")["rows"]["word"].tolist() == ["d0", "d1", "c0", "c1", "b0", "b1", "a0", "a1"]


def test_a_warm_load_and_annotate_reads_parquet_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lavrovkit import build, speakers

    folder = _copy_seeds(tmp_path)
    cold = corpus_load(folder).annotate(progress=False)

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a warm load computed something")

    for module, name in ((build, "_build_tables"), (ann, "annotate_texts"), (speakers, "_attribute")):
        monkeypatch.setattr(module, name, boom)
    warm = corpus_load(folder).annotate(progress=False)
    assert warm.sentences.equals(cold.sentences) and warm.tokens.equals(cold.tokens)


def test_a_cache_file_that_cant_be_read_here_is_never_removed(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """No permission (or a disk error) is not damage: one CacheError naming the file, every file kept."""
    import pyarrow.parquet as pq

    from lavrovkit import cache as cache_module
    from lavrovkit.errors import CacheError

    corpus_load(SEEDS, cache_dir=tmp_path).annotate(progress=False)
    before = sorted(p.name for p in tmp_path.rglob("*.parquet"))
    real = pq.read_table

    def refused(path: object, *args: object, **kwargs: object) -> object:
        if "annotations" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(cache_module.pq, "read_table", refused)
    with pytest.raises(CacheError, match="can't read this cache file .*nothing was removed"):
        corpus_load(SEEDS, cache_dir=tmp_path, cache=False).annotate(progress=False)
    monkeypatch.setattr(cache_module.pq, "read_table", real)
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == before
