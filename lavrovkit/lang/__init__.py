"""Language data: the words the text layer reads texts with, one module per language.

As in spaCy's ``spacy/lang/<code>/``, everything language-specific that
cleaning, metadata guessing, turn labels, quotations and speaker attribution
rely on lives here, once: turn-label words (:data:`~lavrovkit.lang.en.GENERIC_LABELS`,
:data:`~lavrovkit.lang.en.NON_SPEAKER_LABELS`, ...), role words, given names,
honorifics, reporting verbs, institutions that speak, month and weekday names,
web-furniture phrases, function words and the English lexicon. The modules
that use them (:mod:`lavrovkit.labels`, :mod:`lavrovkit.segment`,
:mod:`lavrovkit.chrome`, :mod:`lavrovkit.wrap`, :mod:`lavrovkit.mojibake`,
:mod:`lavrovkit.meta`) import them from here and keep no copies.

Adding a language later is one new module ``lavrovkit/lang/<code>.py`` that
defines the same names as :mod:`lavrovkit.lang.en` (``language("<code>")``
then finds it). :mod:`lavrovkit.lang.ru` so far holds only what English
texts borrow from Russian (month names in the genitive, as Russian datelines
write them).

>>> language("en").MONTHS["sept"]
9
>>> sorted(n for n in LANGUAGES)
['en', 'ru']
"""

from __future__ import annotations

import importlib
from types import ModuleType

from lavrovkit.errors import ParameterError

#: Language codes with a module here.
LANGUAGES = ("en", "ru")


def language(code: str = "en") -> ModuleType:
    """The module holding the word lists of language ``code`` (``"en"``, ...).

    >>> "question" in language("en").GENERIC_LABELS
    True
    """
    if code not in LANGUAGES:
        raise ParameterError(f"language {code!r}: no lavrovkit/lang/{code}.py; known: {', '.join(LANGUAGES)}")
    return importlib.import_module(f"lavrovkit.lang.{code}")
