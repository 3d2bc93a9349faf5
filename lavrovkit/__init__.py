"""lavrovkit: a research kit for how Sergey Lavrov speaks about Russia-US relations.

Start with :func:`load_corpus`; every table is a pandas DataFrame.

>>> import lavrovkit as lk
>>> corpus = lk.load_corpus()            # the bundled seeds  # doctest: +SKIP
>>> corpus.own_words().head()            # Lavrov's own sentences  # doctest: +SKIP
"""

from __future__ import annotations

from lavrovkit.corpus import (  # noqa: E402
    Corpus,
    choose_speaker,
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
from lavrovkit.phrasing import (  # noqa: E402
    collocations,
    keyness,
    kwic,
    load_phrasebook,
    ngrams,
    phrase_hits,
    phrase_span,
    phrase_trend,
    phrases_new,
)
from lavrovkit.themes import (  # noqa: E402
    load_taxonomy,
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
]
