"""The token index: a corpus's tokens as integer codes, built once and kept with the cache.

Phrase trends, concordances, n-grams, keyness and collocations
(:mod:`lavrovkit.phrasing`, :mod:`lavrovkit.keywords`) compare integer codes
rather than strings. :func:`token_index` builds those codes from the token
table (word forms, lower-cased forms, documents, sentences, word and stop-word
flags) and saves them under ``<cache>/phrase_index/<annotation>-<key>/`` as
``.npy`` arrays and Arrow IPC vocabularies, written whole into a temporary
folder and renamed into place. A new process reads them memory-mapped
instead of building them again. The key is the annotation folder, the
corpus's document keys (:meth:`lavrovkit.corpus.Corpus.document_keys`, which
carry a speaker filter) and this module's code, so a sub-corpus gets its own
index, built from its own tokens, with the same codes it would get today.

Only the first-tier columns are read for word forms (text, lower, is_stop,
doc_id, sentence_id); the lemma codes are built, saved and read only when a
lemma query asks for them (``index["lemma"]``). A damaged or truncated file is
removed with its index (a :class:`lavrovkit.errors.CacheWarning` names it) and
the index is built again.

>>> index = token_index(corpus)
>>> index["lower_words"][index["lower"][:3]].tolist()
['moscow', ',', 'february']
>>> int(index["is_word"].sum()) == int(index["tokens"]["text"].str.contains(r"[^\\W_]").sum())
True
"""

from __future__ import annotations

import json
import re
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lavrovkit.cache import cache_root, code_digest, digest
from lavrovkit.errors import CacheError, CacheWarning
from lavrovkit.files import atomic_folder
from lavrovkit.matching import MATCH_FORMS

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

#: The arrays of the word-form index (``.npy``) and its vocabularies (Arrow IPC), as saved.
FORM_ARRAYS = ("lower", "exact", "doc", "sentence", "is_word", "is_stop")
FORM_VOCABS = ("lower_words", "exact_words", "doc_ids")
#: The lemma part, saved and read apart (only a lemma query needs it).
LEMMA_ARRAYS = ("lemma",)
LEMMA_VOCABS = ("lemma_words",)
#: Keys of the index computed from the word-form part when first asked for.
DERIVED = {"lower_vocab": "lower_words", "exact_vocab": "exact_words", "lemma_vocab": "lemma_words"}
#: A token is a word when it has a letter or digit; lower-casing and dash/quote folding keep that.
WORD = re.compile(r"[^\W_]")
#: The folder under the cache root.
FOLDER = "phrase_index"


class TokenIndex(dict[str, Any]):
    """The integer-coded tokens of one corpus: a dict whose lemma part and vocab lookups are made on first use.

    Keys: ``lower``/``exact``/``lemma`` (int64 codes per token into ``lower_words``/``exact_words``/
    ``lemma_words``, sorted vocabularies of forms folded by :data:`lavrovkit.matching.MATCH_FORMS`),
    ``lower_vocab``/``exact_vocab``/``lemma_vocab`` (form → code), ``doc`` (code into ``doc_ids``),
    ``sentence`` (one int64 per sentence of a document), ``is_word``, ``is_stop``, ``tokens`` (the token table).
    """

    def __init__(self, corpus: Corpus, arrays: dict[str, Any], folder: Path | None) -> None:
        super().__init__(arrays)
        self._corpus = corpus
        self._folder = folder

    def __missing__(self, key: str) -> Any:
        if key == "tokens":  # the word-form columns (the forms tier where the corpus has tiers)
            value: Any = _forms(self._corpus)
        elif key in DERIVED:
            value = {w: i for i, w in enumerate(self[DERIVED[key]].tolist())}
        elif key in (*LEMMA_ARRAYS, *LEMMA_VOCABS):
            self.update(_lemma_part(self._corpus, self._folder))
            return dict.__getitem__(self, key)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def token_index(corpus: Corpus, *, persist: bool = True) -> TokenIndex:
    """The corpus's token index (memoised on the corpus; read from the cache, else built and saved).

    ``persist=False`` (or ``corpus.memo["phrase_index_persist"] = False``) builds it in memory only: for a
    corpus whose tokens are not those its document keys name (sentences picked by hand; a corpus whose
    sentences were kept by hand, not by a speaker filter, is never saved).
    """
    memo = corpus.memo.get("phrase_index")
    if isinstance(memo, TokenIndex):
        return memo
    # sentences kept by hand (not by a speaker filter, which the document keys carry): in memory only
    by_hand = bool(getattr(corpus, "_restricted", False)) and corpus.speaker_filter is None
    persist = persist and corpus.memo.get("phrase_index_persist", True) and not by_hand
    folder = index_folder(corpus) if persist else None
    arrays = _read(folder, FORM_ARRAYS, FORM_VOCABS, corpus) if folder is not None else None
    if arrays is None:
        arrays = _build_forms(_forms(corpus))
        if folder is not None:
            _write(folder, arrays)
    index = TokenIndex(corpus, arrays, folder)
    corpus.memo["phrase_index"] = index
    return index


def index_folder(corpus: Corpus) -> Path:
    """Where the corpus's token index is kept: ``<cache>/phrase_index/<annotation>-<key>``.

    >>> index_folder(corpus).parent.name
    'phrase_index'
    """
    keys = corpus.document_keys()
    ids = corpus.documents["doc_id"].astype(str).tolist()  # the index stores doc_ids: the same texts under
    key = digest(_CODE, len(_forms(corpus)), len(keys), *keys, *ids)  # other ids are another index
    return cache_root(corpus.options.cache_dir) / FOLDER / f"{corpus.annotation_folder()}-{key}"


_CODE = code_digest("index", "matching", length=12)

# ---------------------------------------------------------------------- building


def _forms(corpus: Corpus) -> pd.DataFrame:
    """The token table's word-form columns: ``corpus.forms`` (the first tier, no lemmas) where the corpus has
    annotation tiers, else ``corpus.tokens``."""
    forms = getattr(corpus, "forms", None)
    return forms if isinstance(forms, pd.DataFrame) else corpus.tokens


def _build_forms(t: pd.DataFrame) -> dict[str, Any]:
    """The word-form part of the index from the token table's first-tier columns."""
    lower, lower_words = _encode(t["lower"], lambda w: w.translate(MATCH_FORMS))
    exact, exact_words = _encode(t["text"], lambda w: w.translate(MATCH_FORMS))
    word_form = np.array([bool(WORD.search(w)) for w in lower_words], dtype=bool)
    doc_codes, doc_ids = _encode(t["doc_id"], lambda w: w)
    return {
        "lower": lower, "lower_words": lower_words, "exact": exact, "exact_words": exact_words,
        "doc": doc_codes, "doc_ids": doc_ids,
        "sentence": doc_codes * 1_000_000 + t["sentence_id"].to_numpy(dtype=np.int64),
        "is_word": word_form[lower] if len(t) else np.array([], bool),
        "is_stop": t["is_stop"].to_numpy(dtype=bool),
    }


def _lemma_part(corpus: Corpus, folder: Path | None) -> dict[str, Any]:
    """The lemma codes: read from the index folder, else built from the token table's lemmas (and saved)."""
    lemma_folder = folder.with_name(folder.name + ".lemma") if folder is not None else None
    arrays = _read(lemma_folder, LEMMA_ARRAYS, LEMMA_VOCABS, corpus) if lemma_folder is not None else None
    if arrays is None:
        lemma, lemma_words = _encode(corpus.tokens["lemma"], lambda w: w.lower().translate(MATCH_FORMS))
        arrays = {"lemma": lemma, "lemma_words": lemma_words}
        if lemma_folder is not None:
            _write(lemma_folder, arrays)
    return arrays


def _encode(values: pd.Series, normalise: Callable[[str], str]) -> tuple[np.ndarray, np.ndarray]:
    """Codes (int64, one per value) into a sorted vocabulary of normalised forms (missing → '')."""
    if not len(values):
        return np.array([], dtype=np.int64), np.array([], dtype=object)
    arr = pa.array(values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.string())
    encoded = pc.fill_null(arr, "").dictionary_encode()
    forms = np.array([normalise(w) for w in encoded.dictionary.to_pylist()], dtype=object)
    vocab, remap = np.unique(forms, return_inverse=True)
    return remap.astype(np.int64)[encoded.indices.to_numpy(zero_copy_only=False)], vocab

# ---------------------------------------------------------------------- saving and reading


def _write(folder: Path, arrays: dict[str, Any]) -> None:
    """Save the arrays (``.npy``) and vocabularies (Arrow IPC) into ``folder``, whole or not at all."""
    def fill(tmp: Path) -> None:
        sizes = {}
        for name, value in arrays.items():
            if value.dtype == object:
                table = pa.table({"form": pa.array(value.tolist(), type=pa.string())})
                with pa.OSFile(str(tmp / f"{name}.arrow"), "wb") as sink, \
                        pa.ipc.new_file(sink, table.schema) as writer:
                    writer.write_table(table)
            else:
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(value), allow_pickle=False)
            sizes[name] = len(value)
        (tmp / "index.json").write_text(json.dumps({"code": _CODE, "sizes": sizes}), encoding="utf-8")

    try:
        atomic_folder(folder, fill)
    except OSError as exc:  # a read-only or full cache: the index still answers, built again next time
        warnings.warn(CacheWarning(f"{folder}: could not save the token index ({exc}); it is built again in "
                                   "each new process"), stacklevel=3)


def _read(folder: Path, array_names: tuple[str, ...], vocab_names: tuple[str, ...],
          corpus: Corpus) -> dict[str, Any] | None:
    """The saved arrays of ``folder``, or None when there are none; a damaged file removes the folder (warned)."""
    meta_path = folder / "index.json"
    if not meta_path.is_file():
        return None
    path = meta_path
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        sizes = meta["sizes"]
        out: dict[str, Any] = {}
        for name in array_names:
            path = folder / f"{name}.npy"
            out[name] = np.load(path, mmap_mode="r", allow_pickle=False)
        for name in vocab_names:
            path = folder / f"{name}.arrow"
            with pa.memory_map(str(path), "r") as source:
                table = pa.ipc.open_file(source).read_all()
            out[name] = np.array(table.column("form").to_pylist(), dtype=object) if len(table) else \
                np.array([], dtype=object)
        path = meta_path
        _check(out, sizes, corpus)
    except FileNotFoundError as exc:
        _drop(folder, Path(exc.filename or path), exc)
        return None
    except (OSError, ValueError, KeyError, TypeError, EOFError, pa.ArrowException) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, pa.ArrowException) and exc.errno is not None:
            raise CacheError(f"{path}: can't read this cache file ({exc}); nothing was removed: check the "
                             f"permissions and the disk, or point LAVROVKIT_CACHE elsewhere") from exc
        _drop(folder, path, exc)
        return None
    return out


def _check(arrays: dict[str, Any], sizes: dict[str, int], corpus: Corpus) -> None:
    """Raise ValueError unless the arrays have their saved sizes, the corpus's token count and codes in range."""
    n = len(_forms(corpus))
    for name, value in arrays.items():
        if len(value) != sizes.get(name):
            raise ValueError(f"{name}: {len(value)} values, {sizes.get(name)} saved")
        if name not in (*FORM_VOCABS, *LEMMA_VOCABS) and len(value) != n:
            raise ValueError(f"{name}: {len(value)} tokens, the corpus has {n}")
    for codes, vocab in (("lower", "lower_words"), ("exact", "exact_words"), ("doc", "doc_ids"),
                         ("lemma", "lemma_words")):
        if codes in arrays and len(arrays[codes]):
            low, high = int(arrays[codes].min()), int(arrays[codes].max())
            if low < 0 or high >= len(arrays[vocab]):
                raise ValueError(f"{codes}: codes outside the vocabulary of {len(arrays[vocab])}")


def _drop(folder: Path, bad: Path, exc: BaseException) -> None:
    """Remove a damaged index folder (the index is built again) and say so."""
    reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    warnings.warn(CacheWarning(f"{bad}: damaged cache file ({reason}); removed the token index, which is "
                               "built again"), stacklevel=4)
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        raise CacheError(f"{bad}: damaged cache file that can't be removed; clear the cache with `rm -r {folder}`")
