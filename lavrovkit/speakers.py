"""Who says each sentence: speaker attribution, its cache, and how much each speaker says.

Sentences get their speaker from :func:`lavrovkit.segment.attribute_speakers`
(turn labels, quotations, the catalog's speaker), with people found by the
gazetteer and spaCy's PERSON entities. The result is cached per document
(:func:`speaker_cache`), keyed by the annotation, the gazetteer, this code and
each document's text, date, speaker and genre, so a warm load attributes
nothing. :func:`speaker_share` and :func:`speaker_shares` say how much of each
document a speaker says; :func:`resolve_speaker` reads a speaker filter.

>>> speaker_shares(corpus)[["doc_id", "speaker", "share"]].head(2).values.tolist()
[['004', 'Sergey Lavrov', 0.87], ['004', 'question', 0.124]]
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from lavrovkit.actors import Actors
from lavrovkit.build import WORD_RE
from lavrovkit.cache import ShardCache, derived_cache, digest, row_keys
from lavrovkit.errors import SpeakerError
from lavrovkit.lang import detect
from lavrovkit.lang.en import GENERIC_LABELS
from lavrovkit.segment import (
    GENERIC_SPEAKERS,
    INSTITUTION_NAMES,
    Mention,
    attribute_speakers,
    paragraphs_of,
    persons_consulted,
    speech_rules,
)

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

SENTENCE_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "text", "speaker",
    "speaker_role", "is_quote", "speaker_how", "words",
]


#: Institutions that speak in statements ("the ministry said"): the one list, in lavrovkit.lang.en.
ORG_NAMES = INSTITUTION_NAMES



#: What a sentence's speaker depends on besides the cached annotation and the gazetteer: the code that
#: decides it (this module, the segmentation, the gazetteer's matching, word counts).
SPEAKER_CODE = ("speakers", "segment", "labels", "lang", "actors", "build")
#: What it depends on per document besides the text.
SPEAKER_COLUMNS = ("date", "speaker", "genre")
SPEAKER_SCHEMA = pa.schema([("key", pa.string()), ("sentence_id", pa.int32()), ("speaker", pa.string()),
                            ("speaker_role", pa.string()), ("is_quote", pa.bool_()), ("speaker_how", pa.string()),
                            ("words", pa.int32())])


def gazetteer_key(gaz: Actors) -> str:
    """A digest of what speaker attribution reads in a gazetteer (its actors and role phrases)."""
    return digest(repr(gaz.actors), repr(gaz.role_phrases))


def speaker_cache(annotation_folder: Path, gaz: Actors) -> ShardCache:
    """Where speaker attributions for this annotation and gazetteer are cached (keyed per document)."""
    return derived_cache(annotation_folder.parent.parent, "speakers", {"speakers": SPEAKER_SCHEMA},
                         annotation_folder.name, code=SPEAKER_CODE, options=(gazetteer_key(gaz),))


def _speaker_keys(docs: pd.DataFrame) -> list[str]:
    """A document's speaker-cache key: its text and the metadata attribution reads (date, speaker, genre, lang)."""
    columns = SPEAKER_COLUMNS + (("lang",) if "lang" in docs else ())  # the language chooses the speech patterns
    return row_keys(docs["key"].tolist(), docs, columns)


def persons_needed(docs: pd.DataFrame) -> list[str]:
    """Which documents' speakers can depend on the people spaCy's NER finds in them? Their doc_ids.

    Speaker attribution reads PERSON entities only to name who speaks a
    quotation next to a reporting clause, or an "Answer:" turn nobody's name
    labels (:func:`lavrovkit.segment.persons_consulted`); the other documents'
    speakers are the same without entities, so they need only the forms tier.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "speaker": [None, "Sergey Lavrov"], "genre": [None, "speech"],
    ...     "text": ["“We will never accept these terms, whatever happens,” Lavrov said.",
    ...              "“We will never accept these terms, whatever happens,” I said then."]})
    >>> persons_needed(docs)
    ['a']
    """
    out = []
    langs = _langs(docs)
    for doc_id, text, speaker, genre, lang in zip(docs["doc_id"], docs["text"], docs["speaker"], docs["genre"],
                                                  langs, strict=True):
        if persons_consulted(text, paragraphs_of(text, lang), None if pd.isna(speaker) else speaker,
                             None if pd.isna(genre) else genre, lang):
            out.append(str(doc_id))
    return out


def _langs(docs: pd.DataFrame) -> list[str | None]:
    """Each document's language (its ``lang`` column; None where it has none: read from the text)."""
    if "lang" not in docs:
        return [None] * len(docs)
    return [None if pd.isna(v) or not v else str(v) for v in docs["lang"].tolist()]


def _speakers(sentences: pd.DataFrame, docs: pd.DataFrame, paragraphs: pd.DataFrame,
              entities: pd.DataFrame | Callable[[list[str]], pd.DataFrame], gaz: Actors,
              cache: ShardCache | None = None) -> pd.DataFrame:
    """Each sentence's speaker, quote flag and how it was decided, from the cache or :func:`_attribute`.

    ``entities`` is the entities table, or a function giving the entities of
    the documents (doc_ids) being attributed; it is called only for documents
    the cache lacks.
    """
    def entities_of(doc_ids: list[str]) -> pd.DataFrame:
        return entities(doc_ids) if callable(entities) else entities

    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    out = sentences.copy()
    starts, ends = out["start_char"].to_numpy(), out["end_char"].to_numpy()
    out["text"] = pd.Series([texts[d][s:e] for d, s, e in zip(out["doc_id"], starts, ends, strict=True)],
                            index=out.index, dtype="str")
    every = docs["doc_id"].astype(str).tolist()
    if cache is None:
        attributed = _attribute(sentences, docs, paragraphs, entities_of(every), gaz)
    else:
        def compute(doc_ids: list[str]) -> pd.DataFrame:
            part = docs[docs["doc_id"].isin(doc_ids)]
            return _attribute(sentences[sentences["doc_id"].isin(doc_ids)], part, paragraphs, entities_of(doc_ids),
                              gaz)

        keys = _speaker_keys(docs)
        attributed = cache.fill_rows(keys, docs["doc_id"].tolist(), compute).to_pandas()
        if len(attributed) != len(out) or not np.array_equal(attributed["sentence_id"].to_numpy(),
                                                             out["sentence_id"].to_numpy()):
            # cache out of step: recompute
            attributed = _attribute(sentences, docs, paragraphs, entities_of(every), gaz)
    for col in ("speaker", "speaker_role"):
        values = attributed[col].astype(object)
        out[col] = pd.Series(values.where(values.notna(), None).to_numpy(), index=out.index, dtype="object")
    out["is_quote"] = pd.Series(attributed["is_quote"].to_numpy(), index=out.index, dtype="bool")
    out["speaker_how"] = pd.Series(attributed["speaker_how"].to_numpy(), index=out.index, dtype="object")
    out["words"] = attributed["words"].to_numpy(dtype=np.int64)
    return out[SENTENCE_COLUMNS]


def _attribute(sentences: pd.DataFrame, docs: pd.DataFrame, paragraphs: pd.DataFrame,
               entities: pd.DataFrame, gaz: Actors) -> pd.DataFrame:
    """Run speaker attribution (:func:`lavrovkit.segment.attribute_speakers`) on each document's sentences."""
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    langs = dict(zip(docs["doc_id"], _langs(docs), strict=True))
    meta: dict[str, tuple[Any, Any, Any]] = {
        d: (date, speaker, genre) for d, date, speaker, genre in zip(
            docs["doc_id"].tolist(), docs["date"].tolist(), docs["speaker"].tolist(), docs["genre"].tolist(),
            strict=True)}
    persons = entities[entities["label"] == "PERSON"] if not entities.empty else entities
    persons_by_doc = {d: g for d, g in persons.groupby("doc_id", sort=False)} if not persons.empty else {}
    rows: list[tuple[str, int, str | None, str | None, bool, str, int]] = []
    for key, group in sentences.groupby("doc_id", sort=False):
        doc_id = str(key)
        text = texts[doc_id]
        lang = langs[doc_id]
        paras = paragraphs_of(text, lang)
        doc_date, doc_speaker, genre = meta[doc_id]
        day = None if pd.isna(doc_date) else doc_date.date()
        mentions = _mentions(text, day, gaz, persons_by_doc.get(doc_id), lang)
        spans = list(zip(group["paragraph_id"], group["start_char"], group["end_char"], strict=True))
        result = attribute_speakers(
            text, paras, spans, mentions,
            doc_speaker=None if pd.isna(doc_speaker) else doc_speaker,
            genre=None if pd.isna(genre) else genre,
            normalise=gaz.resolve,
            lang=lang,
        )
        for sid, (speaker, is_quote, how), (pid, s, e) in zip(group["sentence_id"], result, spans, strict=True):
            role = paras[pid].role if how == "turn" and pid < len(paras) else None
            rows.append((doc_id, int(sid), speaker, role, bool(is_quote), how, len(WORD_RE.findall(text, s, e))))
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "speaker", "speaker_role", "is_quote", "speaker_how",
                                       "words"])


def _mentions(text: str, day: Any, gaz: Actors, persons: pd.DataFrame | None,
              lang: str | None = None) -> list[Mention]:
    found = [Mention(m.start, m.end, m.name) for m in gaz.mentions(text, day)]
    taken = [(m.start, m.end) for m in found]
    if persons is not None:
        for s, e, surface in zip(persons["start_char"], persons["end_char"], persons["text"], strict=True):
            if any(a < e and s < b for a, b in taken):
                continue
            found.append(Mention(int(s), int(e), _clean_person(surface)))
    rules = speech_rules(lang or detect(text))
    name_of = rules.institution_name or _org_label
    for m in rules.institutions.finditer(text):
        found.append(Mention(m.start(), m.end(), name_of(m.group()), kind="org"))
    return sorted(found, key=lambda m: m.start)


def _clean_person(surface: str) -> str:
    return re.sub(r"(?:['’]s)$", "", surface.strip())


def _org_label(surface: str) -> str:
    s = re.sub(r"^the\s+", "", surface.strip(), flags=re.IGNORECASE)
    s = re.sub(r"^Russia's\s+", "Russian ", s)
    if re.fullmatch(r"Foreign\s+Ministry", s, flags=re.IGNORECASE):
        s = "Russian Foreign Ministry"
    return " ".join(w[0].upper() + w[1:] for w in s.split())


def _restrict_to_speaker(tables: dict[str, pd.DataFrame], speaker: str | None) -> dict[str, pd.DataFrame]:
    s = tables["sentences"]
    keep = s[s["speaker"].isna()] if speaker in (None, "__none__") else s[s["speaker"] == speaker]
    ids = keep[["doc_id", "sentence_id"]]
    out = {"sentences": keep.reset_index(drop=True)}
    for name in ("tokens", "entities"):
        out[name] = tables[name].merge(ids, on=["doc_id", "sentence_id"]).reset_index(drop=True)
    return out


def resolve_speaker(corpus: Corpus, speaker: str) -> str | None:
    """Which name in ``sentences.speaker`` does a speaker filter mean? (See :meth:`Corpus.resolve_speaker`.)

    >>> resolve_speaker(corpus, "Sergei Lavrov"), resolve_speaker(corpus, "narration")
    ('Sergey Lavrov', None)
    """
    low = " ".join(speaker.split()).casefold()
    if low in {"none", "narration"}:
        return None
    if GENERIC_LABELS.get(low) == "question":
        return "question"
    if low in GENERIC_SPEAKERS:
        return low
    actors = corpus._actors()
    name = actors.canonical(speaker.strip()) or actors.by_surname(speaker.strip())
    if name:
        return name
    # people the gazetteer does not know: the turn speakers and document speakers of this corpus
    present = {str(n) for n in pd.concat([corpus.paragraphs["turn_speaker"], corpus.documents["speaker"]]).dropna()}
    exact = [n for n in present if n.casefold() == low]
    if exact:
        return exact[0]
    by_surname = sorted(n for n in present if n.split()[-1].casefold() == low)
    if len(by_surname) == 1:
        return by_surname[0]
    return speaker.strip()


def choose_speaker(corpus: Corpus, speaker: str | None = "auto") -> tuple[str, str]:
    """Whose words a report measures, as ``(name or "all", a phrase saying so)``.

    The one meaning of ``speaker`` (:func:`lavrovkit.selection.speaker_scope`):
    ``"auto"`` is Sergey Lavrov where he speaks and all text where he never does;
    ``"all"``/``None`` all text; any other name that person (canonical form).

    >>> choose_speaker(corpus, "lavrov")
    ('Sergey Lavrov', "Sergey Lavrov's own words")
    """
    from lavrovkit.selection import speaker_scope

    name, label = speaker_scope(corpus, speaker)
    return (name or "all"), label


def speaker_not_found(corpus: Corpus, speaker: str) -> None:
    """Raise :class:`SpeakerError` listing the speakers there are, when ``speaker`` says nothing."""
    name = corpus.resolve_speaker(speaker)
    speakers = corpus.sentences["speaker"].dropna().value_counts()
    if name not in speakers.index:
        listing = ", ".join(f"{n} ({c})" for n, c in speakers.head(15).items())
        raise SpeakerError(f"no sentence is spoken by {speaker!r}; speakers in this corpus: {listing or 'none'}")


def warn_undated(corpus: Corpus) -> None:
    """Warn when documents lack a date (date filters and trends leave them out)."""
    undated = corpus.documents[corpus.documents["date"].isna()]
    if len(undated):
        warnings.warn(
            f"{len(undated)} document(s) have no date and are left out of date filters and trends: "
            + ", ".join(undated["doc_id"].head(10)), stacklevel=2,
        )



# ---------------------------------------------------------------------- summaries


def speaker_share(corpus: Corpus, speaker: str = "auto", *, min_base: int | None = None) -> pd.DataFrame:
    """How much of each document does ``speaker`` say himself?

    ``speaker`` is a person (any name, or ``"auto"``: Sergey Lavrov where he
    speaks); all text has no share of its own (see :func:`speaker_shares` for
    every speaker), and a name nobody speaks is a :class:`SpeakerError`.
    Columns: doc_id, date, source, genre, words (the base of the share),
    speaker_words, share (0-1), sentences, speaker_sentences, ci_low and
    ci_high (the 95% Wilson interval of share over the words,
    :func:`lavrovkit.stats.proportion_interval`), low_base (True for a
    document of fewer than ``min_base`` words, default
    :data:`lavrovkit.stats.MIN_WORDS`). Words are the words of the
    document's sentences (turn labels such as "Question:" are nobody's words),
    counted as :func:`speaker_shares` and :func:`lavrovkit.corpus.word_counts`
    count them, so the three agree.

    >>> speaker_share(corpus)[["doc_id", "share"]].values.tolist()
    [['000', 0.708], ['001', 0.0], ['002', 0.664], ['003', 0.608], ['004', 0.87]]
    """
    from lavrovkit.selection import speaker_scope

    name, label = speaker_scope(corpus, speaker)
    if name is None:
        raise SpeakerError(f"speaker_share needs a person, not {label}; speaker_shares gives every speaker's share")
    s = corpus.sentences
    counts = s.assign(w=s["words"], mine=s["speaker"] == name)  # as speaker_shares and word_counts count them
    per_doc = counts.groupby("doc_id", sort=False).agg(
        words=("w", "sum"),
        sentences=("sentence_id", "size"),
        speaker_sentences=("mine", "sum"),
        speaker_words=("w", lambda w: int(w[counts.loc[w.index, "mine"]].sum())),
    )
    docs = corpus.documents[["doc_id", "date", "source", "genre"]]
    out = docs.merge(per_doc, left_on="doc_id", right_index=True, how="left").fillna(
        {"words": 0, "sentences": 0, "speaker_sentences": 0, "speaker_words": 0})
    out["words"] = out["words"].astype("int64")
    out["share"] = (out["speaker_words"] / out["words"].where(out["words"] > 0)).fillna(0.0).round(3)
    for col in ("sentences", "speaker_sentences", "speaker_words"):
        out[col] = out[col].astype("int64")
    out = _with_interval(out, "speaker_words", "words", min_base)
    return out[["doc_id", "date", "source", "genre", "words", "speaker_words", "share", "sentences",
                "speaker_sentences", "ci_low", "ci_high", "low_base"]].reset_index(drop=True)


def _with_interval(table: pd.DataFrame, count: str, base: str, min_base: int | None) -> pd.DataFrame:
    """``table`` with the Wilson interval of count/base (a share of words) and its low_base flag."""
    from lavrovkit.stats import MIN_WORDS, interval_columns

    capped = table.assign(_k=np.minimum(table[count], table[base]))  # counted twice, never over the base
    out = interval_columns(capped, count="_k", base=base, min_base=MIN_WORDS if min_base is None else min_base,
                           digits=3)
    return out.drop(columns="_k")


def speaker_shares(corpus: Corpus, turns_only: bool = True, *, min_base: int | None = None) -> pd.DataFrame:
    """Who speaks how much of each document? One row per document and speaker.

    Columns: doc_id, date, title, speaker ("narration" for sentences nobody
    speaks), speaker_role (the role written in the person's turn labels),
    sentences, words, doc_words (the document's words: the base of the
    share), share (of the document's words, 0-1), ci_low and ci_high (the
    95% Wilson interval of share over the words), low_base (True for a
    document of fewer than ``min_base`` words, default
    :data:`lavrovkit.stats.MIN_WORDS`). ``turns_only`` keeps the documents
    with transcript turns (interviews, press conferences, meeting
    transcripts); rows are in document order, largest share first.

    >>> speaker_shares(corpus)[["doc_id", "speaker", "share"]].head(2).values.tolist()
    [['004', 'Sergey Lavrov', 0.87], ['004', 'question', 0.124]]
    """
    s = corpus.sentences
    if turns_only:
        s = s[s["doc_id"].isin(set(s.loc[s["speaker_how"] == "turn", "doc_id"]))]
    s = s.assign(speaker=s["speaker"].fillna("narration"))
    roles = s.dropna(subset=["speaker_role"]).drop_duplicates(["doc_id", "speaker"])[["doc_id", "speaker",
                                                                                          "speaker_role"]]
    out = s.groupby(["doc_id", "speaker"], sort=False).agg(sentences=("sentence_id", "size"), words=("words", "sum"))
    out = out.reset_index().merge(roles, on=["doc_id", "speaker"], how="left")
    out["doc_words"] = out.groupby("doc_id")["words"].transform("sum").astype("int64")
    out["share"] = (out["words"] / out["doc_words"].where(lambda w: w > 0)).fillna(0.0)
    docs = corpus.documents[["doc_id", "date", "title"]]
    out = docs.merge(out, on="doc_id")
    order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    out = out.assign(_o=out["doc_id"].map(order)).sort_values(["_o", "share"], ascending=[True, False], kind="stable")
    out["share"] = out["share"].round(3)
    out = _with_interval(out, "words", "doc_words", min_base)
    return out[["doc_id", "date", "title", "speaker", "speaker_role", "sentences", "words", "doc_words", "share",
                "ci_low", "ci_high", "low_base"]].reset_index(drop=True)


