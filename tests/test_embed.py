"""The embedding layer: vectors cached per text, the same whatever the threads or batch, Russian beside English."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest

import lavrovkit as lk
from lavrovkit import embed
from lavrovkit.errors import CacheWarning, ParameterError

EN = "We are ready to resume dialogue with the United States on strategic stability."
RU = "Мы готовы возобновить диалог с Соединёнными Штатами по стратегической стабильности."
OTHER = "The harvest festival in the valley drew farmers from every village."


def test_translation_closer_than_unrelated_text(tmp_path):
    v = lk.embed_texts([EN, RU, OTHER], cache_dir=tmp_path, progress=False)
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.85
    assert v[0] @ v[1] > v[0] @ v[2] + 0.1


def test_cached_per_text_and_same_whatever_threads_or_batch(tmp_path):
    alone = lk.embed_texts([EN], cache_dir=tmp_path / "a", progress=False)
    batch = lk.embed_texts([OTHER, RU, EN, OTHER], cache_dir=tmp_path / "b", jobs=2, progress=False)
    assert np.array_equal(alone[0], batch[2])
    assert np.array_equal(batch[0], batch[3])
    folder = embed.embedding_folder(cache_dir=tmp_path / "b")
    keys = pq.read_table(next(folder.glob("shard-*.keys.parquet"))).column("key").to_pylist()
    assert len(keys) == 3  # one vector per distinct text
    # a second call reads the cache: no new shard
    again = lk.embed_texts([EN, RU], cache_dir=tmp_path / "b", progress=False)
    assert len(list(folder.glob("shard-*.keys.parquet"))) == 1
    assert np.array_equal(again, batch[[2, 1]])


def test_damaged_cache_heals(tmp_path):
    first = lk.embed_texts([EN, RU], cache_dir=tmp_path, progress=False)
    folder = embed.embedding_folder(cache_dir=tmp_path)
    (data,) = folder.glob("shard-*.vectors.parquet")
    data.write_bytes(b"not parquet")
    with pytest.warns(CacheWarning, match="damaged cache file"):
        healed = lk.embed_texts([EN, RU], cache_dir=tmp_path, progress=False)
    assert np.array_equal(first, healed)


def test_query_side_differs_from_passage_side_and_unknown_model_is_named():
    q = lk.embed_query("sanctions against Russia")
    p = lk.embed_texts(["sanctions against Russia"], progress=False)[0]
    assert 0.8 < float(q @ p) < 0.9999
    with pytest.raises(ParameterError, match="unknown embedding model 'nope'.*e5-small"):
        lk.embed_texts(["x"], model="nope")


def test_registered_embedder_is_used_and_cached_under_its_name(tmp_path):
    class Letters:
        name, version, dim = "letters", "1", 26

        def encode(self, texts, kind="passage"):
            out = np.zeros((len(texts), 26), dtype=np.float32)
            for i, t in enumerate(texts):
                for ch in t.lower():
                    if "a" <= ch <= "z":
                        out[i, ord(ch) - 97] += 1
            return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

        def threads(self, n):
            pass

    lk.register_embedder("letters")(Letters)
    v = lk.embed_texts(["ab", "ba", "zz"], model="letters", cache_dir=tmp_path, progress=False)
    assert v.shape == (3, 26) and v[0] @ v[1] == pytest.approx(1.0)
    assert (tmp_path / "embeddings" / "letters-1-e1").is_dir()


def test_corpus_units_carry_provenance_and_speaker(seeds):
    sentences = seeds.embeddings("sentence", progress=False)
    assert len(sentences) == len(sentences.vectors) == len(seeds.sentences)
    assert sentences.rows.columns.tolist() == ["doc_id", "paragraph_id", "sentence_id", "date", "source", "speaker",
                                               "text"]
    paragraphs = seeds.embeddings("paragraph", progress=False)
    rows = paragraphs.rows
    assert rows.columns.tolist() == ["doc_id", "paragraph_id", "date", "source", "speaker", "text"]
    # a paragraph's speaker is the speaker of most of its words
    s = seeds.sentences
    lavrov = s[s["speaker"] == "Sergey Lavrov"].groupby(["doc_id", "paragraph_id"])["words"].sum()
    total = s.groupby(["doc_id", "paragraph_id"])["words"].sum()
    mostly = set((lavrov[lavrov / total.reindex(lavrov.index) > 0.5]).index)
    said = set(rows.loc[rows["speaker"] == "Sergey Lavrov", ["doc_id", "paragraph_id"]].itertuples(index=False,
                                                                                                     name=None))
    assert mostly and mostly <= said
    assert seeds.embeddings("paragraph") is paragraphs  # kept in the corpus's memo
    with pytest.raises(ParameterError, match="level must be one of sentence, paragraph"):
        seeds.embeddings("word")


@pytest.mark.slow
def test_dask_cluster_writes_the_same_vectors(tmp_path):
    distributed = pytest.importorskip("distributed")
    texts = [EN, RU, OTHER, "Lavrov and Rubio spoke by phone on Tuesday."]
    local = lk.embed_texts(texts, cache_dir=tmp_path / "local", progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = lk.embed_texts(texts, cache_dir=tmp_path / "dask", scheduler=cluster.scheduler_address,
                                progress=False)
    assert np.array_equal(local, remote)
    assert list(embed.embedding_folder(cache_dir=tmp_path / "dask").glob("shard-*.keys.parquet"))
