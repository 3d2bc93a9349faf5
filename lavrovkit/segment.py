"""Segmentation: paragraphs, transcript turns, quotations and who is speaking.

Cleaned texts hold one paragraph per line, paragraphs separated by a blank
line (see :mod:`lavrovkit.clean`). This module answers, for every sentence:
*who says this?* The answer comes from, in order:

1. transcript turns (``Question:`` / ``Sergey Lavrov:`` labels) - ``turn``;
2. direct quotations attributed by a reporting verb next to them
   (``"...," Lavrov said``; ``he added``; ``the ministry said``) or carried over
   from the previous quotation - ``quote`` / ``continuation``;
3. the catalog's speaker for speeches and other single-speaker documents -
   ``catalog``;
4. otherwise the sentence is narration: speaker ``None``.

Example
-------
>>> text = "Question: Will you meet?\\n\\nSergey Lavrov: We are ready."
>>> [(p.label, text[p.start:p.end]) for p in paragraphs_of(text)]
[('Question', 'Will you meet?'), ('Sergey Lavrov', 'We are ready.')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from lavrovkit.labels import (  # noqa: F401  (re-exported: turn labels were read here)
    LABEL_LINE,
    Label,
    read_label,
    role_persons,
    split_role,
    words_of,
)
from lavrovkit.lang import detect
from lavrovkit.lang.en import (  # noqa: F401  (re-exported: the word lists lived here)
    GENERIC_LABELS,
    GENERIC_SPEAKERS,
    GIVEN_NAMES,
    HONORIFICS,
    INSTITUTION_COUNTRIES,
    INSTITUTIONS,
    LABEL_STOPWORDS,
    MINISTRY_FIELDS,
    NAME_PARTICLES,
    NON_SPEAKER_LABELS,
    PERSON_DESCRIPTIONS,
    PERSON_PRONOUNS,
    PERSON_QUALIFIERS,
    ROLE_CONNECTORS,
    ROLE_WORDS,
    SPEAKING_BODIES,
    SPOKEN_WORDS,
    STAGE_NOTES,
)
from lavrovkit.lang.en import REPORTING_VERBS as _REPORTING_VERBS

#: An editor's note inside a transcript: a paragraph wholly in brackets ("(Minute of silence.)", "(The
#: Minister went on to speak about ...)"), or a stage note ("Applause.", "To be continued.").
EDITORIAL_NOTE = re.compile(
    r"\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\[\]]*\])[.\s]*"
    rf"|\s*(?i:{'|'.join(STAGE_NOTES)})[.!…\s]*")
#: A section break line ("* * *", "***", "---", "###"): a turn ends there.
SECTION_BREAK = re.compile(r"[*#~=_\-–—•·\s]{3,}")
#: Verbs that introduce or close reported speech (one alternation; the words are lang.en.REPORTING_VERBS).
REPORTING_VERBS = "|".join(_REPORTING_VERBS)
REPORTING = re.compile(rf"\b(?:{REPORTING_VERBS})\b", re.IGNORECASE)
PRONOUN = re.compile(rf"\b(?:{'|'.join(PERSON_PRONOUNS)})\b")
#: Generic descriptions of the person last named ("the minister said").
GENERIC_PERSON = re.compile(
    rf"\b(?:the|The)\s+(?:(?:{'|'.join(PERSON_QUALIFIERS)})\s+)*"
    rf"(?:{'|'.join(PERSON_DESCRIPTIONS)})\b"
)
_COUNTRY = "|".join(INSTITUTION_COUNTRIES)
_FIELD = "|".join(MINISTRY_FIELDS)
#: A body that speaks as written: one word in either case at its start ("ministry", "Ministry"), a name of
#: several words as it is ("State Department").
_BODY_FORMS = [w if " " in w else f"[{w[0].upper()}{w[0].lower()}]{w[1:]}" for w in SPEAKING_BODIES + INSTITUTIONS]
#: Institutions quoted as speakers ("the ministry said", "the statement said", "the Kremlin said").
ORG_SPEAKER = re.compile(
    rf"\b(?:[Tt]he\s+)?(?:(?:{_COUNTRY})\s+)?(?:(?:{_FIELD})\s+)?"
    rf"(?:{'|'.join(_BODY_FORMS)})\b"
)
#: Institutions named in running text ("the Russian Foreign Ministry", "the US State Department", "the
#: Kremlin"): the mentions speaker attribution points back to ("the ministry said").
INSTITUTION_NAMES = re.compile(
    rf"\b(?:(?:the\s+)?(?:(?:{_COUNTRY})\s+)?(?:{_FIELD})\s+Ministry|"
    + "|".join(rf"(?:the\s+)?(?:(?:{_COUNTRY})\s+)?{w.replace(' ', chr(92) + 's+')}" if " " in w else rf"the\s+{w}"
               for w in INSTITUTIONS) + r")\b",
    re.IGNORECASE,
)

OPEN_QUOTES = "“«„"
QUOTE_CHAR = re.compile(r'["“”«»„]')
MIN_QUOTE_WORDS = 5


@dataclass(frozen=True)
class SpeechRules:
    """The patterns of one language that say who speaks: reporting verbs, pronouns and descriptions standing
    for the person last named, institutions that speak, and where a reporting clause after a quotation ends.

    ``org_name`` turns the words of a speaking institution into the name the kit gives it; ``institutions``
    finds institutions named in running text, ``institution_name`` names each of them. ``own_words_title``
    finds a title whose document is, outside its labelled turns, the words of the speaker it names (a
    briefing); ``institution_voices`` are the institutions a document may speak as (its speaker a Ministry);
    ``institution_title``, when set, the title such a document must have as well (English: a catalog's
    institution speaker alone changes nothing). News reporting (Russian only; empty for English): ``roles``
    are the role nouns a reporting clause may name its speaker by (the role, the words naming it next to a
    name, the words that rule that naming out right before it; ``role_reach`` characters before a name),
    ``split_clause`` where a reporting clause inside a quotation begins («..., — сказал Лавров, — ...»),
    ``interview_title`` a title naming an interview's guest, ``dialogue_dash`` a dialogue paragraph's dash.
    """

    reporting: re.Pattern[str]
    pronoun: re.Pattern[str]
    generic_person: re.Pattern[str]
    org_speaker: re.Pattern[str]
    clause_stop: re.Pattern[str]
    org_name: Callable[[str], str]
    institutions: re.Pattern[str]
    institution_name: Callable[[str], str] | None = None
    editorial_note: re.Pattern[str] = EDITORIAL_NOTE
    own_words_title: re.Pattern[str] | None = None
    institution_voices: frozenset[str] = frozenset()
    institution_title: re.Pattern[str] | None = None
    roles: tuple[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None], ...] = ()
    role_reach: int = 80
    split_clause: re.Pattern[str] | None = None
    interview_title: re.Pattern[str] | None = None
    dialogue_dash: re.Pattern[str] | None = None


def _ru_institution_name(surface: str) -> str:
    """The kit's name of a Russian institution's words ("МИД России", "в Кремле" -> "Kremlin").

    >>> _ru_institution_name("Госдепартамента США"), _ru_institution_name("посольстве")
    ('State Department', 'Embassy')
    """
    w = words_of("ru")
    for pattern, name in w.INSTITUTION_FORMS:
        if re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", surface.strip()):
            return str(name)
    low = surface.strip().casefold()
    for stem, name in w.SPEAKING_BODY_NAMES.items():
        if low.startswith(stem):
            return str(name)
    return surface.strip()


@functools.cache
def speech_rules(lang: str | None = "en") -> SpeechRules:
    """The speech patterns of ``lang`` (``"ru"``; anything else reads as English).

    >>> bool(speech_rules("ru").reporting.search("«Мы готовы», — сказала Захарова."))
    True
    >>> speech_rules("en").reporting is REPORTING
    True
    """
    if lang != "ru":
        return SpeechRules(REPORTING, PRONOUN, GENERIC_PERSON, ORG_SPEAKER,
                           re.compile(r"(?<=[a-z\])])[.!?](?:\s|$)"), _org_name, INSTITUTION_NAMES,
                           own_words_title=re.compile(words_of("en").OWN_WORDS_TITLE),
                           institution_voices=frozenset({"Russian Foreign Ministry"}),
                           institution_title=re.compile(words_of("en").INSTITUTION_TITLE))
    w: ModuleType = words_of("ru")
    forms = "|".join(f"(?:{p})" for p, _ in w.INSTITUTION_FORMS)
    bodies = "|".join(w.SPEAKING_BODIES)
    note = re.compile(r"\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\[\]]*\])[.\s]*"
                      rf"|\s*(?i:{'|'.join(w.STAGE_NOTES)})[.!…\s]*")
    return SpeechRules(
        reporting=re.compile(rf"(?<![\w-])(?:{'|'.join(w.REPORTING_VERBS)})(?![\w-])", re.IGNORECASE),
        pronoun=re.compile(rf"(?<![\w-])(?:{'|'.join(w.PERSON_PRONOUNS)})(?![\w-])"),
        generic_person=re.compile(rf"(?<![\w-])(?:(?:{'|'.join(w.PERSON_QUALIFIERS)})\s+)*"
                                  rf"(?:{'|'.join(w.PERSON_DESCRIPTIONS)})(?![\w-])", re.IGNORECASE),
        org_speaker=re.compile(rf"(?<![\w-])(?:(?:(?:{bodies})\s+)?(?:{forms})|{bodies})(?![\w-])"),
        clause_stop=re.compile(r"(?<=[a-zа-яё\])])[.!?](?:\s|$)"),
        org_name=_ru_institution_name,
        institutions=re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])"),
        institution_name=_ru_institution_name,
        editorial_note=note,
        own_words_title=re.compile(w.OWN_WORDS_TITLE),
        institution_voices=frozenset(name for _, name in w.INSTITUTION_FORMS),
        roles=tuple((re.compile(rf"(?<![\w-])(?:{role})(?![\w-])", re.IGNORECASE),
                     re.compile(rf"(?<![\w-])(?:{named})(?![\w-])", re.IGNORECASE),
                     re.compile(not_it, re.IGNORECASE) if not_it else None) for role, named, not_it in w.NEWS_ROLES),
        role_reach=w.NEWS_ROLE_REACH,
        split_clause=re.compile(w.SPLIT_CLAUSE),
        interview_title=re.compile(w.INTERVIEW_TITLE),
        dialogue_dash=re.compile(w.DIALOGUE_DASH),
    )


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its content span in the cleaned text, and its turn label if any.

    ``label`` is the label as written (role included), ``speaker`` the person
    or generic speaker it names, ``role`` the role written with the name;
    ``label_start`` is where the label begins. A paragraph after a section
    break or heading in a transcript, before the next label, has no speaker
    and ``label=None``; ``turn`` is False for it.
    """

    start: int
    end: int
    label: str | None = None
    label_start: int | None = None
    speaker: str | None = None
    role: str | None = None
    turn: bool = False


def _raw_paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start, end = m.start(), m.end()
        chunk = m.group()
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            spans.append((start + lead, end - trail))
    return spans


def _known_speakers() -> Any:
    """The shipped gazetteer: who counts as a known speaker when deciding the shape of a text.

    Always the shipped one, whatever gazetteer an analyst passes, so a text's
    paragraphs (and so its cached annotation) depend on the text alone.
    """
    from lavrovkit.actors import actors_load

    return actors_load()


def _known(name: str) -> str | None:
    return _known_speakers().resolve(name)


def paragraphs_of(text: str, lang: str | None = None) -> list[Paragraph]:
    """Which paragraphs does ``text`` have, and which are transcript turns, spoken by whom?

    Labels count when the text reads as a transcript: two or more labels with
    a generic speaker ("Question:"), a speaker who comes back, or a speaker
    the label marks as a person (a role before the name, initials, bullets or
    emoji, a person the shipped gazetteer knows, a name the text also uses
    outside labels); or one such label. A turn runs over the following
    paragraphs until the next label, a section break ("* * *") or a heading.
    A turn paragraph's span starts after its label; a role written before the
    name is kept in ``role``; a short label ("Vladimir Putin:") after a longer
    one ("President of Russia Vladimir Putin:") names the same person.

    >>> [(p.speaker, p.role) for p in paragraphs_of("Foreign Minister Sergei Lavrov: We agreed.\\n\\nThank you.")]
    [('Sergei Lavrov', 'Foreign Minister'), ('Sergei Lavrov', 'Foreign Minister')]

    ``lang`` chooses the words labels are read with (``"ru"``: "С.В.Лавров:", "Вопрос:", "Реплика:"); None
    reads the text's language from its letters (:func:`lavrovkit.lang.detect`).

    >>> [p.speaker for p in paragraphs_of("Вопрос: Вы встретитесь?\\n\\nС.В.Лавров: Мы готовы.")]
    ['question', 'С.В.Лавров']
    """
    lang = lang or detect(text)
    spans = _raw_paragraphs(text)
    labels = [read_label(text[a:b], lang) for a, b in spans]
    surnames = {_surname(lab.name) for lab in labels if lab is not None and len(lab.name.split()) >= 2}
    labels = [None if lab is not None and not lab.generic and not lab.initials and len(lab.name.split()) == 1
              and _known(lab.name) is None and _surname(lab.name) not in surnames else lab for lab in labels]
    if lang == "ru":
        named = [lab.name for lab in labels if lab is not None and not lab.generic]
        labels = [None if lab is not None and named.count(lab.name) < 2 and _common_words(lab) else lab
                  for lab in labels]
    if labels and labels[0] is not None and _headline_shaped(text[spans[0][0] + labels[0].end:spans[0][1]]):
        labels[0] = None  # 'Sergey Lavrov: “We do not close the door to anyone”' over an interview is its headline
    found = [lab for lab in labels if lab is not None]
    if not _is_transcript(text, spans, labels):
        return [Paragraph(a, b) for a, b in spans]
    note = speech_rules(lang).editorial_note
    names = _settle_names(found)
    roles: dict[str, str] = {}
    for f in found:
        if f.role and not f.generic:
            roles.setdefault(names[f], f.role)
    out: list[Paragraph] = []
    current: tuple[str | None, str | None] | None = None
    for (a, b), lab in zip(spans, labels, strict=True):
        chunk = text[a:b]
        if lab is not None:
            who = names[lab]
            current = (who, None if lab.generic else (lab.role or roles.get(who)))
            out.append(Paragraph(min(a + lab.end, b), b, lab.text, a, who, current[1], True))
        elif SECTION_BREAK.fullmatch(chunk):
            current = None
            out.append(Paragraph(b, b))  # "* * *": ends the turn, nothing to annotate
        elif current is not None and note.fullmatch(chunk):
            out.append(Paragraph(a, b))  # "(Shows a video clip.)": the editor's, and the turn goes on after it
        elif current is not None and not _ends_turn(chunk, lang):
            out.append(Paragraph(a, b, None, None, current[0], current[1], True))
        else:
            current = None
            out.append(Paragraph(a, b))
    return out


def _common_words(lab: Label) -> bool:
    """Is a Russian label that names no one the gazetteer knows, with no role, initials or mark, a heading or a
    sentence's start ("Реакция Вашингтона:", "Позиция России:")? Its first word is a dictionary word that is no
    name and no living being in any of its readings (pymorphy3), and no given name the kit lists.

    >>> from lavrovkit.labels import read_label
    >>> _common_words(read_label("Реакция Вашингтона: последовала быстро.", "ru"))
    True
    >>> _common_words(read_label("Хакан Фидан (как переведено): Спасибо.", "ru"))
    False
    """
    if lab.generic or lab.initials or lab.role or lab.marked or _known(lab.name) is not None:
        return False
    first = lab.name.split()[0]
    if first.casefold() in words_of("ru").GIVEN_NAMES or not re.fullmatch(r"[А-ЯЁа-яё-]+", first):
        return False
    from lavrovkit.wordforms import _analyzer

    parses = _analyzer().parse(first)
    return bool(parses) and all(p.is_known and not {"Name", "Surn", "Patr", "anim"} & set(p.tag.grammemes)
                                for p in parses)


def _is_transcript(text: str, spans: list[tuple[int, int]], labels: list[Label | None]) -> bool:
    found = [lab for lab in labels if lab is not None]
    if not found:
        return False
    outside = " ".join(text[a:b] for (a, b), lab in zip(spans, labels, strict=True) if lab is None)

    def strong(lab: Label) -> bool:
        return (lab.generic and lab.marked) or (not lab.generic and (
            bool(lab.role) or lab.initials or lab.marked or _known(lab.name) is not None
            or (len(lab.name.split()) >= 2 and lab.name in outside)))

    if len(found) == 1:
        return strong(found[0])
    persons = [lab.name.split()[-1].casefold() for lab in found if not lab.generic]
    return (any(lab.generic for lab in found) or len(set(persons)) < len(persons)
            or any(strong(lab) for lab in found) or len(found) >= 3)


def _settle_names(found: list[Label]) -> dict[Label, str]:
    """The name each label gives, the same for one person within a text.

    A role-prefixed label whose capitalised run ends in a name another label
    gives in full ("Recep Tayyip Erdogan") takes that name; a surname alone
    ("Putin:") or initials ("S.Lavrov:") take the full name a label gives.
    """
    plain = [lab.name for lab in found if not lab.generic and not lab.role and not lab.initials]
    out: dict[Label, str] = {}
    for lab in found:
        name = lab.name
        if not lab.generic:
            run = " ".join(lab.run)
            given = [p for p in plain if p != name and (run == p or run.endswith(" " + p))]
            if given and lab.role:  # a name another label gives in full, within this label's capitalised words
                name = max(given, key=len)
            surname = _surname(name)
            if len(name.split()) == 1 or lab.initials:
                full = [p for p in plain if len(p.split()) >= 2 and _surname(p) == surname]
                if full:
                    name = full[0]
        out[lab] = name
    return out


def _surname(name: str) -> str:
    last = name.split()[-1] if name.split() else ""
    return re.sub(r"^(?:[^\W\d_]\.)+", "", last).casefold()



def _ends_turn(paragraph: str, lang: str | None = None) -> bool:
    """Does this paragraph end a turn: a section break, a note ("Note: ..."), or a heading?"""
    w = words_of(lang)
    if SECTION_BREAK.fullmatch(paragraph):
        return True
    m = LABEL_LINE.match(paragraph)
    if m and " ".join(m["label"].split()).casefold().rstrip(".") in w.NON_SPEAKER_LABELS:
        return True  # "Note: the transcript has been abridged." is the editor's, not the speaker's
    if not re.search(r"[^\W\d_]", paragraph):
        return False  # "<…>", "[…]": an omission inside the turn, not a break
    words = paragraph.split()
    return (0 < len(words) <= 8 and is_heading(paragraph) and "," not in paragraph and paragraph[0].isupper()
            and not {re.sub(r"\W", "", x).casefold() for x in words} & w.SPOKEN_WORDS)


def _headline_shaped(speech: str) -> bool:
    """Is what follows a label short and unfinished, as a headline quoting someone is?"""
    bare = speech.strip().strip("“”\"«»'‘’").strip()
    return 0 < len(bare.split()) <= 15 and not re.search(r"[.!?…:;]$|[.!?]\s", bare)


def split_paragraphs(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """The (start, end) content spans of the paragraphs spaCy annotates (turn labels excluded).

    >>> split_paragraphs("Question: Will you meet?\\n\\nSergey Lavrov: We are ready.")
    [(10, 24), (41, 54)]
    """
    return [(p.start, p.end) for p in paragraphs_of(text, lang)]


def is_heading(paragraph: str) -> bool:
    """Is this paragraph a heading (a title-length line without sentence-final punctuation)?

    >>> is_heading("Foreign Minister Sergey Lavrov's interview with Rossiya Segodnya, December 24, 2018")
    True
    >>> is_heading("We are ready.")
    False
    """
    words = paragraph.split()
    return 0 < len(words) <= 25 and not re.search(r"[.!?:;\"”»)]\s*$", paragraph)


# --------------------------------------------------------------------------- quotes


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where are the double-quoted passages in ``text[start:end]``? (absolute offsets, quote marks included)

    Curly and guillemet quotes pair up; straight quotes toggle. A quotation
    left open at the end of the paragraph runs to its end (news style for
    quotations that continue in the next paragraph).

    >>> t = 'Lavrov said: “We are ready.” He added: "Talks go on'
    >>> [t[a:b] for a, b in quote_spans(t, 0, len(t))]
    ['“We are ready.”', '"Talks go on']
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_kind = ""
    for m in QUOTE_CHAR.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if open_at is None:
            if ch in OPEN_QUOTES or ch == '"':
                open_at, open_kind = i, ch
            continue
        if open_kind == '"':
            closes = ch == '"'
        elif open_kind == "„":
            closes = ch in "“”"
        elif open_kind == "«":
            closes = ch == "»"
        else:  # “
            closes = ch == "”"
            if ch == "“":
                open_at = i  # a second opening quote: the first was stray
                continue
        if closes:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None and end - open_at > 1:
        spans.append((open_at, end))
    return spans


def _quotes(text: str, start: int, end: int, rules: SpeechRules) -> list[tuple[int, int]]:
    """:func:`quote_spans`, and in Russian news style (``rules.split_clause``) a quotation split by its
    reporting clause as two («Первая часть, — сказал Лавров, — вторая часть»: the clause is outside both) and
    a paragraph quoted with a dash ("— Мы готовы, — сказал Лавров.") as a quotation up to its clause.

    >>> t = "«Первая часть готова, — сказала Захарова, — а вторая будет позже»."
    >>> [t[a:b] for a, b in _quotes(t, 0, len(t), speech_rules("ru"))]
    ['«Первая часть готова,', ' а вторая будет позже»']
    >>> d = "— Мы обсудили весь спектр отношений, — сказал Лавров журналистам."
    >>> [d[a:b] for a, b in _quotes(d, 0, len(d), speech_rules("ru"))]
    ['— Мы обсудили весь спектр отношений,']
    """
    spans = quote_spans(text, start, end)
    if rules.split_clause is None:
        return spans
    out: list[tuple[int, int]] = []
    for qs, qe in spans:
        out.extend(_split_quote(text, qs, qe, rules))
    if rules.dialogue_dash is not None and rules.dialogue_dash.match(text[start:end]):
        clause = _inner_clause(text, start + 1, spans[0][0] if spans else end, rules)
        if clause is not None:
            out.insert(0, (start, clause[0]))
            if clause[1] < end and not spans:
                out.insert(1, (clause[1], end))
    return out


def _inner_clause(text: str, start: int, end: int, rules: SpeechRules) -> tuple[int, int] | None:
    """Where a reporting clause between dashes begins and ends in ``text[start:end]`` (", — сказал Лавров, — "),
    or None. It begins after the punctuation before its dash and ends where the quotation goes on (``end`` when it
    does not)."""
    assert rules.split_clause is not None
    for m in rules.split_clause.finditer(text, start, end):
        rest = text[m.end(): min(end, m.end() + 100)]
        stop = re.search(r"[,.]\s*[—–-]\s+|[.!?…](?:\s|$)|[«»“”„\"]", rest)
        clause = rest[: stop.start()] if stop else rest
        verb = rules.reporting.search(clause)
        if not verb or verb.start() > 40:
            continue
        if stop and re.match(r"[,.]\s*[—–-]\s+", stop.group()):
            return m.start() + 1, m.end() + stop.end() - 1
        if stop is None and m.end() + len(rest) < end:
            continue  # a long clause: not one
        return m.start() + 1, end
    return None


def _split_quote(text: str, qs: int, qe: int, rules: SpeechRules) -> list[tuple[int, int]]:
    """A quotation with a reporting clause inside it, as the parts before and after the clause."""
    clause = _inner_clause(text, qs + 1, qe, rules)
    if clause is None or clause[1] >= qe:
        return [(qs, qe)]
    return [(qs, clause[0]), *_split_quote(text, clause[1], qe, rules)]


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


@dataclass
class Mention:
    """A person (or institution) named in the text, as the speaker resolver sees it."""

    start: int
    end: int
    name: str
    kind: str = "person"  # person | org


def attribute_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[tuple[int, int, int]],
    mentions: Sequence[Mention],
    doc_speaker: str | None = None,
    genre: str | None = None,
    normalise: Callable[[str], str | None] | None = None,
    lang: str | None = None,
) -> list[tuple[str | None, bool, str]]:
    """Who speaks each sentence? Returns ``(speaker, is_quote, how)`` per sentence.

    ``sentences`` are ``(paragraph_id, start_char, end_char)``; ``mentions`` are
    the people and institutions named in the text (resolved names);
    ``normalise`` maps a turn label's name such as "Sergei Lavrov" to a
    canonical name (None: keep it as written). Transcript turns win (an
    "Answer:" turn is the document's answering person); inside a turn, a
    quotation the text attributes by name to someone else is that person's
    (``quote``), any other quotation stays the turn speaker's words. Outside
    turns, attributed quotations, then ``doc_speaker`` for speeches and
    single-speaker documents. ``lang`` chooses the speech patterns (:func:`speech_rules`; None: the
    text's language, :func:`lavrovkit.lang.detect`).

    >>> t = "“We will never accept these terms, whatever happens,” Lavrov said."
    >>> paras = paragraphs_of(t)
    >>> attribute_speakers(t, paras, [(0, 0, len(t))], [Mention(t.index("Lavrov"), len(t) - 6, "Sergey Lavrov")])
    [('Sergey Lavrov', True, 'quote')]
    >>> r = "«Мы никогда не примем таких условий, что бы ни случилось», — сказала Захарова."
    >>> attribute_speakers(r, paragraphs_of(r), [(0, 0, len(r))], [Mention(r.index("Захарова"), len(r) - 1,
    ...                    "Maria Zakharova")])
    [('Maria Zakharova', True, 'quote')]
    """
    lang = lang or detect(text)
    rules = speech_rules(lang)
    normalise = normalise or (lambda s: s)
    mentions = sorted(mentions, key=lambda m: m.start)
    owned = own_words(text, paragraphs, doc_speaker, genre, lang)
    single_speaker = _single_speaker(doc_speaker, genre) and not owned  # a statement's quotations are attributed
    # 1. turns
    turn_of: dict[int, str] = {}
    for pid, para in enumerate(paragraphs):
        if para.turn and para.speaker:
            turn_of[pid] = para.speaker if para.speaker in GENERIC_SPEAKERS else (
                normalise(para.speaker) or para.speaker)
    if not turn_of:
        turn_of.update(dialogue_turns(text, paragraphs, genre, rules))
    answering = [s for s in turn_of.values() if s not in GENERIC_SPEAKERS]
    first_named = next((m.name for m in mentions if m.kind == "person"), None)  # an interview names its guest
    answerer = max(answering, key=answering.count) if answering else (doc_speaker or first_named)
    if doc_speaker and (owned or _own_title(text, paragraphs, doc_speaker, rules)):
        answerer = doc_speaker  # a briefing's "Ответ:" is the briefer's, whoever else a label names
    for pid, turn_speaker in turn_of.items():
        if turn_speaker == "answer" and answerer:
            turn_of[pid] = answerer
    # 2. quotations; names inside quotations (or [editor's insertions] in them) never say who speaks
    quotes: list[tuple[int, int, int, str | None, str]] = []  # start, end, pid, speaker, how
    last_speaker: str | None = None
    if not single_speaker:
        all_spans = [sp for para in paragraphs for sp in _quotes(text, para.start, para.end, rules)]
        mentions = [m for m in mentions if not any(a < m.end and m.start < b for a, b in all_spans)]
    for pid, para in enumerate(paragraphs):
        if single_speaker:
            break
        in_turn = pid in turn_of
        if pid in owned:  # the document speaker's words: only a quotation the text gives someone else is not
            for qs, qe, after, before in _attributable_quotes(text, para, rules):
                speaker = (_speaker_near(text, after, mentions, after=True, rules=rules)
                           or _speaker_near(text, before, mentions, after=False, rules=rules))
                if speaker is not None and speaker != doc_speaker:
                    quotes.append((qs, qe, pid, speaker, "quote"))
            continue
        para_quotes: list[list[Any]] = []  # [start, end, speaker]
        for qs, qe, after, before in _attributable_quotes(text, para, rules):
            speaker = _speaker_near(text, after, mentions, after=True, named_only=in_turn, rules=rules)
            if speaker is None:
                speaker = _speaker_near(text, before, mentions, after=False, named_only=in_turn, rules=rules)
            if in_turn:
                if speaker is not None and speaker != turn_of[pid]:
                    quotes.append((qs, qe, pid, speaker, "quote"))
                continue
            para_quotes.append([qs, qe, speaker])
        # inherit within the paragraph, then from the previous quotation
        for i, q in enumerate(para_quotes):
            if q[2] is None:
                prev = next((p[2] for p in reversed(para_quotes[:i]) if p[2]), None)
                nxt = next((p[2] for p in para_quotes[i + 1:] if p[2]), None)
                q[2] = prev or nxt
                how = "continuation"
            else:
                how = "quote"
            if q[2] is None:
                q[2] = _previous_subject(text, q[0], mentions, paragraphs, pid, rules) or last_speaker
                how = "continuation"
            if q[2] is not None:
                last_speaker = q[2]
            quotes.append((q[0], q[1], pid, q[2], how))
    # 3. sentences
    out: list[tuple[str | None, bool, str]] = []
    for pid, s_start, s_end in sentences:
        if single_speaker and pid not in turn_of:
            out.append((doc_speaker, False, "catalog"))
            continue
        chars = len(re.sub(r"\s", "", text[s_start:s_end])) or 1
        share: dict[str | None, list[Any]] = {}
        for qs, qe, qpid, spk, q_how in quotes:
            if qpid != pid or qe <= s_start or qs >= s_end:
                continue
            inside = len(re.sub(r"\s", "", text[max(qs, s_start): min(qe, s_end)]))
            entry = share.setdefault(spk, [0, q_how])
            entry[0] += inside
        best: tuple[int, str | None, str] = (0, None, "none")
        for spk, (inside, how) in share.items():
            if inside > best[0]:
                best = (inside, spk, how)
        if best[0] * 2 >= chars:
            out.append((best[1], True, best[2] if best[1] else "unattributed"))
        elif pid in turn_of:
            out.append((turn_of[pid], False, "turn"))
        elif pid in owned or doc_speaker and (genre or "").lower() in {"", "unknown"} and not turn_of:
            out.append((doc_speaker, False, "catalog"))
        else:
            out.append((None, False, "none"))
    return out


def dialogue_turns(text: str, paragraphs: Sequence[Paragraph], genre: str | None = None,
                   rules: SpeechRules | None = None) -> dict[int, str]:
    """An interview written as dash dialogue (Izvestia, Kommersant, RIA Novosti): which paragraphs are the
    interviewer's questions (``"question"``) and which the guest's answers (``"answer"``, the person
    :func:`attribute_speakers` gives answers to: the document's speaker or the first person named)?

    Only a document that looks like an interview - its genre ``interview``, or a title (first or second
    paragraph) naming its guest with a colon and a quotation ("Сергей Лавров: «Мы не будем ...»") - with at
    least three paragraphs opening with a dash, one of them a question. Dash paragraphs alternate: the first
    is a question, the one after a question an answer, the one after an answer a question when it ends with
    "?" or is short (25 words or fewer), else the answer going on; paragraphs without a dash after an answer
    are the answer going on (not headings or editor's notes). Empty for English and for anything else (a news
    report with one dash quotation).

    >>> t = ("Сергей Лавров: «Мы не будем просить»\\n\\n— Как вы оцениваете переговоры?\\n\\n"
    ...      "— Это был полезный разговор.\\n\\nМы договорились продолжить.\\n\\n— Спасибо.")
    >>> dialogue_turns(t, paragraphs_of(t), "news report", speech_rules("ru"))
    {1: 'question', 2: 'answer', 3: 'answer', 4: 'question'}
    """
    rules = rules or speech_rules("en")
    if rules.dialogue_dash is None or rules.interview_title is None:
        return {}
    chunks = [text[p.start:p.end] for p in paragraphs]
    dash = [i for i, c in enumerate(chunks) if rules.dialogue_dash.match(c)]
    interview = (genre or "").lower() == "interview" or any(
        rules.interview_title.match(c.lstrip("\ufeff \t")) for c in chunks[:2])
    if not interview or len(dash) < 3 or not any(chunks[i].rstrip().endswith("?") for i in dash):
        return {}
    out: dict[int, str] = {}
    prev: str | None = None
    for pid in range(dash[0], len(paragraphs)):
        chunk = chunks[pid]
        if pid in dash:
            if prev == "question":
                prev = "answer"
            elif prev is None or chunk.rstrip().endswith("?") or _words(chunk) <= 25:
                prev = "question"
            out[pid] = prev
        elif prev == "answer" and not (paragraphs[pid].turn or is_heading(chunk) or SECTION_BREAK.fullmatch(chunk)
                                       or rules.editorial_note.fullmatch(chunk)):
            out[pid] = "answer"
    return out


def own_words(text: str, paragraphs: Sequence[Paragraph], doc_speaker: str | None = None, genre: str | None = None,
              lang: str | None = None) -> set[int]:
    """Which paragraphs outside labelled turns are the document speaker's own words?

    Two shapes. A document whose title (its first or second paragraph) says it is the words of the one
    person it names, and names the document's speaker (:func:`_names`; a Kremlin "Выступление на ..." names
    no one, and its opening is the Kremlin's report) - a briefing ("Брифинг официального представителя МИД России М.В.Захаровой ...",
    "Briefing by Foreign Ministry Spokeswoman Maria Zakharova ..."), a Russian speech with or without answers
    to questions, a Ministry statement or comment - when its genre is a transcript's, a statement's (a
    spokeswoman's comment) or unknown: the
    paragraphs before the first label and after a heading between turns are the speaker's (the briefer's
    opening monologue and its sections). And, in Russian, a document whose speaker is an institution (a
    Ministry statement, a Ministry channel's post): every paragraph outside turns. Never the title, headings
    (:func:`is_heading`, or a short line ending in a colon: "Ответы на вопросы СМИ:"), editor's notes, section
    breaks; never a news report's or an interview's paragraphs. Quotations in them that the text attributes
    to someone else stay that person's (:func:`attribute_speakers`).

    >>> t = ("Брифинг официального представителя МИД России М.В.Захаровой, Москва, 5 апреля 2018 года\\n\\n"
    ...      "О ситуации в Сирии\\n\\nГуманитарные коридоры работают.\\n\\nВопрос: Что дальше?\\n\\nМ.В.Захарова: Посмотрим.")
    >>> sorted(own_words(t, paragraphs_of(t), "Maria Zakharova", "transcript"))
    [2]
    >>> own_words(t, paragraphs_of(t), "Maria Zakharova", "news report")
    set()
    """
    if not doc_speaker or not paragraphs:
        return set()
    lang = lang or detect(text)
    rules = speech_rules(lang)
    kind = (genre or "").lower()
    voice = doc_speaker in rules.institution_voices and kind in {"statement", "", "unknown", "transcript"} and (
        rules.institution_title is None or any(rules.institution_title.match(text[p.start:p.end])
                                               for p in paragraphs[:2]))
    heads = _own_title(text, paragraphs, doc_speaker, rules)
    if not voice and not (heads and kind in {"transcript", "statement", "", "unknown"}):
        return set()
    start = heads[0] + 1 if heads else 1 if voice and _channel_line(text[paragraphs[0].start:paragraphs[0].end],
                                                                        lang) else 0
    out: set[int] = set()
    for pid in range(start, len(paragraphs)):
        para = paragraphs[pid]
        chunk = text[para.start:para.end]
        if para.turn or para.end <= para.start or SECTION_BREAK.fullmatch(chunk) or rules.editorial_note.fullmatch(chunk):
            continue
        if is_heading(chunk) or _colon_heading(chunk, lang):
            continue
        out.add(pid)
    return out


def _own_title(text: str, paragraphs: Sequence[Paragraph], doc_speaker: str, rules: SpeechRules) -> list[int]:
    """The paragraph (first or second) holding a title that says the document is ``doc_speaker``'s own words."""
    return [i for i, p in enumerate(paragraphs[:2]) if not p.turn and rules.own_words_title is not None
            and rules.own_words_title.match(text[p.start:p.end].lstrip("\ufeff \t\"«“"))
            and _names(text[p.start:p.end], doc_speaker)]


def _names(title: str, speaker: str) -> bool:
    """Does ``title`` name ``speaker`` (in any case form the gazetteer knows, or by the surname's stem)?

    >>> _names("Брифинг официального представителя МИД России М.В.Захаровой", "Maria Zakharova")
    True
    >>> _names("Выступление на пленарном заседании форума", "Vladimir Putin")
    False
    """
    if any(m.name == speaker for m in _known_speakers().mentions(title)):
        return True
    surname = _surname(speaker)
    stem = surname[: max(4, len(surname) - 2)]
    return len(stem) >= 4 and re.search(rf"(?<!\w){re.escape(stem)}", title.casefold()) is not None


def _colon_heading(paragraph: str, lang: str | None) -> bool:
    """Is this a short line ending in a colon that heads what follows ("Ответы на вопросы СМИ:")?"""
    words = paragraph.split()
    return (0 < len(words) <= 8 and paragraph.rstrip().endswith(":") and paragraph[:1].isupper()
            and not {re.sub(r"\W", "", x).casefold() for x in words} & words_of(lang).SPOKEN_WORDS)


def _channel_line(paragraph: str, lang: str | None) -> str | None:
    """The institution a Telegram post's first line names as its channel ("МИД России 🇷🇺", "MFA Russia 🇷🇺").

    >>> _channel_line("МИД России 🇷🇺", "ru"), _channel_line("МИД России заявил:", "ru")
    ('Russian Foreign Ministry', None)
    """
    bare = " ".join(re.sub(r"[^\w\s.-]", " ", paragraph).split()).casefold()
    return words_of(lang).CHANNEL_NAMES.get(bare) if len(paragraph) <= 60 else None


def _single_speaker(doc_speaker: str | None, genre: str | None) -> bool:
    """Is the document one person's words throughout (a speech or article with its speaker known)?"""
    return bool(doc_speaker) and (genre or "").lower() in {
        "speech", "statement", "article", "op-ed", "remarks", "address", "lecture",
    }


def _attributable_quotes(text: str, para: Paragraph, rules: SpeechRules | None = None
                         ) -> Iterator[tuple[int, int, tuple[int, int], tuple[int, int]]]:
    """The paragraph's quotations long enough to attribute (:data:`MIN_QUOTE_WORDS`), each with the
    windows after and before it where a reporting clause may name its speaker."""
    spans = _quotes(text, para.start, para.end, rules or speech_rules("en"))
    for qi, (qs, qe) in enumerate(spans):
        inner = text[qs + 1: qe - 1] if qe - qs > 2 else ""
        if _words(inner) < MIN_QUOTE_WORDS:
            continue
        prev_end = spans[qi - 1][1] if qi > 0 else para.start
        next_start = spans[qi + 1][0] if qi + 1 < len(spans) else para.end
        yield qs, qe, (qe, min(next_start, qe + 120)), (max(prev_end, qs - 160), qs)


def _reporting_clause(text: str, window: tuple[int, int], after: bool, rules: SpeechRules | None = None
                      ) -> tuple[int, str, re.Match[str] | None] | None:
    """The clause in ``window`` that may say who speaks a quotation (its start, text and reporting verb),
    or None when it has no reporting verb (nor, before the quotation, a closing colon)."""
    rules = rules or speech_rules("en")
    start, end = window
    if end <= start:
        return None
    chunk = text[start:end]
    if after:
        # stop at the end of the sentence that closes the quotation
        stop = rules.clause_stop.search(chunk)
        if stop:
            chunk = chunk[: stop.end()]
    else:
        # only the clause right before the quotation
        cut = max(chunk.rfind(". "), chunk.rfind("? "), chunk.rfind("! "))
        if cut >= 0:
            start += cut + 2
            chunk = chunk[cut + 2:]
    verb = rules.reporting.search(chunk)
    if not verb and not (not after and chunk.rstrip().endswith(":")):
        return None
    return start, chunk, verb


def persons_consulted(text: str, paragraphs: Sequence[Paragraph], doc_speaker: str | None = None,
                      genre: str | None = None, lang: str | None = None) -> bool:
    """Could the people named in ``text`` change :func:`attribute_speakers`'s answer for it?

    False means the attribution is the same whatever ``mentions`` are given, so
    a document needs no named-entity recognition to know who speaks: a speech
    with its speaker, a text whose quotations have no reporting clause next to
    them (nor one in the paragraph before), a transcript whose answers are
    labelled with names. True when an attributable quotation has a reporting
    clause (or the paragraph before has a reporting verb), or an "Answer:"
    turn can only be given to the first person the text names. It errs
    towards True: it follows the paths :func:`attribute_speakers` takes to a
    mention, not whether a mention is then found.

    >>> t = "The talks were useful. “We will never accept these terms, whatever happens,” Lavrov said."
    >>> persons_consulted(t, paragraphs_of(t))
    True
    >>> persons_consulted(t, paragraphs_of(t), doc_speaker="Sergey Lavrov", genre="speech")
    False
    >>> u = "We stand for “a world order based on law and not on force” in every region."
    >>> persons_consulted(u, paragraphs_of(u))
    False
    """
    lang = lang or detect(text)
    rules = speech_rules(lang)
    turns = [p.speaker for p in paragraphs if p.turn and p.speaker]
    if not turns:
        turns = list(dialogue_turns(text, paragraphs, genre, rules).values())  # an interview in dash dialogue
    if "answer" in turns and not doc_speaker and all(s in GENERIC_SPEAKERS for s in turns):
        return True  # the answering person is the first one named
    if _single_speaker(doc_speaker, genre) and not own_words(text, paragraphs, doc_speaker, genre, lang):
        return False
    for pid, para in enumerate(paragraphs):
        for _qs, _qe, after, before in _attributable_quotes(text, para, rules):
            if _reporting_clause(text, after, True, rules) or _reporting_clause(text, before, False, rules):
                return True
            if pid > 0 and rules.reporting.search(text[paragraphs[pid - 1].start: paragraphs[pid - 1].end]):
                return True  # _previous_subject may look there
    return False


def _speaker_near(text: str, window: tuple[int, int], mentions: Sequence[Mention], after: bool,
                  named_only: bool = False, rules: SpeechRules | None = None) -> str | None:
    """The speaker a reporting verb in ``window`` points to, if there is one.

    ``named_only``: only a person named in the window (not "he", "the minister" or an institution).
    """
    rules = rules or speech_rules("en")
    found = _reporting_clause(text, window, after, rules)
    if found is None:
        return None
    start, chunk, verb = found
    inside = [m for m in mentions if m.start >= start and m.end <= start + len(chunk)]
    role = _role_in(chunk, rules)
    pronoun = rules.pronoun.search(chunk)
    if role is not None and pronoun is not None and pronoun.start() < role[0].start():
        role = None  # "— сказал он, отвечая на вопрос о президенте": the pronoun says who
    if role is not None:  # "глава МИД РФ": the Ministry inside a person's role does not speak
        r_start, r_end = start + role[0].start(), start + role[0].end()
        inside = [m for m in inside if m.kind == "person" or m.end <= r_start or m.start >= r_end]
    if inside:
        # closest to the reporting verb
        vpos = start + (verb.start() if verb else len(chunk))
        return min(inside, key=lambda m: abs(m.start - vpos)).name
    if named_only:
        return None
    if role is not None:
        return _last_person_with_role(text, mentions, start + role[0].start(), role[1], rules,
                                      _verb_gender(verb.group() if verb else ""))
    generic = rules.pronoun.search(chunk) or rules.generic_person.search(chunk)
    if generic:
        if rules.roles and pronoun is not None and generic.start() == pronoun.start():  # "— сказала она"
            return _last_person_before(mentions, start + generic.start(), text, _verb_gender(pronoun.group()))
        return _last_person_before(mentions, start + generic.start())
    org = rules.org_speaker.search(chunk)
    if org:
        return _last_org_before(mentions, start + org.start()) or rules.org_name(org.group())
    return None


def _role_in(chunk: str, rules: SpeechRules) -> tuple[re.Match[str], int] | None:
    """The role noun a reporting clause names its speaker by ("— сказал глава МИД РФ") and which of
    ``rules.roles`` it is; None when there is none (always, in English)."""
    for i, (role, _named, _not_it) in enumerate(rules.roles):
        found = role.search(chunk)
        if found:
            return found, i
    return None


def _verb_gender(word: str) -> str | None:
    """The gender a Russian past-tense reporting verb or a pronoun says its speaker has: "femn" ("сказала",
    "уверена", "она"), "masc" ("сказал", "уверен", "он"), None (plural, present tense, anything else).

    >>> _verb_gender("напомнила"), _verb_gender("подчеркнул"), _verb_gender("сообщили"), _verb_gender("Она")
    ('femn', 'masc', None, 'femn')
    """
    low = word.casefold()
    if low in {"она", "он"}:
        return "femn" if low == "она" else "masc"
    if len(low) > 3 and re.search(r"(?:ла|на)$", low):
        return "femn"
    if len(low) > 3 and re.search(r"[лн]$", low):
        return "masc"
    return None


def _person_gender(text: str, mentions: Sequence[Mention], name: str) -> str | None:
    """The gender the Russian words naming ``name`` in ``text`` say (a given name or a surname form that has one
    gender in pymorphy3's dictionary: "Мария", "Захаровой", "Лавров"); None when they say none or disagree."""
    from lavrovkit.wordforms import _analyzer

    votes: set[str] = set()
    for m in mentions:
        if m.name != name or m.kind != "person":
            continue
        for token in re.findall(r"[А-ЯЁ][а-яё]+", text[m.start:m.end]):
            genders = {g for p in _analyzer().parse(token) if {"Name", "Surn"} & p.tag.grammemes
                       for g in ("masc", "femn") if g in p.tag.grammemes}
            if len(genders) == 1:
                votes |= genders
    return votes.pop() if len(votes) == 1 else None


def _last_person_with_role(text: str, mentions: Sequence[Mention], pos: int, kind: int, rules: SpeechRules,
                           gender: str | None = None) -> str | None:
    """The last person named before ``pos`` with the role ``rules.roles[kind]`` written before their name
    ("министр иностранных дел РФ Сергей Лавров"); else the last person named.

    >>> t = "Глава МИД Сергей Лавров встретился с Марко Рубио. «...», — сказал глава МИД."
    >>> ms = [Mention(10, 23, "Sergey Lavrov"), Mention(37, 48, "Marco Rubio")]
    >>> rules = speech_rules("ru")
    >>> _last_person_with_role(t, ms, t.rindex("глава"), _role_in("сказал глава МИД.", rules)[1], rules)
    'Sergey Lavrov'
    """
    _role, named, not_it = rules.roles[kind]
    for m in reversed(mentions):
        if m.end > pos or m.kind != "person" or gender and _person_gender(text, mentions, m.name) not in {gender, None}:
            continue
        lead = text[max(0, m.start - rules.role_reach): m.start]
        lead = re.split(r"[.!?;»”\"]\s", lead)[-1]  # the same sentence only
        for found in named.finditer(lead):
            gap = lead[found.end():]  # right before the name: "РФ", "президента РФ", no clause between
            if ("," in gap or len(re.findall(r"(?<![\w-])[a-zа-яё][\w-]*", gap)) > 2
                    or any(m.start - len(gap) <= o.start and o.end <= m.start for o in mentions)
                    or not_it is not None and not_it.search(lead[: found.start()])):
                continue
            return m.name
    return _last_person_before(mentions, pos, text, gender)


def _last_person_before(mentions: Sequence[Mention], pos: int, text: str = "", gender: str | None = None
                        ) -> str | None:
    """The last person named before ``pos``; with ``gender`` (Russian), the last one whose name does not say the
    other gender (:func:`_person_gender`)."""
    for m in reversed(mentions):
        if m.end <= pos and m.kind == "person" and (
                not gender or _person_gender(text, mentions, m.name) in {gender, None}):
            return m.name
    return None


def _last_org_before(mentions: Sequence[Mention], pos: int) -> str | None:
    for m in reversed(mentions):
        if m.end <= pos and m.kind == "org":
            return m.name
    return None


def _org_name(surface: str) -> str:
    words = surface.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    name = " ".join(words)
    return name[0].upper() + name[1:] if name else surface


def _previous_subject(
    text: str, pos: int, mentions: Sequence[Mention], paragraphs: Sequence[Paragraph], pid: int,
    rules: SpeechRules | None = None,
) -> str | None:
    """For a quotation with no verb next to it: the person the previous paragraph reports as speaking."""
    if pid == 0:
        return None
    rules = rules or speech_rules("en")
    prev = paragraphs[pid - 1]
    chunk = text[prev.start: prev.end]
    if not rules.reporting.search(chunk):
        return None
    inside = [m for m in mentions if prev.start <= m.start < prev.end and m.kind == "person"]
    if inside:
        return inside[0].name
    if rules.pronoun.search(chunk) or rules.generic_person.search(chunk):
        return _last_person_before(mentions, prev.end)
    return None
