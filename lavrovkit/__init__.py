"""lavrovkit: a research kit for how Sergey Lavrov speaks about Russia-US relations.

Start with :func:`corpus_load` (or, in a notebook, :func:`study_setup`); every
table is a pandas DataFrame. Everything a notebook needs is exported here, named
noun first, then verb or statistic (``corpus_load``, ``theme_shares``,
``phrase_trend``); ``lk.plots`` holds the figures. ``speaker`` means the same in
every helper: ``"auto"`` (the default) is Sergey Lavrov where he speaks and all
text where he never does, ``"all"`` or ``None`` all text, any name that person.

>>> import lavrovkit as lk
>>> corpus = lk.corpus_load()                 # the bundled seeds
>>> len(corpus), corpus.own_words()["speaker"].unique().tolist()
(5, ['Sergey Lavrov'])
"""

from __future__ import annotations

import importlib
import warnings

from lavrovkit.actors import actors_load
from lavrovkit.compat import RENAMED
from lavrovkit.corpus import (
    Corpus,
    content_words,
    corpus_load,
    date_label,
    document_labels,
    speaker_share,
    speaker_shares,
    word_counts,
)
from lavrovkit.counterparts import (
    comention_network,
    counterpart_themes,
    counterparts,
    interactions,
    person_mentions,
)
from lavrovkit.display import evidence_html, table_html
from lavrovkit.duplicates import duplicate_ids, duplicates_drop, duplicates_find
from lavrovkit.embed import (
    Embeddings,
    corpus_embeddings,
    embed_query,
    embed_texts,
    embedders,
    register_embedder,
)
from lavrovkit.errors import (
    ActorsError,
    CacheError,
    CacheWarning,
    CatalogError,
    CorpusError,
    CorpusWarning,
    LanguageMixWarning,
    LavrovkitError,
    LavrovkitWarning,
    LexiconError,
    ModelNotFoundError,
    OutputFormatError,
    ParameterError,
    PhraseError,
    ReportError,
    SmallBaseWarning,
    SpeakerError,
    TaxonomyError,
    ThemeModelError,
    ThemeModelWarning,
    TranslationWarning,
)
from lavrovkit.evaluate import theme_quality
from lavrovkit.explore import Explorer
from lavrovkit.housekeeping import cache_info, cache_prune
from lavrovkit.keywords import collocations, keyness, ngrams, phrase_novelty
from lavrovkit.phrasing import (
    kwic,
    period_words,
    phrase_dispersion,
    phrase_hits,
    phrase_span,
    phrase_trend,
    phrasebook_load,
)
from lavrovkit.selection import (
    GRAINS,
    check_grain,
    date_range,
    grain_auto,
    grain_fit,
    grain_resolve,
    language_mix,
    language_scope,
    period_of,
    periods_auto,
    periods_split,
    speaker_scope,
)
from lavrovkit.similar import similar
from lavrovkit.stats import (
    MIN_DOCUMENTS,
    MIN_KEYNESS_WORDS,
    MIN_SENTENCES,
    MIN_WORDS,
    interval_columns,
    log_ratio_interval,
    proportion_interval,
    rate_interval,
)
from lavrovkit.study import Study, study_init, study_setup
from lavrovkit.taxonomy import Taxonomy, taxonomy_load
from lavrovkit.theme_model import ThemeModel, theme_model_fit, theme_model_load
from lavrovkit.themes import (
    theme_cooccurrence,
    theme_docs,
    theme_evidence,
    theme_hits,
    theme_paragraphs,
    theme_prevalence,
    theme_sentences,
    theme_shares,
)
from lavrovkit.tone import lexicon_load, tone_groups, tone_index, tone_interval, tone_sentences
from lavrovkit.topic_model import (
    TopicModel,
    topic_central,
    topic_documents,
    topic_model,
    topic_prevalence,
    topic_summary,
)
from lavrovkit.topics import topic_discovery
from lavrovkit.translations import (
    phrase_trend_languages,
    translation_pairs,
    translation_sentences,
    translation_terms,
)
from lavrovkit.version import __version__

#: Modules reached as attributes (``lk.plots``), imported on first use (matplotlib is slow to import).
_LAZY = ("plots",)
#: Names before the noun-first scheme: still answered, with a DeprecationWarning naming the new one.
OLD_NAMES = {**RENAMED, "choose_speaker": "speaker_scope"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return importlib.import_module(f"lavrovkit.{name}")
    if name in OLD_NAMES:
        new = OLD_NAMES[name]
        warnings.warn(f"lavrovkit.{name} is now lavrovkit.{new}", DeprecationWarning, stacklevel=2)
        if name == "choose_speaker":  # it returned "all" where speaker_scope returns None
            from lavrovkit.speakers import choose_speaker

            return choose_speaker
        return globals()[new]
    raise AttributeError(f"module 'lavrovkit' has no attribute {name!r}")


__all__ = [
    "__version__",
    # corpus
    "Corpus", "corpus_load", "content_words", "date_label", "document_labels", "speaker_share", "speaker_shares", "word_counts",
    "duplicates_find", "duplicates_drop", "duplicate_ids",
    # which text: grains, periods, speaker
    "GRAINS", "check_grain", "grain_auto", "grain_resolve", "grain_fit", "date_range", "period_of", "periods_auto", "periods_split", "period_words", "speaker_scope", "language_scope", "language_mix",
    # themes
    "Taxonomy", "taxonomy_load", "theme_hits", "theme_sentences", "theme_paragraphs", "theme_shares", "theme_docs",
    "theme_prevalence", "theme_cooccurrence", "theme_evidence", "topic_discovery",
    "ThemeModel", "theme_model_fit", "theme_model_load", "theme_quality",
    # the semantic layer
    "Embeddings", "corpus_embeddings", "embed_texts", "embed_query", "embedders", "register_embedder",
    "similar",
    "TopicModel", "topic_model", "topic_prevalence", "topic_documents", "topic_central",
    "topic_summary",
    # counterparts
    "actors_load", "person_mentions", "counterparts", "interactions", "counterpart_themes", "comention_network",
    # phrasing and tone
    "phrasebook_load", "phrase_hits", "phrase_dispersion", "phrase_trend", "phrase_span", "phrase_novelty", "kwic", "ngrams", "keyness",
    "collocations", "lexicon_load", "tone_sentences", "tone_groups", "tone_index", "tone_interval",
    # original and translation
    "translation_pairs", "translation_sentences", "translation_terms", "phrase_trend_languages",
    # intervals and minimum bases
    "proportion_interval", "rate_interval", "log_ratio_interval", "interval_columns", "MIN_WORDS",
    "MIN_KEYNESS_WORDS", "MIN_SENTENCES", "MIN_DOCUMENTS",
    # notebooks and reports
    "Study", "study_setup", "study_init", "Explorer", "table_html", "evidence_html", "plots",
    # the cache
    "cache_info", "cache_prune",
    # errors and warnings
    "LavrovkitError", "ActorsError", "CacheError", "CatalogError", "CorpusError", "LexiconError", "ModelNotFoundError",
    "OutputFormatError", "ParameterError", "PhraseError", "ReportError", "SpeakerError", "TaxonomyError",
    "ThemeModelError", "LavrovkitWarning", "CacheWarning", "CorpusWarning", "SmallBaseWarning", "ThemeModelWarning",
    "LanguageMixWarning",
    "TranslationWarning",
]
