"""Matching: the pieces every matcher of the kit shares — one blank English pipeline and the dash/quote folding.

Phrases (:mod:`lavrovkit.phrasing`), taxonomy rules (:mod:`lavrovkit.taxonomy`)
and the tone lexicon are tokenised like the corpus by spaCy's English tokenizer,
without a model: :func:`blank_nlp` builds that pipeline once per process.

>>> [t.text for t in blank_nlp()("Russian-US talks")]
['Russian', '-', 'US', 'talks']
>>> "Russia’s – role".translate(MATCH_FORMS)
"Russia's - role"
"""

from __future__ import annotations

import functools
from typing import Any

#: Dash and apostrophe variants read as their ASCII form when matching (evidence keeps the original).
MATCH_FORMS = str.maketrans({"–": "-", "—": "-", "‑": "-", "’": "'", "‘": "'"})


@functools.lru_cache(maxsize=1)
def blank_nlp() -> Any:
    """spaCy's blank English pipeline (tokenizer and vocabulary only), built once per process."""
    import spacy

    return spacy.blank("en")
