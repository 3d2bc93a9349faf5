"""Old names that still answer: each module that lost a name to the noun-first scheme keeps it, with a
DeprecationWarning naming the new one.

>>> import warnings
>>> from lavrovkit import corpus
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     old = corpus.load_corpus
>>> old is corpus.corpus_load, str(caught[0].message)
(True, 'lavrovkit.corpus.load_corpus is now lavrovkit.corpus_load')
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping

#: Every old name and its new one (all exported by ``lavrovkit``).
RENAMED = {
    "load_corpus": "corpus_load", "load_taxonomy": "taxonomy_load", "load_actors": "actors_load",
    "load_phrasebook": "phrasebook_load", "load_lexicon": "lexicon_load", "words_by": "word_counts",
    "find_duplicates": "duplicates_find", "without_duplicates": "duplicates_drop", "phrases_new": "phrase_novelty",
    "words_per_period": "period_words", "auto_periods": "periods_auto", "split_periods": "periods_split",
    "tone_by": "tone_groups", "display_table": "table_html", "evidence_table": "evidence_html",
}


def old_names(module: str, names: Mapping[str, str] | None = None) -> Callable[[str], object]:
    """A module ``__getattr__`` answering the old ``names`` (default: all of :data:`RENAMED`)."""
    table = dict(RENAMED if names is None else names)

    def __getattr__(name: str) -> object:
        if name not in table:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        new = table[name]
        warnings.warn(f"{module}.{name} is now lavrovkit.{new}", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module("lavrovkit"), new)

    return __getattr__
