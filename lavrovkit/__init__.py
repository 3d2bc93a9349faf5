"""lavrovkit: a research kit for how Sergey Lavrov speaks about Russia-US relations.

Start with :func:`load_corpus` (or, in a notebook, :func:`study_setup`); every table
is a pandas DataFrame. Everything a notebook needs is exported here; ``lk.plots``
holds the figures.

>>> import lavrovkit as lk
>>> corpus = lk.load_corpus()                 # the bundled seeds
>>> len(corpus), corpus.own_words()["speaker"].unique().tolist()
(5, ['Sergey Lavrov'])
"""

from __future__ import annotations

from lavrovkit.actors import load_actors  # noqa: E402
from lavrovkit.corpus import (  # noqa: E402
    Corpus,
    choose_speaker,
    content_words,
    date_label,
    load_corpus,
    speaker_share,
    speaker_shares,
    words_by,
)
from lavrovkit.counterparts import (  # noqa: E402
    comention_network,
    counterpart_themes,
    counterparts,
    interactions,
    person_mentions,
)
from lavrovkit.display import display_table, evidence_table  # noqa: E402
from lavrovkit.duplicates import duplicate_ids, find_duplicates, without_duplicates  # noqa: E402
from lavrovkit.errors import (  # noqa: E402
    ActorsError,
    CacheError,
    CacheWarning,
    CatalogError,
    CorpusError,
    CorpusWarning,
    LavrovkitError,
    LavrovkitWarning,
    ModelNotFoundError,
    OutputFormatError,
    ParameterError,
    PhraseError,
    ReportError,
    SpeakerError,
    TaxonomyError,
)
from lavrovkit.explore import Explorer  # noqa: E402
from lavrovkit.phrasing import (  # noqa: E402  # noqa: E402
    auto_periods,
    collocations,
    keyness,
    kwic,
    load_phrasebook,
    ngrams,
    phrase_hits,
    phrase_span,
    phrase_trend,
    phrases_new,
    split_periods,
    words_per_period,
)
from lavrovkit.study import Study, study_init, study_setup  # noqa: E402
from lavrovkit.themes import (  # noqa: E402
    load_taxonomy,
    period_of,  # noqa: E402
    theme_cooccurrence,
    theme_docs,
    theme_evidence,
    theme_hits,
    theme_paragraphs,
    theme_prevalence,
    theme_sentences,
    theme_shares,
    topic_discovery,
)
from lavrovkit.tone import tone_by, tone_sentences  # noqa: E402
from lavrovkit.version import __version__

#: Modules reached as attributes (``lk.plots``), imported on first use (matplotlib is slow to import).
_LAZY = ("plots",)


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return importlib.import_module(f"lavrovkit.{name}")
    raise AttributeError(f"module 'lavrovkit' has no attribute {name!r}")
__all__ = [
    "Corpus", "__version__", "comention_network", "counterpart_themes", "counterparts", "interactions",
    "person_mentions", "display_table", "load_corpus", "choose_speaker", "load_taxonomy", "speaker_share", "theme_cooccurrence",
    "theme_docs", "theme_evidence", "theme_hits", "theme_paragraphs", "theme_prevalence", "theme_sentences",
    "theme_shares", "topic_discovery", "words_by", "collocations", "keyness", "kwic", "load_phrasebook", "ngrams",
    "phrase_hits", "phrase_span", "phrase_trend", "phrases_new", "tone_by", "tone_sentences", "speaker_shares",
    "find_duplicates", "duplicate_ids", "without_duplicates", "evidence_table",
    "ActorsError", "CacheError", "CacheWarning", "CatalogError", "CorpusError", "CorpusWarning",
    "LavrovkitError", "LavrovkitWarning", "ModelNotFoundError", "OutputFormatError", "ParameterError",
    "PhraseError", "ReportError", "SpeakerError", "TaxonomyError",
    "content_words", "date_label", "load_actors", "Explorer", "auto_periods", "split_periods", "words_per_period",
    "period_of", "Study", "study_init", "study_setup", "plots",
]
