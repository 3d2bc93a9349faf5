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
then finds it). :mod:`lavrovkit.lang.ru` defines the names Russian texts need
(turn labels, reporting verbs, institutions, months, site furniture), and the
modules above choose the word lists by a document's language.

>>> language("en").MONTHS["sept"]
9
>>> sorted(n for n in LANGUAGES)
['en', 'ru']
>>> detect("Министр иностранных дел России Сергей Лавров заявил"), detect("Lavrov said on Monday")
('ru', 'en')
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from lavrovkit.errors import ParameterError

#: Language codes with a module here.
LANGUAGES = ("en", "ru")
#: The language of a text whose letters say nothing (no letters at all).
DEFAULT_LANGUAGE = "en"
#: A text is Russian when at least this share of its letters is Cyrillic.
CYRILLIC_SHARE = 0.5
#: How much of a text the detector reads (the share of scripts settles long before).
DETECT_CHARS = 20_000
#: Names a catalog may give a language by -> the code (lower-case).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "en", "eng": "en", "english": "en", "англ": "en", "английский": "en",
    "ru": "ru", "rus": "ru", "russian": "ru", "рус": "ru", "русский": "ru",
}

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]")


def detect(text: str) -> str:
    """Which of the kit's languages is ``text`` written in? ``"ru"`` when at least :data:`CYRILLIC_SHARE` of
    its letters (in the first :data:`DETECT_CHARS` characters) are Cyrillic, else ``"en"``.

    The kit reads two languages, written in two scripts, so the script decides: it is exact, needs no model,
    and an English report quoting a Russian phrase stays English. A Ukrainian or Belarusian text is called
    Russian; a catalog's ``lang`` column overrides the guess.

    >>> detect("«Наши американские партнёры», — сказал Лавров."), detect("He said «нет».")
    ('ru', 'en')
    """
    sample = text[:DETECT_CHARS]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return DEFAULT_LANGUAGE
    return "ru" if len(_CYRILLIC.findall(sample)) / letters >= CYRILLIC_SHARE else "en"


def language_code(value: object) -> str | None:
    """The language code a catalog's value names (``"Russian"``, ``"RU"``, ``"русский"`` -> ``"ru"``), or
    None for a blank value.

    >>> language_code("Russian"), language_code(" EN "), language_code("")
    ('ru', 'en', None)
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    name = str(value).strip().lower()
    if not name:
        return None
    code = LANGUAGE_NAMES.get(name) or LANGUAGE_NAMES.get(name.split("-")[0].split("_")[0])
    if code is None:
        raise ParameterError(f"language {value!r}: not one the kit reads; give one of {', '.join(LANGUAGES)} "
                             f"(or a name: {', '.join(sorted(LANGUAGE_NAMES))})")
    return code


def language(code: str = "en") -> ModuleType:
    """The module holding the word lists of language ``code`` (``"en"``, ...).

    >>> "question" in language("en").GENERIC_LABELS
    True
    """
    if code not in LANGUAGES:
        raise ParameterError(f"language {code!r}: no lavrovkit/lang/{code}.py; known: {', '.join(LANGUAGES)}")
    return importlib.import_module(f"lavrovkit.lang.{code}")
