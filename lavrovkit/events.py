"""Contacts between officials: who talked with whom, how, and on which date the contact happened.

A sentence is a candidate when it holds a trigger of ``lavrovkit/data/interactions.yaml``
(phone call, meeting or talks, letter or message, invitation, joint statement).
Each candidate sentence is parsed (spaCy's dependency parser, on the candidate
sentences only: the cached annotation keeps no heads) and each trigger is *read*:

- **not a contact**: "meet" with a thing as its object ("solutions that meet the
  interests of both"), "talks" as a verb without "with" ("Lavrov talks about
  talks"), a negated contact ("there will be no talks", "did not meet"), a
  contact refused or cancelled;
- **invitation**: a trigger governed by "invite"/"invitation"/"propose"/"offer"
  ("an invitation to pay an official visit" is an invitation, not a visit);
- **planned**: a contact announced, agreed, expected or only possible, not held
  (yet): "will meet", "agreed to hold talks", "preparations for the summit",
  "a possible meeting", "the next round of consultations". Its own type
  (CAMEO 036, PLOVER CONSULT intent), so a held meeting and an announced one are
  never counted together; the trigger column says which contact was announced;
- **held** otherwise: the type of the trigger.

The parties come from the trigger's clause (the subtree of its clause head
without the other clauses in it), plus a linked subject: the subject of the
clause a participle or infinitive hangs on ("After meeting Rubio, Lavrov
said ..."), "he"/"she" (the person named last before), "I"/"we" (the
speaker), "the two presidents", "the ministers", "the sides", "their" (the
parties of the contact the document reported last, else the people of its
headline). A readout's headline with one person ("Telephone conversation with
President of Finland Sauli Niinistö") takes the first other person the
document names. A role without a name stands for a person: on a publisher's own
post ("The President held a meeting" on kremlin.ru, "the Minister" on mid.ru)
the holder of that role on the publisher's side at the document's date
(``sources`` in ``lavrovkit/data/countries.yaml``; a post naming no one else
takes the publisher's principal); "the President of Finland" is the holder the
gazetteer knows, else the one person the document names with that role. People
attending in a relative clause ("a meeting, which was attended by X") are
parties; an object pronoun is never its own clause's subject ("Gref wrote to
her"); the one asked is who would meet ("asked her to meet with me"); "we" of a
coordinated clause are the subject before it ("Trump and I have met ... and we
regularly talk"); a contact the clause is ahead of ("Ahead of his visit, Putin
answered questions from X") keeps its own phrase's people and the clause's
subject. One spelling per person in a document ("Niinisto" = "Niinistö").
A contact needs two parties.

The date is the contact's, never the post's when the text gives one: a date
attached to the trigger or its clause ("On February 28", "on 3 January", "last
Tuesday", "yesterday", "in February"), else one in an earlier sentence of the
paragraph, else the document's date. A day and month without a year take the
document's year (the previous year when that would put a held contact after the
document; the next one when it would put a planned contact before it). A
sentence about an earlier contact ("During their previous telephone
conversation ...") with no date of its own gets no date (NaT, ``unknown``),
never the document's; so does a contact a speaker recalls in the first or
second person and the past tense ("At that meeting you had a debate with ...":
it happened before the talk the document records; "we just finished our talks"
is the document's). "On the eve of" a dated event is the day before it. ``date_from`` says where the date came from:
``sentence``, ``paragraph``, ``document`` or ``unknown``; ``(month)`` is added
when only a month was written (the date is then the month's first day).

Russian documents (``documents.lang == "ru"``) are read by the Russian triggers
of ``interactions.yaml`` (``lang: ru``, matched on lemmas in every inflected
form) and parsed by the Russian pipeline's dependency parser (slovnet's syntax
model, :class:`lavrovkit.lang.ru_nlp.DependencyParser`); the English parser
reads English documents only. The Russian rules (the section "Russian
documents" at the end of this module; their words are ``CONTACT_*`` in
:mod:`lavrovkit.lang.ru`) give the same columns: negated or undone contacts
("Встреча не планируется", "никаких переговоров не будет", "отказался от
встречи") are none; "пригласил", "приглашение", "по приглашению", "предложил
встретиться" are invitations; the future tense ("встретятся", "состоится",
"будут"), "планируется", "намечен", "договорились провести", "возможная
встреча", "перед встречей" are planned; the past is held. Parties come from the
trigger's clause, a "с" + instrumental partner included; "стороны",
"министры", "президенты", "они" are the parties of the contact reported before;
"мы" and "наш" the speaker of a transcript's turn; "он", "с ним" the person
named before; "Министр" / "Президент" without a name on the publisher's own
post the holder of its principal role. "В ходе беседы ..." after a reported
telephone conversation with the same parties is that conversation. Dates:
"15 февраля", "15.02.2025", "в марте", "во вторник", "вчера", "накануне" (the
day before the document).

Example
-------
>>> ev = interactions(corpus, speaker="all")
>>> ev.loc[ev["type"] == "phone_call", ["participants", "date_from"]].head(1).values.tolist()
[[['Rex Tillerson', 'Sergey Lavrov'], 'sentence']]
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from lavrovkit.cache import code_digest, digest
from lavrovkit.selection import PEOPLE_SPEAKER, scoped
from lavrovkit.taxonomy import Taxonomy, taxonomy_load

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from lavrovkit.actors import Actors
    from lavrovkit.corpus import Corpus

EVENT_COLUMNS = ["doc_id", "sentence_id", "type", "cameo", "plover", "date", "date_from", "participants", "sides",
                 "place", "trigger", "evidence", "source", "mentions"]

#: The pipeline components the reading of a trigger needs (the parser; no NER: people come from the mentions).
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")

# ------------------------------------------------------------------ the words that decide a reading (English)

#: A "meet" whose object is one of these nouns meets a person, not a target ("meet the interests").
PEOPLE_NOUNS = frozenset({
    "counterpart", "president", "minister", "leader", "delegation", "colleague", "partner", "head", "ambassador",
    "envoy", "representative", "official", "prime", "premier", "chancellor", "king", "emir", "prince", "secretary",
    "chairman", "chair", "governor", "mayor", "deputy", "adviser", "advisor", "member", "people", "team", "side",
    "senator", "congressman", "journalist", "reporter", "student", "participant", "guest", "host", "spokesperson",
    "spokesman", "negotiator", "diplomat", "ministers", "leadership", "general", "director", "commissioner",
})
#: What an invitation may invite to as a verb ("invited him to visit Moscow"); to anything else it is no contact.
INVITE_GOALS = frozenset({"visit", "come", "meet", "attend", "pay", "hold", "travel", "join", "talk", "discuss"})
#: Lemmas that make a contact below them an invitation or a proposal to meet.
INVITE_LEMMAS = frozenset({"invite", "invitation", "propose", "proposal", "offer", "suggest", "suggestion"})
#: Lemmas that make a contact below them planned, announced or only possible ("agreed to meet",
#: "preparations for the summit", "the possibility of a meeting").
PLAN_LEMMAS = frozenset({
    "plan", "intend", "intention", "expect", "expectation", "agree", "prepare", "preparation", "schedule",
    "arrange", "hope", "want", "wish", "aim", "seek", "consider", "decide", "possibility", "prospect", "idea",
    "readiness", "ready", "willing", "eager", "prepared", "organise", "organize", "try", "attempt", "promise",
    "pledge", "option", "arrangement", "request", "urge", "modality", "timing", "venue", "agenda",
    "date",
})
#: Verbs that plan a contact only when it is their object ("discussed holding a meeting", "announced talks";
#: "during the meeting they discussed" is held), or with "to"/"for" ("look forward to", "call for").
WEAK_PLAN_LEMMAS = frozenset({"discuss", "confirm", "announce", "ask", "need", "look", "call", "push", "insist"})
#: Modifiers of a contact that make it planned ("the upcoming summit", "a possible meeting").
PLAN_MODIFIERS = frozenset({
    "upcoming", "forthcoming", "future", "next", "possible", "potential", "planned", "proposed", "prospective",
    "expected", "scheduled", "eventual", "new", "ahead", "further", "another", "follow", "subsequent",
})
#: Verbs of carrying a message or invitation for someone else ("Lavrov handed Araghchi an invitation from Putin").
CARRY_LEMMAS = frozenset({"hand", "pass", "deliver", "convey", "give", "bring", "transmit", "forward"})
#: Verbs of travel whose progressive announces a contact ("is arriving on a visit", "is flying to Riyadh for talks").
MOTION_LEMMAS = frozenset({"arrive", "come", "travel", "fly", "go", "head", "leave"})
#: Modals that make a contact planned or hypothetical.
PLAN_MODALS = frozenset({"will", "shall", "'ll", "would", "could", "may", "might", "should", "must", "can", "wo"})
#: Lemmas of verbs that undo a contact below them ("refused to meet", "cancelled the visit").
UNDO_LEMMAS = frozenset({"refuse", "decline", "cancel", "reject", "avoid", "prevent", "block", "disrupt",
                         "boycott", "postpone", "suspend", "freeze", "halt", "stop", "end", "deny", "rule"})
#: Modifiers that make a contact an earlier one ("their previous telephone conversation").
EARLIER_MODIFIERS = frozenset({"previous", "earlier", "last", "prior", "past", "recent", "former",
                               "previously", "before", "ago", "repeatedly", "regularly", "often", "once", "already",
                               "times", "twice", "never", "ever"})
#: Adverbs of a repeated or habitual contact, which no single date dates ("have met more than once").
HABITUAL = frozenset({"repeatedly", "regularly", "often", "once", "times", "twice", "constantly", "frequently"})
#: Clause heads: dependency labels that open a clause of their own.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "parataxis", "csubj", "conj"})
#: Clauses inside a clause that keep their own parties (a conjoined or reported clause).
OWN_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "parataxis", "conj", "csubj", "pcomp", "relcl"})
#: Words for the parties of the contact already reported ("the two presidents", "the sides", "their").
COLLECTIVE = re.compile(r"^(?:(?:the|both)\s+(?:two\s+)?(?:presidents|leaders|sides|parties|ministers|heads of state"
                        r"|foreign ministers|delegations|counterparts|interlocutors|heads)|both|they|them|their"
                        r"|each other|one another)$", re.IGNORECASE)
#: The speaker is a party when he is one of these ("we met", "with me"; "our talks" on the contact word only:
#: "my deputy met ..." does not make him one).
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
THIRD_PERSON = frozenset({"he", "she", "him", "her", "his"})

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MON = "(?P<mon>" + "|".join(_MONTHS) + r")(?![a-z])"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
#: Date expressions of running text, most specific first; each gives a day, a month or a shift from the document.
DATE_PATTERNS = [
    ("day", re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}")),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}")),
    ("day", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!,?\s*\d)")),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*\d)")),
    ("month", re.compile(rf"\b(?:in|since|during|of|late|early|mid-?)\s+(?:early\s+|late\s+|mid-?)?{_MON}"
                         rf"(?:,?\s+{_YEAR})?(?!\s+\d)")),
    ("weekday", re.compile(r"\b(?P<which>last|this|next|on|on\s+the\s+morning\s+of|on\s+the\s+evening\s+of|"
                           r"earlier\s+on|late\s+on)?\s*(?P<wd>" + "|".join(_WEEKDAYS) + r")\b")),
    ("last_month", re.compile(r"\b(?P<lm>last|previous)\s+month\b", re.IGNORECASE)),
    ("shift", re.compile(r"\b(?P<shift>the\s+day\s+before\s+yesterday|yesterday|today|tonight|this\s+morning|"
                         r"this\s+afternoon|this\s+evening|earlier\s+today|tomorrow)\b", re.IGNORECASE)),
]
_SHIFTS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0, "this morning": 0,
           "this afternoon": 0, "this evening": 0, "earlier today": 0, "tomorrow": 1}


# ------------------------------------------------------------------ the table


def interactions(corpus: Corpus, actors: Actors | str | os.PathLike[str] | None = None,
                 types: Taxonomy | str | os.PathLike[str] | None = None, *, speaker: str | None = PEOPLE_SPEAKER,
                 **filters: Any) -> pd.DataFrame:
    """Who talked with whom, how, when and where: the contacts a reader of the sentence would confirm.

    One row per event: doc_id, sentence_id (first sentence that reports it),
    type (phone_call/meeting/letter/joint_statement for a contact that took
    place; invitation for an invitation or a proposal to meet; planned for a
    contact announced, agreed or only possible), cameo, plover, date (the
    contact's), date_from (sentence/paragraph/document/unknown, "(month)" when
    only the month is written), participants (canonical names, sorted), sides,
    place (a place named with "in"/"at" in the sentence), trigger (the words
    that mark the contact), evidence (the sentence), source, mentions
    (sentences of the document reporting the same event). See the module's
    docstring for the rules.

    >>> ev = interactions(corpus, speaker="all")
    >>> sorted(set(ev["date_from"]) - {"sentence", "paragraph", "document", "unknown", "sentence (month)"})
    []
    """
    from lavrovkit.corpus import _speaker_keys
    from lavrovkit.counterparts import _CODE, _gazetteer, mention_keys, person_mentions
    from lavrovkit.model import model_spec
    from lavrovkit.themes import _THEMES_CODE

    corpus = scoped(corpus, speaker, filters)
    tax = types if isinstance(types, Taxonomy) else taxonomy_load(types or _INTERACTIONS)
    gaz = _gazetteer(corpus, actors)
    memo_key = ("interactions", tax.fingerprint(), repr(gaz.actors))
    if memo_key in corpus.memo:
        return corpus.memo[memo_key].copy()
    mentions = person_mentions(corpus, gaz, speaker="all")
    docs = corpus.documents
    # each document's mentions in its key (not the corpus-wide names they were found with): a filtered corpus
    # reads the rows of every document whose mentions are the same
    keys = [digest(k, sk, mk) for k, sk, mk in zip(corpus.document_keys(("date", "source")), _speaker_keys(docs),
                                                   mention_keys(mentions, docs["doc_id"]), strict=True)]
    langs = _langs(docs)
    if any(v == "ru" for v in langs.values()):
        # a Russian document's rows depend on the Russian parser too (an English document's key is as before)
        ru_parser = model_spec(None, PARSE_COMPONENTS, lang="ru").cache_folder
        keys = [digest(k, ru_parser) if langs.get(str(d)) == "ru" else k
                for k, d in zip(keys, docs["doc_id"], strict=True)]
    parser = model_spec(corpus.options.model, PARSE_COMPONENTS).cache_folder
    out = corpus.per_document(
        "interactions", _EVENT_SCHEMA, lambda sub: _events(sub, tax, gaz, mentions), keys=keys,
        parts=(tax.fingerprint(), repr(gaz.actors), repr(gaz.role_phrases), "mention-keys", _CODE,
               _THEMES_CODE, _EVENTS_CODE, parser),
    )
    for col in ("participants", "sides"):
        out[col] = [list(v) for v in out[col]]
    out["date"] = pd.to_datetime(out["date"])
    out["source"] = out["doc_id"].map(docs.set_index("doc_id")["source"])
    out = out[EVENT_COLUMNS]
    corpus.memo[memo_key] = out
    return out.copy()


def _interactions_path() -> str:
    from pathlib import Path

    return str(Path(__file__).with_name("data") / "interactions.yaml")


_INTERACTIONS = _interactions_path()
_EVENTS_CODE = code_digest("events", "data/interactions.yaml")
_EVENT_SCHEMA = pa.schema([
    ("key", pa.string()), ("sentence_id", pa.int64()), ("type", pa.string()), ("cameo", pa.string()),
    ("plover", pa.string()), ("date", pa.timestamp("ns")), ("date_from", pa.string()),
    ("participants", pa.list_(pa.string())), ("sides", pa.list_(pa.string())), ("place", pa.string()),
    ("trigger", pa.string()), ("evidence", pa.string()), ("mentions", pa.int64())])


def _langs(docs: pd.DataFrame) -> dict[str, str]:
    """Each document's language (``documents.lang``; English where it is missing)."""
    if "lang" not in docs.columns:
        return {}
    return {str(d): str(v) for d, v in zip(docs["doc_id"], docs["lang"], strict=True) if isinstance(v, str) and v}


@functools.lru_cache(maxsize=2)
def _parser(model: str | None) -> Language:
    from lavrovkit.model import load_model

    return load_model(model, PARSE_COMPONENTS)


# ------------------------------------------------------------------ reading one trigger


def trigger_reading(tok: Token) -> str | None:
    """How a trigger word is used: ``"held"``, ``"planned"``, ``"invitation"``, or ``None`` (no contact).

    ``tok`` is the head word of the trigger in a parsed sentence.

    >>> nlp = _parser(None)
    >>> def reading(text, word):
    ...     doc = nlp(text)
    ...     return trigger_reading(next(t for t in doc if t.text == word))
    >>> reading("Putin and Bush sought solutions that meet the interests of both countries.", "meet")
    >>> reading("Lavrov met Rubio in Riyadh.", "met"), reading("Lavrov will meet Rubio in Riyadh.", "meet")
    ('held', 'planned')
    >>> reading("Putin accepted an invitation from Trump for an official visit to Washington.", "visit")
    'invitation'
    >>> reading("There will be no talks with Kiev.", "talks")
    """
    lemma = tok.lemma_.lower()
    if lemma in ("receive", "host") and not any(
            c.dep_ in ("dobj", "obj") and (c.pos_ in ("PROPN", "PRON") or c.lemma_.lower() in PEOPLE_NOUNS)
            for c in tok.children):
        return None  # "received a letter", "hosted the forum": no one received
    if lemma == "meet" or tok.lower_ in ("meet", "met", "meets", "meeting") and tok.pos_ in ("VERB", "AUX"):
        for child in tok.children:
            if child.dep_ in ("dobj", "obj") and child.pos_ == "NOUN" and child.lemma_.lower() not in PEOPLE_NOUNS \
                    and child.lower_ not in PEOPLE_NOUNS:
                return None  # "meet the interests", "meet the deadline"
            if child.lower_ == "halfway":
                return None
    if tok.pos_ == "VERB" and lemma == "talk" and not any(c.lower_ in ("with", "to") for c in tok.children):
        return None  # "Lavrov talks about talks"
    path = _governors(tok)
    for t in path:
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in t.children):
            return None
        if t.i != tok.i and t.lemma_.lower() in UNDO_LEMMAS:
            return None
    if lemma in INVITE_LEMMAS or any(t.lemma_.lower() in INVITE_LEMMAS for t in path[1:]):
        goals = [c for c in tok.children if c.dep_ == "xcomp"] if lemma in INVITE_LEMMAS else []
        if any(g.lemma_.lower() not in INVITE_GOALS for g in goals):
            return None  # "inviting us to participate in the construction": not to a contact
        return "invitation"
    if _planned(tok, path):
        return "planned"
    return "held"


def _governors(tok: Token) -> list[Token]:
    """``tok`` and the words it hangs on, up to its clause's head and through the verbs that control it
    ("agreed to hold talks": talks → hold → agreed)."""
    out = [tok]
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in CLAUSE_DEPS and cur.pos_ in ("VERB", "AUX") and cur.dep_ != "conj":
            break
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):
            break
        if cur.dep_ in ("relcl", "acl") and cur.i != tok.i and cur.pos_ in ("VERB", "AUX") and not _infinitive(cur):
            break  # "the agreement reached at the meeting": the meeting does not hang on what reached it
        cur = cur.head
        out.append(cur)
        if cur.dep_ in ("relcl", "acl") and cur.pos_ in ("VERB", "AUX") and not _infinitive(cur):
            break
    return out


def _infinitive(verb: Token) -> bool:
    """Is ``verb`` an infinitive ("readiness to continue consultations", "the document to be signed")?"""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _planned(tok: Token, path: list[Token]) -> bool:
    """Is the contact ``tok`` names announced, agreed, expected or possible rather than held?"""
    for t in [tok, *tok.children]:
        if (t.lower_ in PLAN_MODIFIERS or t.lemma_.lower() in PLAN_MODIFIERS) and (
                t.i == tok.i or t.dep_ in ("amod", "advmod", "compound", "nmod", "npadvmod")):
            return True  # "the upcoming summit", "a possible meeting", "the next round"
    for i, t in enumerate(path):
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX"):
            if lemma not in ("like", "love") and any(  # "I would like to welcome you" is no plan
                    c.dep_ in ("aux", "auxpass") and (c.lower_ in PLAN_MODALS or c.lower_ == "going") for c in t.children):
                return True  # "will meet", "would hold talks", "the meeting could take place"
            if t.dep_ == "xcomp" and t.head.lemma_ == "be":
                return True  # "Putin is to meet Trump"
            if t.dep_ in ("acl", "relcl") and _infinitive(t) and any(c.dep_ == "auxpass" for c in t.children):
                return True  # "the treaty to be signed during the meeting" (not "glad to meet you")
            if lemma in MOTION_LEMMAS and t.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be"
                                                                  for c in t.children):
                return True  # "who is arriving in Moscow on a working visit": not there yet
        if i == 0:
            continue
        below = path[i - 1]
        if t.pos_ in ("VERB", "AUX") and below.dep_ in ("prep", "agent", "advmod", "npadvmod"):
            # "pin hopes on the meeting", "set a date for talks": planned; "thanked him for the talks": held
            return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in PLAN_LEMMAS for c in t.children)  # the contact is an adjunct of this verb ("thanked him for today's talks"): held
        if lemma in PLAN_LEMMAS:
            return True
        if lemma in WEAK_PLAN_LEMMAS and (i == 1 and below.dep_ in ("dobj", "obj", "nsubjpass")
                                          or below.pos_ == "VERB" and below.dep_ in ("xcomp", "pcomp", "dobj")):
            return True
        if t.lower_ in ("ahead", "pending") or (t.lower_ == "before" and t.dep_ == "prep"):
            return True  # "ahead of the meeting"
    return False


#: Earlier times no day can be read from ("last week", "recently", "some time ago"): an earlier contact, undated.
VAGUE_EARLIER = re.compile(r"\b(?:last|previous)\s+(?:week|year|autumn|spring|summer|winter)|\brecently\b|"
                           r"\bsome\s+time\s+ago\b|\bthe\s+other\s+day\b|\bin\s+the\s+past\b", re.IGNORECASE)


def _earlier(tok: Token, path: list[Token], turn: bool = False) -> bool:
    """Does the sentence speak of an earlier contact ("their previous call", "had met earlier", "last week"; in a
    transcript's turn (``turn``), one the speaker recalls in the past tense)?"""
    if VAGUE_EARLIER.search(tok.doc.text):
        return True
    for t in path[:2]:
        for c in t.children:
            if c.lower_ in EARLIER_MODIFIERS and c.dep_ in ("amod", "advmod", "npadvmod"):
                return True
    verb = next((t for t in path if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    for t in verb.subtree:  # "have met more than once", "we regularly talk"
        if t.lower_ in HABITUAL and next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), verb).i == verb.i:
            return True
    if verb.tag_ == "VBN" and any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children):
        return True
    return turn and _told_past(verb)


#: Words of a speaker telling of a contact in the first or second person ("you met", "our meeting").
SPEECH_PERSON = frozenset({"i", "we", "you", "my", "our", "your", "me", "us"})


def _told_past(verb: Token) -> bool:
    """Does a speaker tell, in the first or second person and the past tense, of a contact ("At that meeting you
    had a debate with ...", "we met in Helsinki")? In a transcript's turn, a contact a speaker recalls happened
    before the talk the document records, so the document's date is not its date (a date the sentence gives
    still is); a quote in a news report ("We met de Mistura," Lavrov said) is not read so."""
    past = verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)
    if not past or any(c.lower_ in ("just", "now") for c in verb.children):
        return False  # "we have just finished our talks": the contact the document records
    return any(t.lower_ in SPEECH_PERSON and t.tag_ in ("PRP", "PRP$") for t in verb.doc)


# ------------------------------------------------------------------ the parties of one trigger


def clause_tokens(tok: Token) -> set[int]:
    """Indices of the tokens of the clause ``tok`` stands in: its clause head's subtree without the other
    clauses inside it (reported, conjoined or adverbial clauses that do not hold ``tok``).

    >>> doc = _parser(None)("Putin met Modi, and Lavrov said Rubio was in Riyadh.")
    >>> sorted(doc[i].text for i in clause_tokens(doc[1]))
    [',', 'Modi', 'Putin', 'and', 'met']
    """
    head = tok
    while head.head.i != head.i and not (head.dep_ in CLAUSE_DEPS and head.pos_ in ("VERB", "AUX")):
        head = head.head
    keep = {t.i for t in head.subtree}
    for t in head.subtree:
        if t.i == head.i or t.dep_ not in OWN_CLAUSE_DEPS or t.pos_ not in ("VERB", "AUX") or (
                t.dep_ == "relcl" and t.head.i == tok.i):
            continue  # (a clause about the contact itself, "a meeting, which was attended by ...", stays)
        inner = {x.i for x in t.subtree}
        if t.dep_ == "pcomp":  # "a letter to Lavrov proposing ...": the gerund's subject is the preposition's object
            inner -= {x.i for c in t.children if c.dep_ == "nsubj" for x in c.subtree}
        if tok.i not in inner:
            keep -= inner
    return keep


def linked_subject(tok: Token) -> Token | None:
    """The subject a subjectless clause shares with the clause it hangs on ("After meeting Rubio, Lavrov said")."""
    head = tok
    while head.head.i != head.i and not (head.dep_ in CLAUSE_DEPS | {"xcomp"} and head.pos_ in ("VERB", "AUX")):
        head = head.head
    seen = 0
    while seen < 6:
        seen += 1
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subj:
            return subj[0] if head.i != tok.i or seen > 1 else None
        if head.dep_ == "xcomp":
            obj = [c for c in head.head.children if c.dep_ == "dobj" and c.pos_ in ("PRON", "PROPN")]
            if obj:
                return obj[0]  # "asked her to meet with me": the one asked is who would meet (object control)
        if head.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") and head.head.i != head.i:
            head = head.head
            continue
        if head.dep_ == "pobj" or head.dep_ == "prep":
            head = head.head
            continue
        return None
    return None


def _local_subject(pron: Token) -> set[int]:
    """The words of the subject of the clause an object pronoun is in: the subject of the nearest verb above it
    that has one ("Gref wrote to her asking her to meet": Gref)."""
    for verb in pron.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return {x.i for x in subj[0].subtree}
    return set()


@dataclass
class _Doc:
    """What the reading of one document's candidate sentences needs."""

    doc_id: str
    date: Any
    source: Any
    text: str
    speaker_of: dict[int, Any]
    mentions: pd.DataFrame
    headline: set[int]
    events: dict[tuple[str, tuple[str, ...], str], dict[str, Any]] = field(default_factory=dict)
    last: list[str] = field(default_factory=list)
    variants: dict[str, str] = field(default_factory=dict)
    turns: set[int] = field(default_factory=set)
    headline_sentences: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        # one spelling per person in a document: "Sauli Niinisto" and "Sauli Niinistö" are one name, written
        # with its letters (the form with diacritics), else as most often
        names = self.mentions["person"].astype(str).tolist() if not self.mentions.empty else []
        names += [str(v) for v in self.speaker_of.values() if isinstance(v, str)]
        counts = pd.Series(names, dtype=object).value_counts(sort=False)
        best: dict[str, str] = {}
        for name in dict.fromkeys(names):
            key = fold_name(name)
            have = best.get(key)
            rank = (sum(not c.isascii() for c in name), int(counts[name]))
            if have is None or rank > (sum(not c.isascii() for c in have), int(counts[have])):
                best[key] = name
        self.variants = {n: best[fold_name(n)] for n in dict.fromkeys(names)}

    def variant(self, name: str) -> str:
        """The document's spelling of ``name`` (see ``__post_init__``)."""
        return self.variants.get(name) or self.variants.get(fold_name(name)) or name


def fold_name(name: str) -> str:
    """A name without case and diacritics, to tell spellings of one name apart from other names.

    >>> fold_name("Sauli Niinistö") == fold_name("Sauli Niinisto"), fold_name("Recep Tayyip Erdoğan")
    (True, 'recep tayyip erdogan')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


#: A role written without a name ("The President held a meeting", "briefed the Foreign Minister"): not "the
#: President of Finland", "the President's Aide Andrei Belousov" nor "the President Vladimir Putin".
BARE_ROLE = re.compile(r"\b[Tt]he\s+(?P<role>President|Prime Minister|Foreign Minister|Minister of Foreign Affairs|"
                       r"Secretary of State|Vice President)\b(?!\s+of\b)(?!\s+(?:and|to)\b)(?![ \t]+[A-Z])")
_ROLE_NAMES = {"Minister of Foreign Affairs": "Foreign Minister"}


@functools.lru_cache(maxsize=1)
def _sources() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(side, principal role, source names) of the publishers ``countries.yaml`` lists under ``sources``."""
    import yaml

    from lavrovkit.people import COUNTRIES

    data = yaml.safe_load(Path(COUNTRIES).read_text(encoding="utf-8")) or {}
    return tuple((str(e["side"]), str(e.get("principal") or ""), tuple(str(n).lower() for n in e.get("names") or []))
                 for e in data.get("sources") or [])


def source_side(source: Any) -> tuple[str, str] | None:
    """The side and principal role of a publishing source ("President of Russia", "https://www.state.gov/..."),
    or None for a source ``countries.yaml`` does not list: the country whose office-holders its bare roles name.

    >>> source_side("President of Russia"), source_side("https://www.state.gov/secretary"), source_side("Reuters")
    (('Russia', 'President'), ('United States', 'Secretary of State'), None)
    """
    if not isinstance(source, str) or not source.strip():
        return None
    low = source.strip().lower()
    for side, principal, names in _sources():
        if low in names or any("." in n and re.search(r"(?:^|[/.])" + re.escape(n) + r"(?:$|[/:])", low)
                               for n in names):
            return side, principal
    return None


def role_mentions(text: str, source: Any, day: Any, gaz: Actors) -> list[tuple[int, int, str]]:
    """``(start, end, person)`` of each bare role in a document of ``source`` ("The President held a meeting" on
    kremlin.ru is the President of Russia on the document's date), the holder from the gazetteer.

    >>> from lavrovkit.actors import actors_load
    >>> role_mentions("The President held a meeting.", "President of Russia", "2016-02-20", actors_load())
    [(0, 13, 'Vladimir Putin')]
    """
    side = source_side(source)
    if side is None or day is None or pd.isna(day):
        return []
    out = []
    for m in BARE_ROLE.finditer(text):
        role = _ROLE_NAMES.get(m.group("role"), m.group("role"))
        holder = gaz.holder(role, side[0], pd.Timestamp(day).date())
        if holder:
            out.append((m.start(), m.end(), holder))
    return out


#: A role of a country written without a name ("the President of Finland pointed out ...").
ROLE_OF = re.compile(r"\b[Tt]he\s+(?P<role>President|Prime Minister|Foreign Minister|Minister of Foreign Affairs)"
                     r"\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)(?!\s*,?\s*(?:Mr|Mrs|Ms)\b)")


def country_role_mentions(text: str, mentions: pd.DataFrame, day: Any, gaz: Actors) -> list[tuple[int, int, str]]:
    """``(start, end, person)`` of each role of a country written without a name ("the President of Finland")
    that is no mention already: the holder the gazetteer knows on ``day``, else the person the document names
    with that role ("President of Finland Sauli Niinistö" earlier in it).

    >>> from lavrovkit.actors import actors_load
    >>> m = pd.DataFrame({"start_char": [0], "end_char": [35], "person": ["Sauli Niinistö"], "side": ["Finland"],
    ...                   "role": ["President of Finland"]})
    >>> country_role_mentions("President of Finland Sauli Niinistö came. The President of Finland said so.", m,
    ...                       "2016-03-22", actors_load())
    [(42, 66, 'Sauli Niinistö')]
    """
    from lavrovkit.people import side_of

    out = []
    taken = list(zip(mentions["start_char"].astype(int), mentions["end_char"].astype(int), strict=True)) \
        if not mentions.empty else []
    for m in ROLE_OF.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        role = _ROLE_NAMES.get(m.group("role"), m.group("role"))
        side = side_of(f"{m.group('role')} of {m.group('place')}")
        if not side:
            continue
        holder = gaz.holder(role, side, pd.Timestamp(day).date()) if day is not None and not pd.isna(day) else None
        if holder is None and not mentions.empty and {"side", "role"} <= set(mentions.columns):
            same = mentions[(mentions["side"] == side) & mentions["role"].astype(str).str.startswith(m.group("role"))]
            people = same["person"].astype(str).value_counts(sort=False)
            holder = str(people.idxmax()) if len(people) == 1 else None  # one person with that role, else no one
        if holder:
            out.append((m.start(), m.end(), holder))
    return out


def _with_roles(mentions: pd.DataFrame, dsents: pd.DataFrame, text: str, source: Any, day: Any,
                gaz: Actors, lang: str = "en") -> pd.DataFrame:
    """A document's person mentions plus its bare roles (see :func:`role_mentions`) and roles of a country
    without a name (see :func:`country_role_mentions`), in text order; a Russian document's bare roles are
    :func:`role_mentions_ru`'s, those no mention covers."""
    if lang == "ru":
        taken = list(zip(mentions["start_char"].astype(int), mentions["end_char"].astype(int), strict=True)) \
            if not mentions.empty else []
        found = [(a, b, p) for a, b, p in role_mentions_ru(text, source, day, gaz)
                 if not any(a < e and s < b for s, e in taken)]
    else:
        found = role_mentions(text, source, day, gaz) + country_role_mentions(text, mentions, day, gaz)
    if not found:
        return mentions
    starts = dsents["start_char"].astype(int).to_numpy()
    rows = []
    for start, end, person in found:
        at = int((starts <= start).sum()) - 1
        if at < 0:
            continue
        sent = dsents.iloc[at]
        rows.append({"doc_id": sent["doc_id"], "paragraph_id": int(sent["paragraph_id"]),
                     "sentence_id": int(sent["sentence_id"]), "start_char": start, "end_char": end,
                     "surface": text[start:end], "person": person, "resolved_by": "role"})
    if not rows:
        return mentions
    extra = pd.DataFrame(rows)
    out = pd.concat([mentions, extra], ignore_index=True) if not mentions.empty else extra
    return out.sort_values("start_char", kind="stable").reset_index(drop=True)


def _events(corpus: Corpus, tax: Taxonomy, gaz: Actors, all_mentions: pd.DataFrame) -> pd.DataFrame:
    """Interactions reported in the documents of ``corpus`` (uncached; see :func:`interactions`)."""
    from lavrovkit.themes import theme_hits

    cols = ["doc_id", *_EVENT_SCHEMA.names[1:]]
    hits = theme_hits(corpus, tax, speaker="all")
    if hits.empty:
        return pd.DataFrame(columns=cols)
    mentions = all_mentions[all_mentions["doc_id"].isin(set(corpus.documents["doc_id"]))]
    sents = corpus.sentences
    by_id = sents.set_index(["doc_id", "sentence_id"])
    docs = corpus.documents.set_index("doc_id")
    ents = corpus.entities
    gpe = ents[ents["label"].isin(["GPE", "LOC", "FAC"])] if not ents.empty else ents
    codes = {t.id: dict(t.codes) for t in tax.themes}
    paras = corpus.paragraphs
    heads = paras[paras["part"] == "headline"]
    headlines: dict[str, set[int]] = {}
    # the paragraphs of a transcript's turns (a speaker's words the document records, not a quote in a report)
    in_turn = paras[paras["turn_speaker"].notna()] if "turn_speaker" in paras.columns else paras.iloc[:0]
    turns: dict[str, set[int]] = {}
    for d, p in zip(in_turn["doc_id"], in_turn["paragraph_id"].astype(int), strict=True):
        turns.setdefault(str(d), set()).add(p)
    for d, p in zip(heads["doc_id"], heads["paragraph_id"].astype(int), strict=True):
        headlines.setdefault(str(d), set()).add(p)
    # parse every candidate sentence once, in one pipe
    cand = list(dict.fromkeys(zip(hits["doc_id"].astype(str), hits["sentence_id"].astype(int), strict=True)))
    langs = _langs(corpus.documents)
    parsed: dict[tuple[str, int], Doc] = {}
    for lang in ("en", "ru"):  # each language's sentences by its own parser (the English parser never reads Russian)
        these = [c for c in cand if (langs.get(c[0], "en") == "ru") == (lang == "ru")]
        if not these:
            continue
        nlp = _parser_ru() if lang == "ru" else _parser(corpus.options.model)
        texts = [str(by_id.at[(d, s), "text"]) for d, s in these]
        if lang == "ru":
            texts = [ru_parse_text(t) for t in texts]
        parsed.update(zip(these, nlp.pipe(texts, batch_size=64), strict=True))
    rows: list[dict[str, Any]] = []
    m_by_doc = dict(tuple(mentions.groupby("doc_id", sort=False))) if not mentions.empty else {}
    s_by_doc = dict(tuple(sents.groupby("doc_id", sort=False)))
    for doc_key, doc_hits in hits.groupby("doc_id", sort=False):
        doc_id = str(doc_key)
        dsents = s_by_doc[doc_id]
        dtext = str(docs.at[doc_id, "text"])
        lang = "ru" if langs.get(doc_id) == "ru" else "en"
        dmentions = _with_roles(m_by_doc.get(doc_id, mentions.iloc[:0]), dsents, dtext, docs.at[doc_id, "source"],
                                docs.at[doc_id, "date"], gaz, lang)
        state = _Doc(doc_id, docs.at[doc_id, "date"], docs.at[doc_id, "source"], dtext,
                     dict(zip(dsents["sentence_id"].astype(int), dsents["speaker"], strict=True)),
                     dmentions, headlines.get(doc_id, set()), turns=turns.get(doc_id, set()))
        state.headline_sentences = set(dsents.loc[dsents["paragraph_id"].astype(int).isin(state.headline),
                                                  "sentence_id"].astype(int))
        for sid_key, group in doc_hits.groupby("sentence_id", sort=False):
            sid = int(str(sid_key))
            sent: pd.Series = by_id.loc[(doc_id, sid)]  # type: ignore[assignment]
            _sentence_events(state, sid, sent, group, parsed[(doc_id, sid)], dsents, gaz, codes, gpe, lang)
        rows.extend(state.events.values())
    out = pd.DataFrame(rows, columns=[*cols, "_order"])
    out["date"] = pd.to_datetime(out["date"])
    return out.drop(columns="_order")


def _sentence_events(state: _Doc, sid: int, sent: pd.Series[Any], hits: pd.DataFrame, doc: Doc,
                     dsents: pd.DataFrame, gaz: Actors, codes: dict[str, dict[str, str]], gpe: pd.DataFrame,
                     lang: str = "en") -> None:
    s0 = int(str(sent["start_char"]))
    text = str(sent["text"])
    pid = int(str(sent["paragraph_id"]))
    people = state.mentions[state.mentions["sentence_id"] == sid]
    ru = lang == "ru"
    spans = []  # (token indices, person) of each mention
    for ms, me, person in zip(people["start_char"], people["end_char"], people["person"], strict=True):
        span = doc.char_span(int(ms) - s0, int(me) - s0, alignment_mode="expand")
        if span is not None and not (ru and all(t.is_space for t in span)):  # (not a headline's blanked "Песков:")
            spans.append(({t.i for t in span}, str(person), int(ms)))
    dates = _dates_ru(text, doc) if ru else _dates(text, doc)
    found: list[tuple[str, list[str], Any, str, str]] = []
    for hit in hits.itertuples(index=False):
        span = doc.char_span(int(str(hit.start_char)) - s0, int(str(hit.end_char)) - s0, alignment_mode="expand")
        if span is None:
            continue
        tok = _ru_trigger_head(span) if ru else _trigger_head(span)
        reading = trigger_reading_ru(tok) if ru else trigger_reading(tok)
        if reading is None:
            continue
        ev_type = str(hit.theme) if reading == "held" else reading
        if ev_type == "held":  # pragma: no cover - a theme id cannot be "held"
            continue
        names = _ru_parties(state, tok, spans, sid, pid, gaz) if ru else \
            _parties(state, tok, spans, sid, pid, gaz, {t.i for t in span})
        if len(names) < 2:
            continue
        attendance = re.search(_ru().CONTACT_ATTENDANCE, text, re.IGNORECASE) if ru else ATTENDANCE.search(text)
        if attendance and any(k[0] == ev_type for k in state.events):
            # the people attending a contact already reported: the delegation, not a contact of its own
            key = next(k for k in reversed(list(state.events)) if k[0] == ev_type)
            state.events[key]["mentions"] += 1
            continue
        if ru and ev_type == "meeting" and _lem(tok) in _ru().CONTACT_CALL_WORDS and any(
                k[0] == "phone_call" and k[1] == tuple(sorted(dict.fromkeys(state.variant(n) for n in names)))
                for k in state.events):
            ev_type = "phone_call"  # "В ходе беседы ...": the telephone conversation the document reported
        if ru:
            earlier = reading == "held" and _ru_earlier(tok, _ru_governors(tok), pid in state.turns)
        else:
            earlier = reading == "held" and _earlier(tok, _governors(tok), pid in state.turns)
        day, date_from = _event_date(tok, dates, dsents, sid, pid, state, ev_type, earlier, lang)
        found.append((ev_type, names, day, date_from, span.text))
    if not found:
        place = None
    elif ru:
        place = _place_ru(gpe, state.doc_id, s0, int(sent["end_char"]), state.text, doc)
    else:
        place = _place(gpe, state.doc_id, s0, int(sent["end_char"]), state.text)
    invited = [names for ev_type, names, *_ in found if ev_type == "invitation"]
    for ev_type, names, day, date_from, trigger in found:
        if ev_type == "planned" and names in invited:
            continue  # "ready to hold meetings with Rubio": the proposal, not a second, planned contact
        _add(state, sid, ev_type, names, day, date_from, place, trigger, text, gaz, codes, lang)
        if ev_type not in ("planned", "invitation"):
            state.last = names


def _trigger_head(span: Span) -> Token:
    """The word of a trigger span that carries it: its root; the noun for "by phone", "on the sidelines", and the
    object for "sent a message", "held talks"."""
    root = span.root
    objects = [t for t in span if t.dep_ in ("dobj", "obj") and t.head.i == root.i and t.pos_ == "NOUN"]
    if root.pos_ in ("VERB", "AUX") and objects:
        return objects[0]  # "sent a message", "held talks": the contact is the noun
    if root.pos_ == "ADP":
        nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
        return nouns[-1] if nouns else root
    return root


#: Nouns of complex prepositions, which do not take a contact away from its clause ("in view of the visit",
#: "on the sidelines of the summit", "in the course of the talks", "on the eve of the meeting").
PREPOSITION_NOUNS = frozenset({"view", "eve", "run", "course", "framework", "context", "margin", "margins",
                               "sideline", "sidelines", "wake", "light", "occasion", "part", "time", "day",
                               "basis", "outcome", "conclusion", "end", "start", "beginning", "side"})
#: Verbs of a relative clause on the contact word whose people take part in it ("which was attended by X").
ATTEND_LEMMAS = frozenset({"attend", "join"})
#: An attendance sentence: "Taking part in the meeting were ...", "the talks were also attended by ...".
ATTENDANCE = re.compile(r"\b(?:tak(?:e|es|ing)|took) part in the (?:\w+ )?(?:meeting|talks|consultations|negotiations)"
                        r"|\bparticipat\w* in the (?:meeting|talks|consultations|negotiations)"
                        r"|\b(?:meeting|talks|consultations|negotiations) (?:was|were) (?:also )?attended by"
                        r"|\battended the (?:meeting|talks|consultations|negotiations)", re.IGNORECASE)


def _ahead_of(tok: Token) -> Token | None:
    """The verb of the clause a contact hangs on as what it is ahead of ("Ahead of his visit, Putin said",
    "before the talks", "on the eve of the meeting"), else None."""
    cur = tok
    while cur.head.i != cur.i and cur.pos_ not in ("VERB", "AUX"):
        nxt = cur.head
        if cur.dep_ == "pobj" and (nxt.lower_ in ("before", "ahead") or nxt.lower_ == "of" and nxt.head.lower_ in (
                "ahead", "eve")):
            verb = next((a for a in nxt.ancestors if a.pos_ in ("VERB", "AUX")), None)
            return verb if verb is not None and verb.i != tok.i else None
        cur = nxt
    return None


def _embedded(tok: Token) -> bool:
    """Does the contact word hang on another noun before its clause's verb ("the results of the meeting",
    "preparations for the talks", "a plan of consultations")? Then the clause's people are not its parties."""
    cur = tok
    while cur.head.i != cur.i and cur.pos_ not in ("VERB", "AUX"):
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN") and cur.i != tok.i and cur.lemma_.lower() not in PREPOSITION_NOUNS:
            return True
    return False


def _headline_parties(state: _Doc, tok: Token, spans: list[tuple[set[int], str, int]], gaz: Actors) -> list[str]:
    """The parties of a contact in a headline: its people, and when they all come after the contact word
    ("Meeting with X and Y", "Телефонный разговор с ..."), the document's principal too."""
    names = list(dict.fromkeys(p for _, p, _ in spans))
    if names and all(min(idx) > tok.i for idx, _, _ in spans):
        names += _principal(state, names, gaz)
    return sorted(names)


def _parties(state: _Doc, tok: Token, spans: list[tuple[set[int], str, int]], sid: int, pid: int,
             gaz: Actors, trigger: set[int] | None = None) -> list[str]:
    """The people taking part in the contact ``tok`` names (see the module's docstring)."""
    if pid in state.headline or _title_case(tok.doc):
        # a headline ("Lavrov, Tillerson Discuss Syria in Phone Talk", "Meeting with X"): too short and too
        # capitalised for the parser
        return _headline_parties(state, tok, spans, gaz)
    own = {t.i for t in tok.subtree}
    own_names = list(dict.fromkeys(p for idx, p, _ in spans if idx & own))
    if len(own_names) >= 2 and any(c.lower_ in ("between", "among") for c in tok.children):
        return sorted(own_names)  # "the meeting between President Trump and Kim Jong-un"
    people_idx = set().union(*(idx for idx, _, _ in spans)) if spans else set()
    body = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in (trigger or ())] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.pos_ == "PROPN"]
    if any(b.i not in people_idx and b.lemma_.lower() not in PEOPLE_NOUNS for b in body):
        return sorted(own_names)  # a body's meeting ("a UN Security Council meeting", "the meeting of the SCO")
    partner = [g for c in [tok, *tok.children] if c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    if partner and all(g.pos_ == "PROPN" and g.lemma_.lower() not in PEOPLE_NOUNS
                       and not {x.i for x in g.subtree} & people_idx for g in partner):
        return sorted(own_names)  # "contacts with Gazprom": a contact with a body, not between people
    embedded = _embedded(tok)
    clause = own if embedded else clause_tokens(tok)
    ahead = _ahead_of(tok)
    if ahead is not None:
        # "Ahead of his visit to Austria, the President answered questions from Armin Wolf": a contact the clause
        # is ahead of has its own phrase's people and the clause's subject, not the clause's other people
        clause = own | {x.i for c in ahead.children if c.dep_ in ("nsubj", "nsubjpass") for x in c.subtree}
    # a person named as the possessor of something else ("on Ramzan Kadyrov's case") is no party
    spans = [(idx, p, at) for idx, p, at in spans if not _possessor_of_other(tok, idx)]
    names, words = _clause_people(tok.doc, spans, clause, None if embedded else linked_subject(tok))
    # "a meeting on economic issues, which was attended by X and Y": the people attending are its parties
    for rel in tok.subtree:
        if rel.dep_ in ("relcl", "acl") and rel.lemma_.lower() in ATTEND_LEMMAS:
            sub = {x.i for x in rel.subtree}
            names += [p for idx, p, _ in spans if idx & sub]
    # "Trump and I have met ... and we regularly talk over the phone": "we" of a coordinated clause are the
    # people of the subject of the clause it is coordinated with
    verb = tok if tok.pos_ in ("VERB", "AUX") else next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if not embedded and verb is not None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("we", "they") for c in verb.children):
        for c in verb.head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                sub_idx = {x.i for x in c.subtree}
                names += [p for idx, p, _ in spans if idx & sub_idx]
    # "our meeting", "their call": the possessive of the contact word speaks for its parties even when embedded
    words += [c for c in tok.children if c.dep_ == "poss" and c.i not in clause]
    for t in words:
        phrase = " ".join(x.text for x in t.subtree) if t.dep_ in ("nsubj", "nsubjpass", "poss") else t.text
        if t.lower_ == "both" and t.dep_ not in ("nsubj", "nsubjpass"):
            continue  # "both your meetings": not the parties
        if t.lower_ in ("they", "their", "them") and (t.head.i != tok.i or any(
                w.dep_ == "nsubj" and w.tag_ == "NNS" and not COLLECTIVE.match(" ".join(x.text for x in w.subtree))
                for w in words)):
            continue  # a bare pronoun speaks for the parties only on the contact word, with no other plural subject  # a bare pronoun speaks for the parties only on the contact word ("their call", "they met")
        if len(set(names)) < 2 and (COLLECTIVE.match(phrase) or COLLECTIVE.match(t.text)) and state.last:
            names += state.last
    subjects = {t.i for t in words if t.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "conj", "dobj")}
    speaker = state.speaker_of.get(sid)
    speaker = speaker if isinstance(speaker, str) and speaker not in _generic_speakers() else None
    if speaker and any(t.tag_ in ("PRP", "PRP$") and (t.lower_ in FIRST_PERSON and t.i in subjects
                                                      or t.lower_ == "our" and t.head.i == tok.i)
                       for t in words):
        names.append(speaker)
    if speaker and any(t.lower_ == "you" and t.i in subjects or t.lower_ in ("you", "your") and t.head.i == tok.i
                       for t in words):
        # "your meeting with Zelensky" asked at a press conference: the one the speaker addresses, the document's
        # principal (who speaks most), when that is not the speaker
        addressee = _principal(state, [speaker], gaz)
        if addressee and state.speaker_of and addressee[0] in state.speaker_of.values():
            names += addressee
    he = [t for t in words if t.lower_ in THIRD_PERSON and t.i in subjects]
    if he:
        # "Lavrov said he had met ...": the first person named before it in the sentence, else the first
        # person of the last sentence before that names one (subjects come first in news English)
        # an object pronoun is not the subject of its own clause ("Gref wrote to her": not Gref)
        local = _local_subject(he[0]) if he[0].dep_ in ("dobj", "pobj", "dative", "iobj") else set()
        earlier = [p for idx, p, _ in spans if min(idx) < he[0].i and not idx & local]
        prior = state.mentions[state.mentions["sentence_id"] < sid]
        if not earlier and not prior.empty:
            last = prior[prior["sentence_id"] == prior["sentence_id"].max()].sort_values("start_char")
            earlier = last["person"].head(1).tolist()
        if earlier:
            names.append(earlier[0])
    sender = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"]
    if sender and any(idx & {x.i for x in sender[0].subtree} for idx, _, _ in spans):
        # "Lavrov handed Araghchi an invitation from Putin": the one it comes from, not the one who hands it
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        verb = verb if verb is not None and verb.lemma_.lower() in CARRY_LEMMAS else None
        carrier = {x.i for c in (verb.children if verb is not None else []) if c.dep_ == "nsubj"
                   for x in c.subtree} - own
        names = [p for p in names if not any(idx & carrier for idx, q, _ in spans if q == p)]
    names = list(dict.fromkeys(names))
    attendance = bool(ATTENDANCE.search(tok.doc.text))
    if attendance and names:
        # the people attending a meeting the document reports and no one else: the other party is the
        # document's principal (who speaks most, else the first person it names besides these)
        names += _principal(state, names, gaz)
    return sorted(dict.fromkeys(names))


def _title_case(doc: Doc) -> bool:
    """Is a sentence a title: most of its words capitalised and no full stop at its end?"""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return (len(words) >= 3 and doc.text.rstrip()[-1:] not in ".!?\"”"
            and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words))


def _clause_people(doc: Doc, spans: list[tuple[set[int], str, int]], clause: set[int], subj: Token | None
                   ) -> tuple[list[str], list[Token]]:
    """The people a contact's clause names and the words it reads, with its subject when that stands outside
    the clause ("Lavrov, who arrived on Monday, met ..."): the same for English and Russian clauses."""
    names = [p for idx, p, _ in spans if idx & clause]
    words = [t for t in doc if t.i in clause]
    if subj is not None and subj.i not in clause:
        sub_idx = {t.i for t in subj.subtree}
        names += [p for idx, p, _ in spans if idx & sub_idx]
        words += list(subj.subtree)
    return names, words


def _possessor_of_other(tok: Token, idx: set[int]) -> bool:
    """Is the mention at token indices ``idx`` the possessor of a noun other than the contact word?"""
    doc = tok.doc
    root = next((doc[i] for i in sorted(idx) if doc[i].head.i not in idx or doc[i].head.i == doc[i].i), None)
    return bool(root is not None and root.dep_ == "poss" and root.head.i != tok.i
                and root.head.lemma_.lower() not in PEOPLE_NOUNS)


@functools.lru_cache(maxsize=1)
def _generic_speakers() -> frozenset[str]:
    from lavrovkit.segment import GENERIC_SPEAKERS

    return frozenset(GENERIC_SPEAKERS)


def _principal(state: _Doc, names: list[str], gaz: Actors) -> list[str]:
    """The person a document is about besides ``names``: who speaks most in it, else the first person it names."""
    speakers = pd.Series([s for s in state.speaker_of.values() if isinstance(s, str) and s not in names
                          and s not in _generic_speakers()], dtype=object)
    known = speakers[[gaz.get(s) is not None for s in speakers]]
    speakers = known if not known.empty else speakers  # people the gazetteer knows first
    if not speakers.empty:
        counts = speakers.value_counts(sort=False)
        return [str(counts.idxmax())]  # the one who speaks most (the first of equals)
    rest = state.mentions[(~state.mentions["paragraph_id"].isin(state.headline))
                          & (~state.mentions["person"].isin(names))]
    first = rest.sort_values("start_char")["person"].head(1).tolist()
    if first:
        return first
    # a post naming no one else: the publisher's principal ("President of Russia" posts: the President) on its date
    side = source_side(state.source)
    if side is None or not side[1] or state.date is None or pd.isna(state.date):
        return []
    holder = gaz.holder(side[1], side[0], pd.Timestamp(state.date).date())
    return [holder] if holder and holder not in names else []


#: The most days a post reports its headline contact after it happened ("On February 28 ..." posted on
#: March 1); a contact the body dates further back is an earlier one, not the headline's.
NEWS_LAG_DAYS = 7


def _news_lag(posted: Any, day: Any) -> bool:
    """Is ``day`` within :data:`NEWS_LAG_DAYS` before the post (the headline's own contact, reported late)?"""
    if posted is None or day is None or pd.isna(posted) or pd.isna(day):
        return False
    lag = (pd.Timestamp(posted).normalize() - pd.Timestamp(day).normalize()).days
    return 0 <= lag <= NEWS_LAG_DAYS


def _add(state: _Doc, sid: int, ev_type: str, names: list[str], day: Any, date_from: str, place: str | None,
         trigger: str, evidence: str, gaz: Actors, codes: dict[str, dict[str, str]], lang: str = "en") -> None:
    """Record one event, merged with the same contact already reported in the document (in a Russian document,
    an announced contact the headline left undated takes the date the body gives it)."""
    parties = tuple(sorted(dict.fromkeys(state.variant(n) for n in names)))
    same = [k for k in state.events if k[0] == ev_type and k[1] == parties]
    for key in same:
        ev = state.events[key]
        if lang == "ru" and ev_type in ("planned", "invitation") and ev["date_from"] == "unknown" \
                and date_from != "unknown" and ev["sentence_id"] in state.headline_sentences:
            ev.update(date=day, date_from=date_from)  # "Лавров и Рубио встретятся" dated by "состоятся 25 марта"
        if ev["date_from"] == "document" and date_from in ("sentence", "paragraph") and ev["_order"] == 0 \
                and _news_lag(state.date, day):
            ev.update(date=day, date_from=date_from)  # the headline's contact, dated by the body
            ev["_order"] = 1
        if ev["date"] == day or date_from == "document" or (pd.isna(ev["date"]) and pd.isna(day)) \
                or (date_from == "unknown" and ev_type in ("planned", "invitation")):
            ev["mentions"] += 1
            ev["place"] = ev["place"] or place
            if trigger not in ev["trigger"].split(", "):
                ev["trigger"] += f", {trigger}"
            return
    key = (ev_type, parties, str(day))
    codes_of = codes.get(ev_type) or codes.get("meeting", {})
    state.events[key] = {
        "doc_id": state.doc_id, "sentence_id": sid, "type": ev_type,
        "cameo": codes_of.get("cameo", ""), "plover": codes_of.get("plover", ""),
        "date": day, "date_from": date_from, "participants": list(parties),
        "sides": [gaz.get(n).side if gaz.get(n) else "unknown" for n in parties],  # type: ignore[union-attr]
        "place": place, "trigger": trigger, "evidence": evidence, "mentions": 1,
        "_order": 0 if date_from == "document" else 1,
    }


# ------------------------------------------------------------------ dates


@dataclass(frozen=True)
class _DateExpr:
    kind: str  # day / month / weekday / shift
    start: int
    end: int
    groups: dict[str, str | None]


def _date_exprs(text: str) -> list[_DateExpr]:
    """The date expressions of ``text``, most specific first, none overlapping."""
    out: list[_DateExpr] = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            if kind == "weekday" and not m.group("which") and not re.search(r"\bon\s*$", text[:m.start("wd")]):
                continue
            if any(m.start() < d.end and d.start < m.end() for d in out):
                continue
            out.append(_DateExpr(kind, m.start(), m.end(), m.groupdict()))
    return out


def _dates(text: str, doc: Doc) -> list[tuple[_DateExpr, set[int], int]]:
    """The date expressions of a parsed sentence, each with the words it hangs on up to its nearest verb, and
    that verb (-1 without one): a date dates the contact it hangs on, or the verb the contact hangs on."""
    out = []
    for d in _date_exprs(text):
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        anc = {span.root.i}
        verb = -1
        for t in span.root.ancestors:
            anc.add(t.i)
            if t.pos_ in ("VERB", "AUX"):
                verb = t.i
                break
        out.append((d, anc, verb))
    return out


def resolve_date(expr: _DateExpr, doc_date: Any, planned: bool = False) -> tuple[Any, bool]:
    """The day a date expression names, read against the document's date: ``(Timestamp or None, month_only)``.

    A day and month without a year take the document's year; a held contact cannot be after the document
    (the previous year then), a planned one not before it (the next year).

    >>> e = _date_exprs("On February 28, Putin had a telephone conversation with Trump.")[0]
    >>> resolve_date(e, pd.Timestamp("2025-03-01"))[0].date()
    datetime.date(2025, 2, 28)
    >>> resolve_date(_date_exprs("on 30 December")[0], pd.Timestamp("2026-01-02"))[0].date()
    datetime.date(2025, 12, 30)
    """
    g = expr.groups
    base = None if doc_date is None or pd.isna(doc_date) else pd.Timestamp(doc_date).normalize()
    if expr.kind in ("day", "month"):
        month = _MONTHS.index(str(g["mon"])) + 1
        day = int(str(g["day"])) if expr.kind == "day" and g.get("day") else 1
        if g.get("year"):
            year = int(str(g["year"]))
        elif base is not None:
            year = base.year
            try:
                guess = pd.Timestamp(dt.date(year, month, day))
            except ValueError:
                return None, False
            if not planned and guess > base + pd.Timedelta(days=1) and (expr.kind == "day" or month > base.month):
                year -= 1
            elif planned and guess < base - pd.Timedelta(days=1) and (expr.kind == "day" or month < base.month):
                year += 1
        else:
            return None, False
        try:
            return pd.Timestamp(dt.date(year, month, day)), expr.kind == "month"
        except ValueError:
            return None, False
    if base is None:
        return None, False
    if expr.kind == "last_month":
        first = base.replace(day=1) - pd.Timedelta(days=1)
        return first.replace(day=1), True
    if expr.kind == "shift":
        return base + pd.Timedelta(days=_SHIFTS[" ".join(str(g["shift"]).lower().split())]), False
    wd = _WEEKDAYS.index(str(g["wd"]))
    which = " ".join((g.get("which") or "").lower().split())
    if which == "next" or (planned and which != "last"):
        return base + pd.Timedelta(days=(wd - base.weekday()) % 7 or (7 if which == "next" else 0)), False
    back = (base.weekday() - wd) % 7
    if which == "last" and back == 0:
        back = 7
    return base - pd.Timedelta(days=back), False


def _event_date(tok: Token, dates: list[tuple[_DateExpr, set[int], int]], dsents: pd.DataFrame, sid: int, pid: int,
                state: _Doc, ev_type: str, earlier: bool, lang: str = "en") -> tuple[Any, str]:
    """The contact's date and where it came from (see the module's docstring; ``lang``: the document's, whose
    parse and date expressions are read)."""
    planned = ev_type in ("planned", "invitation")
    ru = lang == "ru"
    verb = next((t for t in (_ru_governors(tok) if ru else _governors(tok)) if t.pos_ in ("VERB", "AUX")), None)
    eve = None if ru else _eve_of(tok, verb, dates, state.date, planned)
    if eve is not None:
        return eve, "sentence"
    for expr, anc, dverb in dates:
        if tok.i in anc or (verb is not None and dverb == verb.i):
            day, month_only = resolve_date(expr, state.date, planned)
            if day is not None:
                return day, "sentence (month)" if month_only else "sentence"
    if ru and earlier:
        return None, "unknown"  # "на прошлой неделе", "ранее": not the dateline's or the paragraph's day
    # an earlier sentence of the paragraph (not the headline) that dates what follows (a held contact's)
    if pid not in state.headline and not planned:
        before = dsents[(dsents["paragraph_id"] == pid) & (dsents["sentence_id"] < sid)]
        for text in reversed(before["text"].astype(str).tolist()):
            exprs = [e for e in (date_exprs_ru(text) if ru else _date_exprs(text))
                     if e.kind in ("day", "weekday", "shift")]
            if exprs:
                day, month_only = resolve_date(exprs[0], state.date, planned)
                if day is not None:
                    return day, "paragraph (month)" if month_only else "paragraph"
    if state.date is None or pd.isna(state.date) or earlier:
        return None, "unknown"  # an earlier contact is never dated by the document
    if ev_type == "planned":
        return None, "unknown"  # an announced contact is not dated by the announcement
    return pd.Timestamp(state.date).normalize(), "document"


def _eve_of(tok: Token, verb: Token | None, dates: list[tuple[_DateExpr, set[int], int]], doc_date: Any,
            planned: bool) -> Any:
    """The day before the date of what "on the eve of" names, when the contact or its verb hangs on it ("On the
    eve of a UN Security Council meeting, which took place on March 7, Putin and Bush had a telephone
    conversation": March 6), else None."""
    heads = [t for t in (tok, verb) if t is not None]
    for h in heads:
        for prep in h.children:
            if prep.dep_ != "prep":
                continue
            for eve in prep.children:
                if eve.lower_ != "eve" or eve.dep_ != "pobj":
                    continue
                sub = list(eve.subtree)
                if tok in sub:
                    continue  # the contact whose eve it is, not the one on its eve
                lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
                for expr, _, _ in dates:
                    if lo <= expr.start < hi and expr.kind == "day":
                        day, _month = resolve_date(expr, doc_date, planned)
                        if day is not None:
                            return day - pd.Timedelta(days=1)
    return None


def _place(gpe: pd.DataFrame, doc_id: str, start: int, end: int, text: str) -> str | None:
    if gpe.empty:
        return None
    inside = gpe[(gpe["doc_id"] == doc_id) & (gpe["start_char"] >= start) & (gpe["end_char"] <= end)]
    for s, t in zip(inside["start_char"], inside["text"], strict=True):
        if re.search(r"\b(?:in|at)\s+(?:the\s+)?$", text[max(0, s - 8):s]):
            return str(t)
    return None


def parse_sentences(texts: Iterable[str], model: str | None = None, lang: str = "en") -> Sequence[Doc]:
    """Parsed sentences (dependency parse) with the pipeline the kit uses for ``lang``, for inspection and the
    bench (Russian: the Russian pipeline with slovnet's parser; ``model`` names the English one).

    >>> [t.dep_ for t in parse_sentences(["Лавров встретился с Рубио."], lang="ru")[0]]
    ['nsubj', 'ROOT', 'case', 'obl', 'punct']
    """
    return list((_parser_ru() if lang == "ru" else _parser(model)).pipe(texts))


# ================================================================== Russian documents
#
# A Russian document's candidate sentences (its Russian triggers, ``lang: ru`` in interactions.yaml) are parsed
# by the Russian pipeline's dependency parser (slovnet's syntax model, :class:`lavrovkit.lang.ru_nlp.
# DependencyParser`: Universal Dependencies relations) and read by the rules below, the counterparts of the
# English ones above; their words are in :mod:`lavrovkit.lang.ru` (``CONTACT_*``). The table's columns and
# guarantees are the same: a held contact has its trigger's type, a planned one (future tense: "встретятся",
# "состоится", "будут"; "планируется", "намечен", "договорились провести", "возможная встреча") is
# ``planned``, "пригласил", "приглашение", "по приглашению", "предложил встретиться" is ``invitation``, and a
# negated or undone contact ("Встреча не планируется", "никаких переговоров", "отказался от встречи") is none.

#: The Russian parse's clause heads: dependency labels that open a clause of their own.
RU_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "parataxis", "csubj", "conj", "acl:relcl"})
#: Clauses inside a Russian clause that keep their own parties.
RU_OWN_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "parataxis", "conj", "csubj", "acl:relcl", "acl"})
#: Prepositions of a contact that is what a planning word is about ("договорились о встрече"), not an adjunct
#: of the verb ("в ходе переговоров договорились", "на встрече обсудили": held).
RU_TOPIC_CASES = frozenset({"о", "об", "обо", "насчет", "относительно", "к", "про"})
_RU_SUBJECTS = ("nsubj", "nsubj:pass")


@functools.lru_cache(maxsize=1)
def _ru() -> Any:
    from lavrovkit.lang import language

    return language("ru")


@functools.lru_cache(maxsize=1)
def _parser_ru() -> Language:
    """The Russian pipeline with its dependency parser (sentences, morphology and lemmas for the rules)."""
    from lavrovkit.model import load_model

    return load_model(None, PARSE_COMPONENTS, lang="ru")


def _lem(tok: Token) -> str:
    """A Russian word's lemma in lower case (a proper noun's keeps its capital in the annotation)."""
    return tok.lemma_.lower()


def _feat(tok: Token, name: str) -> str:
    values = tok.morph.get(name, [])
    return str(values[0]) if values else ""


def _ru_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _ru_negated(tok: Token) -> bool:
    """Is ``tok`` negated: "не"/"нет" hang on it, "никакой" modifies it, or it is "нет" itself?"""
    neg = _ru().CONTACT_NEGATORS
    return tok.lemma_ == "нет" or any(c.lower_ in neg or _lem(c) in neg for c in tok.children
                                      if c.dep_ in ("advmod", "det", "amod", "neg", "discourse", "case") or
                                      c.lower_ in ("не", "нет"))


def _ru_governors(tok: Token) -> list[Token]:
    """``tok`` and the words it hangs on up to its clause's head, through the verbs that control it ("договорились
    провести встречу": встречу → провести → договорились); a participle's clause ("состоявшейся") stops the climb."""
    out = [tok]
    cur = tok
    while cur.head.i != cur.i:
        if _ru_verb(cur) and (cur.dep_ in RU_CLAUSE_DEPS or (cur.dep_ == "acl" and cur.i != tok.i)):
            break
        cur = cur.head
        out.append(cur)
    return out


#: A Russian headline's speaker before a colon ("Песков: встреча ... не согласована", "Лавров: Россия ..."):
#: up to four capitalised words.
RU_HEADLINE_SPEAKER = re.compile(r"^\s*(?:[А-ЯЁ][\w.\-]*\s+){0,3}[А-ЯЁ][\w.\-]*:[^\S\n]")


def ru_parse_text(text: str) -> str:
    """A Russian candidate sentence as the parser reads it: a headline's speaker before a colon blanked out
    (the same length, so offsets stay), which slovnet would otherwise make the sentence's root; the speaker is
    no party of the contact the headline reports.

    >>> ru_parse_text("Песков: встреча Путина и Трампа не согласована")
    '        встреча Путина и Трампа не согласована'
    """
    m = RU_HEADLINE_SPEAKER.match(text)
    return " " * m.end() + text[m.end():] if m and m.end() < len(text) else text


def _ru_trigger_head(span: Span) -> Token:
    """The word of a Russian trigger span that carries it: the infinitive a verb of the span controls
    ("договорились встретиться", "предложил встретиться": встретиться), else as in English (the object of
    "провести переговоры", the noun of "по телефону")."""
    root = span.root
    inf = [t for t in span if t.dep_ == "xcomp" and t.head.i == root.i and _ru_verb(t)]
    return inf[0] if _ru_verb(root) and inf else _trigger_head(span)


def _ru_case(tok: Token) -> str:
    """The preposition of a noun ("с", "в ходе" as "в ход", "по приглашению" as "по"): its ``case`` child's lemma."""
    for c in tok.children:
        if c.dep_ == "case":
            fixed = [_lem(f) for f in c.children if f.dep_ == "fixed"]
            return " ".join([_lem(c), *fixed])
    return ""


def trigger_reading_ru(tok: Token) -> str | None:
    """How a Russian trigger word is used: ``"held"``, ``"planned"``, ``"invitation"``, or ``None`` (no contact).

    ``tok`` is the head word of the trigger in a sentence parsed by the Russian pipeline.

    >>> nlp = _parser_ru()
    >>> def reading(text, word):
    ...     return trigger_reading_ru(next(t for t in nlp(text) if t.text == word))
    >>> reading("Лавров провёл переговоры с Рубио.", "переговоры"), reading("Лавров встретится с Рубио.", "встретится")
    ('held', 'planned')
    >>> reading("Встреча не планируется.", "Встреча"), reading("Лавров и Рубио договорились провести встречу.", "встречу")
    (None, 'planned')
    >>> reading("Путин пригласил Трампа посетить Москву.", "пригласил")
    'invitation'
    >>> reading("Путин принял в Кремле Уиткоффа.", "принял"), reading("Путин принял участие в саммите.", "принял")
    ('held', None)
    """
    ru = _ru()
    if _lem(tok) in ru.CONTACT_RECEIVE and not any(
            c.dep_ == "obj" and (c.pos_ == "PROPN" or _lem(c) in ru.CONTACT_PEOPLE_NOUNS) or (
                c.i > tok.i and not _ru_case(c) and c.pos_ in ("NOUN", "PROPN") and _feat(c, "Animacy") == "Anim"
                and _feat(c, "Case") in ("Acc", "Gen")) for c in tok.subtree):
        return None  # "принял участие", "принял решение": no one received (someone: "принял в Кремле посланника")
    path = _ru_governors(tok)
    for t in path:
        undo = t.i != tok.i and _lem(t) in ru.CONTACT_UNDO
        if undo and _ru_negated(t):
            return "planned"  # "не исключил встречи": possible
        if undo or _ru_negated(t):
            return None  # "встреча не планируется", "отказался от переговоров", "никаких переговоров"
    if any(_lem(c) in ru.CONTACT_NEGATORS and c.dep_ in ("det", "amod") for c in tok.children):
        return None
    if _lem(tok) in ru.CONTACT_INVITE or any(_lem(t) in ru.CONTACT_INVITE for t in path[1:]):
        return "invitation"
    if _ru_planned(tok, path):
        return "planned"
    return "held"


def _ru_planned(tok: Token, path: list[Token]) -> bool:
    """Is the Russian contact ``tok`` names announced, agreed, expected or possible rather than held?"""
    ru = _ru()
    for t in [tok, *tok.children]:
        if _lem(t) in ru.CONTACT_PLAN_MODIFIERS and (t.i == tok.i or t.dep_ in ("amod", "advmod", "det")):
            return True  # "предстоящая встреча", "возможные переговоры"
    if _ru_case(tok).split(" ")[0] in ru.CONTACT_AHEAD:
        return True  # "перед встречей", "накануне переговоров", "до визита"
    for i, t in enumerate(path):
        if _ru_verb(t) or t.pos_ == "ADJ":
            if _future(t) or any(c.dep_ in ("aux", "aux:pass", "cop") and _future(c) for c in t.children):
                return True  # "встретятся", "состоится", "будут проведены", "встреча будет"
            if any(c.lower_ == "бы" for c in t.children):
                return True  # "могли бы встретиться"
        if i == 0:
            continue
        below = path[i - 1]
        if _ru_verb(t) and below.dep_ in ("obl", "advmod", "nmod") and \
                _ru_case(below).split(" ")[0] not in RU_TOPIC_CASES and _lem(t) not in ru.CONTACT_PLAN:
            return False  # "в ходе переговоров стороны обсудили": an adjunct of the verb, held
        if _lem(t) in ru.CONTACT_PLAN or _lem(t) in ru.CONTACT_AHEAD:
            # "на переговорах договорились о ...": held
            return not (_ru_verb(t) and below.dep_ == "obl" and _ru_case(below).split(" ")[0] not in RU_TOPIC_CASES)
    return False


def _future(tok: Token) -> bool:
    """Is a Russian verb in the future tense ("встретятся", "состоится", "будет")?"""
    return _feat(tok, "Tense") == "Fut" or tok.lower_ in _ru().CONTACT_FUTURE_AUX


def _ru_earlier(tok: Token, path: list[Token], turn: bool = False) -> bool:
    """Does a Russian sentence speak of an earlier contact ("предыдущий разговор", "ранее встречались", "на прошлой
    неделе"; in a transcript's turn, one the speaker recalls in the first or second person and the past tense)?"""
    ru = _ru()
    if re.search(ru.CONTACT_VAGUE_EARLIER, tok.doc.text, re.IGNORECASE):
        return True
    for t in path[:2]:
        for c in t.children:
            if _lem(c) in ru.CONTACT_EARLIER and c.dep_ in ("amod", "advmod", "det", "obl"):
                return True
    verb = next((t for t in path if _ru_verb(t)), None)
    if verb is None:
        return False
    if any(_lem(c) in ru.CONTACT_EARLIER and c.dep_ == "advmod" for c in verb.children):
        return True  # "Ранее Лавров провёл переговоры", "неоднократно встречались"
    if not turn or _feat(verb, "Tense") != "Past":
        return False
    if any(_lem(c) in ("только", "сейчас", "сегодня") for c in verb.subtree):
        return False  # "мы только что завершили переговоры": the contact the document records
    return any(_lem(t) in ru.CONTACT_SPEECH_PERSON and t.pos_ in ("PRON", "DET") for t in verb.doc)


def clause_tokens_ru(tok: Token) -> set[int]:
    """Indices of the tokens of the Russian clause ``tok`` stands in: its clause head's subtree without the other
    clauses inside it (a participle's or relative clause on the contact itself stays).

    >>> doc = _parser_ru()("Путин встретился с Моди, а Лавров заявил, что Рубио прибыл в Эр-Рияд.")
    >>> sorted(doc[i].text for i in clause_tokens_ru(doc[1]))
    ['.', 'Моди', 'Путин', 'встретился', 'с']
    """
    head = tok
    while head.head.i != head.i and not (head.dep_ in RU_CLAUSE_DEPS and _ru_verb(head)):
        head = head.head
    keep = {t.i for t in head.subtree}
    for t in head.subtree:
        if t.i == head.i or t.dep_ not in RU_OWN_CLAUSE_DEPS or not _ru_verb(t) or (
                t.dep_ in ("acl", "acl:relcl") and t.head.i == tok.i):
            continue  # (a clause about the contact itself, "беседа, состоявшаяся накануне", stays)
        inner = {x.i for x in t.subtree}
        if tok.i not in inner:
            keep -= inner
    return keep


def _ru_linked_subject(tok: Token) -> Token | None:
    """The subject a subjectless Russian clause shares with the clause it hangs on ("Проведя переговоры с Рубио,
    Лавров заявил": Лавров)."""
    head = tok
    while head.head.i != head.i and not (head.dep_ in RU_CLAUSE_DEPS and _ru_verb(head)):
        head = head.head
    for _ in range(6):
        subj = [c for c in head.children if c.dep_ in _RU_SUBJECTS]
        if subj:
            return subj[0] if head.i != tok.i else None
        if head.dep_ in ("advcl", "xcomp", "conj", "acl") and head.head.i != head.i:
            head = head.head
            continue
        return None
    return None


def _ru_embedded(tok: Token) -> bool:
    """Does the contact word hang on another noun before its clause's verb ("итоги ... подготовка встречи",
    "результаты переговоров")? Then only its own phrase's people are its parties."""
    prep_nouns = _ru().CONTACT_PREPOSITION_NOUNS
    cur = tok
    while cur.head.i != cur.i and not _ru_verb(cur):
        if cur.dep_ in ("appos", "flat:name", "conj"):
            cur = cur.head
            continue
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN") and _lem(cur) not in prep_nouns:
            return True
    return False


def _ru_parties(state: _Doc, tok: Token, spans: list[tuple[set[int], str, int]], sid: int, pid: int,
                gaz: Actors) -> list[str]:
    """The people taking part in the Russian contact ``tok`` names (see the section's comment)."""
    ru = _ru()
    if pid in state.headline:  # "Телефонный разговор с Президентом США Дональдом Трампом"
        return _headline_parties(state, tok, spans, gaz)
    own = {t.i for t in tok.subtree}
    own_names = list(dict.fromkeys(p for idx, p, _ in spans if idx & own))
    if len(own_names) >= 2 and any(t.lemma_ == "между" for t in tok.subtree):
        return sorted(own_names)  # "встреча между Путиным и Трампом"
    people_idx = set().union(*(idx for idx, _, _ in spans)) if spans else set()
    body = [c for c in tok.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and not _ru_case(c)]
    if any(b.i not in people_idx and _lem(b) not in ru.CONTACT_COLLECTIVE for b in body):
        return sorted(own_names)  # a body's meeting ("саммит ШОС", "заседание СБ ООН")
    partner = [c for c in tok.children if _ru_case(c) == "с" and c.dep_ in ("nmod", "obl")]
    if partner and all(g.pos_ == "PROPN" and not {x.i for x in g.subtree} & people_idx for g in partner):
        return sorted(own_names)  # "контакты с Газпромом": a contact with a body, not between people
    embedded = _ru_embedded(tok)
    clause = own if embedded else clause_tokens_ru(tok)
    names, words = _clause_people(tok.doc, spans, clause, None if embedded else _ru_linked_subject(tok))
    for t in words:
        # "стороны обсудили", "министры договорились", "они", "оба": the parties of the contact reported before
        plural = _feat(t, "Number") == "Plur" or (t.dep_ in _RU_SUBJECTS and _feat(t.head, "Number") == "Plur")
        collective = _lem(t) in ru.CONTACT_COLLECTIVE and (plural or _lem(t) in ("оба", "они")) and (
            t.dep_ in _RU_SUBJECTS or t.head.i == tok.i)
        if collective and len(set(names)) < 2 and state.last and not {t.i} & people_idx:
            names += state.last
    speaker = state.speaker_of.get(sid)
    speaker = speaker if isinstance(speaker, str) and speaker not in _generic_speakers() else None
    if speaker and any(_lem(t) in ru.CONTACT_FIRST_PERSON and t.pos_ in ("PRON", "DET")
                       and (t.dep_ in (*_RU_SUBJECTS, "obl", "nmod", "conj") or t.head.i == tok.i) for t in words):
        names.append(speaker)  # "мы с Рубио договорились", "со мной", "наша встреча"
    he = [t for t in words if _lem(t) in ru.CONTACT_THIRD_PERSON and (t.dep_ in _RU_SUBJECTS or _ru_case(t) == "с")]
    if he:
        # "он провёл переговоры", "мы с ним разговаривали": the first person named before it in the sentence, else
        # the first person of the last sentence before that names one
        earlier = [p for idx, p, _ in spans if min(idx) < he[0].i]
        prior = state.mentions[state.mentions["sentence_id"] < sid]
        if not earlier and not prior.empty:
            last = prior[prior["sentence_id"] == prior["sentence_id"].max()].sort_values("start_char")
            earlier = last["person"].head(1).tolist()
        if earlier:
            names.append(earlier[0])
    names = list(dict.fromkeys(names))
    if re.search(ru.CONTACT_ATTENDANCE, tok.doc.text, re.IGNORECASE) and names:
        names += _principal(state, names, gaz)  # "В переговорах приняли участие ...": the delegation's principal
    return sorted(dict.fromkeys(names))


def _make_ru_date_patterns() -> list[tuple[str, re.Pattern[str]]]:
    from lavrovkit.lang import language

    ru = language("ru")
    mon = "(?P<mon>" + "|".join(sorted(ru.MONTHS, key=len, reverse=True)) + r")(?![а-яё])"
    mon_p = "(?P<mon>" + "|".join(sorted(ru.MONTHS_PREPOSITIONAL, key=len, reverse=True)) + r")(?![а-яё])"
    day = r"(?<!\d)(?P<day>[12]\d|3[01]|0?[1-9])(?!\d)"
    year = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)(?:\s*(?:года|году|г\.))?"
    wd = "(?P<wd>" + "|".join(ru.WEEKDAYS_ACCUSATIVE) + r")(?![а-яё])"
    shifts = "(?P<shift>" + "|".join(sorted(ru.DAY_SHIFTS, key=len, reverse=True)) + r")(?![а-яё])"
    return [
        ("day", re.compile(rf"{day}\s+{mon}\s+{year}", re.IGNORECASE)),
        ("day", re.compile(rf"{day}\s+{mon}(?!\s+\d)", re.IGNORECASE)),
        ("day", re.compile(r"(?<![\d.])(?P<day>[12]\d|3[01]|0?[1-9])\.(?P<num>0?[1-9]|1[0-2])\.(?P<year>1[89]\d\d"
                           r"|20\d\d)(?!\d)")),
        ("month", re.compile(rf"(?<![а-яё])(?:в|во)\s+(?:начале\s+|конце\s+|середине\s+)?{mon_p}(?:\s+{year})?",
                             re.IGNORECASE)),
        ("weekday", re.compile(rf"(?<![а-яё])(?:в|во)\s+(?P<which>прошл\w+\s+|следующ\w+\s+|эт\w+\s+)?{wd}",
                               re.IGNORECASE)),
        ("shift", re.compile(rf"(?<![а-яё]){shifts}", re.IGNORECASE)),
    ]


_RU_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = []
_RU_WHICH = {"прошл": "last", "следующ": "next", "эт": "this"}
_RU_SHIFT_WORDS = {-2: "the day before yesterday", -1: "yesterday", 0: "today", 1: "tomorrow"}


def date_exprs_ru(text: str) -> list[_DateExpr]:
    """The Russian date expressions of ``text``, most specific first, none overlapping, in the form
    :func:`resolve_date` reads (a month as its English name).

    >>> [(e.kind, e.groups.get("mon") or e.groups.get("shift")) for e in date_exprs_ru("15 февраля, накануне")]
    [('day', 'February'), ('shift', 'yesterday')]
    """
    if not _RU_DATE_PATTERNS:
        _RU_DATE_PATTERNS.extend(_make_ru_date_patterns())
    ru = _ru()
    out: list[_DateExpr] = []
    for kind, rx in _RU_DATE_PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < d.end and d.start < m.end() for d in out):
                continue
            g = m.groupdict()
            groups: dict[str, str | None] = {"day": g.get("day"), "year": g.get("year")}
            if kind in ("day", "month"):
                if g.get("num"):
                    month = int(str(g["num"]))
                else:
                    low = str(g["mon"]).lower()
                    month = ru.MONTHS.get(low) or ru.MONTHS_PREPOSITIONAL.get(low) or 0
                if not month:
                    continue
                groups["mon"] = _MONTHS[month - 1]
            elif kind == "weekday":
                groups["wd"] = _WEEKDAYS[ru.WEEKDAYS_ACCUSATIVE[str(g["wd"]).lower()]]
                which = str(g.get("which") or "").strip().lower()
                groups["which"] = next((v for k, v in _RU_WHICH.items() if which.startswith(k)), "on")
                if groups["which"] == "this":
                    groups["which"] = "on"
            else:
                groups = {"shift": _RU_SHIFT_WORDS[ru.DAY_SHIFTS[str(g["shift"]).lower()]]}
            out.append(_DateExpr(kind, m.start(), m.end(), groups))
    return out


def _dates_ru(text: str, doc: Doc) -> list[tuple[_DateExpr, set[int], int]]:
    """The Russian date expressions of a parsed sentence with the words they hang on up to the nearest verb, and
    that verb (-1 without one); "накануне" as a preposition ("накануне переговоров") is no date."""
    out = []
    for d in date_exprs_ru(text):
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        if d.kind == "shift" and span.root.lower_ == "накануне" and (
                span.root.dep_ == "case" or any(c.pos_ in ("NOUN", "PROPN") for c in span.root.children)):
            continue
        anc = {span.root.i}
        verb = -1
        for t in span.root.ancestors:
            anc.add(t.i)
            if _ru_verb(t):
                verb = t.i
                if t.dep_ == "acl":  # "состоявшейся накануне беседы": the participle dates the noun it describes
                    anc.add(t.head.i)
                break
        out.append((d, anc, verb))
    return out


def role_mentions_ru(text: str, source: Any, day: Any, gaz: Actors) -> list[tuple[int, int, str]]:
    """``(start, end, person)`` of each bare role on a publisher's own Russian post ("Министр провёл переговоры"
    on mid.ru: the Foreign Minister of Russia on the document's date; "Президент" on kremlin.ru), the holder
    from the gazetteer.

    >>> from lavrovkit.actors import actors_load
    >>> role_mentions_ru("Министр провёл переговоры.", "Russian Foreign Ministry", "2025-02-20", actors_load())
    [(0, 7, 'Sergey Lavrov')]
    >>> role_mentions_ru("Министр иностранных дел Франции прибыл. Президент России провёл встречу.",
    ...                  "President of Russia", "2025-02-20", actors_load())
    [(40, 56, 'Vladimir Putin')]
    """
    side = source_side(source)
    if side is None or day is None or pd.isna(day):
        return []
    ru = _ru()
    out = []
    for m in re.finditer(ru.CONTACT_BARE_ROLE, text):
        words = m.group("role").split()
        first = words[0].lower().rstrip("аеуыой") if words[0].lower().startswith("глав") else words[0].lower()
        if first.startswith("министр"):
            key = "министр иностранных дел" if len(words) > 1 else "министр"
            if key == "министр" and side[1] != "Foreign Minister":
                continue  # "Министр" is the Foreign Minister on the Foreign Ministry's post only
        elif first.startswith("президент"):
            key = "президент"
        else:
            key = "глава мид" if words[-1] == "МИД" else "глава государства"
        holder = gaz.holder(ru.CONTACT_ROLES[key], side[0], pd.Timestamp(day).date())
        if holder:
            out.append((m.start(), m.end(), holder))
    return out


def _place_ru(gpe: pd.DataFrame, doc_id: str, start: int, end: int, text: str, doc: Doc) -> str | None:
    """A place named with "в"/"во" and the locative in a Russian sentence ("в Эр-Рияде", not "в Россию"), a
    one-word name as its lemma ("Эр-Рияд")."""
    if gpe.empty:
        return None
    inside = gpe[(gpe["doc_id"] == doc_id) & (gpe["start_char"] >= start) & (gpe["end_char"] <= end)]
    for s, e, t in zip(inside["start_char"], inside["end_char"], inside["text"], strict=True):
        if re.search(r"(?<![а-яё])(?:в|во)\s+$", text[max(0, s - 4):s], re.IGNORECASE):
            span = doc.char_span(int(s) - start, int(e) - start, alignment_mode="expand")
            if span is None:
                continue
            if _feat(span.root, "Case") not in ("Loc", ""):
                continue  # "прибыл в Россию": where one goes, not where the contact is
            return str(span[0].lemma_) if len(span) == 1 else str(t)
    return None
