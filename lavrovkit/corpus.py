"""The corpus: documents with trustworthy metadata, and their paragraphs, sentences, tokens and entities.

A :class:`Corpus` holds the tables as pandas DataFrames: ``documents``,
``paragraphs``, ``provenance``, ``cleaning`` and ``skipped`` from loading
(:func:`corpus_load`, :mod:`lavrovkit.build`); ``sentences``, ``tokens`` and
``entities`` from spaCy through the annotation cache (:mod:`lavrovkit.annotate`)
the first time they are asked for, each sentence with its speaker
(:mod:`lavrovkit.speakers`). :meth:`Corpus.filter` makes sub-corpora and
:meth:`Corpus.per_document` caches any table derived document by document.

Example
-------
>>> corpus.documents[["doc_id", "date", "source"]].head(2).values.tolist()
[['000', Timestamp('2019-02-24 00:00:00'), 'TASS'], ['001', Timestamp('2017-10-09 00:00:00'), 'Sputnik']]
>>> corpus.own_words()["speaker"].unique().tolist()   # sentences Sergey Lavrov speaks
['Sergey Lavrov']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lavrovkit import annotate as ann
from lavrovkit.actors import Actors, actors_load

# Re-exported: loading (lavrovkit.build) and speakers (lavrovkit.speakers) used to live here.
from lavrovkit.build import (  # noqa: F401
    CLEAN_CHUNK,
    DOC_COLUMNS,
    DUPLICATE_POLICIES,
    HONORIFIC,
    LOAD_CODE,
    ORIGIN_PRIORITY,
    PARAGRAPH_COLUMNS,
    STANDARD_FIELDS,
    WORD_RE,
    CorpusSnapshot,
    corpus_load,
)
from lavrovkit.cache import cache_root, derived_cache, digest, hexdigest, row_keys
from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import ParameterError, SpeakerError  # noqa: F401  (re-exported)
from lavrovkit.lang import en as _en
from lavrovkit.lang import ru as _ru
from lavrovkit.segment import GENERIC_SPEAKERS
from lavrovkit.speakers import (  # noqa: F401
    ORG_NAMES,
    SENTENCE_COLUMNS,
    SPEAKER_CODE,
    SPEAKER_COLUMNS,
    SPEAKER_SCHEMA,
    _restrict_to_speaker,  # noqa: F401  (re-exported)
    _speaker_keys,
    _speakers,
    choose_speaker,
    persons_needed,
    resolve_speaker,
    speaker_cache,
    speaker_not_found,
    speaker_share,
    speaker_shares,
    warn_undated,
)

#: Letters that a case-blind regex matches to an ASCII letter although ``str.lower`` does not give it.
_CASE_FOLDS = re.compile("[\u0131\u0130\u017f\u212a\u212b\ufb05\ufb06]")
#: The forms tier's sentences before speaker attribution (a key of ``Corpus._annotated``).
UNATTRIBUTED = "_unattributed_sentences"

#: Near-duplicate threshold (Jaccard of word 5-grams) used when loading drops copies.
DUPLICATE_THRESHOLD = 0.8

#: Words left out of content-word counts besides spaCy's stop words: reporting verbs and news furniture.
#: Words too common in reporting for a word cloud, every language's (``CONTENT_STOPWORDS`` of ``lang/<code>.py``;
#: the scripts differ, so one set serves a mixed corpus).
CONTENT_STOPWORDS = _en.CONTENT_STOPWORDS | _ru.CONTENT_STOPWORDS




@dataclass
class AnnotationOptions:
    """How and where the corpus is annotated when sentences/tokens/entities are first needed."""

    model: str | None = None
    components: tuple[str, ...] = ann.DEFAULT_COMPONENTS
    cache_dir: str | None = None
    jobs: int = 1
    scheduler: str | None = None
    progress: bool | None = None


@dataclass
class Corpus:
    """A loaded corpus: documents and everything derived from them, as pandas DataFrames.

    Tables (columns in ``docs/architecture.md``): ``documents``, ``paragraphs``,
    ``provenance``, ``cleaning``, ``skipped`` at once; ``sentences``, ``tokens``,
    ``entities`` on first use (annotated through the cache).
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    provenance: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame
    root: str = ""
    catalog: str | None = None
    options: AnnotationOptions = field(default_factory=AnnotationOptions)
    actors: Actors | None = None
    speaker_filter: str | None = None
    #: What loading did with duplicate documents: "keep" (every copy counted) or "drop" (one per group).
    duplicate_policy: str = "keep"
    #: The duplicate groups found at loading (dropped copies included), when loading looked for them.
    duplicate_groups: pd.DataFrame | None = field(default=None, repr=False)
    #: The annotation tables loaded so far: sentences and forms (forms tier), tokens (with lemmas), entities.
    _annotated: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    #: Whether only some of the documents' sentences are kept (a speaker filter, :meth:`keep_sentences`).
    _restricted: bool = field(default=False, repr=False)
    last_run: ann.AnnotationRun | None = field(default=None, repr=False)
    #: Derived tables computed once per corpus object (e.g. theme hits per taxonomy); emptied by
    #: re-annotation and never shared with a sub-corpus.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ annotation
    def annotate(self, tier: str | Sequence[str] = "all", **options: Any) -> Corpus:
        """Make sure the annotation ``tier`` is there (from its cache or spaCy); returns self.

        ``tier``: ``"forms"`` (sentences with their speakers, tokens' word
        forms: what phrase trends, KWIC, keyness, collocations and speaker
        shares need), ``"lemmas"`` (adds each token's lemma and part of
        speech), ``"entities"`` (adds named entities) or ``"all"``. The tables
        ask for their tier themselves when first read (:attr:`sentences`,
        :attr:`forms`, :attr:`tokens`, :attr:`entities`), so a first question
        waits only for what it needs; tiers missing together go through spaCy
        once. Options override :class:`AnnotationOptions` (``jobs``,
        ``scheduler``, ``cache_dir``, ``model``, ``progress``) and reload the
        tables.

        >>> corpus_load().annotate("forms").tiers()
        ('forms',)
        """
        if options:
            self.options = replace(self.options, **options)
            self._annotated = None
            self.memo = {}
        self._load(ann.tier_list(tier))
        return self

    def tiers(self) -> tuple[str, ...]:
        """Which annotation tiers this corpus object has loaded so far (forms, lemmas, entities)."""
        have = self._annotated or {}
        return tuple(t for t, table in (("forms", "forms"), ("lemmas", "tokens"), ("entities", "entities"))
                     if table in have)

    def _load(self, tiers: Sequence[str]) -> None:
        """Load the ``tiers`` this object lacks, in one annotation call (one spaCy pass for what is missing)."""
        have = dict(self._annotated or {})
        table_of = {"forms": "forms", "lemmas": "tokens", "entities": "entities"}
        todo = [t for t in tiers if table_of[t] not in have]
        if not todo:
            return
        docs = self.documents
        keys, doc_ids = docs["key"].tolist(), docs["doc_id"]
        o = self.options
        tables, run = ann.annotate(
            dict(zip(keys, docs["text"], strict=True)), tiers={t: keys for t in todo}, model=o.model,
            components=o.components,
            cache_dir=o.cache_dir, jobs=o.jobs, scheduler=o.scheduler, progress=o.progress, as_arrow=True,
            langs=_langs(docs),
        )
        self.last_run = run
        new = {name: _by_document(table, keys, doc_ids) for name, table in tables.items()}
        if "forms" in todo:
            # sentence boundaries now; speakers when the sentences table is first read (tokens need none),
            # or now when this corpus keeps one speaker's sentences only
            have[UNATTRIBUTED] = new["sentences"]
            have["forms"] = new["tokens"]
            if self.speaker_filter is not None:
                s = self._with_speakers(new["sentences"], new.get("entities"))
                keep = s["speaker"].isna() if self.speaker_filter == "__none__" else s["speaker"] == self.speaker_filter
                have["sentences"] = s[keep].reset_index(drop=True)
                self._restricted = True
                have["forms"] = self._kept(new["tokens"], have["sentences"])
        if "lemmas" in todo:
            have["tokens"] = ann.tokens_with_tags(have["forms"], new["tags"], by="doc_id")
        if "entities" in todo:
            have["entities"] = self._kept(new["entities"], have["sentences"]) if self._restricted else new["entities"]
        self._annotated = have

    def _kept(self, table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
        """``table``'s rows in the kept sentences, when this corpus keeps only some (a speaker's)."""
        if not self._restricted:
            return table
        return table.merge(sentences[["doc_id", "sentence_id"]], on=["doc_id", "sentence_id"]).reset_index(drop=True)

    def _with_speakers(self, sentences: pd.DataFrame, entities: pd.DataFrame | None) -> pd.DataFrame:
        """The sentences with their speakers (from the speaker cache, else attributed now).

        Attribution reads PERSON entities only in documents where they can
        change a speaker (:func:`lavrovkit.speakers.persons_needed`): those
        documents alone get the entities tier, so a first question never waits
        for NER over text it cannot affect.
        """
        docs, gaz, o = self.documents, self._actors(), self.options
        cache = speaker_cache(cache_root(o.cache_dir) / "annotations" / self.annotation_folder(), gaz)
        if entities is not None:
            return _speakers(sentences, docs, self.paragraphs, entities, gaz, cache)
        needed: dict[str, bool] = {}

        def entities_of(doc_ids: list[str]) -> pd.DataFrame:
            unknown = docs[docs["doc_id"].isin([d for d in doc_ids if d not in needed])]
            found = set(persons_needed(unknown))
            needed.update({str(d): str(d) in found for d in unknown["doc_id"]})
            return self._entities_of([d for d in doc_ids if needed.get(str(d))])

        held = cache.keys()
        missing = [d for d, k in zip(docs["doc_id"], _speaker_keys(docs), strict=True) if k not in held]
        if missing:
            entities_of(missing)  # one annotation call for every document that needs entities
        return _speakers(sentences, docs, self.paragraphs, entities_of, gaz, cache)

    def _entities_of(self, doc_ids: Sequence[str]) -> pd.DataFrame:
        """The entities of these documents (the entities tier, whole documents), by doc_id."""
        docs = self.documents[self.documents["doc_id"].isin(list(doc_ids))]
        if docs.empty:
            return pd.DataFrame(columns=["doc_id", *ann.ENTITY_COLUMNS[1:]])
        o = self.options
        keys = docs["key"].tolist()
        tables, _ = ann.annotate(
            dict(zip(keys, docs["text"], strict=True)), tiers={"entities": keys}, model=o.model,
            components=o.components, cache_dir=o.cache_dir, jobs=o.jobs, scheduler=o.scheduler,
            progress=o.progress, as_arrow=True, langs=_langs(docs),
        )
        return _by_document(tables["entities"], keys, docs["doc_id"])

    def _actors(self) -> Actors:
        if self.actors is None:
            self.actors = actors_load()
        return self.actors

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: ids, character offsets in ``documents.text``, text, speaker, is_quote (forms tier).

        Speakers are attributed the first time this table is read (and cached per document): word-form
        questions over all text read :attr:`forms` and need none.
        """
        self._load(("forms",))
        have = self._annotated
        assert have is not None
        if "sentences" not in have:
            have["sentences"] = self._with_speakers(have[UNATTRIBUTED], have.get("entities"))
        return have["sentences"]

    @property
    def sentence_spans(self) -> pd.DataFrame:
        """Where the sentences are, without who speaks them: doc_id, paragraph_id, sentence_id, start_char, end_char
        (the forms tier; no speaker attribution is run for it). The rows of :attr:`sentences`.

        >>> corpus.sentence_spans.columns.tolist()
        ['doc_id', 'paragraph_id', 'sentence_id', 'start_char', 'end_char']
        """
        self._load(("forms",))
        have = self._annotated
        assert have is not None
        table = have["sentences"] if "sentences" in have else have[UNATTRIBUTED]
        return table[["doc_id", "paragraph_id", "sentence_id", "start_char", "end_char"]]

    @property
    def forms(self) -> pd.DataFrame:
        """One row per token, word forms only: ids, offset, text, lower, flags (the forms tier: no spaCy model
        beyond the tokenizer and sentence recogniser). What phrase, KWIC and keyness queries on word forms read.

        >>> corpus.forms.columns.tolist()
        ['doc_id', 'sentence_id', 'token_id', 'start_char', 'text', 'lower', 'is_alpha', 'is_punct', 'is_stop', 'ws']
        """
        self._load(("forms",))
        return self._annotated["forms"]  # type: ignore[index]

    @property
    def tokens(self) -> pd.DataFrame:
        """One row per token: ids, offset, text, lower, lemma, pos, flags (the forms and lemmas tiers)."""
        self._load(("forms", "lemmas"))
        return self._annotated["tokens"]  # type: ignore[index]

    @property
    def entities(self) -> pd.DataFrame:
        """One row per named entity: ids, offsets, text, label (spaCy's scheme; the entities tier)."""
        self._load(("forms", "entities"))
        return self._annotated["entities"]  # type: ignore[index]

    def speaks(self, speaker: str) -> bool:
        """Does ``speaker`` (a name as :meth:`resolve_speaker` reads it) say any sentence of this corpus?

        The same answer as looking for the name in ``sentences.speaker``, found
        without attributing every document when the person is in the gazetteer:
        a person can speak only in a document whose text, speaker field or turn
        labels name them (by a name, alias, surname or a role they held), since
        every speaker comes from a turn label, the catalog or a mention of them;
        only those documents are annotated and attributed. So asking whether
        Lavrov speaks in 3,000 UN speeches that never name him costs a text
        search, not named-entity recognition.

        >>> corpus.speaks("lavrov"), corpus.speaks("Putin")
        (True, False)
        """
        name = self.resolve_speaker(speaker)
        if name is None:
            return bool(self.sentences["speaker"].isna().any())
        naming = self.naming(name)
        if naming is None:
            return bool((self.sentences["speaker"] == name).any())
        if not naming:
            return False
        return bool((self._subset(naming).sentences["speaker"] == name).any())

    def naming(self, name: str) -> list[str] | None:
        """The documents that can hold sentences ``name`` speaks: those whose text, speaker field or turn labels
        name the person (a name, alias, surname or a role they held, :meth:`Actors.forms_of`); None when that
        cannot be known without attributing every sentence (the sentences are attributed already, the person
        is not in the gazetteer, or ``name`` is a generic speaker such as "question").

        >>> fresh = corpus_load()   # nothing attributed yet
        >>> fresh.naming("John Kerry"), fresh.naming("question")
        (['001', '002', '003'], None)
        """
        have = self._annotated or {}
        if "sentences" in have or self._restricted or name in GENERIC_SPEAKERS:
            return None
        if ("naming", name) in self.memo:  # the scope and then the filter ask for the same person
            return list(self.memo[("naming", name)])
        forms = self._actors().forms_of(name)
        if not forms:
            return None
        from lavrovkit.actors import _trie

        pattern = _trie(sorted(forms))
        lower = re.compile(pattern)  # the forms are lower case: one pass over the lower-cased text
        folded = re.compile(pattern, re.IGNORECASE)

        def names(text: object) -> bool:
            if not isinstance(text, str):
                return False
            # a letter the gazetteer's case-blind match reads as another (dotless i, long s, Kelvin sign…)
            return bool(folded.search(text) if _CASE_FOLDS.search(text) else lower.search(text.lower()))

        docs = self.documents
        named = docs["text"].map(names) | docs["speaker"].map(names)
        turns = self.paragraphs.loc[self.paragraphs["turn_speaker"].map(names), "doc_id"]
        named |= docs["doc_id"].isin(set(turns))
        self.memo[("naming", name)] = docs.loc[named, "doc_id"].astype(str).tolist()
        return list(self.memo[("naming", name)])

    def whole(self) -> Corpus:
        """The same documents with every sentence: no speaker filter or sentence restriction (itself when
        nothing is restricted; kept in the memo, so what is memoised on it is computed once).

        >>> corpus.whole() is corpus
        True
        >>> own = corpus.filter(speaker="lavrov")
        >>> len(own.whole().sentences) > len(own.sentences) and own.whole() is own.whole()
        True
        """
        if self.speaker_filter is None and not self._restricted:
            return self
        key = ("whole",)
        if key not in self.memo:
            self.memo[key] = replace(self, speaker_filter=None, _annotated=None, _restricted=False, memo={})
        whole: Corpus = self.memo[key]
        return whole

    def keep_sentences(self, ids: pd.DataFrame) -> Corpus:
        """A sub-corpus of the documents with these sentences (``ids``: doc_id, sentence_id), holding only them:
        every table, loaded now or later, has only their rows (as a speaker filter does).

        >>> s = corpus.sentences
        >>> len(corpus.keep_sentences(s[s["is_quote"]]).sentences) == int(s["is_quote"].sum())
        True
        """
        ids = ids[["doc_id", "sentence_id"]].drop_duplicates()
        sub = self._subset(set(ids["doc_id"]))
        tables = dict(sub._annotated or {})
        tables["sentences"] = sub.sentences.merge(ids, on=["doc_id", "sentence_id"])
        sub._restricted = True
        for name in ("forms", "tokens", "entities"):
            if name in tables:
                tables[name] = sub._kept(tables[name], tables["sentences"])
        sub._annotated = tables
        return sub

    # ------------------------------------------------------------------ views
    def own_words(self, speaker: str = "Sergey Lavrov") -> pd.DataFrame:
        """The sentences ``speaker`` says himself: his quotes, his answers, his speeches.

        >>> corpus.own_words()["speaker"].unique().tolist()
        ['Sergey Lavrov']
        """
        name = self.resolve_speaker(speaker)
        s = self.sentences
        return s[s["speaker"] == name].reset_index(drop=True)

    def embeddings(self, level: str = "sentence", **options: Any) -> Any:
        """The vectors of this corpus's sentences or paragraphs with their provenance
        (:func:`lavrovkit.embed.corpus_embeddings`; options: ``model``, ``jobs``, ``scheduler``, ``progress``).

        >>> corpus.embeddings("paragraph").vectors.shape[1]
        384
        """
        from lavrovkit.embed import corpus_embeddings

        return corpus_embeddings(self, level, **options)

    def duplicates(self, threshold: float = 0.8) -> pd.DataFrame:
        """Which documents are the same text saved twice (exact or near copies), and which copy counts?

        One row per document in a group of two or more: group, doc_id, kind
        (kept/exact/near), similarity to the kept copy (Jaccard of word
        5-grams), kept_doc_id, date, source, title, words; see
        :func:`lavrovkit.duplicates.duplicates_find`. With
        ``corpus_load(..., duplicates="drop")`` the dropped copies are listed too.

        >>> corpus_load().duplicates().empty
        True
        """
        from lavrovkit.duplicates import duplicates_find

        if self.duplicate_groups is not None and threshold == DUPLICATE_THRESHOLD:
            present = set(self.documents["doc_id"])
            groups = self.duplicate_groups
            keep = groups["kept_doc_id"].isin(present)
            return groups[keep].reset_index(drop=True)
        memo_key = ("duplicates", threshold)
        if memo_key not in self.memo:
            self.memo[memo_key] = duplicates_find(self.documents, threshold=threshold)
        return self.memo[memo_key].copy()

    def resolve_speaker(self, speaker: str) -> str | None:
        """Which name in ``sentences.speaker`` does a speaker filter mean?

        Any person who speaks in the corpus, however written: a gazetteer name
        or alias ('Sergei Lavrov' → 'Sergey Lavrov'), a surname one person has
        ('lavrov', 'Kelly' for a 'Megyn Kelly' who speaks in a transcript), a
        name in another case; 'question' (and 'interviewer') for the asking
        side, other generic speakers by their name ('moderator', 'remark');
        'none' or 'narration' for sentences nobody speaks (None).

        >>> corpus_load().resolve_speaker("lavrov")
        'Sergey Lavrov'
        """
        return resolve_speaker(self, speaker)

    def filter(
        self,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        source: str | Sequence[str] | None = None,
        genre: str | Sequence[str] | None = None,
        speaker: str | None = None,
        doc_ids: Iterable[str] | None = None,
        where: dict[str, str | Sequence[str]] | None = None,
        **fields: str | Sequence[str],
    ) -> Corpus:
        """A sub-corpus: documents dated within ``start``..``end`` (inclusive), of the given sources/genres.

        ``speaker`` ('lavrov', a name, 'question', 'none' or 'all') keeps the
        documents where that speaker speaks and only their sentences, tokens
        and entities; a speaker who says nothing anywhere in the corpus is a
        :class:`SpeakerError` listing the speakers there are (a typo never
        yields silently empty results). A name that is a document's speaker
        (e.g. from a joined ``speakers.csv``) is found whatever its case.
        Documents without a date are left out when a date bound is given.

        Any other documents column filters by value: ``post="President"``,
        ``country=["BRA", "CHL"]`` (case-insensitive exact match, a string or a
        list); ``where={"speaker": "Jair Bolsonaro"}`` does the same for a
        column whose name is a parameter here (the documents' own ``speaker``,
        with no annotation needed). An unknown column is a ValueError naming
        the columns there are.

        >>> corpus.filter(start="2018-01-01", source="TASS").documents.doc_id.tolist()
        ['000']
        """
        docs = self.documents
        by_column: dict[str, str | Sequence[str]] = dict(where or {})
        for col, val in fields.items():
            if col in by_column:
                raise ParameterError(f"filter: column {col!r} given both in where= and as a keyword")
            by_column[col] = val
        unknown = [c for c in by_column if c not in docs.columns]
        if unknown:
            raise ParameterError(f"filter: no documents column {', '.join(map(repr, unknown))}; the columns are: "
                             f"{', '.join(map(str, docs.columns))}")
        if isinstance(speaker, str) and speaker.strip().lower() == "auto":
            from lavrovkit.selection import speaker_scope

            speaker = speaker_scope(self, speaker, label=False)[0]  # Lavrov where he speaks, else None: all text
        if speaker and speaker.strip().lower() not in ("all", "none", "narration"):
            # a documents speaker (catalog or joined table) in another case or spacing: its own spelling
            wanted = " ".join(speaker.split()).casefold()
            own = {" ".join(str(s).split()).casefold(): str(s) for s in docs["speaker"].dropna().unique()}
            if wanted in own and self.resolve_speaker(speaker) not in own.values():
                speaker = own[wanted]
            speaker_not_found(self, speaker)
        mask = pd.Series(True, index=docs.index)
        if start:
            mask &= docs["date"] >= _day(start, "start")
        if end:
            mask &= docs["date"] <= _day(end, "end")
        for col, given in (("source", source), ("genre", genre)):
            if given:
                vals = {given.lower()} if isinstance(given, str) else {v.lower() for v in given}
                mask &= docs[col].fillna("").str.lower().isin(vals)
        for col, val in by_column.items():
            wanted_values = [val] if isinstance(val, str) or not isinstance(val, Iterable) else list(val)
            folded = {" ".join(str(v).split()).casefold() for v in wanted_values}
            column = docs[col].map(lambda v: None if v is None or (isinstance(v, float) and v != v)
                                   else " ".join(str(v).split()).casefold())
            mask &= column.isin(folded)
        if doc_ids is not None:
            mask &= docs["doc_id"].isin(list(doc_ids))
        keep = docs.loc[mask, "doc_id"]
        sub = self._subset(keep)
        if speaker and speaker.strip().lower() != "all":
            name = self.resolve_speaker(speaker)
            naming = self.naming(name) if name is not None and not self._restricted else None
            if naming is not None:  # only documents that name the person can hold their words (found once, here)
                sub = sub._subset(set(naming) & set(sub.documents["doc_id"].astype(str)))
            sub.speaker_filter = name if name is not None else "__none__"
            if sub._annotated is not None:
                s = sub.sentences
                keep = s["speaker"].isna() if name is None else s["speaker"] == name
                sub = sub.keep_sentences(s[keep])
                sub.speaker_filter = name if name is not None else "__none__"
            spoken = set(sub.sentences["doc_id"])
            sub = sub._subset(sub.documents.loc[sub.documents["doc_id"].isin(spoken), "doc_id"])
        return sub

    def _subset(self, doc_ids: Iterable[str]) -> Corpus:
        ids = set(doc_ids)

        def pick(df: pd.DataFrame) -> pd.DataFrame:
            return df[df["doc_id"].isin(ids)].reset_index(drop=True) if "doc_id" in df else df

        annotated = None
        if self._annotated is not None:
            annotated = {k: pick(v) for k, v in self._annotated.items()}
        return replace(
            self,
            documents=pick(self.documents), paragraphs=pick(self.paragraphs),
            provenance=pick(self.provenance), cleaning=pick(self.cleaning),
            _annotated=annotated, memo={},
        )

    def document_keys(self, columns: Sequence[str] = ()) -> list[str]:
        """Each document's cache key for what is derived from its annotated sentences.

        The text's key; with a speaker filter, also what decides which of its
        sentences are kept (date, speaker, genre, the gazetteer and the filter);
        then the values of the documents ``columns`` a derived table depends on.

        >>> corpus.document_keys()[0] == corpus.documents["key"].iloc[0]
        True
        """
        docs = self.documents
        keys = docs["key"].tolist()
        if self.speaker_filter is not None:
            gaz = repr(self._actors().actors)
            keys = [digest(k, self.speaker_filter, gaz) for k in _speaker_keys(docs)]
        return row_keys(keys, docs, columns)

    def annotation_folder(self) -> str:
        """The name of the annotation generation this corpus's tables come from (model, version, components,
        the kit's rules): the base of every derived table's cache folder. A corpus with texts in several
        languages names every language's pipeline (:func:`lavrovkit.model.generation`); an English corpus
        names the English pipeline alone, as it always has."""
        o = self.options
        return ann.generation([ann.model_spec(o.model if lang == "en" else None, o.components, lang)
                               for lang in annotation_languages(self.documents)])

    def per_document(self, name: str, schema: pa.Schema, compute: Callable[[Corpus], pd.DataFrame],
                     parts: Sequence[object] = (), keys: Sequence[str] | None = None, *,
                     code: Sequence[str | ModuleType] = (), data: Sequence[str] = (),
                     options: Sequence[object] = (), columns: Sequence[str] = ()) -> pd.DataFrame:
        """A table derived document by document, computed once and then read from a per-document cache.

        ``compute(sub_corpus)`` returns rows with a ``doc_id`` column and the
        columns of ``schema`` (besides ``key``); it runs only on documents the
        cache lacks, 500 at a time, each batch written as one shard under
        ``<cache>/<name>/<annotation>-<dependency key>/``. Declare what the rows
        depend on and the keys follow (:func:`lavrovkit.cache.dependency_key`):
        ``code``, the modules that compute them (``"themes"``; a change to any
        recomputes); ``data``, the package's data files they read
        (``"data/not_persons.yaml"``); ``options``, any other values (a rule
        set's fingerprint, a gazetteer digest); ``columns``, the documents
        columns they read besides the text (``"date"``), which join each
        document's row key (:meth:`document_keys`). ``parts`` (values, like
        ``options``) and ``keys`` (row keys given outright) are the older form.
        Returns the rows with ``doc_id``, in document order.

        >>> schema = pa.schema([("key", pa.string()), ("paragraphs", pa.int64())])
        >>> count = lambda sub: sub.paragraphs.groupby("doc_id", sort=False).size().rename("paragraphs").reset_index()
        >>> corpus.per_document("paragraph_counts", schema, count, code=["corpus"]).head(2).values.tolist()
        [['000', 9], ['001', 10]]
        """
        docs = self.documents
        keys = self.document_keys(columns) if keys is None else list(keys)
        root = cache_root(self.options.cache_dir)
        cache = derived_cache(root, name, {name: schema}, self.annotation_folder(), code=code, data=data,
                              options=(*parts, *options))
        table = cache.fill_rows(keys, docs["doc_id"].tolist(), lambda ids: compute(self._subset(ids)))
        return _by_document(table, keys, docs["doc_id"])

    def __len__(self) -> int:
        return len(self.documents)

    def fingerprint(self) -> str:
        """A short hash of the documents' texts (their keys) and metadata: equal fingerprints, equal inputs.

        >>> len(corpus.fingerprint())
        16
        """
        cols = [c for c in self.documents.columns if c != "text"]
        return hexdigest(self.documents[cols].astype(str).to_csv(index=False) + "".join(self.documents["key"]), 16)



# ---------------------------------------------------------------------- annotation → tables


def _langs(documents: pd.DataFrame) -> dict[str, str] | None:
    """Each document key's language (``documents.lang``) for :func:`lavrovkit.annotate.annotate`, or None
    when every document is English (or the table has no ``lang`` column)."""
    if "lang" not in documents.columns:
        return None
    lang = documents["lang"].fillna("en").astype(str)
    if (lang == "en").all():
        return None
    return {k: v for k, v in zip(documents["key"], lang, strict=True) if v != "en"}


def annotation_languages(documents: pd.DataFrame) -> list[str]:
    """The languages whose pipelines annotate these documents: English first, then the others by code
    (English alone for an empty table or one without a ``lang`` column).

    >>> import pandas as pd
    >>> annotation_languages(pd.DataFrame({"lang": ["ru", "en", "ru"]}))
    ['en', 'ru']
    """
    if "lang" not in documents.columns or documents.empty:
        return ["en"]
    langs = set(documents["lang"].fillna("en").astype(str))
    return sorted(langs, key=lambda g: (g != "en", g))


def _by_document(table: pa.Table, keys: Sequence[str], doc_ids: pd.Series) -> pd.DataFrame:
    """Cache rows keyed by ``key`` (in the order of ``keys``) as a DataFrame keyed by ``doc_id`` instead.

    ``keys`` and ``doc_ids`` run in parallel, one per document. One document
    per key: doc_id by position, rows kept in their order. The same key under
    several documents (the same text twice): each document gets a copy of its rows.
    """
    if len(set(keys)) == len(keys):
        position = pc.index_in(table.column("key"), value_set=pa.array(list(keys), type=pa.string()))
        doc_id = pc.take(pa.array(doc_ids.astype(str).tolist(), type=pa.string()), position)
        return table.drop_columns(["key"]).add_column(0, "doc_id", doc_id).to_pandas()
    pairs = pd.DataFrame({"key": list(keys), "doc_id": doc_ids.to_numpy(), "_o": range(len(doc_ids))})
    frame = table.to_pandas().reset_index(names="_r").merge(pairs, on="key")
    frame = frame.sort_values(["_o", "_r"], kind="stable").drop(columns=["key", "_o", "_r"])
    return frame[["doc_id"] + [c for c in frame.columns if c != "doc_id"]].reset_index(drop=True)



# ---------------------------------------------------------------------- summaries


def date_label(documents: pd.DataFrame) -> pd.Series:
    """Each document's date as precise as it is known: '2019-02-24', '2019-02' (month) or '2019' (year).

    >>> date_label(corpus.documents).tolist()[:2]
    ['2019-02-24', '2017-10-09']
    """
    fmt = documents["date_precision"].map({"year": "%Y", "month": "%Y-%m"}).fillna("%Y-%m-%d")
    return pd.Series([d.strftime(f) if not pd.isna(d) else "undated" for d, f in zip(documents["date"], fmt, strict=True)],
                     index=documents.index, dtype="object")


#: How many words of an untitled document's text its label shows.
LABEL_WORDS = 8
#: The longest label :func:`document_labels` gives, in characters.
LABEL_WIDTH = 80


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = text[: width - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head).rstrip(",;:.-–— ") + "…"


def document_labels(documents: pd.DataFrame, words: int = LABEL_WORDS, width: int = LABEL_WIDTH) -> pd.Series:
    """What to call each document in a table or a plot, indexed by doc_id: its title, or for an untitled
    document (a table row, a social-media post) its date, source and first ``words`` words; labels longer
    than ``width`` characters are cut at a word and end in "…"; a label two documents share ends in
    their doc_ids ("… [row-00012]").

    >>> document_labels(corpus.documents).iloc[0]
    'Moscow and Washington maintain contacts on Syria, North Korea and Afghanistan…'
    >>> import pandas as pd
    >>> post = pd.DataFrame({"doc_id": ["row-00354"], "title": [None], "date": pd.to_datetime(["2026-02-28"]),
    ...                      "date_precision": ["day"], "source": ["MFA Russia"],
    ...                      "text": ["Foreign Minister Sergey Lavrov had a telephone conversation with ..."]})
    >>> document_labels(post).loc["row-00354"]
    '2026-02-28 · MFA Russia · Foreign Minister Sergey Lavrov had a telephone…'
    """
    index = pd.Index(documents["doc_id"].astype(str), name="doc_id")
    titles = documents["title"] if "title" in documents.columns else pd.Series(None, index=documents.index)
    texts = documents["text"] if "text" in documents.columns else pd.Series("", index=documents.index)
    sources = documents["source"] if "source" in documents.columns else pd.Series(None, index=documents.index)
    dates = date_label(documents) if "date" in documents.columns else pd.Series("undated", index=documents.index)
    out = []
    for title, text, source, day, doc_id in zip(titles, texts, sources, dates, index, strict=True):
        if isinstance(title, str) and title.strip():
            out.append(_cut(" ".join(title.split()), width))
            continue
        first = str(text or "").split()
        lead = " ".join(first[:words]).rstrip(",;:.") + ("…" if len(first) > words else "")
        parts = [day, source if isinstance(source, str) and source.strip() else None, lead or doc_id]
        out.append(_cut(" · ".join(p for p in parts if p), width))
    labels = pd.Series(out, index=index, dtype="object")
    twice = labels.duplicated(keep=False)  # two documents with one title stay apart, by their doc_id
    return labels.where(~twice, labels + " [" + labels.index.to_series() + "]")


def content_words(
    tokens: pd.DataFrame,
    names: Iterable[str] = (),
    extra_stopwords: Iterable[str] = (),
    use_lemma: bool = True,
    proper_nouns: bool = False,
) -> pd.Series:
    """Which content words do these tokens hold? Lower-cased lemmas (or words), index aligned with ``tokens``.

    Left out: stop words, punctuation, numbers, words of two letters or fewer,
    :data:`CONTENT_STOPWORDS`, ``extra_stopwords``, every word of ``names``
    (e.g. the actors gazetteer's names) and, unless ``proper_nouns``, all proper nouns.

    >>> content_words(corpus.tokens).value_counts().head(3).index.tolist()
    ['russian', 'issue', 'syrian']
    """
    if tokens.empty:
        return pd.Series(dtype="object")
    keep = tokens["is_alpha"] & ~tokens["is_stop"]
    if not proper_nouns:
        keep &= tokens["pos"] != "PROPN"
    words = tokens.loc[keep, "lemma" if use_lemma else "lower"].str.lower()
    drop = set(CONTENT_STOPWORDS) | {w.lower() for w in extra_stopwords}
    for name in names:
        drop.update(p.lower() for p in re.findall(r"\w+", name))
    return words[~words.isin(drop) & (words.str.len() > 2)]


def word_counts(corpus: Corpus, by: str | Sequence[str] = ("source", "genre")) -> pd.DataFrame:
    """How many documents and words per source, genre, speaker (or any documents column)?

    Columns: the ``by`` columns, documents, words; by ``speaker`` also
    sentences. Words by ``speaker`` are the words of the sentences attributed
    to each speaker (turn labels, quotes, the catalog; "narration" for
    sentences nobody speaks), so they add up to the words of the corpus's
    sentences (turn labels aside) and a person's total equals the sum of
    :func:`speaker_share`'s speaker_words;
    ``documents`` is then the number of documents the speaker has words in.
    Other columns are the documents table's (missing values count as "unknown").

    >>> word_counts(corpus, "source")["source"].tolist()
    ['Russian Foreign Ministry', 'TASS', 'Sputnik']
    >>> word_counts(corpus, "speaker").head(2)[["speaker", "documents", "words"]].values.tolist()
    [['Sergey Lavrov', 4, 3847], ['narration', 5, 941]]
    """
    cols = [by] if isinstance(by, str) else list(by)
    unknown = [c for c in cols if c not in corpus.documents.columns]
    if unknown:
        raise ParameterError(f"word_counts: no documents column {', '.join(map(repr, unknown))}; the columns are: "
                             f"{', '.join(map(str, corpus.documents.columns))}")
    if "speaker" in cols:  # whose words: the attribution, sentence by sentence
        others = [c for c in cols if c != "speaker"]
        s = corpus.sentences[["doc_id", "sentence_id", "speaker", "words"]]
        s = s.assign(speaker=s["speaker"].fillna("narration"))  # as speaker_shares names nobody's sentences
        if others:
            docs = corpus.documents[["doc_id", *others]]
            s = s.merge(docs.assign(**{c: docs[c].fillna("unknown") for c in others}), on="doc_id")
        out = s.groupby(cols, sort=True).agg(documents=("doc_id", "nunique"), sentences=("sentence_id", "size"),
                                             words=("words", "sum")).reset_index()
        out["words"] = out["words"].astype("int64")
        return out.sort_values("words", ascending=False, kind="stable").reset_index(drop=True)
    docs = corpus.documents.assign(**{c: corpus.documents[c].fillna("unknown") for c in cols})
    out = docs.groupby(cols, sort=True).agg(documents=("doc_id", "size"), words=("words", "sum")).reset_index()
    return out.sort_values("words", ascending=False).reset_index(drop=True)


def _day(value: str | pd.Timestamp, name: str) -> pd.Timestamp:
    """A date bound of a filter; anything that is not a date is a :class:`ParameterError` naming it.

    >>> _day("2019-02-24", "start").year
    2019
    """
    if not isinstance(value, (str, dt.date, pd.Timestamp)):  # a number would be read as nanoseconds
        raise ParameterError(f"filter: {name}={value!r} is not a date (YYYY-MM-DD)")
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ParameterError(f"filter: {name}={value!r} is not a date (YYYY-MM-DD)") from None


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_corpus', 'words_by')})
