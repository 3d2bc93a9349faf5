"""Every error and warning the kit raises on purpose, in one family.

Catch :class:`LavrovkitError` to catch any of them; the command line prints each as one
line (``lavrovkit: error: ...``) and exits 2. Each class also derives from the built-in
exception it refines (``ValueError`` mostly), so older ``except ValueError`` code still works.

>>> import lavrovkit as lk
>>> issubclass(lk.TaxonomyError, lk.LavrovkitError)
True
>>> try:
...     lk.taxonomy_load("no/such/themes.yaml")
... except lk.LavrovkitError as exc:
...     print(type(exc).__name__)
TaxonomyError
"""

from __future__ import annotations


class LavrovkitError(Exception):
    """The base of every error the kit raises for bad input or set-up (never a bug)."""


class CorpusError(LavrovkitError, ValueError):
    """Input that can't be read as a corpus; the message names the file (and the row)."""


class CatalogError(CorpusError):
    """A catalog or metadata table that can't be used; the message names the file and row."""


class CacheError(LavrovkitError, RuntimeError):
    """A cache file that can't be read or healed; the message names the file to clear."""


class ParameterError(LavrovkitError, ValueError):
    """An argument value no helper accepts (time grain, level, filter column, threshold)."""


class SpeakerError(ParameterError):
    """A speaker filter that names nobody in the corpus."""


class TaxonomyError(LavrovkitError, ValueError):
    """A taxonomy file that can't be used; the message names the file, the theme and the rule."""


class ThemeModelError(TaxonomyError):
    """A theme model file that can't be used (another embedder or taxonomy, damaged): the message names the file."""


class ActorsError(LavrovkitError, ValueError):
    """A malformed actors file: the message names the file and the entry."""


class PhraseError(LavrovkitError, ValueError):
    """A phrase query or phrasebook that can't be used (empty phrase, unknown family, bad period)."""


class LexiconError(LavrovkitError, ValueError):
    """A tone lexicon that can't be used; the message names the file and the key."""


class ReportError(LavrovkitError, ValueError):
    """A report request that can't be run (unknown notebook, bad parameter, unusable output)."""


class OutputFormatError(LavrovkitError, ValueError):
    """An output file whose extension names no format the kit writes."""


class ModelNotFoundError(LavrovkitError, RuntimeError):
    """No spaCy English pipeline could be loaded."""


class LavrovkitWarning(UserWarning):
    """The base of the kit's warnings: something was skipped, repaired or guessed, and said so."""


class CorpusWarning(LavrovkitWarning):
    """A file or row skipped or repaired while reading a corpus (also listed in ``skipped``)."""


class CacheWarning(LavrovkitWarning):
    """A damaged cache file that was dropped and recomputed."""


class ThemeModelWarning(LavrovkitWarning):
    """Themes asked of the rules and a model when no model fits the taxonomy: the rules' tags alone."""


class SmallBaseWarning(LavrovkitWarning):
    """A figure resting on too few words, sentences or documents to read (see :mod:`lavrovkit.stats`)."""


class LanguageMixWarning(LavrovkitWarning):
    """A comparison whose two sides hold different languages (a Russian period against an English one): its
    differences are the languages' as much as the sides'; keep one language (``lang=``, ``--lang``)."""


class TranslationWarning(LavrovkitWarning):
    """A catalog translation link that can't be used (an unknown doc_id, two documents of one language), or a
    language left out of a comparison (see :mod:`lavrovkit.translations`); the message names it."""


__all__ = [
    "ActorsError", "CacheError", "CacheWarning", "CatalogError", "CorpusError", "CorpusWarning",
    "LavrovkitError", "LavrovkitWarning", "LexiconError", "ModelNotFoundError", "OutputFormatError", "ParameterError",
    "PhraseError", "ReportError", "SmallBaseWarning", "SpeakerError", "TaxonomyError",
    "ThemeModelError", "ThemeModelWarning", "TranslationWarning",
]
