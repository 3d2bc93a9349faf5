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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: Generic turn labels (no person): what the speaker is called, by the label's words (case-insensitive).
#: Question-side labels all read "question"; the others keep their own name.
GENERIC_LABELS: dict[str, str] = {
    "question": "question", "questions": "question", "q": "question", "follow-up question": "question",
    "follow up question": "question", "question from the audience": "question", "question from the floor": "question",
    "question from the hall": "question", "journalist": "question", "interviewer": "question",
    "correspondent": "question", "reporter": "question", "audience": "question",
    "remark": "remark", "remark from the audience": "remark", "remark from the hall": "remark",
    "comment from the audience": "remark", "response from the hall": "response from the hall",
    "voice from the audience": "remark", "reply from the audience": "remark",
    "answer": "answer", "reply": "answer", "response": "answer", "a": "answer",
    "moderator": "moderator", "host": "moderator", "presenter": "moderator", "anchor": "moderator",
    "chair": "moderator", "chairperson": "moderator", "interpreter": "interpreter", "translator": "interpreter",
    "operator": "operator", "announcer": "announcer", "narrator": "narrator", "participant": "participant",
    "speaker": "speaker", "voice": "voice", "voices": "voice",
}
#: Labels that look like turns but are headings or notes.
NON_SPEAKER_LABELS = frozenset({
    "note", "notes", "source", "sources", "photo", "photos", "update", "updated", "read more", "related", "tags",
    "tag", "see also", "video", "also read", "read also", "topics", "topic", "image", "editor's note", "share",
    "date", "published", "posted", "keywords", "subject", "reference", "background", "context", "attention",
    "warning", "important", "summary", "p.s", "ps", "nb", "n.b", "address", "location", "venue", "place", "time",
    "agenda", "contacts", "contact", "email", "e-mail", "phone", "tel", "fax", "website", "link", "links",
    "statement", "transcript", "full text", "abstract", "caption", "credit", "credits", "author", "authors",
})
#: Words that never stand in a speaker label (it is a noun phrase: a role and a name): verbs, pronouns,
#: determiners other than "the", so "The statement reads:" or "He told reporters:" are not turns.
LABEL_STOPWORDS = frozenset({
    "said", "says", "say", "reads", "read", "states", "stated", "noted", "notes", "added", "adds", "told", "tells",
    "asked", "asks", "wrote", "writes", "declared", "announced", "replied", "answered", "stressed", "explained",
    "continued", "recalled", "emphasised", "emphasized", "warned", "is", "are", "was", "were", "be", "been", "has",
    "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "do", "does", "did",
    "following", "follows", "as", "this", "these", "that", "those", "we", "i", "he", "she", "they", "it", "you",
    "our", "my", "his", "her", "their", "its", "your", "here", "there", "below", "above", "a", "an", "who", "which",
    "what", "how", "why", "when", "where", "not", "no", "if", "but", "because", "so", "than", "then", "said:",
    "quote", "quoted", "according", "example", "instance", "words", "point", "points", "results", "result",
})
#: Forms of address: a label of only these and role words ("Mr. President:") is a salutation.
HONORIFICS = frozenset({"mr", "mrs", "ms", "madam", "madame", "mister", "sir", "dear", "your", "excellency",
                        "excellencies", "distinguished", "esteemed", "honourable", "honorable", "ladies", "gentlemen",
                        "colleagues", "friends", "and"})
#: Lower-case words inside a name ("Ursula von der Leyen", "Mohammed bin Salman").
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "von", "van", "der", "den", "la", "le", "bin", "ibn",
                            "al", "el", "y", "dos", "das", "du", "ter", "ten", "zu"})
#: Words that end the role or organisation before a name in a label ("Moscow Mayor Sergei Sobyanin",
#: "Governor of Chelyabinsk Region Boris Dubrovsky"): the name starts after the last of them.
ROLE_WORDS = frozenset({
    "minister", "ministers", "president", "vice-president", "chairman", "chairwoman", "chair", "chairperson",
    "director", "director-general", "governor", "head", "secretary", "secretary-general", "ambassador", "mayor",
    "speaker", "ceo", "cfo", "aide", "adviser", "advisor", "spokesperson", "spokesman", "spokeswoman",
    "commander", "chief", "general", "deputy", "prime", "presidential", "envoy", "representative", "patriarch",
    "metropolitan", "rector", "coach", "anchor", "host", "editor", "editor-in-chief", "correspondent", "premier",
    "chancellor", "king", "queen", "prince", "princess", "emir", "sheikh", "sultan", "pope", "senator",
    "congressman", "congresswoman", "member", "leader", "founder", "owner", "manager", "officer",
    "commissioner", "ombudsman", "prosecutor-general", "judge", "mp", "colonel", "major", "lieutenant",
    "captain", "admiral", "marshal", "region", "regions", "republic", "territory", "oblast", "krai", "district",
    "federation", "bank", "board", "council", "committee", "commission", "ministry", "service", "agency",
    "corporation", "company", "party", "union", "chamber", "assembly", "duma", "government", "office",
    "department", "fund", "foundation", "university", "academy", "institute", "court", "kingdom", "emirates",
    "states", "islands", "affairs", "administration", "staff", "group", "plant", "holding", "centre", "center",
    "society", "association", "club", "network", "channel", "tv", "radio", "newspaper", "magazine",
    "organisation", "organization", "forces", "army", "navy", "guard", "police", "church", "city", "state",
    "moderator", "presenter", "interpreter", "journalist", "commentator", "analyst", "expert", "professor",
    "researcher", "writer", "author", "scientist",
})
#: Common given names (Russian in the usual English spellings, and others frequent in official transcripts):
#: after a role's place ("President of Russian Railways Vladimir Yakunin") a name starts at one of them.
GIVEN_NAMES = frozenset("""
alexander alexei alexey anatoly andrei andrey anna anton arkady boris dmitry denis elena elvira evgeny fyodor
gennady georgy german grigory igor ilya irina ivan konstantin lyudmila maria maxim mikhail natalia natalya
nikolai nikolay oleg olga pavel pyotr roman ruslan sergei sergey svetlana tatyana valentina valery vasily
veronika viktor vitaly vladimir vyacheslav yekaterina yelena yevgeny yury yuri marat leonid dmitri herman
andrew john james robert michael william david richard joseph thomas charles christopher daniel matthew mark
donald paul steven george kenneth edward brian ronald anthony kevin jason jeffrey emmanuel angela olaf
""".split())  # noqa: SIM905 - a word list reads best as words
#: Lower-case words after which the first capitalised word names the place or body of a role
#: ("President of Russia Vladimir Putin").
ROLE_CONNECTORS = frozenset({"of", "the", "for", "on", "at", "in"})
#: A label at the start of a paragraph: bullets or emoji, the label (no colon, no sentence end),
#: an optional parenthesis ("(retranslated)", "(adds)"), a colon, then the speech (or nothing: it
#: starts in the next paragraph).
LABEL_LINE = re.compile(
    r"(?P<lead>[^\w\s\"“«(\[‘'„]{0,8}\s{0,3})"
    r"(?P<label>[^\W\d_][^:\n\"“”«»!?;…\d]{0,218}?)\s*(?P<paren>\((?P<note>[^()\n\d]{1,60})\)\s*)?"
    r"(?:-\s*)?:(?:[^\S\n]+|(?=[^\s/])|$)"
)
#: A name token: capitalised (any script), ALL CAPS, or initials ("S.", "S.V.", "S.V.Lavrov").
_NAME_TOKEN = re.compile(r"(?:[^\W\d_]\.){1,3}(?:[^\W\d_][\w'’\-]*)?|[^\W\d_][\w'’\-]*\.?")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.\s?){1,3}(?=[^\W\d_]{2})")
#: An editor's note inside a transcript: a paragraph wholly in brackets ("(Minute of silence.)", "(The
#: Minister went on to speak about ...)"), or a stage note ("Applause.", "To be continued.").
EDITORIAL_NOTE = re.compile(
    r"\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\[\]]*\])[.\s]*"
    r"|\s*(?i:applause|laughter|to be continued|end of transcript|remark from the (?:audience|floor|hall)"
    r"|inaudible|no answer|pause)[.!…\s]*")
#: A surname that starts with a lower-case particle and a hyphen ("el-Sisi", "al-Assad", "bin-Salman").
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|ad-d|as|ash|at|az|bin|ibn|abu|ben|bint|ould)-[^\W\d_][\w'’\-]*")
#: A section break line ("* * *", "***", "---", "###"): a turn ends there.
SECTION_BREAK = re.compile(r"[*#~=_\-–—•·\s]{3,}")

#: Verbs that introduce or close reported speech.
REPORTING_VERBS = (
    r"said|says|say|saying|added|adds|adding|stressed|stresses|noted|notes|noting|pointed out|"
    r"points out|emphasized|emphasised|emphasizes|emphasises|told|tells|stated|states|declared|"
    r"concluded|explained|explains|remarked|continued|went on|argued|insisted|warned|recalled|"
    r"asserted|underlined|underscored|commented|replied|answered|wrote|announced|believes|"
    r"according to|quoted|highlighted|reiterated|observed|acknowledged|admitted|claimed|"
    r"suggested|assured"
)
REPORTING = re.compile(rf"\b(?:{REPORTING_VERBS})\b", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
#: Generic descriptions of the person last named ("the minister said").
GENERIC_PERSON = re.compile(
    r"\b(?:the|The)\s+(?:(?:Russian|US|U\.S\.|American|foreign|top|chief)\s+)*"
    r"(?:minister|diplomat|official|secretary|envoy|president|spokesman|spokeswoman|spokesperson)\b"
)
#: Institutions quoted as speakers ("the ministry said", "the statement said").
ORG_SPEAKER = re.compile(
    r"\b(?:[Tt]he\s+)?(?:(?:Russian|Russia's|US|U\.S\.)\s+)?(?:(?:Foreign|Defence|Defense)\s+)?"
    r"(?:[Mm]inistry|[Ss]tatement|[Kk]remlin|State Department|Pentagon|[Ee]mbassy)\b"
)

OPEN_QUOTES = "“«„"
QUOTE_CHAR = re.compile(r'["“”«»„]')
MIN_QUOTE_WORDS = 5


@dataclass(frozen=True)
class Label:
    """A turn label as read from the start of a paragraph.

    ``name``: the person as written with any role removed ("Vladimir Putin"
    from "President of Russia Vladimir Putin"), or a generic speaker
    ("question", "moderator"); ``role``: the role written with the name;
    ``end``: where the speech starts, relative to the paragraph.
    """

    text: str
    name: str
    role: str | None
    generic: bool
    end: int
    run: tuple[str, ...] = ()  # the capitalised words the name is the tail of ("Russia Vladimir Putin")
    marked: bool = False  # bullets or emoji before it, as social-media posts mark turns
    initials: bool = False  # "S.Lavrov", "S.V.Lavrov"


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


def read_label(paragraph: str) -> Label | None:
    """Does this paragraph open with a turn label, and whose?

    A label is a speaker phrase and a colon at the paragraph's start: a name,
    optionally after a role ("President of Russia Vladimir Putin:"), in
    initials form ("S.V.Lavrov:"), with a role after a comma or a note in
    brackets ("Vladimir Putin (retranslated):"), after bullets or emoji
    ("💬 Sergey Lavrov:"); or a generic speaker ("Question:", "Moderator:").
    Headings and notes ("Note:", "Tags:") and sentences ("The statement
    reads:") are not labels.

    >>> lab = read_label("President of Russia Vladimir Putin: Colleagues, good afternoon.")
    >>> lab.name, lab.role, lab.generic
    ('Vladimir Putin', 'President of Russia', False)
    >>> read_label("💬 S.Lavrov: We are ready.").name, read_label("❓ Question: Will you meet?").name
    ('S.Lavrov', 'question')
    >>> read_label("The statement reads: we are ready."), read_label("Note: all times are local.")
    (None, None)
    """
    m = LABEL_LINE.match(paragraph)
    if not m:
        return None
    raw = " ".join(m["label"].split())
    marked = bool(m["lead"].strip())
    low = raw.casefold().rstrip(".")
    if low in NON_SPEAKER_LABELS or len(raw) > 200:
        return None
    end = m.end()
    if low in GENERIC_LABELS:
        return Label(raw, GENERIC_LABELS[low], None, True, end, marked=marked)
    main, _, suffix = raw.partition(",")
    suffix = suffix.strip()
    notes = " ".join(re.findall(r"\([^()]*\)", main)) or None  # "(FISU)" inside a role
    tokens = re.sub(r"\([^()]*\)", " ", main).split()
    if not tokens or len(tokens) > 24 or len(suffix.split()) > 12:
        return None
    if suffix and not suffix[:1].isupper() and not ROLE_WORDS & {w.casefold().strip(".") for w in suffix.split()}:
        return None  # "Hence, the question:" is a sentence; ", moderator of the session" a role
        return None
    words = [t.casefold().strip(".") for t in tokens + suffix.split()]
    if any(w in LABEL_STOPWORDS for w in words):
        return None
    if words[0] in HONORIFICS and all(w in HONORIFICS | ROLE_WORDS for w in words):
        return None  # "Mr. President:", "Madam Chair:" address someone: a salutation, no speaker
    if words[0] == "the" and not ROLE_WORDS & set(words):
        return None  # "The Arctic: Territory of Dialogue" is a title; "The President:" a speaker
    if any(not _NAME_TOKEN.fullmatch(t) and t.casefold() not in NAME_PARTICLES and not t.islower()
           for t in tokens):
        return None
    run = _name_run(tokens)
    if run and run[-1].casefold() in ROLE_WORDS and suffix:
        # "Member of the Russian Olympic Committee, Head of the Commission Vitaly Smirnov": the name is after the comma
        tail = re.sub(r"\([^()]*\)", " ", suffix).split()
        tail_run = _name_run(tail)
        if tail_run and tail_run[-1].casefold() not in ROLE_WORDS:
            tokens, run, suffix = tokens + [","] + tail, tail_run, ""
    if not run:
        return None
    initials = bool(_INITIALS.match(run[-1])) or (len(run) >= 2 and bool(_INITIALS.fullmatch(run[-2] + " ")))
    name_len = _name_length(tokens, run)
    name = " ".join(run[-name_len:])
    while len(name.split()) > 1 and name.split()[0].casefold().rstrip(".") in HONORIFICS:
        name = name.split(" ", 1)[1]  # "Mr Lavrov" is Lavrov
    if raw.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() for w in name.split())
    role = " ".join(tokens[: len(tokens) - name_len]).replace(" ,", ",") or None
    if notes:
        role = f"{role} {notes}" if role else notes
    if suffix:
        role = f"{role}, {suffix}" if role else suffix
    return Label(raw, name, role, False, end, tuple(run), marked, initials)


def split_role(text: str, start: int, end: int) -> tuple[str, str | None, int]:
    """The name a person span gives, with the role written before it: ``(name, role, role_start)``.

    ``text[start:end]`` is a name as a model found it, possibly with a place
    glued on ("Belarus Alexander Lukashenko"); the role phrase right before
    it ("President of") is read with it, as a turn label would be.

    >>> t = "Putin had a telephone conversation with President of Belarus Alexander Lukashenko."
    >>> split_role(t, t.index("Belarus"), t.index("."))[:2]
    ('Alexander Lukashenko', 'President of Belarus')
    """
    words = list(re.finditer(r"\S+", text[max(0, start - 120):start]))
    begin = start
    for w in reversed(words[-10:]):
        tok = w.group()
        if re.search(r"[,.;:!?)\]”\"]$", tok) or not (tok[:1].isupper() or tok.casefold() in ROLE_CONNECTORS | ROLE_WORDS):
            break
        begin = max(0, start - 120) + w.start()
    while begin < start and text[begin:start].split()[0].casefold() in ROLE_CONNECTORS:
        begin += len(text[begin:start].split()[0]) + 1  # "of the ..." opens no role
    label = read_label(" ".join(text[begin:end].split()) + ": x")
    if label is None or label.generic:
        return " ".join(text[start:end].split()), None, start
    return label.name, label.role, begin


#: A capitalised role word opening a role phrase ("President", "Foreign Minister", "Governor").
_ROLE_START = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(
    (w.capitalize() for w in ROLE_WORDS if w.isalpha() and len(w) > 3 and w not in {
        "region", "regions", "republic", "territory", "oblast", "krai", "district", "federation", "bank", "board",
        "council", "committee", "commission", "ministry", "service", "agency", "corporation", "company", "party",
        "union", "chamber", "assembly", "duma", "government", "office", "department", "fund", "foundation",
        "university", "academy", "institute", "court", "kingdom", "emirates", "states", "islands", "affairs",
        "administration", "staff", "group", "plant", "holding", "centre", "center", "society", "association",
        "club", "network", "channel", "radio", "newspaper", "magazine", "organisation", "organization", "forces",
        "army", "navy", "guard", "police", "church", "city", "state", "general", "major", "member", "leader"}),
    key=len, reverse=True)) + r")(?![\w-])")


def role_persons(text: str) -> list[tuple[int, int, str, str]]:
    """People introduced by their role, whatever a model tags them: ``(start, end, name, role)``.

    "President of Finland Sauli Niinistö", "Foreign Minister of Laos Bounthavy
    Sisoulath": a capitalised role word, the words of its role, then a name of
    two or more capitalised words (the span covers the name only).

    >>> role_persons("Putin had a telephone conversation with President of Finland Sauli Niinistö.")
    [(61, 75, 'Sauli Niinistö', 'President of Finland')]
    """
    out: list[tuple[int, int, str, str]] = []
    end_at = 0
    for m in _ROLE_START.finditer(text):
        if m.start() < end_at:
            continue
        words = list(re.finditer(r"[^\s,;:.()!?“”\"]+(?:\.(?=\w))?", text[m.start():m.start() + 160]))
        last = None
        streak: list[str] = []
        for w in words:
            tok = w.group()
            if tok[:1].isupper() or tok.casefold() in NAME_PARTICLES or _PARTICLE_NAME.fullmatch(tok):
                streak.append(tok)
            elif tok.casefold() in {"of", "the", "for", "and"} and not (
                    len(streak) >= 2 and streak[-1].casefold() not in ROLE_WORDS):
                streak = []  # still inside the role ("President of the Republic of Korea")
            else:
                break  # a lower-case word, or a connector after a name: the phrase is over
            last = w
            after = text[m.start() + w.end():m.start() + w.end() + 1]
            if after and after not in " -’'":
                break
        if last is None:
            continue
        stop = m.start() + last.end()
        label = read_label(" ".join(text[m.start():stop].split()) + ": x")
        if label is None or label.generic or not label.role or len(label.name.split()) < 2:
            continue
        at = text.rfind(label.name, m.start(), stop)
        if at < 0:
            continue
        out.append((at, at + len(label.name), label.name, split_role(text, at, at + len(label.name))[1] or label.role))
        end_at = stop
    return out


def _name_run(tokens: list[str]) -> list[str]:
    """The capitalised words (and name particles inside them) that end a label."""
    run: list[str] = []
    for tok in reversed(tokens):
        capitalised = _NAME_TOKEN.fullmatch(tok) and (tok[0].isupper() or _INITIALS.match(tok)
                                                      or _PARTICLE_NAME.fullmatch(tok))
        if capitalised or (tok.casefold() in NAME_PARTICLES and run):
            run.insert(0, tok)
        else:
            break
    while run and run[0].casefold() in NAME_PARTICLES:
        run.pop(0)
    return run


def _name_length(tokens: list[str], run: list[str]) -> int:
    """How many of the capitalised words ending a label are the name (the rest is role or place)."""
    start = len(tokens) - len(run)
    skip = 0
    if start > 0 and tokens[start - 1].casefold() in ROLE_CONNECTORS | {"and"} and len(run) > 2:
        skip = 1  # the place or body the role belongs to: "of Russia", "of the Interior"
    for i, tok in enumerate(run[:-1]):
        if tok.casefold() in ROLE_WORDS:
            skip = max(skip, i + 1)
    n = len(run) - skip
    if n == 3 and skip and run[-3].casefold() not in GIVEN_NAMES and run[-2].casefold() in GIVEN_NAMES:
        n = 2  # "of Russian Railways Vladimir Yakunin": the name starts at the given name
    proper = sum(t.casefold() not in NAME_PARTICLES for t in run[skip:])
    if proper > 3 or n < 1:
        n = min(len(run), 2)
        if n < len(run) and run[-n].casefold() in NAME_PARTICLES:
            n += 1  # "Mohamed bin Zayed"
    return n


def _known_speakers() -> Any:
    """The shipped gazetteer: who counts as a known speaker when deciding the shape of a text.

    Always the shipped one, whatever gazetteer an analyst passes, so a text's
    paragraphs (and so its cached annotation) depend on the text alone.
    """
    from lavrovkit.actors import load_actors

    return load_actors()


def _known(name: str) -> str | None:
    return _known_speakers().resolve(name)


def paragraphs_of(text: str) -> list[Paragraph]:
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
    """
    spans = _raw_paragraphs(text)
    labels = [read_label(text[a:b]) for a, b in spans]
    surnames = {_surname(lab.name) for lab in labels if lab is not None and len(lab.name.split()) >= 2}
    labels = [None if lab is not None and not lab.generic and not lab.initials and len(lab.name.split()) == 1
              and _known(lab.name) is None and _surname(lab.name) not in surnames else lab for lab in labels]
    if labels and labels[0] is not None and _headline_shaped(text[spans[0][0] + labels[0].end:spans[0][1]]):
        labels[0] = None  # 'Sergey Lavrov: “We do not close the door to anyone”' over an interview is its headline
    found = [lab for lab in labels if lab is not None]
    if not _is_transcript(text, spans, labels):
        return [Paragraph(a, b) for a, b in spans]
    names = _settle_names(found)
    roles: dict[str, str] = {}
    for lab in found:
        if lab.role and not lab.generic:
            roles.setdefault(names[lab], lab.role)
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
        elif current is not None and EDITORIAL_NOTE.fullmatch(chunk):
            out.append(Paragraph(a, b))  # "(Shows a video clip.)": the editor's, and the turn goes on after it
        elif current is not None and not _ends_turn(chunk):
            out.append(Paragraph(a, b, None, None, current[0], current[1], True))
        else:
            current = None
            out.append(Paragraph(a, b))
    return out


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


#: Words of speech that a heading never has ("Thank you", "Yes, please" close a turn, they are no heading).
_SPOKEN = frozenset({"i", "we", "you", "me", "us", "my", "our", "your", "thank", "thanks", "please", "yes", "no",
                     "ok", "okay", "good", "right", "sure", "well", "mr", "mrs", "ms", "dear", "colleagues"})


def _ends_turn(paragraph: str) -> bool:
    """Does this paragraph end a turn: a section break, a note ("Note: ..."), or a heading?"""
    if SECTION_BREAK.fullmatch(paragraph):
        return True
    m = LABEL_LINE.match(paragraph)
    if m and " ".join(m["label"].split()).casefold().rstrip(".") in NON_SPEAKER_LABELS:
        return True  # "Note: the transcript has been abridged." is the editor's, not the speaker's
    if not re.search(r"[^\W\d_]", paragraph):
        return False  # "<…>", "[…]": an omission inside the turn, not a break
    words = paragraph.split()
    return (0 < len(words) <= 8 and is_heading(paragraph) and "," not in paragraph and paragraph[0].isupper()
            and not {re.sub(r"\W", "", w).casefold() for w in words} & _SPOKEN)


def _headline_shaped(speech: str) -> bool:
    """Is what follows a label short and unfinished, as a headline quoting someone is?"""
    bare = speech.strip().strip("“”\"«»'‘’").strip()
    return 0 < len(bare.split()) <= 15 and not re.search(r"[.!?…:;]$|[.!?]\s", bare)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) content spans of the paragraphs spaCy annotates (turn labels excluded)."""
    return [(p.start, p.end) for p in paragraphs_of(text)]


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


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


@dataclass
class Mention:
    """A person (or institution) named in the text, as the speaker resolver sees it."""

    start: int
    end: int
    name: str
    kind: str = "person"  # person | org


#: The speakers generic labels give.
GENERIC_SPEAKERS = frozenset(GENERIC_LABELS.values())


def attribute_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[tuple[int, int, int]],
    mentions: Sequence[Mention],
    doc_speaker: str | None = None,
    genre: str | None = None,
    normalise: Callable[[str], str | None] | None = None,
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
    single-speaker documents.
    """
    normalise = normalise or (lambda s: s)
    mentions = sorted(mentions, key=lambda m: m.start)
    single_speaker = bool(doc_speaker) and (genre or "").lower() in {
        "speech", "statement", "article", "op-ed", "remarks", "address", "lecture",
    }
    # 1. turns
    turn_of: dict[int, str] = {}
    for pid, para in enumerate(paragraphs):
        if para.turn and para.speaker:
            turn_of[pid] = para.speaker if para.speaker in GENERIC_SPEAKERS else (
                normalise(para.speaker) or para.speaker)
    answering = [s for s in turn_of.values() if s not in GENERIC_SPEAKERS]
    first_named = next((m.name for m in mentions if m.kind == "person"), None)  # an interview names its guest
    answerer = max(answering, key=answering.count) if answering else (doc_speaker or first_named)
    for pid, spk in turn_of.items():
        if spk == "answer" and answerer:
            turn_of[pid] = answerer
    # 2. quotations; names inside quotations (or [editor's insertions] in them) never say who speaks
    quotes: list[tuple[int, int, int, str | None, str]] = []  # start, end, pid, speaker, how
    last_speaker: str | None = None
    if not single_speaker:
        all_spans = [sp for para in paragraphs for sp in quote_spans(text, para.start, para.end)]
        mentions = [m for m in mentions if not any(a < m.end and m.start < b for a, b in all_spans)]
    for pid, para in enumerate(paragraphs):
        if single_speaker:
            break
        in_turn = pid in turn_of
        spans = [s for s in quote_spans(text, para.start, para.end)]
        para_quotes = []
        for qi, (qs, qe) in enumerate(spans):
            inner = text[qs + 1: qe - 1] if qe - qs > 2 else ""
            if _words(inner) < MIN_QUOTE_WORDS:
                continue
            prev_end = spans[qi - 1][1] if qi > 0 else para.start
            next_start = spans[qi + 1][0] if qi + 1 < len(spans) else para.end
            after = (qe, min(next_start, qe + 120))
            before = (max(prev_end, qs - 160), qs)
            speaker = _speaker_near(text, after, mentions, after=True, named_only=in_turn)
            if speaker is None:
                speaker = _speaker_near(text, before, mentions, after=False, named_only=in_turn)
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
                q[2] = _previous_subject(text, q[0], mentions, paragraphs, pid) or last_speaker
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
        for qs, qe, qpid, spk, how in quotes:
            if qpid != pid or qe <= s_start or qs >= s_end:
                continue
            inside = len(re.sub(r"\s", "", text[max(qs, s_start): min(qe, s_end)]))
            entry = share.setdefault(spk, [0, how])
            entry[0] += inside
        best: tuple[int, str | None, str] = (0, None, "none")
        for spk, (inside, how) in share.items():
            if inside > best[0]:
                best = (inside, spk, how)
        if best[0] * 2 >= chars:
            out.append((best[1], True, best[2] if best[1] else "unattributed"))
        elif pid in turn_of:
            out.append((turn_of[pid], False, "turn"))
        elif doc_speaker and (genre or "").lower() in {"", "unknown"} and not turn_of:
            out.append((doc_speaker, False, "catalog"))
        else:
            out.append((None, False, "none"))
    return out


def _speaker_near(text: str, window: tuple[int, int], mentions: Sequence[Mention], after: bool,
                  named_only: bool = False) -> str | None:
    """The speaker a reporting verb in ``window`` points to, if there is one.

    ``named_only``: only a person named in the window (not "he", "the minister" or an institution).
    """
    start, end = window
    if end <= start:
        return None
    chunk = text[start:end]
    if after:
        # stop at the end of the sentence that closes the quotation
        stop = re.search(r"(?<=[a-z\])])[.!?](?:\s|$)", chunk)
        if stop:
            chunk = chunk[: stop.end()]
    else:
        # only the clause right before the quotation
        cut = max(chunk.rfind(". "), chunk.rfind("? "), chunk.rfind("! "))
        if cut >= 0:
            start += cut + 2
            chunk = chunk[cut + 2:]
    verb = REPORTING.search(chunk)
    if not verb and not (not after and chunk.rstrip().endswith(":")):
        return None
    inside = [m for m in mentions if m.start >= start and m.end <= start + len(chunk)]
    if inside:
        # closest to the reporting verb
        vpos = start + (verb.start() if verb else len(chunk))
        return min(inside, key=lambda m: abs(m.start - vpos)).name
    if named_only:
        return None
    generic = PRONOUN.search(chunk) or GENERIC_PERSON.search(chunk)
    if generic:
        return _last_person_before(mentions, start + generic.start())
    org = ORG_SPEAKER.search(chunk)
    if org:
        return _last_org_before(mentions, start + org.start()) or _org_name(org.group())
    return None


def _last_person_before(mentions: Sequence[Mention], pos: int) -> str | None:
    for m in reversed(mentions):
        if m.end <= pos and m.kind == "person":
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
    text: str, pos: int, mentions: Sequence[Mention], paragraphs: Sequence[Paragraph], pid: int
) -> str | None:
    """For a quotation with no verb next to it: the person the previous paragraph reports as speaking."""
    if pid == 0:
        return None
    prev = paragraphs[pid - 1]
    chunk = text[prev.start: prev.end]
    if not REPORTING.search(chunk):
        return None
    inside = [m for m in mentions if prev.start <= m.start < prev.end and m.kind == "person"]
    if inside:
        return inside[0].name
    if PRONOUN.search(chunk) or GENERIC_PERSON.search(chunk):
        return _last_person_before(mentions, prev.end)
    return None
