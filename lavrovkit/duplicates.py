"""Duplicates: which documents are the same text saved twice, and which copy counts?

Folders of saved pages, agency reports and channel exports often hold one text
more than once: a page and its print version, one statement carried by two
agencies under different datelines, a re-post with a line added. Counting every
copy inflates each trend, so :func:`duplicates_find` groups the copies and picks
one to keep, and :func:`duplicates_drop` gives the documents table without
the others.

How copies are found
--------------------
* **exact**: texts equal after normalisation (case-folded, word tokens only, so
  whitespace, line endings and punctuation do not matter), found by hashing;
* **near**: the Jaccard similarity of the two texts' sets of word
  ``shingle``-grams is at least ``threshold``. Candidate pairs come from MinHash
  signatures and locality-sensitive hashing (the ``datasketch`` library); every
  candidate is then checked on the exact shingle sets, so reported similarities
  are exact and false candidates are dropped. The LSH bands are chosen so that a
  pair exactly at ``threshold`` is a candidate with probability >= 99% (more
  similar pairs more often still).

Near pairs are joined into groups (connected components). The copy kept is the
fullest text (most words), ties broken by the earliest date, then by position
in the table; a near member stays in the group only if its own similarity to
the kept copy reaches ``threshold`` (members that only chain to it through
another copy are grouped afresh among themselves). Texts shorter than
``shingle`` words group only when exact; texts with no words never group.

Example
-------
>>> duplicates_find(corpus.documents).empty                 # the seeds hold no copies
True
>>> doubled = pd.concat([corpus.documents, corpus.documents.head(1).assign(doc_id="000-copy")])
>>> groups = duplicates_find(doubled)
>>> groups.query("kind != 'kept'")[["doc_id", "kept_doc_id", "similarity"]].values.tolist()
[['000-copy', '000', 1.0]]
>>> duplicates_drop(doubled, groups).doc_id.tolist()
['000', '001', '002', '003', '004']
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import ParameterError

#: Columns of :func:`duplicates_find`'s answer.
GROUP_COLUMNS = ["group", "doc_id", "kind", "similarity", "kept_doc_id", "date", "source", "title", "words"]
#: Values of its ``kind`` column: the copy counted, a copy with the same normalised text, a near copy.
KINDS = ("kept", "exact", "near")
REQUIRED = ("doc_id", "text")
#: Word tokens: runs of letters and digits (so "Russia-US" and "Russia–US" tokenise alike).
_WORD = re.compile(r"[^\W_]+")
#: A pair exactly at the threshold becomes an LSH candidate with at least this probability.
_RECALL_AT_THRESHOLD = 0.99


def duplicates_find(documents: pd.DataFrame, *, threshold: float = 0.8, shingle: int = 5,
                    num_perm: int = 128, seed: int = 1) -> pd.DataFrame:
    """Which documents are copies of one another, and which copy of each is kept?

    ``documents`` is the kit's documents table; ``doc_id`` and ``text`` are
    required, ``date``, ``source``, ``title`` and ``words`` are used when
    present (``words`` decides which copy is kept; without it, word tokens are
    counted). ``threshold`` is the least Jaccard similarity of word
    ``shingle``-gram sets for a near duplicate; ``num_perm`` and ``seed`` set the
    MinHash signatures (same input and seed, same answer).

    Answers one row per document in a group of two or more, columns
    :data:`GROUP_COLUMNS`: ``group`` (0-based, in the order of the kept copies'
    positions in ``documents``), ``doc_id``, ``kind`` ("kept" for the copy
    counted, "exact" for the same text after normalisation, "near" for a near
    duplicate), ``similarity`` (exact Jaccard of the shingle sets with the kept
    copy; 1.0 for kept and exact), ``kept_doc_id``, then ``date``, ``source``,
    ``title`` and ``words`` of the row's document. Within a group the kept copy
    comes first, the others follow in table order. Documents without a copy are
    not listed.

    >>> report = ("Foreign ministers of Russia and the United States met in Geneva on Friday "
    ...           "to discuss strategic stability, arms control and the future of the New START treaty.")
    >>> docs = pd.DataFrame({"doc_id": ["tass", "ria", "print", "other"],
    ...                      "text": [report + "\\n\\nMore to follow.",
    ...                               report.upper().replace(" ", "\\r\\n") + "\\n\\nMore  to follow!",
    ...                               report,
    ...                               "An unrelated note on the weather in Moscow today."]})
    >>> duplicates_find(docs)[["group", "doc_id", "kind", "similarity", "kept_doc_id", "words"]]
       group doc_id   kind  similarity kept_doc_id  words
    0      0   tass   kept    1.000000        tass     30
    1      0    ria  exact    1.000000        tass     30
    2      0  print   near    0.884615        tass     27
    """
    _check_columns(documents)
    if not 0.0 < threshold <= 1.0:
        raise ParameterError(f"threshold must be in (0, 1], got {threshold!r}")
    if shingle < 1:
        raise ParameterError(f"shingle must be at least 1, got {shingle!r}")
    if num_perm < 2:
        raise ParameterError(f"num_perm must be at least 2, got {num_perm!r}")
    n = len(documents)
    if n < 2:
        return _empty()
    input_key = _input_key(documents, threshold, shingle, num_perm, seed)
    held = _held_groups(input_key)
    if held is not None:  # found before for these texts, metadata and settings: the groups are read back
        return _table(documents, held[0], np.asarray(held[1], dtype=float), _dates(documents))

    # 1. tokens (as vocabulary codes), exact keys and word counts: one pass, no token strings kept
    vocab: defaultdict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__  # a new word gets the next code
    codes: list[np.ndarray] = []
    keys: list[bytes | None] = []
    for text in documents["text"].tolist():
        words = _WORD.findall(text.casefold()) if isinstance(text, str) else []
        ids = np.array(list(map(vocab.__getitem__, words)), dtype=np.int64)
        codes.append(ids)
        keys.append(hashlib.blake2b(ids.tobytes(), digest_size=16).digest() if len(words) else None)
    counted = np.array([len(c) for c in codes], dtype=np.int64)
    words_col = (pd.to_numeric(documents["words"], errors="coerce").to_numpy(dtype=float)
                 if "words" in documents.columns else np.full(n, np.nan))
    size = np.where(np.isnan(words_col), counted, words_col)
    dates = _dates(documents)
    # rank of each position by "earliest date first, NaT last, then position"
    day = dates.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    day = np.where(dates.isna().to_numpy(), np.iinfo(np.int64).max, day)
    date_rank = np.empty(n, dtype=np.int64)
    date_rank[np.lexsort((np.arange(n), day))] = np.arange(n)

    # 2. exact sets: one unit per distinct normalised text (members in table order)
    unit_of: dict[bytes, int] = {}
    members: list[list[int]] = []
    for i, key in enumerate(keys):
        if key is None:
            continue
        u = unit_of.setdefault(key, len(members))
        if u == len(members):
            members.append([])
        members[u].append(i)

    # 3. near pairs among units long enough to shingle: MinHash + LSH candidates, confirmed exactly
    word_hash = _word_hashes(vocab)
    shingles: dict[int, np.ndarray] = {}
    for u, ms in enumerate(members):
        ids = codes[ms[0]]
        if len(ids) >= shingle:
            shingles[u] = _shingle_hashes(word_hash[ids], shingle)
    similar: dict[tuple[int, int], float] = {}
    if len(shingles) > 1:
        for a, b in _candidates(shingles, threshold, num_perm, seed):
            similar[a, b] = _jaccard(shingles[a], shingles[b])
    edges = [pair for pair, s in similar.items() if s >= threshold]

    # 4. groups: components of units, kept copy chosen, members checked against it
    def copies(units: list[int]) -> int:
        return sum(len(members[u]) for u in units)

    def best(units: list[int]) -> int:
        return min((i for u in units for i in members[u]), key=lambda i: (-size[i], date_rank[i]))

    def similarity(a: int, b: int) -> float:
        pair = (a, b) if a < b else (b, a)
        if pair not in similar:
            similar[pair] = _jaccard(shingles[a], shingles[b])
        return similar[pair]

    groups: list[list[tuple[int, str, float]]] = []  # rows: (position, kind, similarity)
    pending = [units for units in _components(range(len(members)), edges) if copies(units) > 1]
    while pending:
        units = pending.pop()
        kept = best(units)
        kept_unit = unit_of[keys[kept]]  # type: ignore[index]
        rows = [(kept, "kept", 1.0)] + [(i, "exact", 1.0) for i in members[kept_unit] if i != kept]
        rest = []
        for u in units:
            if u == kept_unit:
                continue
            s = similarity(kept_unit, u)
            if s >= threshold:
                rows.extend((i, "near", s) for i in members[u])
            else:
                rest.append(u)
        if len(rows) > 1:
            groups.append(rows)
        # members that only chained to the kept copy through another copy are grouped afresh
        pending.extend(us for us in _components(rest, edges) if copies(us) > 1)

    _hold_groups(input_key, groups, size)
    return _table(documents, groups, size, dates)


def _dates(documents: pd.DataFrame) -> pd.Series:
    return (pd.to_datetime(documents["date"], errors="coerce") if "date" in documents.columns
            else pd.Series(pd.NaT, index=documents.index, dtype="datetime64[ns]"))


def _input_key(documents: pd.DataFrame, threshold: float, shingle: int, num_perm: int, seed: int) -> str:
    """What the groups depend on: each text, the words and date columns, the settings, this code, datasketch."""
    from importlib import metadata

    from lavrovkit.cache import code_digest, digest

    texts = [hashlib.blake2b(t.encode("utf-8", "surrogatepass") if isinstance(t, str) else b"\0",
                             digest_size=16).hexdigest() for t in documents["text"].tolist()]
    columns = [documents[c].astype(str).tolist() if c in documents.columns else [] for c in ("words", "date")]
    return digest(code_digest("duplicates", length=12), metadata.version("datasketch"), threshold, shingle,
                  num_perm, seed, len(texts), *texts, *columns[0], "|", *columns[1], length=32)


def _held_groups(key: str) -> tuple[list[list[tuple[int, str, float]]], list[float]] | None:
    """The groups and sizes found before for ``key`` (``<cache>/duplicates/<key>.json``), or None."""
    import json

    from lavrovkit.cache import cache_root

    path = cache_root() / "duplicates" / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups = [[(int(i), str(kind), float(sim)) for i, kind, sim in rows] for rows in data["groups"]]
        return groups, [float(v) for v in data["size"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):  # damaged: found again and written again
        path.unlink(missing_ok=True)
        return None


def _hold_groups(key: str, groups: list[list[tuple[int, str, float]]], size: np.ndarray) -> None:
    import contextlib
    import json

    from lavrovkit.cache import cache_root
    from lavrovkit.files import atomic_write_text

    data = {"groups": [[[int(i), kind, float(sim)] for i, kind, sim in rows] for rows in groups],
            "size": [float(v) for v in np.asarray(size, dtype=float)]}
    with contextlib.suppress(OSError):  # a read-only cache: found again next time
        atomic_write_text(cache_root() / "duplicates" / f"{key}.json", json.dumps(data))


def duplicate_ids(groups: pd.DataFrame) -> list[str]:
    """Which doc_ids are copies to drop (every grouped document but the kept one)?

    ``groups`` is :func:`duplicates_find`'s answer; the ids come in its row order.

    >>> groups = pd.DataFrame({"group": [0, 0, 1, 1], "doc_id": ["b", "a", "c", "d"],
    ...                        "kind": ["kept", "near", "kept", "exact"]})
    >>> duplicate_ids(groups)
    ['a', 'd']
    """
    missing = [c for c in ("doc_id", "kind") if c not in groups.columns]
    if missing:
        raise ParameterError(f"duplicate groups table has no {', '.join(repr(c) for c in missing)} column "
                         f"(expected duplicates_find's answer)")
    return [str(d) for d in groups.loc[groups["kind"] != "kept", "doc_id"]]


def duplicates_drop(documents: pd.DataFrame, groups: pd.DataFrame | None = None,
                       **options: Any) -> pd.DataFrame:
    """The documents table with each group's copies dropped: only the kept copy of a text stays.

    ``groups`` is :func:`duplicates_find`'s answer for ``documents``; when not
    given it is computed with ``options`` (``threshold``, ``shingle``,
    ``num_perm``, ``seed``). Rows keep their order, columns and index.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...                      "text": ["Lavrov met Rubio in Riyadh.", "LAVROV MET RUBIO IN RIYADH!",
    ...                               "Talks in Istanbul."]})
    >>> duplicates_drop(docs).doc_id.tolist()
    ['a', 'c']
    """
    _check_columns(documents)
    if groups is None:
        groups = duplicates_find(documents, **options)
    elif options:
        raise TypeError("options apply only when groups are computed here: pass groups or options, not both")
    drop = set(duplicate_ids(groups)) - set(groups.loc[groups["kind"] == "kept", "doc_id"].astype(str))
    return documents[~documents["doc_id"].astype(str).isin(drop)]


# ---------------------------------------------------------------------- helpers


def _check_columns(documents: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in documents.columns]
    if missing:
        raise ParameterError(f"documents table has no {' or '.join(repr(c) for c in missing)} column: "
                         f"duplicates need {', '.join(REQUIRED)}")


def _word_hashes(vocab: dict[str, int]) -> np.ndarray:
    """A stable 64-bit hash per vocabulary word (same word, same hash, in any corpus and run)."""
    out = np.empty(len(vocab), dtype=np.uint64)
    for w, i in vocab.items():
        out[i] = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
    return out


@functools.lru_cache(maxsize=8)
def _multipliers(k: int) -> np.ndarray:
    """k fixed odd 64-bit multipliers, one per position in a shingle."""
    return np.random.default_rng(0x5EED).integers(0, 2**63, size=k, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def _shingle_hashes(word_hash: np.ndarray, k: int) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the word k-grams of one text (order inside a k-gram matters)."""
    m = _multipliers(k)
    n = len(word_hash) - k + 1
    h = word_hash[:n] * m[0]
    for j in range(1, k):
        h += word_hash[j:j + n] * m[j]
    # splitmix64 finaliser: every output bit depends on every input bit
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return np.unique(h)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted distinct hash arrays."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """LSH (bands, rows): the most rows per band (fewest false candidates) that still catch a pair
    exactly at ``threshold`` with probability >= 99%; at least two bands."""
    for r in range(num_perm // 2, 0, -1):
        b = num_perm // r
        if 1 - (1 - threshold**r) ** b >= _RECALL_AT_THRESHOLD:
            return b, r
    return num_perm, 1


def _candidates(shingles: dict[int, np.ndarray], threshold: float, num_perm: int, seed: int) -> list[tuple[int, int]]:
    """Pairs of units (a < b) whose MinHash signatures share an LSH band, sorted."""
    b, r = _bands(threshold, num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=(b, r))
    # datasketch hashes each item to 32 bits: the shingle hashes' top 32 bits, passed through as they are
    batches = ((h >> np.uint64(32)).astype(np.uint32).tolist() for h in shingles.values())
    signatures = dict(zip(shingles, MinHash.generator(batches, num_perm=num_perm, seed=seed, hashfunc=int),
                          strict=True))
    with lsh.insertion_session() as session:
        for u, m in signatures.items():
            session.insert(u, m, check_duplication=False)
    pairs = {(u, v) if u < v else (v, u) for u, m in signatures.items() for v in lsh.query(m) if v != u}
    return sorted(pairs)


def _components(units: Iterable[int], edges: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components (union-find) of ``units`` joined by the ``edges`` between two of them."""
    parent = {u: u for u in units}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, list[int]] = {}
    for u in parent:
        out.setdefault(find(u), []).append(u)
    return list(out.values())


def _empty() -> pd.DataFrame:
    return pd.DataFrame({
        "group": pd.Series(dtype="int64"), "doc_id": pd.Series(dtype="str"), "kind": pd.Series(dtype="str"),
        "similarity": pd.Series(dtype="float64"), "kept_doc_id": pd.Series(dtype="str"),
        "date": pd.Series(dtype="datetime64[ns]"), "source": pd.Series(dtype=object),
        "title": pd.Series(dtype=object), "words": pd.Series(dtype="int64"),
    })


def _table(documents: pd.DataFrame, groups: list[list[tuple[int, str, float]]], size: np.ndarray,
           dates: pd.Series) -> pd.DataFrame:
    if not groups:
        return _empty()
    ordered = []
    for rows in groups:
        kept = rows[0][0]
        others = sorted(rows[1:])
        ordered.append((kept, [rows[0], *others]))
    ordered.sort(key=lambda g: g[0])
    pos = np.array([i for _, rows in ordered for i, _, _ in rows], dtype=np.int64)
    lengths = [len(rows) for _, rows in ordered]
    doc_ids = documents["doc_id"].astype(str).reset_index(drop=True)

    def column(name: str) -> pd.Series:
        if name in documents.columns:
            return documents[name].iloc[pos].reset_index(drop=True)
        return pd.Series([None] * len(pos), dtype=object)

    return pd.DataFrame({
        "group": np.repeat(np.arange(len(ordered), dtype=np.int64), lengths),
        "doc_id": doc_ids.iloc[pos].reset_index(drop=True),
        "kind": [kind for _, rows in ordered for _, kind, _ in rows],
        "similarity": np.array([s for _, rows in ordered for _, _, s in rows], dtype=np.float64),
        "kept_doc_id": doc_ids.iloc[np.repeat([k for k, _ in ordered], lengths)].reset_index(drop=True),
        "date": dates.iloc[pos].reset_index(drop=True),
        "source": column("source"),
        "title": column("title"),
        "words": size[pos].astype(np.int64),
    })


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('find_duplicates', 'without_duplicates')})
