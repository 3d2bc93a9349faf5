"""The errors the kit raises for bad input, so the command line can report them in one line."""

from __future__ import annotations

from lavrovkit.actors import ActorsError
from lavrovkit.annotate import ModelNotFoundError
from lavrovkit.corpus import SpeakerError
from lavrovkit.files import OutputFormatError
from lavrovkit.load import CorpusError
from lavrovkit.phrasing import PhraseError
from lavrovkit.reports import ReportError
from lavrovkit.themes import TaxonomyError

#: Errors caused by the user's input or set-up (not bugs): reported as ``lavrovkit: error: ...``.
USER_ERRORS: tuple[type[Exception], ...] = (
    CorpusError, ActorsError, ModelNotFoundError, SpeakerError, ReportError, OutputFormatError, TaxonomyError,
    PhraseError, FileNotFoundError,
)
