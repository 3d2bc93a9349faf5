"""Matching: the pieces every matcher of the kit shares — one blank pipeline per language and the dash/quote folding.

Phrases (:mod:`lavrovkit.phrasing`), taxonomy rules (:mod:`lavrovkit.taxonomy`)
and the tone lexicon are tokenised like the corpus by spaCy's English tokenizer,
without a model: :func:`blank_nlp` builds that pipeline once per process.
Russian patterns are tokenised like Russian texts, by the Russian pipeline's
tokenizer (razdel's tokens, :mod:`lavrovkit.lang.ru_nlp`): ``blank_nlp("ru")``,
``word_tokens(text, "ru")``. A Russian lemma pattern's words are written as the
pipeline writes lemmas: lower case, ``ё`` as ``е`` (:func:`lavrovkit.lang.ru_nlp.normal_lemma`).
:func:`word_tokens` remembers what it split, across processes, in the cache
(keyed by spaCy's version and this module's code), so a query whose phrases
were split before answers without importing spaCy.

>>> [t.text for t in blank_nlp()("Russian-US talks")]
['Russian', '-', 'US', 'talks']
>>> word_tokens("Russian-US talks")
['Russian', '-', 'US', 'talks']
>>> word_tokens("российско-американский диалог, т.е. переговоры", "ru")
['российско-американский', 'диалог', ',', 'т', '.', 'е', '.', 'переговоры']
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


@functools.lru_cache(maxsize=4)
def blank_nlp(lang: str = "en") -> Any:
    """The blank pipeline (tokenizer and vocabulary only) that tokenises ``lang``'s texts as the corpus's are,
    built once per process: spaCy's blank English pipeline, or for Russian ``spacy.blank("ru")`` with the
    Russian pipeline's razdel tokenizer (:func:`lavrovkit.lang.ru_nlp.blank`).

    >>> [t.text for t in blank_nlp("ru")("США-Россия")]
    ['США-Россия']
    """
    if lang == "ru":
        from lavrovkit.lang import ru_nlp

        return ru_nlp.blank()
    if lang != "en":
        from lavrovkit.errors import ParameterError

        raise ParameterError(f"no tokenizer for language {lang!r}: en or ru")
    import spacy

    return spacy.blank("en")


def word_tokens(text: str, lang: str = "en") -> list[str]:
    """The tokens (spaces left out) ``lang``'s blank tokenizer (:func:`blank_nlp`) splits ``text`` into, as written.

    Exactly ``[t.text for t in blank_nlp(lang)(text) if not t.is_space]``; texts split before, in this
    process or an earlier one, are read from ``<cache>/phrase_index/tokens-<spaCy version>-<code>.json``
    (``tokens-ru-<razdel version>-<code>.json`` for Russian).
    """
    known = _known(lang)
    toks = known.get(text)
    if toks is None:
        toks = [t.text for t in blank_nlp(lang).tokenizer(text) if not t.is_space]
        known[text] = toks
        _remember(text, toks, lang)
    return list(toks)


def _tokens_path(lang: str = "en") -> Path:
    from lavrovkit.cache import cache_root, code_digest

    if lang != "en":
        package, code = "razdel", code_digest("matching", "lang/ru_nlp.py", length=12)
    else:
        package, code = "spacy", code_digest("matching", length=12)
    try:
        version = metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        version = "none"
    prefix = "tokens" if lang == "en" else f"tokens-{lang}"
    return cache_root() / "phrase_index" / f"{prefix}-{version}-{code}.json"


@functools.lru_cache(maxsize=4)
def _known(lang: str = "en") -> dict[str, list[str]]:
    """The texts split in earlier processes (an unreadable file is ignored: it is written again)."""
    try:
        data = json.loads(_tokens_path(lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list) and all(isinstance(t, str) for t in v)}


def _remember(text: str, toks: list[str], lang: str = "en") -> None:
    """Add one split to the tokenization file (merged with what other processes wrote meanwhile)."""
    from lavrovkit.files import atomic_write_text

    path = _tokens_path(lang)
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
