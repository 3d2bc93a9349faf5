"""Topics: which topics does an unsupervised model find in the paragraphs, and which does the taxonomy miss?

``speaker`` follows :mod:`lavrovkit.selection` (default ``"auto"``: Lavrov's own
words where he speaks, else all text).
"""

from __future__ import annotations

import contextlib
import warnings
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lavrovkit.cache import cache_root, code_digest, digest, unreadable_not_damaged, write_parquet
from lavrovkit.errors import CacheWarning
from lavrovkit.themes import Taxonomy, TaxonomyArg, _prepare, theme_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

def topic_discovery(corpus: Corpus, taxonomy: TaxonomyArg = None,
                    n_topics: int | None = None, top_terms: int = 10, examples: int = 2, seed: int = 0,
                    covered_at: float = 0.5, *, speaker: str | None = "auto",
                    **filters: Any) -> pd.DataFrame:
    """Which topics does an unsupervised model find in the paragraphs, and which does the taxonomy miss?

    Non-negative matrix factorisation (scikit-learn ``NMF``, ``nndsvda``
    start, ``random_state=seed``: the same corpus gives the same topics) over
    TF-IDF of content lemmas per paragraph. Each paragraph goes to its
    strongest topic. One row per topic: topic, terms (top lemmas, strongest
    first; names of actors and sources left out), paragraphs, share (of all
    paragraphs), top_themes (the three taxonomy themes most often tagged in its
    paragraphs, with their shares), top_theme, top_theme_share,
    any_theme_share (share of its paragraphs with any theme), covered
    (``any_theme_share >= covered_at``: False flags what the taxonomy misses),
    example_1..N (its most typical paragraphs, ``doc_id#paragraph: text``).
    ``n_topics`` defaults to sqrt(paragraphs / 4), between 3 and 25.

    The table is kept in the cache (``<cache>/topics/``), keyed by the
    corpus's documents, the taxonomy, the parameters, the names left out and
    the code and scikit-learn version that fit it, so a report run again reads
    it instead of fitting the model again.

    >>> topic_discovery(corpus, n_topics=3, speaker="all")["topic"].sort_values().tolist()
    [1, 2, 3]
    """
    corpus, tax = _prepare(corpus, taxonomy, speaker, filters)
    names = [*(corpus.actors.names() if corpus.actors else ()), *corpus.documents["source"].dropna().unique()]
    params = (n_topics, top_terms, examples, seed, covered_at)
    path = _cache_path(corpus, tax, names, params)
    memo_key = ("topic_discovery", path.name)
    if memo_key in corpus.memo:
        return corpus.memo[memo_key].copy()
    out = _read(path)
    if out is None:
        out = _discover(corpus, tax, names, *params)
        if len(out):
            _write(out, path)
    corpus.memo[memo_key] = out
    return out.copy()


def _discover(corpus: Corpus, tax: Taxonomy, names: list[str], n_topics: int | None, top_terms: int,
              examples: int, seed: int, covered_at: float) -> pd.DataFrame:
    """The topic table of :func:`topic_discovery`, fitted now (uncached)."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from lavrovkit.corpus import content_words

    paras = theme_paragraphs(corpus, tax, speaker="all")
    words = content_words(corpus.tokens, names=names, proper_nouns=True)
    tok = corpus.tokens.loc[words.index, ["doc_id", "sentence_id"]].assign(word=words)
    tok = tok.merge(corpus.sentences[["doc_id", "sentence_id", "paragraph_id"]], on=["doc_id", "sentence_id"])
    bags = tok.groupby(["doc_id", "paragraph_id"], sort=False)["word"].agg(" ".join).rename("bag").reset_index()
    units = paras.merge(bags, on=["doc_id", "paragraph_id"], how="inner")
    units = units[units["bag"].str.len() > 0].reset_index(drop=True)
    columns = ["topic", "terms", "paragraphs", "share", "top_themes", "top_theme", "top_theme_share",
               "any_theme_share", "covered"] + [f"example_{i}" for i in range(1, examples + 1)]
    if len(units) < 3:
        return pd.DataFrame(columns=columns)
    k = n_topics or int(np.clip(round(np.sqrt(len(units) / 4)), 3, 25))
    k = max(1, min(k, len(units) - 1))
    vectorizer = TfidfVectorizer(tokenizer=str.split, lowercase=False, token_pattern=None,
                                 min_df=2 if len(units) >= 50 else 1, max_df=0.5 if len(units) >= 50 else 1.0,
                                 max_features=20000, sublinear_tf=True)
    x = vectorizer.fit_transform(units["bag"])
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500)
    w = model.fit_transform(x)
    vocab = vectorizer.get_feature_names_out()
    assigned = w.argmax(axis=1)
    rows = []
    for t in range(k):
        members = units[(assigned == t) & (w[:, t] > 0)]
        terms = [str(vocab[i]) for i in model.components_[t].argsort()[::-1][:top_terms]
                 if model.components_[t][i] > 0]
        counts = pd.Series([th for ts in members["themes"] for th in ts], dtype="object").value_counts()
        n = len(members)
        top_theme = str(counts.index[0]) if len(counts) else ""
        top_share = round(float(counts.iloc[0]) / n, 3) if len(counts) and n else 0.0
        any_share = round(float((members["themes"].str.len() > 0).mean()), 3) if n else 0.0
        best = members.assign(weight=w[members.index, t]).nlargest(examples, "weight")
        ex = [f"{r.doc_id}#{r.paragraph_id}: {_snippet(r.text)}" for r in best.itertuples()]
        ex += [""] * (examples - len(ex))
        tops = ", ".join(f"{th} ({c / n:.0%})" for th, c in counts.head(3).items()) if n else ""
        rows.append([t + 1, terms, n, round(n / len(units), 3), tops, top_theme, top_share, any_share,
                     any_share >= covered_at, *ex])
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["paragraphs", "topic"], ascending=[False, True]).reset_index(drop=True)


#: What a cached topic table depends on besides the corpus and the parameters: this code and what it reads.
_CODE = code_digest("topics", "themes", "taxonomy", "matching", "corpus", length=12)


def _cache_path(corpus: Corpus, tax: Taxonomy, names: list[str], params: tuple[Any, ...]) -> Path:
    """Where the topic table of this corpus, taxonomy, names left out and parameters is kept."""
    try:
        sklearn_version = metadata.version("scikit-learn")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        sklearn_version = "none"
    keys = corpus.document_keys()
    doc_ids = corpus.documents["doc_id"].astype(str).tolist()  # the examples name them
    key = digest(_CODE, sklearn_version, tax.fingerprint(), repr(tax.ids), repr(params), repr(sorted(names)),
                 len(keys), *keys, *doc_ids)
    return cache_root(corpus.options.cache_dir) / "topics" / f"{corpus.annotation_folder()}-{key}.parquet"


def _read(path: Path) -> pd.DataFrame | None:
    """A cached topic table, or None; a damaged file is removed (with a CacheWarning) and fitted again."""
    if not path.is_file():
        return None
    try:
        table = pq.read_table(path)
        out = table.to_pandas()
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException) as exc:
        unreadable_not_damaged(path, exc)
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        warnings.warn(CacheWarning(f"{path}: damaged cache file ({reason}); removed, the topics are fitted "
                                   "again"), stacklevel=3)
        path.unlink(missing_ok=True)
        return None
    out["terms"] = [[str(t) for t in terms] for terms in out["terms"]]
    return out


def _write(out: pd.DataFrame, path: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only cache: fitted again next time
        write_parquet(out, path)


def _snippet(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
