"""Counterparts: who is named, in which role on that date, who talks with whom, how, and about what.

People are found three ways and merged: the actors gazetteer
(``lavrovkit/data/actors.yaml``: full names and aliases; surnames, resolved to
the person already named in the document; role phrases such as "US Secretary
of State" or "his US counterpart", resolved to whoever held the role on the
document's date); role phrases before a name ("Foreign Minister of Morocco
Nasser Bourita", :func:`lavrovkit.people.role_names`), whatever the model
tags the name, with the side the role names; and spaCy's PERSON entities.
People the gazetteer does not know stay in every table as *unresolved*,
under the fullest form of their name the document or corpus writes. Spans
that are no one's name (outlets, organisations, places, groups, titles,
names cut short: :func:`lavrovkit.people.not_a_name`, with
``lavrovkit/data/not_persons.yaml`` and ``lavrovkit/data/people.yaml``)
are left out.

Interactions (contacts between officials: who talked with whom, how, on which
date) are :mod:`lavrovkit.events`; :func:`interactions` is re-exported here.

Whose sentences are read follows :mod:`lavrovkit.selection`, with the same
values as everywhere: ``"auto"`` is Lavrov's own words where he speaks in the
corpus and all text where he never does; ``"all"`` (or ``None``) all text; a
name that person's sentences. Only the default differs: people and events are
found in **all text** (:data:`PEOPLE_SPEAKER`), because contacts are reported
in narration ("Sergey Lavrov had a telephone conversation with ..."): read
only in his own words, the 300 saved Kremlin pages give 0 of their 15 phone
readouts, read in all text 13. Pass ``speaker="auto"`` for the people he names
himself.

Example
-------
>>> "Rex Tillerson" in set(lk.counterparts(corpus, speaker="all").query("side == 'United States'").person)
True
>>> bool(lk.interactions(corpus, speaker="all")["type"].isin(["phone_call", "meeting"]).any())
True
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Container, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from lavrovkit.actors import Actors, actors_load, case_forms
from lavrovkit.cache import code_digest, digest, hexdigest
from lavrovkit.events import EVENT_COLUMNS, interactions  # noqa: F401  (re-exported: the event half)
from lavrovkit.lang.en import NAME_PARTICLES
from lavrovkit.people import (
    RoleName,
    Words,
    fuller_name,
    lone_name,
    name_key,
    names_a_thing,
    not_a_name,
    role_names,
    ru_person_name,
    same_person,
    side_of,
    tidy_name,
    words,
)
from lavrovkit.selection import PEOPLE_SPEAKER, scoped
from lavrovkit.themes import Taxonomy, theme_sentences

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
INTERACTIONS = DATA / "interactions.yaml"
MENTION_COLUMNS = ["doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "surface", "person",
                   "actor_id", "side", "role", "resolved_by", "date", "source", "speaker", "side_from"]
#: "his US counterpart", "the American counterpart", "her U.S. counterparts"
COUNTERPART = re.compile(r"\b(?:(?:his|her|their|the)\s+)?(?P<side>US|U\.S\.|American|Russian)\s+counterparts?\b")


@functools.lru_cache(maxsize=4)
def _not_persons(path: str) -> tuple[frozenset[str], frozenset[str]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return (frozenset(o.lower() for o in data.get("outlets", [])),
            frozenset(w.lower() for w in data.get("words", [])))


def is_person_name(surface: str, not_persons: str | os.PathLike[str] | None = None) -> bool:
    """Can ``surface`` (a PERSON entity) be a person's name, or is it an outlet, organisation, place, group,
    a title without a name or a name cut short? (:func:`lavrovkit.people.not_a_name` gives the reason.)

    >>> is_person_name("Igor Morgulov"), is_person_name("Phoenix TV"), is_person_name("Jabhat al-Nusra")
    (True, False, False)
    >>> is_person_name("MFA Website"), is_person_name("Ukrainian neo-Nazis"), is_person_name("Ursula von der")
    (False, False, False)
    """
    w = words(not_persons=str(not_persons)) if not_persons else words()
    return not_a_name(surface, w) is None


def _day(value: Any) -> Any:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _role_label(actors: Actors, name: str, day: Any) -> str:
    actor = actors.get(name)
    if actor is None:
        return ""
    roles = actor.roles_on(day) if day is not None else []
    return "; ".join(f"{r.role} ({r.org})" + (" (acting)" if r.acting else "") for r in roles)


def person_mentions(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None = None,
                    *, speaker: str | None = PEOPLE_SPEAKER, **filters: Any) -> pd.DataFrame:
    """Which people does every sentence name, resolved how, on which side?

    One row per mention: doc_id, paragraph_id, sentence_id, start_char,
    end_char, surface (as written, titles included), person (canonical
    name: the gazetteer's, else the fullest form of the name the corpus
    writes, titles and honorifics stripped), actor_id, side, role (held on
    the document's date; for people the gazetteer does not know, the role
    written with the name), resolved_by (name/surname/role: by the
    gazetteer; unresolved: a person the gazetteer does not know), date,
    source, speaker (of the sentence), side_from (where the side comes
    from: ``gazetteer``; ``role``, the role phrase written with this
    mention, "Foreign Minister of Morocco Nasser Bourita" → Morocco;
    ``document``, the role phrase of another mention of the person in the
    same document; ``corpus``, role phrases elsewhere in the corpus that all
    name the same side; None when the side is unknown).

    Spans the model tags PERSON that are no one's name (outlets,
    organisations, places, groups, titles without a name, names cut short:
    :func:`lavrovkit.people.not_a_name`) are left out; so are one-word names
    that name no one the document or the corpus names in full. People named
    after a role phrase are found whatever the model tags them
    (:func:`lavrovkit.people.role_names`).

    >>> m = person_mentions(corpus, speaker="all")
    >>> m.loc[m["surface"] == "his US counterpart", "person"].tolist()
    ['Rex Tillerson']
    """
    corpus = scoped(corpus, speaker, filters)
    gaz = _gazetteer(corpus, actors)
    key = ("person_mentions", gaz.source)
    if key in corpus.memo:
        return corpus.memo[key]
    sents = corpus.sentences
    # what the model calls a place, nationality or organisation more often than a person in the corpus is not
    # a person ("Saint Lucia" is sometimes PERSON, mostly GPE)
    elsewhere, elsewhere_key = _elsewhere(corpus)
    docs = corpus.documents
    out = _document_rows(corpus, gaz, elsewhere, elsewhere_key)
    out = _across_corpus(out)
    meta = docs.set_index("doc_id")
    out = out.assign(date=out["doc_id"].map(meta["date"]), source=out["doc_id"].map(meta["source"]))
    for col in ("actor_id", "side", "side_from"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    # in a speaker's sentences only, a span outside all of them (e.g. in his turn label) is not his
    out = _locate(out, sents, before_first=corpus.speaker_filter is None)
    corpus.memo[key] = out
    return out


def mention_keys(mentions: pd.DataFrame, doc_ids: Iterable[str]) -> list[str]:
    """A digest of each document's rows of ``mentions`` ("" for none): what a table derived from a document's
    mentions (its interactions) depends on, as a part of that document's cache key.

    >>> m = person_mentions(corpus, speaker="all")
    >>> keys = mention_keys(m, corpus.documents["doc_id"])
    >>> keys == mention_keys(m.copy(), corpus.documents["doc_id"]), len(set(keys)) == len(keys)
    (True, True)
    """
    if mentions.empty:
        return ["" for _ in doc_ids]
    hashes = pd.util.hash_pandas_object(mentions[MENTION_COLUMNS], index=False).to_numpy()
    groups = mentions.groupby("doc_id", sort=False).indices
    return [hexdigest(hashes[groups[d]].tobytes(), 16) if d in groups else "" for d in doc_ids]


#: What the cached mentions depend on besides the text, the date and the gazetteer: this code, the
#: segmentation and turn-label code with its word lists (role phrases, institutions), dates, not_persons and
#: the people module with its word lists.
_CODE = code_digest("counterparts", "people", "data/not_persons.yaml", "data/people.yaml", "data/countries.yaml",
                    "actors", "segment", "labels", "lang", "meta")
_MENTION_SCHEMA = pa.schema([("key", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()),
                             ("surface", pa.string()), ("person", pa.string()), ("actor_id", pa.string()),
                             ("side", pa.string()), ("role", pa.string()), ("resolved_by", pa.string()),
                             ("side_from", pa.string()), ("pending", pa.bool_())])


def _elsewhere(corpus: Corpus) -> tuple[frozenset[str], str]:
    """Names the model calls a place, nationality or organisation more often than a person, and their digest."""
    if "not_person_names" not in corpus.memo:
        ents = corpus.entities
        names: frozenset[str] = frozenset()
        if not ents.empty:
            text = ents["text"].str.lower().str.replace(r"['’]s$", "", regex=True)
            other = text[ents["label"].isin(["GPE", "LOC", "NORP", "ORG", "FAC"])].value_counts()
            person = text[ents["label"] == "PERSON"].value_counts()
            names = frozenset(other.index[other.to_numpy() > person.reindex(other.index, fill_value=0).to_numpy()])
        corpus.memo["not_person_names"] = (names, digest(*sorted(names)))
    return corpus.memo["not_person_names"]


#: The names a document's mentions asked about (is it called a place, nationality or organisation more
#: often than a person in the corpus?) and the answers they were computed with.
_ASKED_SCHEMA = pa.schema([("key", pa.string()), ("name", pa.string()), ("answer", pa.bool_())])


class _Asked:
    """The corpus-wide names of :func:`_elsewhere`, remembering every name a document asks about and the answer."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.asked: dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        answer = name in self.names
        self.asked[str(name)] = answer
        return answer


def _document_rows(corpus: Corpus, gaz: Actors, elsewhere: frozenset[str], elsewhere_key: str) -> pd.DataFrame:
    """Every document's mentions before the corpus-wide step, from the cache where it holds them.

    The rows of a document depend on the corpus only through the few names it asks about in the
    corpus-wide list of :func:`_elsewhere`; the cache keeps those names and the answers with the rows
    (row key: the document's key and date), so another corpus holding the document (a date-filtered one,
    the whole after a part) reads the rows whenever its list answers those names the same. A document
    whose answers differ is computed again with this corpus's list (kept under its key and the list's
    digest). The rows are exactly those computed afresh.
    """
    from lavrovkit.cache import cache_root, derived_cache
    from lavrovkit.corpus import _by_document

    docs = corpus.documents
    doc_ids = docs["doc_id"].astype(str).tolist()
    keys = [digest(k, d) for k, d in zip(corpus.document_keys(), docs["date"].astype(str), strict=True)]
    cache = derived_cache(cache_root(corpus.options.cache_dir), "person_mentions",
                          {"mentions": _MENTION_SCHEMA, "asked": _ASKED_SCHEMA}, corpus.annotation_folder(),
                          options=(repr(gaz.actors), repr(gaz.role_phrases), _CODE, "asked"))

    def fill(wanted: list[str], ids: list[str]) -> dict[str, pa.Table]:
        first = dict(zip(wanted[::-1], ids[::-1], strict=True))  # key → its first document

        def compute_missing(todo: list[str]) -> None:
            for i in range(0, len(todo), 500):
                chunk = todo[i:i + 500]
                key_of = {first[k]: k for k in chunk}
                rows, asked = _mentions_asked(corpus._subset(list(key_of)), gaz, elsewhere)
                cache.write({"mentions": rows.assign(key=rows["doc_id"].map(key_of)),
                             "asked": asked.assign(key=asked["doc_id"].map(key_of))}, chunk)

        return cache.fill(wanted, compute_missing)

    tables = fill(keys, doc_ids)
    asked = tables["asked"]
    names = asked.column("name").to_pylist()
    now = np.fromiter((n in elsewhere for n in names), dtype=bool, count=len(names))
    then = asked.column("answer").to_numpy().astype(bool)
    stale = set(asked.column("key").to_numpy()[now != then].tolist())
    rows = _by_document(tables["mentions"], keys, docs["doc_id"])
    if stale:  # documents whose names this corpus's list answers otherwise: computed with it
        redo = [i for i, k in enumerate(keys) if k in stale]
        again_keys = [digest(keys[i], elsewhere_key) for i in redo]
        again = fill(again_keys, [doc_ids[i] for i in redo])
        fresh = _by_document(again["mentions"], again_keys, docs["doc_id"].iloc[redo])
        order = {d: i for i, d in enumerate(doc_ids)}
        rows = pd.concat([rows[~rows["doc_id"].isin({doc_ids[i] for i in redo})], fresh], ignore_index=True)
        rows = rows.assign(_o=rows["doc_id"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")
        rows = rows.reset_index(drop=True)
    return rows


def _mentions_asked(corpus: Corpus, gaz: Actors, elsewhere: frozenset[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`_mentions` of every document, and the names each asked about in ``elsewhere`` with the answers."""
    asked: list[tuple[str, str, bool]] = []
    rows = _mentions(corpus, gaz, elsewhere, asked)
    return rows, pd.DataFrame(asked, columns=["doc_id", "name", "answer"])


def _mentions(corpus: Corpus, gaz: Actors, elsewhere: frozenset[str],
              asked: list[tuple[str, str, bool]] | None = None) -> pd.DataFrame:
    """The people each document of ``corpus`` names (uncached, not yet placed in sentences).

    With ``asked``, each document's questions to ``elsewhere`` are added to it: (doc_id, name, answer).

    Rows carry ``pending``: a one-word name no one in the document is named in full with, which
    :func:`_across_corpus` resolves against the corpus's full names or leaves out.
    """
    ents = corpus.entities
    persons = ents[ents["label"] == "PERSON"] if not ents.empty else ents
    by_doc = dict(tuple(persons.groupby("doc_id", sort=False))) if not persons.empty else {}
    w = words()
    frames: list[pd.DataFrame] = []
    docs = corpus.documents
    for doc_id, text, date in zip(docs["doc_id"].astype(str), docs["text"].astype(str), docs["date"], strict=True):
        recorder = _Asked(elsewhere)
        rows = _document_mentions(text, _day(date), gaz, by_doc.get(doc_id), recorder, w)
        if asked is not None:
            asked += [(doc_id, name, answer) for name, answer in recorder.asked.items()]
        if rows:
            frames.append(pd.DataFrame(rows).assign(doc_id=doc_id))
    columns = ["doc_id", *_MENTION_SCHEMA.names[1:]]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _document_mentions(text: str, day: Any, gaz: Actors, persons: pd.DataFrame | None, elsewhere: Container[str],
                       w: Words) -> list[dict[str, Any]]:
    """One document's mentions as row dicts (see :func:`_mentions`)."""
    known = [(m.start, m.end, m.surface, m.name, m.resolved_by, m.actor_id) for m in gaz.mentions(text, day)]
    roles = role_names(text, w)
    # "former US Secretary of State Henry Kissinger": a gazetteer role phrase that introduces a named person is
    # that person's role, not a mention of whoever held the role on the document's date
    found = [f for f in known if not (f[4] == "role" and any(_introduces(r, f, known, gaz) for r in roles))]
    # "when Hillary Clinton was Secretary of State": a role said of a person named before it is that person's
    ends = {e for s, e, *_ in known if s < e} | {int(e) for e in (persons["end_char"] if persons is not None else [])}
    found = [f for f in found if not (f[4] == "role" and _predicate(text, f[0], ends, f[5], known))]
    found += _counterpart_mentions(text, day, gaz, found)
    rows: list[dict[str, Any]] = []
    taken = [(f[0], f[1]) for f in found]
    for s, e, surface, name, how, actor_id in found:
        actor = gaz.get(name) if actor_id else None
        rows.append(_row(s, e, surface, name, actor_id, actor.side if actor else None,
                         _role_label(gaz, name, day) if actor else "", how, "gazetteer" if actor else None))
    for r in roles:  # people introduced by their role, whatever the model tags them
        if _overlaps(taken, r.start, r.end):
            continue
        actor = gaz.get(r.name)
        if actor is None and " " not in r.name and r.name.lower() in elsewhere:
            continue  # "Mayor of Moscow": one word the model calls a place or organisation more often
        if actor is not None:
            rows.append(_row(r.start, r.end, text[r.start:r.end], actor.name, actor.id, actor.side,
                             _role_label(gaz, actor.name, day), "name", "gazetteer"))
        else:
            rows.append(_row(r.start, r.end, text[r.start:r.end], r.name, None, r.side, r.role, "unresolved",
                             "role" if r.side else None))
        taken.append((r.start, r.end))
    for s, e, surface in _entities(persons):
        if _overlaps(taken, s, e):
            continue
        name, role = _strip_role(surface, w)
        if not name or not_a_name(name, w) is not None or name.lower() in elsewhere \
                or tidy_name(surface).lower() in elsewhere:
            continue
        initials = False
        if _CYRILLIC.search(name):  # "Р.Мюллера", "Роберта Мюллера": the nominative, without initials
            name, initials = ru_person_name(name)
        if " " not in name and not lone_name(name):
            role = ""  # "Prince Vladimir": a given name alone is a person only as a short form of a full name
        actor = gaz.get(name)
        if actor is not None:
            rows.append(_row(s, e, surface, actor.name, actor.id, actor.side, _role_label(gaz, actor.name, day),
                             "name", "gazetteer"))
        else:
            side = side_of(role, w)
            rows.append(_row(s, e, surface, name, None, side, role, "unresolved", "role" if side else None))
            rows[-1]["initials"] = initials
        taken.append((s, e))
    rows += _surnames(text, rows, taken)
    rows = [row for row in rows
            if row["resolved_by"] == "role" or not names_a_thing(text, row["start_char"], row["end_char"], w)]
    for row in rows:  # "Rene Coto Sounon (Republic of Benin)": a country in brackets right after the name
        bracket = _BRACKET.match(text, row["end_char"])
        if row["resolved_by"] == "unresolved" and not row["side"] and bracket:
            side = side_of(bracket.group(1), w)
            if side:
                row["side"], row["side_from"], row["role"] = side, "role", row["role"] or bracket.group(1)
    return _within_document(rows)


#: A bracket after a name, holding a proper name ("(Republic of Benin)", "(the State of Qatar)").
_BRACKET = re.compile(r"\s?\(((?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of|the|and|[A-Z][\w'’-]*))*)\)")


def _surnames(text: str, rows: list[dict[str, Any]], taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Later mentions of an unknown person by surname that the model did not tag ("... thanked Ryzhenkov").

    As the gazetteer does for the people it knows: a capitalised word equal to the last word of one
    unknown person named in full in the document (not of two) is that person.
    """
    owners: dict[str, set[str]] = {}
    for r in rows:
        words_ = r["person"].split()
        if r["resolved_by"] == "unresolved" and len(words_) >= 2:
            owners.setdefault(words_[-1], set()).add(r["person"])
    out = []
    for surname, names in owners.items():
        if len(names) != 1 or len(surname) < 3 or not surname[:1].isupper() or surname.lower() in NAME_PARTICLES:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?:['’]s)?(?![\w-])", text):
            if not _overlaps(taken, m.start(), m.end()):
                out.append(_row(m.start(), m.end(), m.group(), next(iter(names)), None, None, "", "unresolved", None))
                taken.append((m.start(), m.end()))
    return out


def _row(start: int, end: int, surface: str, person: str, actor_id: str | None, side: str | None, role: str,
         how: str, side_from: str | None) -> dict[str, Any]:
    return {"start_char": start, "end_char": end, "surface": surface, "person": person, "actor_id": actor_id,
            "side": side, "role": role, "resolved_by": how, "side_from": side_from, "pending": False}


_PREDICATE = re.compile(r"(?:\s+(?:was|is|were|became|becomes|remained|served\s+as|as)\s+(?:the\s+)?"
                        r"(?:then[- ]|former\s+|acting\s+)?)$")


def _predicate(text: str, start: int, person_ends: set[int], holder: str | None, known: list[tuple[Any, ...]]) -> bool:
    """Is the role phrase at ``start`` said of a person named right before it ("Clinton was Secretary of State")?"""
    m = _PREDICATE.search(text[max(0, start - 30):start])
    if not m:
        return False
    end = start - len(m.group())
    if end not in person_ends:
        return False
    named = [k[5] for k in known if k[1] == end]
    return not named or named[0] != holder


def _introduces(r: RoleName, f: tuple[Any, ...], known: list[tuple[Any, ...]], gaz: Actors) -> bool:
    """Does role phrase ``r`` (a gazetteer role mention ``f`` inside it) introduce someone other than the holder?"""
    if not (r.role_start <= f[0] and f[1] <= r.start):
        return False
    named = [k[5] for k in known if k[0] < r.end and r.start < k[1] and k[5]]
    if named:
        return f[5] not in named
    actor = gaz.get(r.name)
    return actor is None or actor.id != f[5]


def _strip_role(surface: str, w: Words) -> tuple[str, str]:
    """A PERSON span as name and role: leading titles, honorifics and countries go to the role.

    "Cosmonaut Viktor Patsayev" → ("Viktor Patsayev", "Cosmonaut"); "Korea Lee Nak-yeon" → ("Lee Nak-yeon",
    "Korea"); "Dr Dedov" → ("Dedov", "Dr"); a country or title alone leaves the span as it is.
    """
    name = re.sub(r"^(?:the|The)\s+", "", tidy_name(surface))
    tokens = name.split()
    cut = 0
    while cut < len(tokens) - 1:
        word = tokens[cut].rstrip(".")
        country = [n for n in range(len(tokens) - cut - 1, 0, -1) if tuple(tokens[cut:cut + n]) in w.forms]
        if country:
            cut += country[0]
        elif word.lower() in w.role or (len(word) > 1 and word.isupper() and word.isalpha()):
            cut += 1
        else:
            break
    rest = tokens[cut:]
    if cut and (len(rest) >= 2 or tokens[cut - 1].rstrip(".").lower() in w.honorifics | w.titles):
        return " ".join(rest), " ".join(tokens[:cut])
    return name, ""


def _within_document(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge one document's forms of an unknown person, and give all its mentions the side its role names.

    "Bourita" and "Foreign Minister Bourita" after "Nasser Bourita" are Nasser Bourita; a one-word name
    no one in the document is named in full with is ``pending``.
    """
    unknown = [r for r in rows if r["resolved_by"] == "unresolved"]
    nominative = ru_nominatives(r["person"] for r in unknown)
    for r in unknown:
        r["person"] = nominative.get(r["person"], r["person"])
    full = list(dict.fromkeys(r["person"] for r in unknown if len(name_key(r["person"])) >= 2))
    # one spelling of a name written twice ("Tatyana Golikova", "Tatayana Golikova"): the most frequent
    written = pd.Series([r["person"] for r in unknown], dtype=object).value_counts()
    spelling = {b: a for a in full for b in full if a != b and same_person(a, b)
                and (written[a], -full.index(a)) > (written[b], -full.index(b))}
    for r in unknown:
        r["person"] = spelling.get(r["person"], r["person"])
    full = [f for f in full if f not in spelling]
    for r in unknown:
        longer = fuller_name(r["person"], full)
        if longer:
            r["person"] = longer
        elif len(name_key(r["person"])) < 2:
            # written with a title ("Foreign Minister Ryzhenkov") or initials ("Р.Мюллер") it is a person alone
            r["pending"] = not r["role"] and not r.get("initials")
    by_person: dict[str, list[dict[str, Any]]] = {}
    for r in unknown:
        by_person.setdefault(r["person"], []).append(r)
    for group in by_person.values():
        sides = {r["side"] for r in group if r["side"]}
        role = next((r["role"] for r in group if r["role"] and not _address(r["role"])), "")
        for r in group:
            if len(sides) == 1 and not r["side"]:
                r["side"], r["side_from"] = next(iter(sides)), "document"
            r["role"] = role if not r["role"] or _address(r["role"]) else r["role"]
    return sorted(rows, key=lambda r: (r["start_char"], r["end_char"]))


def _address(role: str) -> bool:
    """Is a role only a form of address ("Ms", "Dr")? It is no role to report."""
    return all(t.lower().rstrip(".") in words().honorifics for t in role.split())


def _across_corpus(frame: pd.DataFrame) -> pd.DataFrame:
    """The corpus's forms of an unknown person as one name, and its side where all its roles agree.

    A short form (a surname, the first words of a name) becomes the one fuller name the corpus writes;
    spellings that differ only in case and accents ("Sauli Niinisto", "Sauli Niinistö") become the most
    frequent; a one-word name still pending is left out; a person whose role phrases all name one side gets
    it on every mention (``side_from`` "corpus").
    """
    if frame.empty:
        return frame.drop(columns="pending", errors="ignore")
    out = frame.copy()
    unknown = out["resolved_by"] == "unresolved"
    nominative = ru_nominatives(pd.unique(out.loc[unknown, "person"]))
    if nominative:
        out.loc[unknown, "person"] = out.loc[unknown, "person"].map(lambda p: nominative.get(p, p))
    people = out.loc[unknown, "person"]
    # one spelling per case- and accent-folded key: the most frequent, then the first written
    keys = people.map(_folded)
    counts = pd.DataFrame({"key": keys, "person": people}).groupby(["key", "person"], sort=False).size() \
        .reset_index(name="n")
    best = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates("key").set_index("key")["person"]
    out.loc[unknown, "person"] = keys.map(best)
    # short forms: the one fuller name the corpus writes
    full = [p for p in pd.unique(out.loc[unknown, "person"]) if len(name_key(p)) >= 2]
    by_word: dict[str, list[str]] = {}
    for p in full:
        for word in set(name_key(p)):
            by_word.setdefault(word, []).append(p)
    longer = {}
    for p in pd.unique(out.loc[unknown, "person"]):
        k = name_key(p)
        cands = list(dict.fromkeys(c for word in k[-1:] + k[:1] for c in by_word.get(word, [])))
        target = fuller_name(p, cands)
        if target:
            longer[p] = target
    moved = unknown & out["person"].isin(list(longer))
    out.loc[moved, "person"] = out.loc[moved, "person"].map(longer)
    out.loc[moved, "pending"] = False
    out = out[~out["pending"].astype(bool)].drop(columns="pending")
    # a side every role phrase of the person names
    unknown = out["resolved_by"] == "unresolved"
    sided = out[unknown & out["side"].notna()]
    by_person = sided.groupby("person")["side"]
    sides = by_person.first()[by_person.nunique() == 1]
    fill = unknown & out["side"].isna() & out["person"].isin(sides.index)
    out.loc[fill, "side"] = out.loc[fill, "person"].map(sides)
    out.loc[fill, "side_from"] = "corpus"
    return out.reset_index(drop=True)


_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")


def ru_nominatives(names: Iterable[str]) -> dict[str, str]:
    """Which of ``names`` (Russian ones) are case forms of another of them: "Олафом Шольцем" → "Олаф Шольц"
    when both are written (:func:`lavrovkit.actors.case_forms`, masculine or feminine), so one person is one
    name whatever case each sentence puts it in. Latin names are left alone.

    >>> ru_nominatives(["Олаф Шольц", "Олафом Шольцем", "Кристи Ноэм", "Olaf Scholz"])
    {'Олафом Шольцем': 'Олаф Шольц'}
    """
    written = [n for n in dict.fromkeys(names) if isinstance(n, str) and _CYRILLIC.search(n)]
    present = set(written)
    out: dict[str, str] = {}
    for name in sorted(written, key=lambda n: (len(n), n)):
        if name in out:
            continue
        for feminine in (False, True):
            for form in case_forms(name, feminine):
                if form in present and form != name and form not in out:
                    out[form] = name
    return out


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", " ".join(name_key(name))) if not unicodedata.combining(c))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _gazetteer(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None) -> Actors:
    """The actors to use: an object as given, a file loaded, or the corpus's own (the shipped gazetteer)."""
    if isinstance(actors, Actors):
        return actors
    return actors_load(Path(actors)) if actors else corpus._actors()


def _entities(frame: pd.DataFrame | None) -> list[tuple[int, int, str]]:
    if frame is None:
        return []
    return [(int(s), int(e), str(t)) for s, e, t in zip(frame["start_char"], frame["end_char"], frame["text"],
                                                          strict=True)]


def _counterpart_mentions(text: str, day: Any, gaz: Actors,
                          found: list[tuple[Any, ...]]) -> list[tuple[int, int, str, str, str, str | None]]:
    """'his US counterpart' → the holder, on ``day``, of the role whose counterpart is the last-named Russian's."""
    out: list[tuple[int, int, str, str, str, str | None]] = []
    if day is None:
        return out
    for m in COUNTERPART.finditer(text):
        if any(s < m.end() and m.start() < e for s, e, *_ in found):
            continue
        want = "United States" if m.group("side") in ("US", "U.S.", "American") else "Russia"
        before = [f for f in found if f[1] <= m.start() and f[5]]
        for _, _, _, name, _, _ in reversed(before):
            actor = gaz.get(name)
            if actor is None or actor.side == want:
                continue
            holder = _counterpart_holder(gaz, actor, want, day)
            if holder:
                holder_actor = gaz.get(holder)
                out.append((m.start(), m.end(), m.group(), holder, "role", holder_actor.id if holder_actor else None))
            break
    return out


def _counterpart_holder(gaz: Actors, actor: Any, side: str, day: Any) -> str | None:
    for role in actor.roles_on(day):
        key = f"{role.role}/{role.org}"
        for rp in gaz.role_phrases:
            if rp.counterpart_of == key and rp.org == side:
                return gaz.holder(rp.role, rp.org, day)
    return None


def _locate(frame: pd.DataFrame, sentences: pd.DataFrame, before_first: bool = True) -> pd.DataFrame:
    """Give each span its sentence (the one it starts in), paragraph and the sentence's speaker (vectorised).

    With ``before_first``, a span before its document's first sentence goes to that sentence; without
    (``sentences`` are one speaker's), a span in no sentence is left out.
    """
    if frame.empty or sentences.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    docs = pd.Index(pd.unique(sentences["doc_id"]))
    s_doc = docs.get_indexer(pd.Index(sentences["doc_id"])).astype(np.int64)
    s_start = sentences["start_char"].to_numpy(dtype=np.int64)
    s_key = s_doc * (1 << 32) + s_start
    order = np.argsort(s_key, kind="stable")
    s_key, s_doc = s_key[order], s_doc[order]
    s_end = sentences["end_char"].to_numpy(dtype=np.int64)[order]
    first = np.searchsorted(s_doc, np.arange(len(docs)), side="left")
    last = np.searchsorted(s_doc, np.arange(len(docs)), side="right") - 1
    m_doc = docs.get_indexer(pd.Index(frame["doc_id"])).astype(np.int64)
    has = m_doc >= 0
    frame, m_doc = frame[has], m_doc[has]
    start = frame["start_char"].to_numpy(dtype=np.int64)
    idx = np.searchsorted(s_key, m_doc * (1 << 32) + start, side="right") - 1
    before = idx < first[m_doc]
    idx = np.clip(idx, first[m_doc], last[m_doc])  # a span before its document's first sentence goes to that one
    inside = start < s_end[idx]
    if not before_first:
        inside &= ~before
    rows = order[idx[inside]]
    out = frame[inside].assign(sentence_id=sentences["sentence_id"].to_numpy()[rows],
                               paragraph_id=sentences["paragraph_id"].to_numpy()[rows],
                               speaker=sentences["speaker"].to_numpy(dtype=object)[rows])
    doc_order = pd.Index(pd.unique(frame["doc_id"]))
    out = out.assign(_o=doc_order.get_indexer(out["doc_id"])).sort_values(["_o", "start_char"], kind="stable")
    return out[MENTION_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------- interactions: lavrovkit/events.py


# ---------------------------------------------------------------------- per document and person


COUNTERPART_COLUMNS = ["doc_id", "date", "source", "person", "side", "role", "resolved_by", "mentions",
                       "quoted_sentences", "interactions", "themes", "side_from"]


def counterparts(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None = None,
                 taxonomy: Taxonomy | str | os.PathLike[str] | None = None, side: str | None = None,
                 *, speaker: str | None = PEOPLE_SPEAKER, **filters: Any) -> pd.DataFrame:
    """Who appears in each document, in which role, how often, in which interactions, on which themes?

    One row per document and person: doc_id, date, source, person, side, role
    (held on that date), resolved_by (the strongest way the person was found:
    name > surname > role > unresolved), mentions, quoted_sentences (sentences
    the person speaks), interactions (list of event types they take part in),
    themes (themes of the sentences that mention or quote them), side_from
    (where the side comes from, as in :func:`person_mentions`: gazetteer,
    role, document, corpus or None). ``side`` keeps one side ('United
    States', 'Russia', 'United Nations', 'Morocco', ...).
    """
    corpus = scoped(corpus, speaker, filters)
    gaz = _gazetteer(corpus, actors)
    m = person_mentions(corpus, gaz, speaker="all")
    ev = interactions(corpus, gaz, speaker="all")
    st = theme_sentences(corpus, taxonomy, speaker="all")
    s = corpus.sentences
    if m.empty:
        return pd.DataFrame(columns=COUNTERPART_COLUMNS)
    rank = {"name": 0, "surname": 1, "role": 2, "unresolved": 3}
    how = {v: k for k, v in rank.items()}
    # one row per document and person, in order of first mention; the first mention gives date, side, role
    first = m.drop_duplicates(["doc_id", "person"])
    g = m.assign(_r=m["resolved_by"].map(rank)).groupby(["doc_id", "person"], sort=False)
    per = g.agg(mentions=("sentence_id", "size"), _r=("_r", "min")).reset_index()
    rows = first[["doc_id", "date", "source", "person", "side", "role", "side_from"]].merge(per, on=["doc_id", "person"])
    rows["resolved_by"] = rows["_r"].map(how)
    # sentences each person speaks in the document
    quoted = s[s["speaker"].notna()][["doc_id", "speaker", "sentence_id"]].rename(columns={"speaker": "person"})
    counts = quoted.groupby(["doc_id", "person"], sort=False).size().rename("quoted_sentences").reset_index()
    rows = rows.merge(counts, on=["doc_id", "person"], how="left")
    rows["quoted_sentences"] = rows["quoted_sentences"].fillna(0).astype("int64")
    # themes of the sentences that mention or quote them
    where = pd.concat([m[["doc_id", "person", "sentence_id"]],
                       quoted.merge(rows[["doc_id", "person"]], on=["doc_id", "person"])], ignore_index=True)
    themed = st[["doc_id", "sentence_id", "themes"]].explode("themes").dropna(subset=["themes"])
    pairs = where.drop_duplicates().merge(themed, on=["doc_id", "sentence_id"])[["doc_id", "person", "themes"]]
    pairs = pairs.drop_duplicates().sort_values("themes", key=lambda c: c.astype(str), kind="stable")
    theme_lists = pairs.groupby(["doc_id", "person"], sort=False)["themes"].agg(list).rename("themes").reset_index()
    rows = rows.merge(theme_lists, on=["doc_id", "person"], how="left")
    # event types they take part in
    parts = ev[["doc_id", "participants", "type"]].explode("participants").rename(columns={"participants": "person"})
    types = (parts.drop_duplicates().sort_values("type", kind="stable")
             .groupby(["doc_id", "person"], sort=False)["type"].agg(list).rename("interactions").reset_index())
    rows = rows.merge(types, on=["doc_id", "person"], how="left")
    for col in ("themes", "interactions"):
        rows[col] = [v if isinstance(v, list) else [] for v in rows[col]]
    out = rows[COUNTERPART_COLUMNS]
    if side:
        out = out[out["side"].fillna("").str.lower() == side.lower()]
    return out.reset_index(drop=True)


def counterpart_themes(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None = None,
                       taxonomy: Taxonomy | str | os.PathLike[str] | None = None, *, speaker: str | None = PEOPLE_SPEAKER,
                       **filters: Any) -> pd.DataFrame:
    """Which themes come up in the sentences that mention or quote each person?

    Tidy: person, side, theme, sentences (mentioning or quoting the person
    and carrying the theme), documents.
    """
    corpus = scoped(corpus, speaker, filters)
    m = person_mentions(corpus, actors, speaker="all")
    s = corpus.sentences
    quoted = s[s["speaker"].isin(set(m["person"]))][["doc_id", "sentence_id", "speaker"]].rename(
        columns={"speaker": "person"})
    pairs = pd.concat([m[["doc_id", "sentence_id", "person"]], quoted]).drop_duplicates()
    side = m.drop_duplicates("person").set_index("person")["side"]
    st = theme_sentences(corpus, taxonomy, speaker="all")[["doc_id", "sentence_id", "themes"]]
    long = pairs.merge(st, on=["doc_id", "sentence_id"]).explode("themes").dropna(subset=["themes"])
    out = long.groupby(["person", "themes"]).agg(sentences=("sentence_id", "size"),
                                                 documents=("doc_id", "nunique")).reset_index()
    out = out.rename(columns={"themes": "theme"})
    out.insert(1, "side", out["person"].map(side))
    return out.sort_values(["sentences", "person"], ascending=[False, True]).reset_index(drop=True)


def comention_network(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None = None,
                      taxonomy: Taxonomy | str | os.PathLike[str] | None = None, min_weight: int = 1,
                      *, speaker: str | None = PEOPLE_SPEAKER, **filters: Any) -> nx.Graph:
    """A graph of people and themes: person–person edges for people named in the same sentence,
    person–theme edges for themes of the sentences that mention or quote them (``weight`` = sentences).

    Nodes carry ``kind`` (person/theme) and, for people, ``side``.
    """
    import networkx as nx

    corpus = scoped(corpus, speaker, filters)
    m = person_mentions(corpus, actors, speaker="all")
    g = nx.Graph()
    for person, side in m.drop_duplicates("person")[["person", "side"]].itertuples(index=False):
        g.add_node(person, kind="person", side=side if isinstance(side, str) and side else "unresolved")
    for (_, _), grp in m.groupby(["doc_id", "sentence_id"]):
        people = sorted(set(grp["person"]))
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                w = g.get_edge_data(a, b, {"weight": 0})["weight"]
                g.add_edge(a, b, weight=w + 1, kind="co-mention")
    ct = counterpart_themes(corpus, actors, taxonomy, speaker="all")
    for person, theme, sentences in zip(ct["person"], ct["theme"], ct["sentences"].astype(int), strict=True):
        g.add_node(f"theme: {theme}", kind="theme")
        g.add_edge(person, f"theme: {theme}", weight=int(sentences), kind="theme")
    weak = [(a, b) for a, b, d in g.edges(data=True) if d["weight"] < min_weight]
    g.remove_edges_from(weak)
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    return g

