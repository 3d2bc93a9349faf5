"""Counterparts: who is named, in which role on that date, who talks with whom, how, and about what.

People are found two ways and merged: the actors gazetteer
(``lavrovkit/data/actors.yaml``: full names and aliases; surnames, resolved to
the person already named in the document; role phrases such as "US Secretary
of State" or "his US counterpart", resolved to whoever held the role on the
document's date) and spaCy's PERSON entities, which find people the gazetteer
does not know; these stay in every table as *unresolved*, never dropped.
Outlets and organisations the model mislabels PERSON are filtered by
``lavrovkit/data/not_persons.yaml``.

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from lavrovkit.actors import Actors, actors_load
from lavrovkit.cache import code_digest, digest
from lavrovkit.events import EVENT_COLUMNS, interactions  # noqa: F401  (re-exported: the event half)
from lavrovkit.segment import role_persons, split_role
from lavrovkit.selection import PEOPLE_SPEAKER, scoped
from lavrovkit.themes import Taxonomy, theme_sentences

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
INTERACTIONS = DATA / "interactions.yaml"
MENTION_COLUMNS = ["doc_id", "paragraph_id", "sentence_id", "start_char", "end_char", "surface", "person",
                   "actor_id", "side", "role", "resolved_by", "date", "source", "speaker"]
#: "his US counterpart", "the American counterpart", "her U.S. counterparts"
COUNTERPART = re.compile(r"\b(?:(?:his|her|their|the)\s+)?(?P<side>US|U\.S\.|American|Russian)\s+counterparts?\b")


@functools.lru_cache(maxsize=4)
def _not_persons(path: str) -> tuple[frozenset[str], frozenset[str]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return (frozenset(o.lower() for o in data.get("outlets", [])),
            frozenset(w.lower() for w in data.get("words", [])))


def is_person_name(surface: str, not_persons: str | os.PathLike[str] | None = None) -> bool:
    """Can ``surface`` (a PERSON entity) be a person's name, or is it an outlet, organisation or place?

    >>> is_person_name("Igor Morgulov"), is_person_name("Phoenix TV"), is_person_name("Jabhat al-Nusra")
    (True, False, False)
    """
    outlets, words = _not_persons(str(not_persons or DATA / "not_persons.yaml"))
    s = " ".join(surface.split()).strip(" .,'’\"")
    if not s or s.lower() in outlets or not any(c.isupper() for c in s[:1]):
        return False
    tokens = re.findall(r"[\w'’-]+", s)
    if any(t.lower() in words for t in tokens):
        return False
    if len(tokens) == 1 and (s.isupper() or len(s) <= 2):  # acronyms: TASS, CCTV, UN
        return False
    return not any(ch.isdigit() for ch in s)


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
    """Which people does every sentence name, resolved how?

    One row per mention: doc_id, paragraph_id, sentence_id, start_char,
    end_char, surface, person (canonical name, or the surface form when
    unresolved), actor_id, side, role (held on the document's date),
    resolved_by (name/surname/role/unresolved), date, source, speaker (of the
    sentence).

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
    # what the model calls a place, nationality or organisation anywhere in the corpus is not a person
    # ("Saint Lucia" is sometimes PERSON, mostly GPE)
    elsewhere, elsewhere_key = _elsewhere(corpus)
    docs = corpus.documents
    keys = [digest(k, d) for k, d in zip(corpus.document_keys(), docs["date"].astype(str), strict=True)]
    out = corpus.per_document(
        "person_mentions", _MENTION_SCHEMA, lambda sub: _mentions(sub, gaz, elsewhere), keys=keys,
        parts=(repr(gaz.actors), repr(gaz.role_phrases), elsewhere_key, _CODE),
    )
    meta = docs.set_index("doc_id")
    out = out.assign(date=out["doc_id"].map(meta["date"]), source=out["doc_id"].map(meta["source"]))
    for col in ("actor_id", "side"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    # in a speaker's sentences only, a span outside all of them (e.g. in his turn label) is not his
    out = _locate(out, sents, before_first=corpus.speaker_filter is None)
    corpus.memo[key] = out
    return out


#: What the cached mentions depend on besides the text, the date and the gazetteer: this code, the
#: segmentation and turn-label code with its word lists (role phrases, institutions), dates, and not_persons.
_CODE = code_digest("counterparts", "data/not_persons.yaml", "actors", "segment", "labels", "lang", "meta")
_MENTION_SCHEMA = pa.schema([("key", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()),
                             ("surface", pa.string()), ("person", pa.string()), ("actor_id", pa.string()),
                             ("side", pa.string()), ("role", pa.string()), ("resolved_by", pa.string())])


def _elsewhere(corpus: Corpus) -> tuple[frozenset[str], str]:
    """Names the model calls a place, nationality or organisation somewhere in the corpus, and their digest."""
    if "not_person_names" not in corpus.memo:
        ents = corpus.entities
        names = frozenset(ents.loc[ents["label"].isin(["GPE", "LOC", "NORP", "ORG", "FAC"]), "text"].str.lower()) \
            if not ents.empty else frozenset()
        corpus.memo["not_person_names"] = (names, digest(*sorted(names)))
    return corpus.memo["not_person_names"]


def _mentions(corpus: Corpus, gaz: Actors, elsewhere: frozenset[str]) -> pd.DataFrame:
    """The people each document of ``corpus`` names (uncached, not yet placed in sentences)."""
    ents = corpus.entities
    persons = ents[ents["label"] == "PERSON"] if not ents.empty else ents
    by_doc = dict(tuple(persons.groupby("doc_id", sort=False))) if not persons.empty else {}
    rows: list[dict[str, Any]] = []
    docs = corpus.documents
    for doc_id, text, date in zip(docs["doc_id"].astype(str), docs["text"].astype(str), docs["date"], strict=True):
        day = _day(date)
        found = [(m.start, m.end, m.surface, m.name, m.resolved_by, m.actor_id)
                 for m in gaz.mentions(text, day)]
        found += _counterpart_mentions(text, day, gaz, found)
        taken = [(s, e) for s, e, *_ in found]
        unknown_full: list[str] = []
        roles: dict[str, str] = {}  # unresolved people: the role written beside the name
        for s, e, name, written in role_persons(text):  # "President of Finland Sauli Niinistö", whatever NER says
            if any(a < e and s < b for a, b in taken):
                continue
            actor = gaz.get(name)
            if actor is not None:
                found.append((s, e, name, actor.name, "name", actor.id))
            else:
                found.append((s, e, name, name, "unresolved", None))
                unknown_full.append(name)
                roles[name] = written
            taken.append((s, e))
        for s, e, surface in _entities(by_doc.get(doc_id)):
            if any(a < e and s < b for a, b in taken) or not is_person_name(surface) \
                    or re.sub(r"['’]s$", "", surface).lower() in elsewhere:
                continue
            clean = re.sub(r"['’]s$", "", " ".join(surface.split()))
            role: str | None = None
            if " " in clean:  # "Belarus Alexander Lukashenko" after "President of": the name, and its role
                clean, role, _ = split_role(text, s, s + len(clean))
            actor = gaz.get(clean)
            if actor is not None:
                found.append((s, e, surface, actor.name, "name", actor.id))
            elif " " in clean:
                found.append((s, e, surface, clean, "unresolved", None))
                unknown_full.append(clean)
                roles[clean] = role or roles.get(clean, "")
            else:
                # one word: a person only as the surname of an unknown person named in full before it
                full = [n for n in unknown_full if n.split()[-1] == clean]
                if not full:
                    continue
                found.append((s, e, surface, full[-1], "unresolved", None))
            taken.append((s, e))
        for s, e, surface, name, how, actor_id in found:
            actor = gaz.get(name) if actor_id else None
            rows.append({"doc_id": doc_id, "start_char": s, "end_char": e, "surface": surface,
                         "person": name, "actor_id": actor_id, "side": actor.side if actor else None,
                         "role": _role_label(gaz, name, day) if actor else roles.get(name, ""),
                         "resolved_by": how})
    return pd.DataFrame(rows, columns=["doc_id", *_MENTION_SCHEMA.names[1:]])


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
                       "quoted_sentences", "interactions", "themes"]


def counterparts(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None = None,
                 taxonomy: Taxonomy | str | os.PathLike[str] | None = None, side: str | None = None,
                 *, speaker: str | None = PEOPLE_SPEAKER, **filters: Any) -> pd.DataFrame:
    """Who appears in each document, in which role, how often, in which interactions, on which themes?

    One row per document and person: doc_id, date, source, person, side, role
    (held on that date), resolved_by (the strongest way the person was found:
    name > surname > role > unresolved), mentions, quoted_sentences (sentences
    the person speaks), interactions (list of event types they take part in),
    themes (themes of the sentences that mention or quote them). ``side``
    keeps one side ('United States', 'Russia', 'United Nations', ...).
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
    rows = first[["doc_id", "date", "source", "person", "side", "role"]].merge(per, on=["doc_id", "person"])
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

