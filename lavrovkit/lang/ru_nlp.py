"""The Russian annotation pipeline: spaCy components built from natasha's bundled models, offline.

spaCy's Russian models are not installable here, so the kit assembles its own
pipeline on ``spacy.blank("ru")`` from what the ``natasha`` wheel bundles (the
navec news embeddings, slovnet's morphology and NER models) and pymorphy3's
dictionaries. Nothing is fetched: the model files are read from the installed
``natasha`` package (``natasha/data/emb``, ``natasha/data/model``).

The pipeline (:func:`build`) has the component names the kit's annotation tiers
expect (:meth:`lavrovkit.model.ModelSpec.tier_components`):

- the tokenizer, :class:`RazdelTokenizer`: razdel's tokens (what natasha's
  models were trained on), whitespace kept as spaCy keeps it (one trailing
  space on a token, any other run of whitespace a token of its own);
- ``senter`` (factory ``lavrovkit_ru_senter``): razdel's sentences, mended the
  way news text needs (:func:`sentence_spans`): an agency marker such as
  ``/ТАСС/.`` closes the dateline sentence instead of standing alone;
- ``morphologizer`` (``lavrovkit_ru_morph``): slovnet's morphology tagger sets
  ``pos_`` (Universal Dependencies), ``tag_`` (the same POS) and ``morph``
  (its features), sentence by sentence, batched over ``nlp.pipe``;
- ``lemmatizer`` (``lavrovkit_ru_lemmatizer``): pymorphy3's normal form of the
  analysis that best agrees with slovnet's tags (natasha's own rule, see
  :func:`lemma_of`). Lemmas are lower case with ``ё`` written ``е`` (natasha's
  convention; :func:`normal_lemma` folds a pattern's word the same way), except
  proper nouns, which keep a capital (``Лавровым`` → ``Лавров``; ``США`` stays
  ``США``), as spaCy's English lemmatizer keeps "Lavrov";
- ``ner`` (``lavrovkit_ru_ner``): slovnet's NER per sentence, labels mapped to
  the English pipeline's (:data:`LABELS`: PER → PERSON, LOC → GPE, ORG → ORG).
  Slovnet's LOC is mostly countries and cities, which the English model calls
  GPE; the kit's readers of entities (counterparts, events) take GPE and LOC alike.
  A person's initials glued to the surname belong to the name ("Дж.Байдену");
- ``parser`` (``lavrovkit_ru_parser``), only when asked for: slovnet's dependency
  parse as spaCy heads and labels (:class:`DependencyParser`). Not one of
  :data:`COMPONENTS`: no annotation tier runs it; :mod:`lavrovkit.events` parses
  its candidate sentences with it, as it runs spaCy's English parser on English ones.

The slovnet models read sentences in batches of like lengths with BLAS on one
thread (:func:`_map_by_length`), answers that do not depend on the batch.
The pipeline's version (:func:`version`) digests the versions of natasha,
slovnet, navec, razdel, pymorphy3 and its dictionaries, and this module's
code: a new model or rule re-keys the Russian cache folders, and only them
(the English folders' span-rules digest leaves ``lang/*_nlp.py`` out).

Every component reads the same sentences (:func:`sentence_spans` of the text),
whether or not ``senter`` ran, so each annotation tier gives the same answer
computed alone or with the others.

>>> nlp = build()
>>> doc = nlp("Сергей Лавров провёл переговоры с Марко Рубио.")
>>> [t.lemma_ for t in doc][:4]
['Сергей', 'Лавров', 'провести', 'переговоры']
>>> [(e.text, e.label_) for e in doc.ents]
[('Сергей Лавров', 'PERSON'), ('Марко Рубио', 'PERSON')]
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lavrovkit.errors import ModelNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

#: The pipeline's name (``<lang>_<name>``, as spaCy's packaged pipelines are named in a cache folder).
NAME = "ru_lavrovkit_natasha"
#: The pipeline's components, in order (the annotation tiers' components: the parser is not one of them).
COMPONENTS = ("senter", "morphologizer", "lemmatizer", "ner")
#: The dependency parser (slovnet's syntax model): built only when asked for (:func:`build`), for the
#: candidate sentences of :func:`lavrovkit.events.interactions`, never part of a cached annotation tier.
PARSER = "parser"
#: Every component :func:`build` can add, in order.
ALL_COMPONENTS = (*COMPONENTS, PARSER)
#: Slovnet's entity labels → the English pipeline's.
LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
#: The packages whose versions name the pipeline's version (a new version of any re-keys the cache).
PACKAGES = ("natasha", "slovnet", "navec", "razdel", "pymorphy3", "pymorphy3-dicts-ru")
#: Sentences handed to a slovnet model at once.
SLOVNET_BATCH = 64
#: Longest sentence slovnet reads in one piece, in tokens (longer runs are read in pieces of this size).
MAX_TOKENS = 256

#: An agency marker sentence: "/ТАСС/.", "/ИТАР-ТАСС/", "/Интерфакс/." (razdel makes it a sentence of its own).
AGENCY_SENTENCE = re.compile(r"^/[^\W\d_][\w .-]{0,40}/\.?$")

#: The most words a place name before a dateline's date has ("Москва." "20 апреля." is one sentence).
DATELINE_PLACE_WORDS = 3

_MODEL_FILES = {
    "emb": ("emb", "navec_news_v1_1B_250K_300d_100q.tar"),
    "morph": ("model", "slovnet_morph_news_v1.tar"),
    "ner": ("model", "slovnet_ner_news_v1.tar"),
    "syntax": ("model", "slovnet_syntax_news_v1.tar"),
}


def available() -> bool:
    """Are natasha's models, slovnet, razdel and pymorphy3 installed here (no import, no loading)?

    >>> available()
    True
    """
    return all(importlib.util.find_spec(p) is not None for p in ("natasha", "slovnet", "navec", "razdel", "pymorphy3"))


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The pipeline's version: natasha's, and a digest of every model package's version and this module's code.

    >>> version().startswith(metadata.version("natasha") + "-")
    True
    """
    from lavrovkit.cache import code_digest, hexdigest

    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    code = code_digest(str(Path(__file__)), length=12)
    return f"{_version_of('natasha')}-{hexdigest(','.join(versions) + ',' + str(code), 8, 'sha1')}"


def _version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def model_file(kind: str) -> Path:
    """The bundled model file of ``kind`` (``emb``, ``morph``, ``ner``, ``syntax``) in the installed natasha package."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFoundError("The Russian pipeline needs the natasha package (pip install natasha)")
    folder, name = _MODEL_FILES[kind]
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / folder / name
    if not path.is_file():
        raise ModelNotFoundError(f"natasha's bundled model {path} is missing: reinstall natasha")
    return path


# --------------------------------------------------------------------------- tokens and sentences


class RazdelTokenizer:
    """A spaCy tokenizer that splits as razdel does; whitespace tokens follow spaCy's convention.

    >>> from spacy.vocab import Vocab
    >>> tok = RazdelTokenizer(Vocab())
    >>> [t.text for t in tok("С.В.Лавров:  «Да».")]
    ['С', '.', 'В', '.', 'Лавров', ':', ' ', '«', 'Да', '»', '.']
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        words, spaces = tokens_of(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # spaCy asks a tokenizer to serialise itself with the pipeline; this one has no state
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **__: Any) -> RazdelTokenizer:
        return self

    def to_disk(self, _path: Any, **__: Any) -> None:
        return None

    def from_disk(self, _path: Any, **__: Any) -> RazdelTokenizer:
        return self


def tokens_of(text: str) -> tuple[list[str], list[bool]]:
    """razdel's tokens of ``text`` as spaCy ``words`` and ``spaces``: a token followed by one space has
    ``spaces`` True; any other whitespace (a newline, a second space) is a token of its own.

    >>> tokens_of("Да,  нет")
    (['Да', ',', ' ', 'нет'], [False, True, False, False])
    """
    from razdel import tokenize

    words: list[str] = []
    spaces: list[bool] = []
    pos = 0

    def gap(until: int) -> None:
        between = text[pos:until]
        if not between:
            return
        if words and between[0] == " " and not spaces[-1]:
            spaces[-1] = True
            between = between[1:]
        if between:
            words.append(between)
            spaces.append(False)

    for tok in tokenize(text):
        gap(tok.start)
        words.append(tok.text)
        spaces.append(False)
        pos = tok.stop
    gap(len(text))
    return words, spaces


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) character offsets: razdel's, with a dateline kept whole.

    An agency marker sentence ("/ТАСС/.", "/Корр. ТАСС Иван Петров/.") joins the dateline sentence
    before it, and a sentence that is only a date ("20 апреля.", "20 апреля 2019 года.") joins the
    place name before it (at most :data:`DATELINE_PLACE_WORDS` words: "Москва. 20 апреля.").

    >>> t = "МОСКВА, 20 апреля. /ТАСС/. Министр С.В.Лавров, т.е. глава МИД, выступил."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['МОСКВА, 20 апреля. /ТАСС/.', 'Министр С.В.Лавров, т.е. глава МИД, выступил.']
    >>> t = "Москва. 20 апреля. INTERFAX.RU - Лавров провел переговоры."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Москва. 20 апреля.', 'INTERFAX.RU - Лавров провел переговоры.']
    """
    from razdel import sentenize

    out: list[tuple[int, int]] = []
    if not text.strip():
        return out
    for sent in sentenize(text):
        joins = bool(out) and (AGENCY_SENTENCE.match(sent.text) is not None or (
            _date_sentence().match(sent.text) is not None
            and len(text[out[-1][0]:out[-1][1]].split()) <= DATELINE_PLACE_WORDS))
        if joins:
            out[-1] = (out[-1][0], sent.stop)
        else:
            out.append((sent.start, sent.stop))
    return out


@functools.lru_cache(maxsize=1)
def _date_sentence() -> re.Pattern[str]:
    """A sentence that is a date alone: "20 апреля.", "20 апреля 2019 года." (month names of :mod:`lavrovkit.lang.ru`)."""
    from lavrovkit.lang import language

    months = "|".join(sorted(language("ru").MONTHS, key=len, reverse=True))
    return re.compile(rf"^\d{{1,2}}\s+(?:{months})(?:\s+\d{{4}}(?:\s+(?:года|г\.))?)?\.?$", re.IGNORECASE)


def _doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges (start, end) of the sentences of ``doc``'s text (:func:`sentence_spans`), whitespace
    tokens belonging to the sentence before them; every token is in one range."""
    import numpy as np
    from spacy.attrs import IDX

    idx = doc.to_array([IDX]).astype(np.int64).ravel()
    starts = np.array([a for a, _ in sentence_spans(doc.text)], dtype=np.int64)
    first = np.flatnonzero(np.isin(idx, starts)).tolist()
    bounds = ([0] if not first or first[0] != 0 else []) + first + [len(doc)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


#: Where a Doc keeps its sentences' word tokens once computed (the morphologizer and NER read the same).
_PIECES = "lavrovkit_ru_pieces"


def _pieces(doc: Doc) -> list[list[int]]:
    """Each sentence's word tokens (indices, whitespace left out), long sentences cut into pieces of
    :data:`MAX_TOKENS`; computed once per Doc."""
    cached = doc.user_data.get(_PIECES)
    if cached is not None:
        return list(cached)
    import numpy as np
    from spacy.attrs import IS_SPACE

    space = doc.to_array([IS_SPACE]).ravel().astype(bool)
    out = []
    for a, b in _doc_sentences(doc):
        idx = [int(i) for i in np.flatnonzero(~space[a:b]) + a]
        for k in range(0, len(idx), MAX_TOKENS):
            out.append(idx[k:k + MAX_TOKENS])
    pieces = [p for p in out if p]
    doc.user_data[_PIECES] = pieces
    return list(pieces)


# --------------------------------------------------------------------------- models


@functools.lru_cache(maxsize=1)
def _navec() -> Any:
    from navec import Navec

    return Navec.load(str(model_file("emb")))


@functools.lru_cache(maxsize=1)
def _morph_model() -> Any:
    from slovnet import Morph

    return Morph.load(str(model_file("morph")), batch_size=SLOVNET_BATCH).navec(_navec())


@functools.lru_cache(maxsize=1)
def _ner_model() -> Any:
    from slovnet import NER

    return NER.load(str(model_file("ner")), batch_size=SLOVNET_BATCH).navec(_navec())


def _map_by_length(model: Any, items: list[Any], size: Any = len) -> list[Any]:
    """``model.map(items)`` with the items sent shortest first (slovnet pads each batch to its longest item,
    so batches of like lengths pad little), the answers returned in the order of ``items``. Slovnet's
    answers do not depend on what else is in a batch. BLAS runs on one thread: slovnet's matrices are
    small, and OpenBLAS's extra threads doubled the CPU time of the lemmas tier and made it 2.6 times
    slower on the benchmark's machine (7.5 s against 2.9 s, bench/russian.py)."""
    from threadpoolctl import threadpool_limits

    order = sorted(range(len(items)), key=lambda i: size(items[i]))
    out: list[Any] = [None] * len(items)
    with threadpool_limits(1, user_api="blas"):  # slovnet's small matrices: BLAS threads only spin (bench/russian.py)
        for i, answer in zip(order, list(model.map([items[i] for i in order])), strict=True):
            out[i] = answer
    return out


@functools.lru_cache(maxsize=1)
def _syntax_model() -> Any:
    from slovnet import Syntax

    return Syntax.load(str(model_file("syntax")), batch_size=SLOVNET_BATCH).navec(_navec())


@functools.lru_cache(maxsize=1)
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# --------------------------------------------------------------------------- lemmas


#: pymorphy3 (OpenCorpora) parts of speech → Universal Dependencies (natasha's table).
OC_UD_POS = {
    "ADJF": "ADJ", "ADJS": "ADJ", "ADVB": "ADV", "COMP": "ADV", "VERB": "VERB", "GRND": "VERB", "INFN": "VERB",
    "PRTF": "VERB", "PRTS": "VERB", "NOUN": "NOUN", "NPRO": "PRON", "NUMR": "NUM", "NUMB": "NUM", "Apro": "DET",
    "CONJ": "CCONJ", "INTJ": "INTJ", "PRCL": "PART", "PREP": "ADP",
}
#: OpenCorpora grammemes → (UD feature, value), as natasha reads them.
OC_UD_FEATS = {
    "anim": ("Animacy", "Anim"), "inan": ("Animacy", "Inan"), "impf": ("Aspect", "Imp"), "perf": ("Aspect", "Perf"),
    "ablt": ("Case", "Ins"), "accs": ("Case", "Acc"), "datv": ("Case", "Dat"), "gent": ("Case", "Gen"),
    "gen1": ("Case", "Gen"), "gen2": ("Case", "Gen"), "loct": ("Case", "Loc"), "loc2": ("Case", "Loc"),
    "nomn": ("Case", "Nom"), "voct": ("Case", "Nom"), "COMP": ("Degree", "Cmp"), "Supr": ("Degree", "Sup"),
    "femn": ("Gender", "Fem"), "masc": ("Gender", "Masc"), "neut": ("Gender", "Neut"), "impr": ("Mood", "Imp"),
    "indc": ("Mood", "Ind"), "plur": ("Number", "Plur"), "sing": ("Number", "Sing"), "NUMB": ("NumForm", "Digit"),
    "1per": ("Person", "1"), "2per": ("Person", "2"), "3per": ("Person", "3"), "excl": ("Person", "2"),
    "incl": ("Person", "1"), "futr": ("Tense", "Fut"), "past": ("Tense", "Past"), "pres": ("Tense", "Pres"),
    "ADJS": ("Variant", "Brev"), "PRTS": ("Variant", "Brev"), "GRND": ("VerbForm", "Conv"),
    "INFN": ("VerbForm", "Inf"), "PRTF": ("VerbForm", "Part"), "VERB": ("VerbForm", "Fin"),
    "actv": ("Voice", "Act"), "pssv": ("Voice", "Pass"), "Abbr": ("Abbr", "Yes"),
}
#: The features natasha's lemmatizer weighs (Animacy, Voice ... are ignored).
LEMMA_FEATS = frozenset({"Case", "Gender", "Number", "Aspect", "NumForm", "Person", "Tense", "Variant"})
_NORMAL_POS = {"PROPN": "NOUN", "AUX": "VERB", "SCONJ": "CCONJ"}


def normal_lemma(word: str) -> str:
    """A word as the pipeline writes a lemma: lower case, ``ё`` as ``е`` (fold a lemma pattern's words so).

    >>> normal_lemma("Партнёр")
    'партнер'
    """
    return word.lower().replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    word = normal_lemma(word)
    wanted = dict(feats)
    best, score = None, 0
    for parse in _analyzer().parse(word):
        p_pos = OC_UD_POS.get(str(parse.tag.POS), "X")
        p_feats: dict[str, str] = {}
        for gram in parse.tag.grammemes:
            if gram in OC_UD_FEATS:
                key, value = OC_UD_FEATS[gram]
                p_feats[key] = value
        if p_pos == pos and p_feats == wanted:
            best = parse
            break
        sim = (_NORMAL_POS.get(p_pos, p_pos) == _NORMAL_POS.get(pos, pos)) + sum(
            p_feats[k] == wanted[k] for k in p_feats.keys() & wanted.keys() if k in LEMMA_FEATS)
        if sim > score:
            best, score = parse, sim
    return normal_lemma(best.normal_form) if best is not None else word


def lemma_of(word: str, pos: str, feats: dict[str, str] | None = None) -> str:
    """The lemma of ``word`` tagged ``pos`` with ``feats`` (UD): pymorphy3's normal form of the analysis that
    agrees with the tags (the same part of speech and features, else the most features in common), lower
    case with ``ё`` as ``е``. A proper noun keeps its capitals: an abbreviation (or a word pymorphy3 does
    not know) written in capitals stays so ("США", "ТАСС"); any other capitalised part of it is capitalised
    ("МОСКВА" → "Москва", "Эр-Рияде" → "Эр-Рияд").

    >>> lemma_of("диалогом", "NOUN", {"Case": "Ins", "Number": "Sing"})
    'диалог'
    >>> lemma_of("Лавровым", "PROPN", {"Case": "Ins", "Number": "Sing"})
    'Лавров'
    >>> lemma_of("МОСКВА", "PROPN", {"Case": "Nom", "Number": "Sing"}), lemma_of("США", "PROPN", {})
    ('Москва', 'США')
    """
    base = _lemma(word, pos, tuple(sorted((feats or {}).items())))
    if pos != "PROPN" or not word[:1].isupper():
        return base
    if len(word) > 1 and word.isupper() and _abbreviation(word):
        return base.upper()
    lemma_parts, word_parts = base.split("-"), word.split("-")
    if len(lemma_parts) != len(word_parts):
        return base[:1].upper() + base[1:]
    return "-".join(lp[:1].upper() + lp[1:] if wp[:1].isupper() else lp
                    for lp, wp in zip(lemma_parts, word_parts, strict=True))


@functools.lru_cache(maxsize=20_000)
def _abbreviation(word: str) -> bool:
    """Is a word written in capitals an abbreviation: one pymorphy3 reads as one, or does not know at all?"""
    analyzer = _analyzer()
    lower = normal_lemma(word)
    return not analyzer.word_is_known(lower) or any("Abbr" in p.tag for p in analyzer.parse(lower))


# --------------------------------------------------------------------------- components


class _Batched:
    """A component that reads whole batches of documents (``nlp.pipe``) with one slovnet call per batch."""

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list[Doc]) -> list[Doc]:  # pragma: no cover - each component's own
        raise NotImplementedError


class Senter:
    """Sets sentence starts from :func:`sentence_spans` (every token's ``is_sent_start`` decided)."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        import numpy as np
        from spacy.attrs import SENT_START

        starts = np.full(len(doc), -1, dtype=np.int32)
        starts[[a for a, _ in _doc_sentences(doc)]] = 1
        values: Any = starts.astype(np.uint64).reshape(-1, 1)  # -1 (not a start) as spaCy's unsigned value
        doc.from_array([SENT_START], values)
        return doc


class Morphologizer(_Batched):
    """slovnet's morphology tags: ``pos_`` and ``tag_`` (UD part of speech), ``morph`` (UD features)."""

    def _run(self, docs: list[Doc]) -> list[Doc]:
        import numpy as np
        from spacy.attrs import MORPH, POS, TAG
        from spacy.symbols import IDS

        pieces = [(doc, p) for doc in docs for p in _pieces(doc)]
        tags: dict[int, Any] = {}
        for doc in docs:  # whitespace (and anything the tagger skips) is SPACE, without features
            arr = np.zeros((len(doc), 3), dtype=np.uint64)
            arr[:, 0] = IDS["SPACE"]
            arr[:, 1] = doc.vocab.strings.add("SPACE")
            tags[id(doc)] = arr
        if pieces:
            strings = docs[0].vocab.strings
            markups = _map_by_length(_morph_model(), [[doc[i].text for i in p] for doc, p in pieces])
            for (doc, p), markup in zip(pieces, markups, strict=True):
                arr = tags[id(doc)]
                for i, tok in zip(p, markup.tokens, strict=True):
                    arr[i, 0] = IDS.get(tok.pos, IDS["X"])
                    arr[i, 1] = strings.add(tok.pos)
                    feats = "|".join(f"{k}={v}" for k, v in sorted(tok.feats.items()))
                    arr[i, 2] = strings.add(feats) if feats else 0
        for doc in docs:
            if len(doc):
                doc.from_array([POS, TAG, MORPH], tags[id(doc)])
        return docs


class Lemmatizer:
    """pymorphy3 lemmas agreeing with the morphologizer's tags (:func:`lemma_of`); punctuation, numbers and
    Latin words are their own lower-cased form (a proper noun its own form)."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            text = token.text
            if token.is_space:
                token.lemma_ = text
            elif any("а" <= c <= "я" or c == "ё" for c in text.lower()):
                token.lemma_ = _token_lemma(text, token.pos_, str(token.morph))
            else:
                token.lemma_ = text if token.pos_ == "PROPN" else text.lower()
        return doc


@functools.lru_cache(maxsize=200_000)
def _token_lemma(text: str, pos: str, morph: str) -> str:
    feats = dict(f.split("=", 1) for f in morph.split("|")) if morph else {}
    return lemma_of(text, pos, feats)


class EntityRecognizer(_Batched):
    """slovnet's named entities, sentence by sentence, labelled as the English pipeline labels them (:data:`LABELS`)."""

    def _run(self, docs: list[Doc]) -> list[Doc]:
        pieces = [(doc, p) for doc in docs for p in _pieces(doc)]
        found: dict[int, list[Any]] = {id(doc): [] for doc in docs}
        if pieces:
            texts = [doc.text[doc[p[0]].idx:doc[p[-1]].idx + len(doc[p[-1]])] for doc, p in pieces]
            for (doc, p), markup in zip(pieces, _map_by_length(_ner_model(), texts), strict=True):
                offset = doc[p[0]].idx
                for span in markup.spans:
                    ent = doc.char_span(offset + span.start, offset + span.stop, label=LABELS.get(span.type, span.type),
                                        alignment_mode="expand")
                    if ent is not None:
                        found[id(doc)].append(_with_surname(ent) if ent.label_ == "PERSON" else ent)
        for doc in docs:
            spans, last = [], -1
            for ent in sorted(found[id(doc)], key=lambda e: (e.start, -e.end)):
                if ent.start >= last:
                    spans.append(ent)
                    last = ent.end
            doc.ents = spans
        return docs


def acyclic(heads: list[int]) -> list[int]:
    """A parse's heads (each token's head index; a root is its own head) with every cycle cut, so each token
    reaches a root: the parser's answer can loop (A's head B, B's head A), which spaCy cannot walk. A cycle
    is cut at the token where the walk first met it: that token hangs on the first root, or becomes the root
    when there is none. Heads outside a cycle are kept.

    >>> acyclic([1, 1, 1]), acyclic([1, 0, 0]), acyclic([1, 2, 1, 2])
    ([1, 1, 1], [0, 0, 0], [1, 1, 1, 2])
    """
    out = list(heads)
    roots = [i for i, h in enumerate(out) if h == i]
    done = [False] * len(out)
    for start in range(len(out)):
        path: list[int] = []
        on_path: set[int] = set()
        node = start
        while not done[node] and out[node] != node:
            if node in on_path:  # a cycle: cut it here
                if roots:
                    out[node] = roots[0]
                else:
                    out[node] = node
                    roots.append(node)
                break
            path.append(node)
            on_path.add(node)
            node = out[node]
        for n in path:
            done[n] = True
        done[node] = True
    return out


class DependencyParser(_Batched):
    """slovnet's dependency parse (Universal Dependencies relations, SynTagRus style: ``nsubj``, ``obj``,
    ``obl``, ``nmod``, ``case``, ``flat:name`` ...) as spaCy heads (``token.head``) and labels (``dep_``),
    one tree per sentence (a piece of a long sentence is a tree of its own; slovnet's ``root`` is spaCy's
    ``ROOT``). A whitespace token hangs on the word before it (the first word after it at a text's start)
    with ``dep``, as spaCy's English parser attaches whitespace.

    >>> doc = build(("senter", "parser"))("Встреча не планируется.")
    >>> [(t.text, t.dep_, t.head.text) for t in doc]
    [('Встреча', 'nsubj:pass', 'планируется'), ('не', 'advmod', 'планируется'), ('планируется', 'ROOT', \
'планируется'), ('.', 'punct', 'планируется')]
    """

    def _run(self, docs: list[Doc]) -> list[Doc]:
        import numpy as np
        from spacy.attrs import DEP, HEAD

        pieces = [(doc, p) for doc in docs for p in _pieces(doc)]
        heads = {id(doc): np.full(len(doc), -1, dtype=np.int64) for doc in docs}
        deps: dict[int, list[str]] = {id(doc): ["dep"] * len(doc) for doc in docs}
        if pieces:
            markups = _map_by_length(_syntax_model(), [[doc[i].text for i in p] for doc, p in pieces])
            for (doc, p), markup in zip(pieces, markups, strict=True):
                local = []
                for j, tok in enumerate(markup.tokens):
                    head = int(tok.head_id)
                    local.append(j if head <= 0 or head > len(p) or head - 1 == j else head - 1)
                tree = acyclic(local)
                for j, (i, tok) in enumerate(zip(p, markup.tokens, strict=True)):
                    root = tree[j] == j
                    heads[id(doc)][i] = i if root else p[tree[j]]
                    deps[id(doc)][i] = "ROOT" if root else str(tok.rel)
        for doc in docs:
            if not len(doc):
                continue
            head_of = heads[id(doc)]
            words = np.flatnonzero(head_of >= 0)
            for i in (int(x) for x in np.flatnonzero(head_of < 0)):  # whitespace: on the word before (after, at start)
                before = words[words < i]
                after = words[words > i]
                head_of[i] = int(before[-1]) if before.size else int(after[0]) if after.size else int(i)
                deps[id(doc)][i] = "dep" if head_of[i] != i else "ROOT"
            strings = doc.vocab.strings
            arr: Any = np.zeros((len(doc), 2), dtype=np.uint64)
            arr[:, 0] = (head_of - np.arange(len(doc))).astype(np.int64).astype(np.uint64)
            arr[:, 1] = [strings.add(d) for d in deps[id(doc)]]
            doc.from_array([HEAD, DEP], arr)
        return docs


#: An initial as written before a Russian surname: one capital letter, or a digraph such as "Дж", "Ш" ("Ш.Лавров").
INITIAL = re.compile(r"^[А-ЯЁA-Z][а-яёa-z]?$")


def _with_surname(ent: Any) -> Any:
    """A PERSON span that ends in an initial glued to what follows ("Дж" of "Дж.Байдену", "С.В" of
    "С.В.Лавров") widened over the initials' dots and the capitalised surname after them; else ``ent``.

    >>> doc = blank()("пожелав Дж.Байдену здоровья")
    >>> _with_surname(doc[1:2]).text
    'Дж.Байдену'
    """
    doc, end = ent.doc, ent.end
    if not INITIAL.match(doc[end - 1].text):
        return ent
    while end + 1 < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
        nxt = doc[end + 1]
        if doc[end].whitespace_ or not nxt.text[:1].isupper() or not nxt.is_alpha:
            break
        end += 2
        if not INITIAL.match(nxt.text):
            return doc[ent.start:end]
    return ent


FACTORIES = {"senter": "lavrovkit_ru_senter", "morphologizer": "lavrovkit_ru_morph",
             "lemmatizer": "lavrovkit_ru_lemmatizer", "ner": "lavrovkit_ru_ner", PARSER: "lavrovkit_ru_parser"}


@functools.lru_cache(maxsize=1)
def register() -> None:
    """Register the components' factories with spaCy (once; spaCy is imported only when a pipeline is built)."""
    from spacy.language import Language

    @Language.factory("lavrovkit_ru_senter")
    def _make_senter(nlp: Language, name: str) -> Senter:
        return Senter()

    @Language.factory("lavrovkit_ru_morph")
    def _make_morph(nlp: Language, name: str) -> Morphologizer:
        return Morphologizer()

    @Language.factory("lavrovkit_ru_lemmatizer")
    def _make_lemmatizer(nlp: Language, name: str) -> Lemmatizer:
        return Lemmatizer()

    @Language.factory("lavrovkit_ru_ner")
    def _make_ner(nlp: Language, name: str) -> EntityRecognizer:
        return EntityRecognizer()

    @Language.factory("lavrovkit_ru_parser")
    def _make_parser(nlp: Language, name: str) -> DependencyParser:
        return DependencyParser()


def blank() -> Language:
    """``spacy.blank("ru")`` with :class:`RazdelTokenizer`: the pipeline's tokens and nothing else.

    >>> [t.text for t in blank()("Российско-американский диалог, т.е. переговоры")]
    ['Российско-американский', 'диалог', ',', 'т', '.', 'е', '.', 'переговоры']
    """
    import spacy

    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    return nlp


def build(components: Iterable[str] = COMPONENTS) -> Language:
    """The Russian pipeline with ``components`` (names of :data:`ALL_COMPONENTS`: the annotation's
    :data:`COMPONENTS`, and :data:`PARSER` when asked for), models loaded once per process.

    ``meta`` names it :data:`NAME` at :func:`version`, so a cache folder knows which natasha, slovnet,
    navec, razdel and pymorphy3 annotated it.
    """
    wanted = set(components)
    unknown = wanted - set(ALL_COMPONENTS)
    if unknown:
        raise ModelNotFoundError(f"The Russian pipeline has no components {sorted(unknown)}; it has "
                                 f"{list(ALL_COMPONENTS)}")
    register()
    nlp = blank()
    for comp in ALL_COMPONENTS:
        if comp in wanted:
            nlp.add_pipe(FACTORIES[comp], name=comp)
    nlp.meta["name"] = NAME.removeprefix("ru_")
    nlp.meta["version"] = version()
    nlp.meta["description"] = "razdel tokens and sentences, slovnet morphology, NER and syntax (natasha's bundled " \
                              "models), pymorphy3 lemmas"
    return nlp


__all__ = ["ALL_COMPONENTS", "COMPONENTS", "LABELS", "NAME", "PARSER", "DependencyParser", "RazdelTokenizer",
           "available", "blank", "build", "lemma_of",
           "normal_lemma", "sentence_spans", "tokens_of", "version"]
