"""Matching: the pieces every matcher of the kit shares — one blank English pipeline and the dash/quote folding.

Phrases (:mod:`lavrovkit.phrasing`), taxonomy rules (:mod:`lavrovkit.taxonomy`)
and the tone lexicon are tokenised like the corpus by spaCy's English tokenizer,
without a model: :func:`blank_nlp` builds that pipeline once per process.
:func:`word_tokens` remembers what it split, across processes, in the cache
(keyed by spaCy's version and this module's code), so a query whose phrases
were split before answers without importing spaCy.

>>> [t.text for t in blank_nlp()("Russian-US talks")]
['Russian', '-', 'US', 'talks']
>>> word_tokens("Russian-US talks")
['Russian', '-', 'US', 'talks']
>>> "Russia’s – role".translate(MATCH_FORMS)
"Russia's - role"
"""

from __future__ import annotations

import contextlib
import functools
import json
from importlib import metadata
from pathlib import Path
from typing import Any

#: Dash and apostrophe variants read as their ASCII form when matching (evidence keeps the original).
MATCH_FORMS = str.maketrans({"–": "-", "—": "-", "‑": "-", "’": "'", "‘": "'"})
#: The most texts the tokenization file keeps (the first ones split are kept).
TOKENS_KEPT = 20_000


@functools.lru_cache(maxsize=1)
def blank_nlp() -> Any:
    """spaCy's blank English pipeline (tokenizer and vocabulary only), built once per process."""
    import spacy

    return spacy.blank("en")


def word_tokens(text: str) -> list[str]:
    """The tokens (spaces left out) spaCy's blank English tokenizer splits ``text`` into, as written.

    Exactly ``[t.text for t in blank_nlp()(text) if not t.is_space]``; texts split before, in this
    process or an earlier one, are read from ``<cache>/phrase_index/tokens-<spaCy version>-<code>.json``.
    """
    known = _known()
    toks = known.get(text)
    if toks is None:
        toks = [t.text for t in blank_nlp().tokenizer(text) if not t.is_space]
        known[text] = toks
        _remember(text, toks)
    return list(toks)


def _tokens_path() -> Path:
    from lavrovkit.cache import cache_root, code_digest

    try:
        version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        version = "none"
    return cache_root() / "phrase_index" / f"tokens-{version}-{code_digest('matching', length=12)}.json"


@functools.lru_cache(maxsize=1)
def _known() -> dict[str, list[str]]:
    """The texts split in earlier processes (an unreadable file is ignored: it is written again)."""
    try:
        data = json.loads(_tokens_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list) and all(isinstance(t, str) for t in v)}


def _remember(text: str, toks: list[str]) -> None:
    """Add one split to the tokenization file (merged with what other processes wrote meanwhile)."""
    from lavrovkit.files import atomic_write_text

    path = _tokens_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    if len(data) >= TOKENS_KEPT:
        return
    data[text] = toks
    with contextlib.suppress(OSError):  # a read-only cache: splitting again next time is all it costs
        atomic_write_text(path, json.dumps(data, ensure_ascii=False))


__all__ = ["MATCH_FORMS", "blank_nlp", "word_tokens"]
